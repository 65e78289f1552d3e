# SPDX-License-Identifier: MIT
"""Free-text geocoding of Polisen's Västerås event texts through a pipeline (issue 16): with
free_text the default min_match accepts the places and districts the texts name, and a run
that places almost nothing it tried (a run once reported "1272 rows in, 0 used" with exit 0)
warns with the count."""
import csv
import json
import re

from trygg_cli import ROOT, manifest, query, run_pipeline, run_trygg, shared_data

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


def test_the_geocode_command_writes_the_named_districts_code_and_an_ambiguous_rows_candidates(tmp_path):
    """`trygg geocode` output (issue 16): a district hit carries the district's code; a text
    naming two unrelated places is ambiguous with both listed, not put on one of them."""
    regso = shared_data("vasteras/regso_2018.geojson")
    features = json.loads(regso.read_text(encoding="utf-8"))["features"]
    code = {f["properties"]["regso"]: f["properties"]["regsokod"] for f in features}
    hacksta = [name for name in code if "Hacksta" in name]
    skultuna = [name for name in code if "Skultuna" in name]
    assert len(hacksta) == 1 and len(skultuna) == 1
    texts = tmp_path / "texts.csv"
    texts.write_text("id,text\n1,Slagsmål i Hacksta under natten.\n"
                     "2,Bråk i Hacksta och senare i Skultuna.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    done = run_trygg("geocode", texts, "-o", out, "-c", "text", "--free-text", "--no-cache",
                     "--districts", regso, "--district-name-field", "regso", "--crs", "EPSG:3010")
    assert done.returncode == 0, done.stderr
    with open(out, encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert rows["1"]["match_type"] == "district" and rows["1"]["accepted"] == "1"
    assert rows["1"]["district_code"] == code[hacksta[0]]
    assert rows["2"]["match_type"] == "ambiguous" and rows["2"]["accepted"] == "0"
    listed = rows["2"]["candidates"].split(" | ")
    assert any("Hacksta" in c for c in listed) and any("Skultuna" in c for c in listed), rows["2"]
