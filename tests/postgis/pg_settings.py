# SPDX-License-Identifier: MIT
"""Names the PostGIS tests share. A module of its own, not conftest: under scripts/test's one
pytest run, `from conftest import …` finds whichever folder's conftest was loaded last."""
PASSWORD = "Tr7gg-hemligt-lösen-4417"  # what must never appear in any output
DATABASE = "trygg"
