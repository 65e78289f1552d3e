# SPDX-License-Identifier: MIT
"""Shared helpers for end-to-end tests of the trygg executable (imported via each conftest.py)."""
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # tests/support -> repository root


def trygg_exe():
    exe = os.environ.get("TRYGG_EXE") or str(ROOT / "build/release/engine/trygg")
    if not Path(exe).exists():
        pytest.fail(f"trygg executable not found: {exe} (build first or set TRYGG_EXE)")
    return exe


def shared_data(relative):
    """A file of the real shared data; fails under TRYGG_REQUIRE_SHARED_DATA=1 or CI=true, else skips."""
    base = Path(os.environ.get("TRYGG_SHARED_DATA") or ROOT.parent / "shared" / "data")
    # Normalised, so a relative TRYGG_SHARED_DATA ("../shared/data") gives the same path
    # the plugin and the engine report (they normalise what they are given).
    path = Path(os.path.abspath(base / relative))
    if not path.exists():
        if os.environ.get("TRYGG_REQUIRE_SHARED_DATA") == "1" or os.environ.get("CI") == "true":
            pytest.fail(f"shared data missing: {path}")
        pytest.skip(f"shared data not found: {path}")
    return path


def run_trygg(*args, cwd=ROOT):
    return subprocess.run([trygg_exe(), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=600)


def run_pipeline(tmp_path, pipeline, *extra):
    file = tmp_path / "pipeline.json"
    file.write_text(json.dumps(pipeline), encoding="utf-8")
    return run_trygg("run", file, "--progress=none", *extra)


def query(gpkg, sql, *params):
    with sqlite3.connect(gpkg) as db:
        return db.execute(sql, params).fetchall()


def internal_file(gpkg):
    """Where a run's record-level tables (rejects, internal_log) are: `<stem>.internal.gpkg`
    beside a published run's GeoPackage; internal runs keep them in the GeoPackage itself."""
    gpkg = Path(gpkg)
    internal = gpkg.with_name(gpkg.stem + ".internal.gpkg")
    return internal if internal.exists() else gpkg


def manifest(gpkg):
    rows = dict(query(gpkg, "select key, value from run_manifest"))
    return {k: json.loads(v) for k, v in rows.items()}


def fill_sparse(*tables, empty=0):
    """incident_counts is sparse (README): a cell without a row is a count of 0. The same dicts
    (cell -> value) over the union of their cells, a missing cell taking `empty`."""
    cells = set().union(*(t.keys() for t in tables))
    return [{k: t.get(k, empty) for k in cells} for t in tables]
