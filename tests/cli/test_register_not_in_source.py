# SPDX-License-Identifier: MIT
"""Issue 15, part register: a crime group the source does not cover ("not in source") is
published as missing with a reason, never as 0; rates, change and statistics likewise."""
import csv

from trygg_cli import ROOT, query, run_pipeline, shared_data

CATALOGUE = ROOT / "geodata/catalog/brottskoder.csv"
GPKG = str(ROOT / "geodata/exempelstad/exempelstad.gpkg")
FIELDS = {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}


def catalogue_groups(code):
    """The catalogue's groups of a 4-digit code, by its documented precedence: exact code, then
    the longest prefix (an independent reading of geodata/catalog/brottskoder.csv)."""
    exact, prefixes = {}, {}
    with open(CATALOGUE, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            (exact if row["kind"] == "code" else prefixes if row["kind"] == "prefix" else {})[row["pattern"]] = \
                row["groups"].split(";")
    if code in exact:
        return exact[code]
    for n in range(len(code), 0, -1):
        if code[:n] in prefixes:
            return prefixes[code[:n]]
    return ["ovrigt"]


def register_pipeline(out, privacy, extra=None):
    reader = {"type": "read.incidents", "path": str(shared_data("vasteras/police_register_by_deso.csv")),
              "fields": FIELDS, **(extra or {})}
    return {"privacy": privacy, "pipeline": [
        {"type": "read.districts", "path": str(shared_data("vasteras/deso_2018.geojson")), "code": "deso"},
        {"type": "read.table", "path": str(shared_data("vasteras/scb/population_2023.csv"))},
        reader,
        {"type": "assign"},
        {"type": "aggregate", "population": {"value": "totalt"}},
        {"type": "write.gpkg", "path": str(out)}]}


def test_theft_is_not_in_the_register_and_published_as_missing(tmp_path):
    with open(shared_data("vasteras/police_register_by_deso.csv"), encoding="utf-8") as f:
        observed = {g for row in csv.DictReader(f) for g in catalogue_groups(row["Brottskod"])}
    assert "tillgrepp" not in observed and "vald" in observed  # the premise, from the raw CSV
    for privacy in ("publish", "internal"):
        out = tmp_path / f"{privacy}.gpkg"
        result = run_pipeline(tmp_path, register_pipeline(out, privacy))
        assert result.returncode == 0, result.stderr
        groups = [g for (g,) in query(out, "select distinct grupp from incident_counts")]
        missing = sorted(set(groups) - observed)
        assert "tillgrepp" in missing
        assert f"crime groups not in the source (no code of theirs occurs in it): " in result.stderr
        assert all(g in result.stderr.split("not in the source")[1].splitlines()[0] for g in missing)
        for g in groups:
            rows = query(out, "select antal, antal_visning, undertryckt, per_1000, per_km2, forandring, "
                              "forandring_pct, saknas_orsak from incident_counts where grupp=?", g)
            if g in missing:
                # Never 0, not withheld: missing with the reason.
                assert set(rows) == {(None, "ej i källan", 0, None, None, None, None, "ej i källan")}, g
            else:
                assert all(r[7] is None for r in rows), g
                assert any(r[0] is not None for r in rows), g
        layer = query(out, "select tillgrepp_antal, tillgrepp_visning, tillgrepp_per_1000, vald_visning "
                           "from delomraden")
        assert {r[:3] for r in layer} == {(None, "ej i källan", None)}
        assert all(r[3] != "ej i källan" for r in layer)


def planted(tmp_path, rows, **reader):
    src = tmp_path / "register.csv"
    src.write_text("Id,Brottsdatum,Brottskod,DeSO.område\n" + "".join(rows), encoding="utf-8")
    out = tmp_path / "out.gpkg"
    return out, {"privacy": "internal", "pipeline": [
        {"type": "read.districts", "path": GPKG, "layer": "delomraden", "code": "kod", "name": "namn"},
        {"type": "read.incidents", "path": str(src), "fields": FIELDS, **reader},
        {"type": "assign"},
        {"type": "aggregate", "suppress_below": 0},
        {"type": "write.gpkg", "path": str(out)}]}


def shown(out, group):
    return {v for (v,) in query(out, "select distinct antal_visning from incident_counts where grupp=?", group)}


def test_declared_coverage_wins_over_the_observed_codes(tmp_path):
    # Only violence occurs; the source declares it covers vandalism too: vandalism is 0, theft missing.
    rows = ["1,2023-02-01,0375,9999C0010\n", "2,2023-08-01,0375,9999C0020\n"]
    out, doc = planted(tmp_path, rows, covers=["vald", "skadegorelse"])
    result = run_pipeline(tmp_path, doc)
    assert result.returncode == 0, result.stderr
    assert shown(out, "skadegorelse") == {"0"}
    assert shown(out, "tillgrepp") == {"ej i källan"}
    assert shown(out, "vald") == {"0", "1"}  # one per half-year
    assert 'not in "covers"' in result.stderr
    # Observed (the default): vandalism is not in the source either.
    out2, doc2 = planted(tmp_path, rows)
    assert run_pipeline(tmp_path, doc2).returncode == 0
    assert shown(out2, "skadegorelse") == {"ej i källan"}


def test_covers_naming_no_catalogue_group_is_an_option_error(tmp_path):
    out, doc = planted(tmp_path, ["1,2023-02-01,0375,9999C0010\n"], covers=["stold"])
    result = run_pipeline(tmp_path, doc)
    assert result.returncode == 3
    assert "\"covers\": 'stold' is no crime group of the catalogue (groups: vald, " in result.stderr


def test_statistics_refuse_a_group_not_in_source(tmp_path):
    out, doc = planted(tmp_path, ["1,2023-02-01,0375,9999C0010\n", "2,2023-02-01,0375,9999C0020\n"])
    write = doc["pipeline"].pop()
    doc["pipeline"] += [
        {"type": "weights", "inputs": ["read.districts"], "method": "queen"},
        {"type": "smooth", "inputs": ["aggregate", "weights"], "group": "tillgrepp", "period": "latest",
         "prefix": "rate"},
        write]
    result = run_pipeline(tmp_path, doc)
    assert result.returncode == 5, result.stderr
    assert "crime group 'tillgrepp' is not in the incident source" in result.stderr
    assert not out.exists()
