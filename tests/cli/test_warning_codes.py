# SPDX-License-Identifier: MIT
"""--progress=json gives each warning a Västerås run prints a code and parameters (issue 18,
sheets28), so the plugin can say it in Swedish: {"stage", "level": "warning", "message", "code",
<parameters>}. The message text stays as it was; the numbers are checked against a recount."""
import csv
import json

from trygg_cli import ROOT, run_trygg, shared_data

CATALOGUE = ROOT / "geodata" / "catalog" / "brottskoder.csv"
MAPPED = ("Id", "Brottsdatum", "Brottskod", "DeSO.område")


def warnings_of(tmp_path, pipeline):
    file = tmp_path / "pipeline.json"
    file.write_text(json.dumps(pipeline), encoding="utf-8")
    result = run_trygg("run", file, "--progress=json")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return [e for e in events if e.get("level") == "warning"]


def vasteras_pipeline(out):
    """The district sheets' Västerås run (examples/kartblad/vasteras/vasteras.json, no statistics)."""
    return {"privacy": "publish", "pipeline": [
        {"type": "read.districts", "tag": "regso", "path": str(shared_data("vasteras/regso_2018.geojson")),
         "code": "regsokod", "name": "regso"},
        {"type": "read.districts", "tag": "deso", "path": str(shared_data("vasteras/deso_2018.geojson")),
         "code": "deso", "names_from": "regso"},
        {"type": "read.table", "tag": "pop2022", "layout": "long",
         "path": str(shared_data("vasteras/scb/population_by_age_2022.csv"))},
        {"type": "read.table", "tag": "pop2023", "layout": "long", "year": 2023,
         "path": str(shared_data("vasteras/scb/population_2023.csv"))},
        {"type": "read.incidents", "tag": "register", "path": str(shared_data("vasteras/police_register_by_deso.csv")),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"},
         "catalogue": str(CATALOGUE)},
        {"type": "assign", "inputs": ["register", "deso"]},
        {"type": "aggregate", "inputs": ["assign"], "period": "half-year", "age_bands": [0, 20, 25, 45, 65],
         "population": {"value": "värde", "sex": "kön", "age": "ålder", "tables": ["pop2022", "pop2023"]},
         "levels": ["regso"], "level_name": "deso"},
        {"type": "write.gpkg", "path": str(out)}]}


def test_every_warning_of_the_vasteras_run_has_a_code(tmp_path):
    warnings = warnings_of(tmp_path, vasteras_pipeline(tmp_path / "v.gpkg"))
    assert warnings and all(w.get("code") for w in warnings), [w["message"] for w in warnings if not w.get("code")]
    by_code = {w["code"]: w for w in warnings}
    assert set(by_code) >= {"groups_not_in_source", "duplicate_rows", "population_year_fallback",
                            "levels_mostly_withheld", "periods_incomplete"}, sorted(by_code)

    # Recount: exact repeats of (Id and the mapped fields), as test_vasteras does.
    seen, repeats, last = set(), 0, ""
    with open(shared_data("vasteras/police_register_by_deso.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            content = tuple(row[k] for k in MAPPED)
            repeats += content in seen
            seen.add(content)
            last = max(last, row["Brottsdatum"])
    dup = by_code["duplicate_rows"]
    assert dup["count"] == str(repeats) and dup["message"].startswith(f"{repeats} rows repeat")
    assert dup["file"].endswith("police_register_by_deso.csv")

    # The register holds no theft and no drug codes (test_register_not_in_source).
    assert by_code["groups_not_in_source"]["groups"] == "tillgrepp, narkotika"
    assert by_code["groups_not_in_source"]["declared"] == "0"

    # The data end in March 2024 (the register's last date): 2024H1 is incomplete, latest 2023H2.
    inc = by_code["periods_incomplete"]
    assert last.startswith("2024-03")
    assert (inc["periods"], inc["latest"]) == ("2024H1", "2023H2")
    assert inc["range"].endswith(last)

    # Population by year: 2022 and 2023 tables; periods before 2022 use 2022, 2024H1 uses 2023.
    fallbacks = dict(p.split("=") for p in by_code["population_year_fallback"]["fallbacks"].split(";"))
    assert fallbacks["2024H1"] == "2023" and all(v == "2022" for k, v in fallbacks.items() if k < "2022")

    levels = by_code["levels_mostly_withheld"]
    assert levels["advice"] == "pool_periods" and "deso" in levels["shares"] and "regso" in levels["shares"]


def test_located_incidents_outside_and_repeated_ids_have_codes(tmp_path):
    deso = {"type": "read.districts", "path": str(shared_data("vasteras/deso_2018.geojson")), "code": "deso"}
    feed = str(shared_data("vasteras/police_events_2023_2026.csv"))
    warnings = warnings_of(tmp_path, {"privacy": "internal", "pipeline": [
        deso, {"type": "read.incidents", "path": feed,
               "fields": {"id": "id", "time": "datetime", "lon": "gps_lon", "lat": "gps_lat"}},
        {"type": "assign"}, {"type": "write.gpkg", "path": str(tmp_path / "e.gpkg")}]})
    outside = [w for w in warnings if w.get("code") == "outside_districts"]
    assert len(outside) == 1
    with open(feed, encoding="utf-8") as f:
        rows = sum(1 for _ in csv.DictReader(f))
    assert outside[0]["located"] == str(rows)   # every event has a town point
    assert outside[0]["message"].startswith(outside[0]["count"] + " located incidents fall outside")

    places = str(shared_data("vasteras/places.geojson"))
    warnings = warnings_of(tmp_path, {"privacy": "internal", "pipeline": [
        deso, {"type": "read.incidents", "path": places, "fields": {"id": "NAME"}, "duplicates": "keep"},
        {"type": "assign"}, {"type": "write.gpkg", "path": str(tmp_path / "p.gpkg")}]})
    from collections import Counter
    from osgeo import ogr
    ds = ogr.Open(places)
    names = Counter(f.GetField("NAME") for f in ds.GetLayer(0))
    repeated = [w for w in warnings if w.get("code") == "repeated_ids"]
    assert len(repeated) == 1
    # distinct ids on more than one row
    assert repeated[0]["count"] == str(sum(1 for n in names.values() if n > 1))
