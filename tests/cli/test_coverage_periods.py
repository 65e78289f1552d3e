# SPDX-License-Identifier: MIT
"""Period coverage (issue 15): the data's real time range per source, incomplete periods
flagged and never "latest", strays named in the internal log, the range in every description.
Expected dates and counts are taken from the raw CSV files, not from the engine."""
import csv
import json
from collections import Counter
from pathlib import Path

from trygg_cli import internal_file, manifest, query, run_pipeline, shared_data

ROOT = Path(__file__).resolve().parents[2]
EXEMPELSTAD = ROOT / "geodata" / "exempelstad"


def register_pipeline(out, aggregate_extra=None, stats=False):
    steps = [
        {"type": "read.districts", "tag": "districts", "path": str(shared_data("vasteras/deso_2018.geojson")),
         "code": "deso"},
        {"type": "read.table", "tag": "population", "path": str(shared_data("vasteras/scb/population_2023.csv"))},
        {"type": "read.incidents", "path": str(shared_data("vasteras/police_register_by_deso.csv")),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign", "inputs": ["read.incidents", "districts"]},
        dict({"type": "aggregate", "inputs": ["assign", "population"], "population": {"value": "totalt"}},
             **(aggregate_extra or {}))]
    if stats:
        steps += [{"type": "weights", "inputs": ["districts"], "method": "queen"},
                  {"type": "moran", "tag": "moran", "group": "skadegorelse", "period": "latest", "measure": "count",
                   "permutations": 99}]
    steps.append({"type": "write.gpkg", "path": str(out)})
    return {"privacy": "publish", "pipeline": steps}


def register_rows():
    with open(shared_data("vasteras/police_register_by_deso.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def half_year(date):
    return f"{date[:4]}H{1 if int(date[5:7]) <= 6 else 2}"


def recounts(period):
    """Rows per DeSO in `period`, counting each row (raw) and counting repeated rows once (the
    register repeats 107 rows identical but for the unmapped source_file; part "register" of
    issue 15 drops them by default), independently of the engine."""
    raw, dedup, seen = Counter(), Counter(), set()
    for r in register_rows():
        if not r["DeSO.område"] or half_year(r["Brottsdatum"]) != period:
            continue
        raw[r["DeSO.område"]] += 1
        key = tuple(v for k, v in r.items() if k != "source_file")
        if key not in seen:
            dedup[r["DeSO.område"]] += 1
        seen.add(key)
    return raw, dedup


def test_vasteras_register_2024h1_is_incomplete_and_2023h2_is_latest(tmp_path):
    out = tmp_path / "vasteras.gpkg"
    result = run_pipeline(tmp_path, register_pipeline(out, stats=True))
    assert result.returncode == 0, result.stderr
    dates = sorted(r["Brottsdatum"][:10] for r in register_rows() if r["Brottsdatum"])
    assert (dates[0], dates[-1]) == ("2017-07-18", "2024-03-28")  # the raw register's first and last day
    periods = {p: (complete, latest, data_from, data_to) for p, complete, latest, data_from, data_to in
               query(out, "select period, fullstandig, senaste, data_fran, data_till from perioder")}
    assert periods["2024H1"][:2] == (0, 0)                              # ends 28 March: incomplete
    assert periods["2023H2"][:2] == (1, 1)                              # the latest complete half-year
    assert min(periods) == "2019H2"  # the first period with a record located in a DeSO
    assert [p for p, v in periods.items() if v[1]] == ["2023H2"]
    # A publication gives the measured range in months: its ends are single records' dates.
    assert {v[2:] for v in periods.values()} == {(dates[0][:7], dates[-1][:7])}
    # The delomraden key figures are 2023H2's: where every group's count is published (each
    # code of this register is in one group) their sum equals a recount of the CSV's 2023H2 rows.
    raw, dedup = recounts("2023H2")
    # tillgrepp and narkotika are not in this register: missing on every district, never 0.
    assert query(out, "select count(*) from delomraden where tillgrepp_antal is not null "
                      "or narkotika_antal is not null") == [(0,)]
    groups = ("vald", "skadegorelse", "ovrigt")
    figures = query(out, "select kod, period, " + ", ".join(f"{g}_antal" for g in groups) + " from delomraden")
    assert {f[1] for f in figures} == {"2023H2"}
    compared = [(f[0], sum(f[2:])) for f in figures if None not in f[2:]]
    assert len(compared) > 40 and sum(n for _, n in compared) > 0
    wrong = [(k, n, raw[k], dedup[k]) for k, n in compared if n not in (raw[k], dedup[k])]
    assert not wrong, wrong
    # ... and not 2024H1's (a district whose 2023H2 and 2024H1 recounts differ tells them apart).
    raw_next, _ = recounts("2024H1")
    assert any(raw_next[k] != raw[k] and dedup[k] == raw[k] for k, _ in compared)
    # A statistics stage with period latest analyses 2023H2 too.
    variable = query(out, "select variable from global_statistics where stage='moran'")
    assert variable and variable[0][0].split()[:2] == ["skadegorelse", "2023H2"], variable
    # The run warns (in days on the terminal), and the range is in the descriptions and the manifest.
    assert "(2017-07-18 \u2013 2024-03-28): 2024H1" in result.stderr, result.stderr
    assert "latest\" is 2023H2" in result.stderr, result.stderr
    descriptions = dict(query(out, "select table_name, description from gpkg_contents"))
    for table in ("incident_counts", "delomraden", "perioder", "avvisade"):
        assert descriptions[table].endswith(". Data: 2017-07 \u2013 2024-03."), (table, descriptions[table])
    cov = manifest(out)["coverage"]["aggregate"]
    assert cov["from"] == "2017-07" and cov["to"] == "2024-03" and cov["range"] == "measured"
    assert cov["latest"] == "2023H2" and "2024H1" in cov["incomplete_periods"] and cov["strays"] == "0"
    # Incomplete periods keep their cells (flagged in perioder): 2024H1 has published counts.
    assert query(out, "select count(*) from incident_counts where period='2024H1' and antal > 0")[0][0] > 0


def test_an_internal_run_gives_the_range_in_days(tmp_path):
    out = tmp_path / "vasteras.gpkg"
    pipeline = register_pipeline(out)
    pipeline["privacy"] = "internal"
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 0, result.stderr
    assert query(out, "select distinct data_fran, data_till, data_omfang from perioder") == [
        ("2017-07-18", "2024-03-28", "uppmätt")]
    description = query(out, "select description from gpkg_contents where table_name='incident_counts'")[0][0]
    assert description.endswith(". Data: 2017-07-18 \u2013 2024-03-28.")
    assert manifest(out)["coverage"]["aggregate"]["strays"] == 0


def test_a_declared_range_overrides_the_measurement(tmp_path):
    out = tmp_path / "vasteras.gpkg"
    result = run_pipeline(tmp_path, register_pipeline(out, {"covered": {"from": "2017-07-01", "to": "2024-03-31"}}))
    assert result.returncode == 0, result.stderr
    complete = dict(query(out, "select period, fullstandig from perioder"))
    assert complete["2019H2"] == 1 and complete["2024H1"] == 0 and complete["2023H2"] == 1
    assert query(out, "select distinct data_fran, data_till, data_omfang from perioder") == [
        ("2017-07-01", "2024-03-31", "angiven")]
    assert manifest(out)["coverage"]["aggregate"]["range"] == "declared"


def test_a_bad_declared_range_is_refused_naming_the_option(tmp_path):
    for covered, words in (({"from": "2017-07-01"}, "\"covered\" takes"),
                           ({"from": "2024-01-01", "to": "2023-01-01"}, "\"to\" is before \"from\""),
                           ({"from": "2017-02-30", "to": "2024-03-31"}, "\"from\" is '2017-02-30'")):
        result = run_pipeline(tmp_path, register_pipeline(tmp_path / "x.gpkg", {"covered": covered}))
        assert result.returncode == 3, result.stderr
        assert "aggregate" in result.stderr and words in result.stderr, result.stderr


def test_exempelstad_strays_are_named_internally_and_2025h2_is_latest(tmp_path):
    """Exempelstad's register holds two planted strays around a dense 2022-2025 (truth/bad_rows.csv:
    one dated 2019-05-01, one 2026-03-14); without a study period the late one made 2026H1 the
    latest period (every sheet 0 and -100 %)."""
    with open(EXEMPELSTAD / "truth" / "bad_rows.csv", encoding="utf-8") as f:
        strays = {r["id"]: r["beskrivning"].split("'")[1][:10] for r in csv.DictReader(f)
                  if r["fel"] == "date_out_of_range"}
    assert strays == {"E006295": "2019-05-01", "E033556": "2026-03-14"}
    with open(EXEMPELSTAD / "incidents.csv", encoding="utf-8") as f:
        days = sorted(r["brottsdatum"][:10] for r in csv.DictReader(f)
                      if r["brottsdatum"] and r["id"] not in strays)
    out = tmp_path / "exempelstad.gpkg"
    result = run_pipeline(tmp_path, {"privacy": "publish", "pipeline": [
        {"type": "read.districts", "tag": "districts", "path": str(EXEMPELSTAD / "exempelstad.gpkg"),
         "layer": "delomraden", "code": "kod", "name": "namn"},
        {"type": "read.incidents", "path": str(EXEMPELSTAD / "incidents.csv"),
         "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y",
                    "lon": "lon", "lat": "lat", "area_code": "deso"},
         "crs": "EPSG:3006", "catalogue": str(ROOT / "geodata" / "catalog" / "brottskoder.csv")},
        {"type": "assign", "inputs": ["read.incidents", "districts"]},
        {"type": "aggregate", "inputs": ["assign"]},
        {"type": "write.gpkg", "path": str(out)}]})
    assert result.returncode == 0, result.stderr
    # Named (id, date) in the internal log only; the published log says it without them.
    log = [m for (m,) in query(internal_file(out), "select meddelande from internal_log")]
    named = [m for m in log if "far outside" in m]
    assert len(named) == 1, log
    for i, day in strays.items():
        assert f"(id {i}) on {day}" in named[0], named
    published = json.dumps(manifest(out), ensure_ascii=False)
    assert "far outside" in published
    assert not any(i in published or day in published for i, day in strays.items())
    cov = manifest(out)["coverage"]["aggregate"]
    assert cov["strays"] == "fewer than 5" and cov["latest"] == "2025H2"  # a small count, said as withheld
    assert (cov["from"], cov["to"]) == (days[0][:7], days[-1][:7]) == ("2022-01", "2025-12")
    periods = {p: (c, s) for p, c, s in query(out, "select period, fullstandig, senaste from perioder")}
    assert periods["2026H1"] == (0, 0) and periods["2025H2"] == (1, 1)
    complete = sorted(p for p, (c, _) in periods.items() if c)
    assert complete == [f"{y}H{h}" for y in range(2022, 2026) for h in (1, 2)]
    # The key figures are 2025H2's: no district shows -100 % from an almost empty period.
    assert {p for (p,) in query(out, "select distinct period from delomraden")} == {"2025H2"}
    columns = [c[1] for c in query(out, "pragma table_info(delomraden)") if c[1].endswith("_forandring_pct")]
    assert columns
    for c in columns:
        assert query(out, f'select count(*) from delomraden where "{c}" <= -99.99')[0][0] == 0, c
