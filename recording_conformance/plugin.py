"""The pytest plugin of the package, found through the `pytest11` entry point: the suite's
options, fixtures and reports, and the embedded mock space it runs against by default."""

pytest_plugins = (
    "recording_conformance.conformance.plugin",
    "recording_conformance.mockspace.pytest_plugin",
)
