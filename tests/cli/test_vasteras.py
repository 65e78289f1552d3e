# SPDX-License-Identifier: MIT
"""Real data: Västerås DeSO, SCB population and the police register (area-coded)."""
import csv
from collections import Counter

from osgeo import ogr

from trygg_cli import manifest, query, run_pipeline, shared_data


def register_pipeline(out, privacy="internal"):
    return {"privacy": privacy, "pipeline": [
        {"type": "read.districts", "path": str(shared_data("vasteras/deso_2018.geojson")), "code": "deso"},
        {"type": "read.table", "path": str(shared_data("vasteras/scb/population_2023.csv"))},
        {"type": "read.incidents", "path": str(shared_data("vasteras/police_register_by_deso.csv")),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign"},
        {"type": "aggregate", "population": {"value": "totalt"}},
        {"type": "write.gpkg", "path": str(out)}]}


MAPPED = ("Id", "Brottsdatum", "Brottskod", "DeSO.område")


def distinct_rows(rows):
    """The register's rows without exact repeats (same Id and mapped fields), first kept: what
    read.incidents counts by default ("duplicates": "drop_exact")."""
    seen, out = set(), []
    for row in rows:
        content = tuple(row[k] for k in MAPPED)
        if content not in seen:
            seen.add(content)
            out.append(row)
    return out


def test_per_deso_half_year_counts_equal_a_recount_of_the_csv(tmp_path):
    out = tmp_path / "vasteras.gpkg"
    result = run_pipeline(tmp_path, register_pipeline(out))
    assert result.returncode == 0, result.stderr
    # The register lists some crimes twice (e.g. under "våld mot polis" and its subsets), with
    # only the unmapped source_file column differing: counted once, by Id and the mapped fields.
    expected, without_deso, rows, seen, repeats = Counter(), [], 0, set(), []
    with open(shared_data("vasteras/police_register_by_deso.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows += 1
            content = tuple(row[k] for k in MAPPED)
            if content in seen:
                repeats.append(row["Id"])
                continue
            seen.add(content)
            if not row["DeSO.område"]:
                without_deso.append(row["Id"])
                continue
            y, m = int(row["Brottsdatum"][:4]), int(row["Brottsdatum"][5:7])
            expected[(row["DeSO.område"], f"{y}H{1 if m <= 6 else 2}")] += int(row["Antal"])
    assert len(repeats) == 107
    got = {(k, p): n for k, p, n in query(
        out, "select kod, period, sum(antal) from incident_counts where kon='alla' and aldersgrupp='alla' "
             "and kod<>'totalt' group by kod, period having sum(antal)>0")}
    # Each register row is one offence, so the sum over crime groups equals the row count only
    # for rows in exactly one group; the catalogue puts every code here in one group.
    assert got == dict(expected)
    rejects = query(out, "select id, utfall, orsak from rejects")
    duplicates = [r for r in rejects if r[2].startswith("duplicate of row ")]
    assert sorted(r[0] for r in duplicates) == sorted(repeats)
    assert all(r[1] == "rejected" for r in duplicates)
    others = [r for r in rejects if not r[2].startswith("duplicate of row ")]
    assert sorted(r[0] for r in others) == sorted(without_deso)
    assert all(r[1] == "not_located" and r[2].startswith("no location") for r in others)
    acc = query(out, "select value from run_manifest where key='accounting'")[0][0]
    assert f'"rows":{rows}' in acc and f'"not_located":{len(without_deso)}' in acc and '"balanced":true' in acc
    assert '"rejected":107' in acc


def test_rates_use_the_scb_population(tmp_path):
    out = tmp_path / "vasteras.gpkg"
    assert run_pipeline(tmp_path, register_pipeline(out)).returncode == 0
    # 1980C1550 has 1,610 inhabitants in population_2023.csv.
    pop = query(out, "select distinct befolkning from incident_counts where kod='1980C1550' and kon='alla' "
                     "and aldersgrupp='alla'")
    assert pop == [(1610.0,)]
    total = query(out, "select distinct befolkning from incident_counts where kod='totalt' and kon='alla' "
                       "and aldersgrupp='alla'")
    with open(shared_data("vasteras/scb/population_2023.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines()[2:]
    assert total == [(float(sum(int(line.split(",")[2]) for line in lines if line.strip())),)]


def test_places_in_sweref_16_30_get_exactly_one_deso_in_wgs84(tmp_path):
    out = tmp_path / "places.gpkg"
    pipeline = {"privacy": "internal", "pipeline": [
        {"type": "read.districts", "path": str(shared_data("vasteras/deso_2018.geojson")), "code": "deso"},
        # NAME is no record identity: places of several categories share name and point.
        {"type": "read.incidents", "path": str(shared_data("vasteras/places.geojson")), "fields": {"id": "NAME"},
         "duplicates": "keep"},
        {"type": "assign"},
        {"type": "write.gpkg", "path": str(out)}]}
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 0, result.stderr
    assigned = query(out, "select id, kod from incidents")
    # Independent check: which places lie inside the municipal boundary (GEOS via OGR, in EPSG:3010).
    # Keep the datasets alive while their layers are used (OGR's Python objects do not).
    boundary_ds = ogr.Open(str(shared_data("vasteras/kommun_boundary.geojson")))
    boundary = boundary_ds.GetLayer(0).GetNextFeature()
    geom = boundary.GetGeometryRef().Clone()
    places_ds = ogr.Open(str(shared_data("vasteras/places.geojson")))
    places = places_ds.GetLayer(0)
    inside = [f.GetField("NAME") for f in places if geom.Contains(f.GetGeometryRef())]
    assert len(inside) > 600
    counts = Counter(name for name, _ in assigned)
    for name in inside:
        assert counts[name] >= 1, name
    # Every assigned point has one DeSO code; the accounting adds up.
    assert all(kod and kod.startswith("1980") for _, kod in assigned)
    outside = query(out, "select count(*) from rejects where utfall='outside'")[0][0]
    assert len(assigned) + outside == places.GetFeatureCount()


def test_polisen_event_feed_times_all_parse_and_fall_in_their_half_year(tmp_path):
    """Polisen's feed writes '2023-03-25 9:38:40 +01:00': every row must be read, and its
    half-year (Swedish time) must agree with Python's zoneinfo conversion of the raw text."""
    import re
    from datetime import datetime
    from zoneinfo import ZoneInfo

    out = tmp_path / "events.gpkg"
    feed = shared_data("vasteras/police_events_2023_2026.csv")
    result = run_pipeline(tmp_path, {"privacy": "internal", "pipeline": [
        {"type": "read.districts", "path": str(shared_data("vasteras/deso_2018.geojson")), "code": "deso"},
        {"type": "read.incidents", "path": str(feed),
         "fields": {"id": "id", "time": "datetime", "lon": "gps_lon", "lat": "gps_lat"}},
        {"type": "assign"},
        {"type": "aggregate"},
        {"type": "write.gpkg", "path": str(out)}]})
    assert result.returncode == 0, result.stderr
    # No row is rejected (each has a parsable time); some lie outside Västerås (other coordinates).
    buckets = dict(query(out, "select utfall, count(*) from rejects group by utfall"))
    assert "rejected" not in buckets, buckets
    outside = {i for (i,) in query(out, "select id from rejects where utfall='outside'")}
    expected, rows = Counter(), 0
    with open(feed, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows += 1
            if row["id"] in outside:
                continue
            text = re.sub(r" (\d):", r" 0\1:", row["datetime"])  # strptime wants two-digit hours
            local = datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z").astimezone(ZoneInfo("Europe/Stockholm"))
            expected[f"{local.year}H{1 if local.month <= 6 else 2}"] += 1
    assert rows == 1272 and sum(expected.values()) > 1000
    acc = manifest(out)["accounting"][-1]
    assert acc["rows"] == rows and acc["rejected"] == 0 and acc["used"] == sum(expected.values()), acc
    got = dict(query(out, "select period, antal from incident_counts where kod='totalt' and kon='alla' "
                          "and aldersgrupp='alla'"))
    assert {p: n for p, n in got.items() if n} == dict(expected)


def test_deso_codes_against_regso_districts_fail_naming_the_area_systems(tmp_path):
    pipeline = register_pipeline(tmp_path / "out.gpkg")
    pipeline["pipeline"][0] = {"type": "read.districts", "path": str(shared_data("vasteras/regso_2018.geojson")),
                               "code": "regsokod", "name": "regso"}
    del pipeline["pipeline"][1]  # the population table is per DeSO
    pipeline["pipeline"][3] = {"type": "aggregate"}
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 5, result.stderr
    with open(shared_data("vasteras/police_register_by_deso.csv"), encoding="utf-8") as f:
        codes = [row["DeSO.område"] for row in distinct_rows(csv.DictReader(f)) if row["DeSO.område"]]
    last = result.stderr.strip().splitlines()[-1]
    first_three = list(dict.fromkeys(codes))[:3]
    assert f"{len(codes)} of {len(codes)} area-coded incidents (100%, {len(set(codes))} distinct codes: " \
           f"'{first_three[0]}', '{first_three[1]}', '{first_three[2]}', ...)" in last, last
    assert "look like another area system: incident codes such as '" + first_three[0] + "' (DeSO)" in last, last
    assert not (tmp_path / "out.gpkg").exists()


def test_a_few_unmatched_area_codes_are_warned_with_examples(tmp_path):
    # Three register rows get codes no DeSO has; the rest match: a warning, not a failure.
    src = shared_data("vasteras/police_register_by_deso.csv")
    with open(src, encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    coded = [r for r in rows if r["DeSO.område"]]
    for r, bad in zip(coded[:3], ("1980C9991", "1980C9992", "1980C9991")):
        r["DeSO.område"] = bad
    coded = [r for r in distinct_rows(rows) if r["DeSO.område"]]
    changed = tmp_path / "register.csv"
    with open(changed, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    pipeline = register_pipeline(tmp_path / "out.gpkg")
    pipeline["pipeline"][2]["path"] = str(changed)
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 0, result.stderr
    assert f"3 of {len(coded)} area-coded incidents ({300 / len(coded):.0f}%, 2 distinct codes: '1980C9991', '1980C9992') have a code " \
           "that is no district code in" in result.stderr, result.stderr
    outside = query(tmp_path / "out.gpkg", "select count(*) from rejects where utfall='outside'")[0][0]
    assert outside == 3
