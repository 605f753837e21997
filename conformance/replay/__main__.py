import sys

from recording_conformance.conformance.replay.cli import main

sys.exit(main())
