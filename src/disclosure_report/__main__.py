"""``python -m disclosure_report``: the command line."""

import sys

from .cli import main

sys.exit(main())
