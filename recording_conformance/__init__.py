"""Recording Conformance: a property-based conformance suite for the SignalWire Compatibility API
endpoint Create a Recording.

The installed distribution has this one top-level package, with the suite (`conformance`), its
strategies, the spec, the report writers, the embedded mock space (`mockspace`) and the SDK
drivers (`sdks`) as subpackages, so that it never shadows a `spec` or `reports` of another
project. In the repository those folders sit at the top level and this folder links to them.
"""
