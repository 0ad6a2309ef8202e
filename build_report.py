#!/usr/bin/env python3
"""CNCLT annual report generator: python build_report.py init|check|build ... (see --help)."""

import sys

from report.cli import main

if __name__ == "__main__":
    sys.exit(main())
