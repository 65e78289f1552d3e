# SPDX-License-Identifier: MIT
"""The hand-labelled geocoding fixture (tests/bench/geocode_eval) is well-formed against the real
event file and RegSO layer: the benchmark's figures mean nothing if an id, a code or a kind is off.
"""
import csv
import json
from pathlib import Path

from trygg_cli import ROOT, shared_data

FIXTURE = ROOT / "tests" / "bench" / "geocode_eval" / "vasteras_events_labelled.csv"
KINDS = {"address", "street", "intersection", "place", "district", "road", "none", "outside"}
CONFIDENCES = {"certain", "likely", "unsure"}


def labels():
    with open(FIXTURE, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["id", "phrase", "kind", "regso", "confidence", "note"], reader.fieldnames
        return list(reader)


def events():
    with open(shared_data("vasteras/police_events_2023_2026.csv"), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_fixture_is_the_documented_sample_every_sixth_event_by_id():
    rows = labels()
    sample = [e["id"] for e in sorted(events(), key=lambda e: int(e["id"]))][::6]
    assert len(rows) >= 200
    assert [r["id"] for r in rows] == sample[:len(rows)]


def test_every_label_has_a_known_kind_confidence_and_regso_code():
    with open(shared_data("vasteras/regso_2018.geojson"), encoding="utf-8") as f:
        codes = {feat["properties"]["regsokod"] for feat in json.load(f)["features"]}
    for r in labels():
        where = "{}: {}".format(FIXTURE.name, r["id"])
        assert r["kind"] in KINDS, where
        assert r["confidence"] in CONFIDENCES, where
        assert r["note"].strip(), where
        if r["kind"] == "none":
            assert r["phrase"] == "" and r["regso"] == "" and r["confidence"] == "certain", where
            continue
        assert r["phrase"].strip(), where
        if r["regso"]:
            assert r["regso"] in codes, where
        else:  # no RegSO: the label says it is not clear
            assert r["confidence"] == "unsure", where


def spaced(text):
    """Polisen's texts hold no-break spaces; the fixture writes plain ones."""
    return " ".join(text.split()).casefold()


def test_every_phrase_is_written_so_in_its_event():
    text = {e["id"]: spaced(e["summary"] + " " + e["body_text"]) for e in events()}
    for r in labels():
        assert spaced(r["phrase"]) in text[r["id"]], "{}: {!r}".format(r["id"], r["phrase"])
