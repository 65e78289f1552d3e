# SPDX-License-Identifier: MIT
"""Every output of the Exempelstad and Västerås pipelines equals the pre-refactor engine's
(issue 13), table by table: digests of canonical texts against baseline.json."""
import json
import os
import sqlite3

import pytest

from canonical import Normaliser, canonical_output, digests, gpkg_tables
from equivalence import BASELINE, compare, engine, load_baseline, run_all
from pipelines import PIPELINES, shared_data_dir


def _require(path, what):
    if path.exists():
        return
    if os.environ.get("CI") == "true" or os.environ.get("TRYGG_REQUIRE_SHARED_DATA") == "1":
        pytest.fail(f"{what} missing: {path}")
    pytest.skip(f"{what} not found: {path}")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    exe = engine()
    if not os.path.exists(exe):
        pytest.fail(f"trygg executable not found: {exe} (build first or set TRYGG_EXE)")
    _require(shared_data_dir() / "vasteras", "shared data")
    work = tmp_path_factory.mktemp("equivalence")
    current = run_all(work)
    # Keep the canonical texts, so a difference can be read (and diffed against a dump from main).
    for name, entries in current.items():
        for entry, text in entries.items():
            path = work / "canonical" / name / (entry.replace(":", "/") + ".txt")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return work, current


@pytest.mark.parametrize("name", sorted(PIPELINES))
def test_outputs_equal_the_baseline(outputs, name):
    work, current = outputs
    baseline = load_baseline()
    problems = compare({**baseline, "pipelines": {name: baseline["pipelines"][name]}}, current)
    assert not problems, (f"{len(problems)} table(s)/file(s) differ from the engine at "
                          f"{baseline['engine_commit']}:\n" + "\n".join(problems) +
                          f"\ncanonical texts of this run: {work / 'canonical' / name} "
                          "(compare: tests/equivalence/equivalence.py dump DIR with the baseline engine)")


def test_baseline_covers_every_pipeline_and_allow_list_names_real_entries():
    baseline = load_baseline()
    assert sorted(baseline["pipelines"]) == sorted(PIPELINES)
    for key, why in baseline["allowed_to_change"].items():
        name, _, entry = key.partition("/")
        assert name in PIPELINES and entry, key
        assert why.strip(), f"{key}: say why it may change"
    assert len(baseline["engine_commit"].split()[0]) == 40, "engine_commit must name the baseline engine's commit"


# --- The harness itself can fail: small hand-made GeoPackage-like files ---------------------

def _db(path, value, manifest_path):
    with sqlite3.connect(path) as db:
        db.execute("create table t (fid integer primary key, v real, s text, g blob)")
        db.executemany("insert into t values (?,?,?,?)", [(2, value, "b", b"\x01\x02"), (1, 0.5, "a", None)])
        db.execute("create table run_manifest (key text, value text)")
        db.execute("insert into run_manifest values ('inputs', ?)", (json.dumps([{"path": manifest_path}]),))
        db.execute("insert into run_manifest values ('timings', '[{\"wall_s\": 1.5}]')")


def test_canonical_text_orders_by_primary_key_and_keeps_full_precision(tmp_path):
    _db(tmp_path / "a.gpkg", 0.1 + 0.2, str(tmp_path / "in.csv"))
    text = gpkg_tables(tmp_path / "a.gpkg", Normaliser({"<OUT>": tmp_path}))
    assert text["t"].splitlines()[1:] == ['1|0.5|"a"|NULL', "2|0.30000000000000004|\"b\"|x'0102'"]
    assert '<OUT>/in.csv' in text["run_manifest"] and "timings" not in text["run_manifest"]


def test_one_ulp_changes_the_digest_but_temp_folder_does_not(tmp_path):
    for name, value, folder in (("a", 0.3, "x"), ("b", 0.3, "y"), ("c", 0.30000000000000004, "x")):
        (tmp_path / name / folder).mkdir(parents=True)
        _db(tmp_path / name / folder / "o.gpkg", value, str(tmp_path / name / folder / "in.csv"))
    d = {n: digests(canonical_output(tmp_path / n / f, Normaliser({"<OUT>": tmp_path / n / f})))
         for n, f in (("a", "x"), ("b", "y"), ("c", "x"))}
    assert d["a"] == d["b"]
    assert d["a"]["o.gpkg:t"] != d["c"]["o.gpkg:t"] and d["a"]["o.gpkg:run_manifest"] == d["c"]["o.gpkg:run_manifest"]
    baseline = {"pipelines": {"p": d["a"]}, "allowed_to_change": {}}
    assert compare(baseline, {"p": {}}) == [f"p/{e}: missing (in the baseline, not written now)" for e in sorted(d["a"])]
    current_c = canonical_output(tmp_path / "c" / "x", Normaliser({"<OUT>": tmp_path / "c" / "x"}))
    assert compare(baseline, {"p": current_c}) == ["p/o.gpkg:t: differs"]
    assert compare({**baseline, "allowed_to_change": {"p/o.gpkg:t": "a fix"}}, {"p": current_c}) == []

