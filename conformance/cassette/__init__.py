"""Cassettes: every exchange of a run written down in HAR 1.2, to replay against another target.

HAR is what browsers export and what Charles, mitmproxy, Fiddler and the k6 and Postman importers
read, so a cassette can be opened in the tools people already have. What only this suite needs
(the test and phase that sent a request, the checks that judged it, the sids its path was built
with, the credentials it meant) lives in `_`-prefixed fields, which HAR 1.2 reserves for custom
data. Every text goes through the run's one `Sanitizer`: the token is masked as in reports.
"""

from __future__ import annotations

from recording_conformance.conformance.cassette.har import CassetteError, read_cassette
from recording_conformance.conformance.cassette.tape import Tape

__all__ = ["CassetteError", "Tape", "read_cassette"]
