"""Loads the suite's pytest plugin and the embedded mock space's: everything else lives in
`conformance/plugin.py` and `mockspace/pytest_plugin.py`."""

pytest_plugins = (
    "recording_conformance.conformance.plugin",
    "recording_conformance.mockspace.pytest_plugin",
)
