# SPDX-License-Identifier: MIT
"""Cell-key noise done right (issue 14): a secret is required and never written anywhere; record
keys rest on the record (its id, else a hash of its content), never on its row number; the same
records and secret give the same noise in every run, another secret other noise."""
import hashlib
import os
import struct

import pytest

from trygg_cli import ROOT, fill_sparse, query, run_pipeline
from test_exempelstad import example_pipeline

SECRET = "kommunens hemliga nyckel för 2025, byts aldrig"
OTHER = "en annan kommuns nyckel, inte samma"
COUNTS = "select kod, period, grupp, kon, aldersgrupp, antal from incident_counts"


@pytest.fixture(autouse=True)
def no_inherited_secret(monkeypatch):
    monkeypatch.delenv("TRYGG_CELL_KEY_SECRET", raising=False)


def with_cell_key(doc, **options):
    for stage in doc["pipeline"]:
        if stage["type"] == "aggregate":
            stage["disclosure"] = "cell_key"
            stage.update(options)
    return doc


def secret_file(tmp_path, text=SECRET, name="secret.txt"):
    folder = tmp_path / "private"  # outside the output folder the scan below reads
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"  {text}\n", encoding="utf-8")  # spaces and the newline are trimmed
    return path


def counts(gpkg):
    return {r[:5]: r[5] for r in query(gpkg, COUNTS)}


def disclosure(gpkg):
    import json
    return json.loads(dict(query(gpkg, "select key, value from run_manifest"))["disclosure"])


def test_no_secret_is_refused_before_any_data_is_read(tmp_path):
    out = tmp_path / "out.gpkg"
    r = run_pipeline(tmp_path, with_cell_key(example_pipeline(out)))
    assert r.returncode == 3, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs a secret" in lines[0] and "TRYGG_CELL_KEY_SECRET" in lines[0], r.stderr
    assert not out.exists()
    # Internal runs publish true counts and need no secret.
    assert run_pipeline(tmp_path, with_cell_key(example_pipeline(out, "internal"))).returncode == 0


def test_secret_from_file_or_environment_the_same_noise_and_another_secret_other_noise(tmp_path, monkeypatch):
    by_file, by_env, other = tmp_path / "file.gpkg", tmp_path / "env.gpkg", tmp_path / "other.gpkg"
    doc = with_cell_key(example_pipeline(by_file), cell_key_secret_file=str(secret_file(tmp_path)))
    assert run_pipeline(tmp_path, doc).returncode == 0
    monkeypatch.setenv("TRYGG_CELL_KEY_SECRET", SECRET)
    assert run_pipeline(tmp_path, with_cell_key(example_pipeline(by_env))).returncode == 0
    monkeypatch.setenv("MY_SECRET", OTHER)
    doc = with_cell_key(example_pipeline(other), cell_key_secret_env="MY_SECRET")
    assert run_pipeline(tmp_path, doc).returncode == 0
    first, again, drawn_again = counts(by_file), counts(by_env), counts(other)
    assert first == again  # same secret, same records: the same noise in every cell
    first, again, drawn_again = fill_sparse(first, again, drawn_again)
    differ = sum(first[k] != drawn_again[k] for k in first)
    assert differ > len(first) / 10  # about half of the non-empty cells move under another key
    for gpkg in (by_file, by_env):
        d = disclosure(gpkg)
        assert d["method"] == "cell_key" and d["secret"] == "set" and d["record_keys"] == "id"


def test_the_secret_and_its_digest_are_written_nowhere(tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    secret_path = secret_file(tmp_path)
    # The whole example (KDE rasters, grid, CSV side files, styles), not only the tables.
    doc = with_cell_key(example_pipeline(out_dir / "pub.gpkg", core_only=False),
                        cell_key_secret_file=str(secret_path))
    r = run_pipeline(tmp_path, doc)
    assert r.returncode == 0, r.stderr
    digest = hashlib.sha256(SECRET.encode("utf-8")).digest()
    needles = {SECRET.encode("utf-8"), SECRET.encode("utf-16-le"), digest, digest.hex().encode(),
               digest.hex().upper().encode()}
    for half in (digest[:8], digest[8:16], digest[16:24], digest[24:]):  # any 64-bit number derived from it
        for order in (">Q", "<Q", ">q", "<q"):
            number = struct.unpack(order, half)[0]
            needles |= {str(number).encode(), half, half.hex().encode()}
    files = [p for p in out_dir.rglob("*") if p.is_file()]
    assert len(files) >= 3, files  # the GeoPackage, its manifest and the rasters at least
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, (path.name, needle)
    for text in (r.stdout, r.stderr):
        assert SECRET not in text and digest.hex() not in text
    # The options echo names where the secret came from, nothing more.
    stages = query(out_dir / "pub.gpkg", "select value from run_manifest where key = 'stages'")
    assert str(secret_path) in stages[0][0] and "TRYGG_CELL_KEY_SECRET" in stages[0][0]
    assert disclosure(out_dir / "pub.gpkg")["secret"] == "set"


NEW_ROW = "NY000001,2024-03-05 14:30,0375,590261,6609533,,,,,K,34\n"


@pytest.mark.parametrize("with_id", [True, False], ids=["id", "content"])
def test_inserting_a_row_moves_only_the_cells_that_hold_it(tmp_path, with_id):
    original = (ROOT / "geodata/exempelstad/incidents.csv").read_text(encoding="utf-8")
    header, rest = original.split("\n", 1)
    inserted = tmp_path / "inserted.csv"
    inserted.write_text(header + "\n" + NEW_ROW + rest, encoding="utf-8")  # every row number shifts
    secret = str(secret_file(tmp_path))

    def run(name, privacy, incidents=None):
        out = tmp_path / f"{name}.gpkg"
        doc = with_cell_key(example_pipeline(out, privacy), cell_key_secret_file=secret)
        for stage in doc["pipeline"]:
            if stage["type"] == "read.incidents":
                if incidents:
                    stage["path"] = str(incidents)
                if not with_id:
                    del stage["fields"]["id"]
        r = run_pipeline(tmp_path, doc)
        assert r.returncode == 0, r.stderr
        return counts(out)

    before, after = run("before", "publish"), run("after", "publish", inserted)
    true_before, true_after = run("true_before", "internal"), run("true_after", "internal", inserted)
    before, after, true_before, true_after = fill_sparse(before, after, true_before, true_after)
    if not with_id:
        assert disclosure(tmp_path / "before.gpkg")["record_keys"] == "record content (no id)"
    # The cells that hold the new record, from the unperturbed counts of an internal run.
    holding = {k for k in true_before if true_after[k] != true_before[k]}
    assert all(true_after[k] == true_before[k] + 1 for k in holding)
    # Its district and the whole area, its sex and alla, its age band and alla: 8 per group.
    assert holding and len(holding) % 8 == 0
    moved = [k for k in before if k not in holding and after[k] != before[k]]
    assert moved == [], moved[:10]
