"""Loads the suite's pytest plugin and the embedded mock space's: everything else lives in
`conformance/plugin.py` and `mockspace/pytest_plugin.py`."""

pytest_plugins = ("conformance.plugin", "mockspace.pytest_plugin")
