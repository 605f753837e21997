"""Loads the package's pytest plugin (`recording_conformance/plugin.py`) for a run from this
checkout; where the package is installed, its `pytest11` entry point has loaded it already under
the same name, and pytest does not load it twice."""

pytest_plugins = ("recording_conformance.plugin",)
