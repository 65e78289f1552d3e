# SPDX-License-Identifier: MIT
"""Free-text geocoding of Polisen's Västerås event texts through a pipeline (issue 16): with
free_text the default min_match accepts the places and districts the texts name, and a run
that places almost nothing it tried (a run once reported "1272 rows in, 0 used" with exit 0)
warns with the count."""
import csv
import re

from trygg_cli import ROOT, manifest, query, run_pipeline, shared_data

LITTLE_USED = re.compile(r"only (\d+) of (\d+) rows with an address text were placed")


def event_pipeline(out, **geocode_options):
    data = shared_data("vasteras")
    geocode = {"type": "geocode", "tag": "geocoded", "free_text": True, "gazetteers": [
        {"path": str(data / "places.geojson"), "kind": "place", "fields": {"name": "NAME"}, "cache": False},
        {"path": str(data / "osm_bus_stops.geojson"), "kind": "place", "fields": {"name": "name"}, "cache": False},
        {"path": str(data / "regso_2018.geojson"), "kind": "district", "fields": {"name": "regso"}, "cache": False}],
        **geocode_options}
    return {"privacy": "internal", "pipeline": [
        {"type": "read.districts", "path": str(data / "deso_2018.geojson"), "code": "deso"},
        {"type": "read.incidents", "path": str(data / "police_events_2023_2026.csv"),
         "fields": {"id": "id", "time": "datetime", "address": "body_text"}},
        geocode,
        {"type": "assign"},
        {"type": "aggregate"},
        {"type": "write.gpkg", "path": str(out)}]}


def test_a_run_that_places_almost_nothing_warns_with_the_count(tmp_path):
    out = tmp_path / "street.gpkg"
    result = run_pipeline(tmp_path, event_pipeline(out, min_match="street"))
    assert result.returncode == 0, result.stderr
    found = LITTLE_USED.search(result.stderr)
    assert found, result.stderr
    placed, tried = int(found.group(1)), int(found.group(2))
    with open(shared_data("vasteras/police_events_2023_2026.csv"), encoding="utf-8") as f:
        with_text = sum(1 for row in csv.DictReader(f) if row["body_text"].strip())
    assert tried == with_text and placed < 0.1 * tried
    # The count in the warning is the run's own: rows the geocoder placed and let through.
    accepted = query(out, "select count(*) from geokodning where godkand = 1")[0][0]
    assert accepted == placed


def test_free_text_default_places_what_the_texts_name_with_district_codes(tmp_path):
    out = tmp_path / "default.gpkg"
    aliases = ROOT / "geodata" / "catalog" / "alias_vasteras.csv"
    result = run_pipeline(tmp_path, event_pipeline(out, aliases=str(aliases)))
    assert result.returncode == 0, result.stderr
    assert not LITTLE_USED.search(result.stderr), result.stderr
    assert "names no gazetteer entry" not in result.stderr, result.stderr  # every alias resolves
    types = dict(query(out, "select matchning, count(*) from geokodning where godkand = 1 group by matchning"))
    assert set(types) <= {"place", "district", "street", "exact", "letter", "interpolated", "intersection"}, types
    accepted = sum(types.values())
    assert accepted >= 0.1 * 1272, types
    # Every accepted row is used: the places lie inside the municipality's DeSO layer.
    acc = manifest(out)["accounting"][-1]
    assert acc["used"] == accepted and acc["outside"] == 0, acc
