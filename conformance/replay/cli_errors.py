"""A replay that cannot start or go on: one sentence and the exit code of `conformance.stops`."""

from __future__ import annotations


class SetUpProblem(Exception):
    def __init__(self, sentence: str, exit_code: int) -> None:
        super().__init__(sentence)
        self.exit_code = exit_code
