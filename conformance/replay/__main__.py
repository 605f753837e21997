import sys

from conformance.replay.cli import main

sys.exit(main())
