# SPDX-License-Identifier: MIT
"""Makes tests/support (trygg_cli.py), tests/cli (the Västerås pipeline) and this folder importable."""
import sys
from pathlib import Path

for folder in ("support", "cli", "attack"):
    path = str(Path(__file__).resolve().parents[1] / folder)
    if path not in sys.path:
        sys.path.insert(0, path)
