"""Makes tests/support importable; the helpers are in tests/support/trygg_cli.py."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))

from trygg_cli import *  # noqa: E402,F401,F403  (tests import these names from conftest)
from trygg_cli import ROOT, manifest, query, run_pipeline, run_trygg, shared_data, trygg_exe  # noqa: E402,F401
