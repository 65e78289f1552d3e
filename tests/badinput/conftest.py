# SPDX-License-Identifier: MIT
"""Makes tests/support (shared helpers, trygg_cli.py) and tests/cli importable."""
import sys
from pathlib import Path

for folder in ("support", "cli"):
    path = str(Path(__file__).resolve().parents[1] / folder)
    if path not in sys.path:
        sys.path.insert(0, path)
