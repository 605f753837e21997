"""`python -m recording_conformance`: the same as the `recording-conformance` command."""

import sys

from recording_conformance.cli import main

sys.exit(main())
