"""Loads the package's pytest plugin, and the suite's and the embedded mock's plugins for the
project's own tests too (which drive the suite's fixtures and the mock directly). Where the
package is installed, its `pytest11` entry point loaded the first under the same name already,
and pytest loads nothing twice."""

pytest_plugins = (
    "recording_conformance.plugin",
    "recording_conformance.conformance.plugin",
    "recording_conformance.mockspace.pytest_plugin",
)
