"""The OpenAPI document of Create a Recording and the validators read from it."""

from __future__ import annotations

from recording_conformance.spec.loader import ParameterSpec, Spec, SpecError, load_spec

__all__ = ["ParameterSpec", "Spec", "SpecError", "load_spec"]
