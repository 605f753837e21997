"""Tools that run beside the suite, never imported by it: each is started with `python -m`."""
