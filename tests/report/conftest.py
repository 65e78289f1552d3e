import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# The renderer package and the input builder.
sys.path.insert(0, str(REPO / "engine" / "report"))
sys.path.insert(0, str(HERE))
