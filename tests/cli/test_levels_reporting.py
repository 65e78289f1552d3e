# SPDX-License-Identifier: MIT
"""Reporting levels (issue 15): DeSO and RegSO in one run under one disclosure plan, the share of
withheld cells per level, and the recommended level."""
import json
import subprocess
from collections import defaultdict

from trygg_cli import manifest, query, run_pipeline, shared_data


def two_level_pipeline(out, privacy="publish", **aggregate):
    return {"privacy": privacy, "pipeline": [
        {"type": "read.districts", "tag": "regso", "path": str(shared_data("vasteras/regso_2018.geojson")),
         "code": "regsokod", "name": "regso"},
        {"type": "read.districts", "tag": "deso", "path": str(shared_data("vasteras/deso_2018.geojson")),
         "code": "deso", "names_from": "regso"},
        {"type": "read.table", "tag": "population", "path": str(shared_data("vasteras/scb/population_2023.csv"))},
        {"type": "read.incidents", "path": str(shared_data("vasteras/police_register_by_deso.csv")),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign", "inputs": ["read.incidents", "deso"]},
        {"type": "aggregate", "inputs": ["assign", "population"], "population": {"value": "totalt"},
         "levels": ["regso"], **aggregate},
        {"type": "write.gpkg", "path": str(out)}]}


def kommundelar(path):
    """Exempelstad's delområden dissolved by the letter of their code (9999A, 9999B, 9999C)."""
    from trygg_cli import ROOT
    if not path.exists():
        subprocess.run(["ogr2ogr", "-f", "GeoJSON", str(path), str(ROOT / "geodata/exempelstad/exempelstad.gpkg"),
                        "-dialect", "sqlite", "-sql",
                        "select substr(kod, 1, 5) as kod, st_union(geom) as geom from delomraden "
                        "group by substr(kod, 1, 5)"], check=True, capture_output=True)
    return path


def test_two_levels_report_their_withheld_shares_and_recommend_one(tmp_path):
    pub, internal = tmp_path / "pub", tmp_path / "int"
    pub.mkdir()
    internal.mkdir()
    result = run_pipeline(pub, two_level_pipeline(pub / "v.gpkg"))
    assert result.returncode == 0, result.stderr
    assert run_pipeline(internal, two_level_pipeline(internal / "v.gpkg", "internal")).returncode == 0
    out, truth = pub / "v.gpkg", internal / "v.gpkg"

    # The coarser level's true counts are the sums of the DeSO counts by the published nesting.
    parent = dict(query(out, "select kod, overordnad_kod from nivaindelning where niva='regso'"))
    assert len(parent) == 84
    fine = query(truth, "select kod, period, grupp, antal from incident_counts where kon='alla' and "
                        "aldersgrupp='alla' and kod<>'totalt'")
    summed = defaultdict(int)
    for kod, period, grupp, n in fine:
        if n is not None:  # None: a group not in the source (missing on both levels, checked below)
            summed[(parent[kod], period, grupp)] += n
    coarse = {(k, p, g): n for k, p, g, n in query(
        truth, "select kod, period, grupp, antal from incident_counts_regso where kon='alla' and "
               "aldersgrupp='alla' and kod<>'totalt'")}
    assert {k: v for k, v in coarse.items() if v} == {k: v for k, v in summed.items() if v}
    assert {g for (_, _, g), v in coarse.items() if v is None} == {"tillgrepp", "narkotika"}

    # Shares, counted independently: non-zero true alla × alla district cells, and of those the
    # ones the publication shows.
    def share(table):
        true = {(k, p, g): n for k, p, g, n in query(
            truth, f"select kod, period, grupp, antal from {table} where kon='alla' and aldersgrupp='alla' "
                   "and kod<>'totalt'") if n}
        shown = {(k, p, g) for k, p, g in query(
            out, f"select kod, period, grupp from {table} where kon='alla' and aldersgrupp='alla' and "
                 "kod<>'totalt' and undertryckt=0")}
        return len(true), len(set(true) & shown)

    levels = {niva: (celler, publicerade, andel, rek) for niva, celler, publicerade, andel, rek in query(
        out, "select niva, celler, publicerade, andel_publicerade, rekommenderad from nivaer "
             "where grupp='alla grupper'")}
    assert set(levels) == {"deso", "regso"}
    for niva, table in (("deso", "incident_counts"), ("regso", "incident_counts_regso")):
        cells, published = share(table)
        assert levels[niva][:2] == (cells, published)
        assert abs(levels[niva][2] - published / cells) < 1e-12
    assert levels["regso"][2] > levels["deso"][2]  # a coarser level publishes more
    expected = next((n for n in ("deso", "regso") if levels[n][2] >= 0.8), None)
    assert {n for n, v in levels.items() if v[3]} == ({expected} if expected else set())
    section = manifest(out)["levels"]
    assert section["recommended"] == expected
    assert [lv["level"] for lv in section["levels"]] == ["deso", "regso"]
    # Published coarse cells are the truth; withheld ones are withheld on every row.
    for kod, period, grupp, antal in query(out, "select kod, period, grupp, antal from incident_counts_regso "
                                                "where kon='alla' and aldersgrupp='alla' and undertryckt=0 "
                                                "and kod<>'totalt'"):
        assert antal == coarse.get((kod, period, grupp), 0)


def test_the_recommended_level_is_the_finest_reaching_the_share(tmp_path):
    # The register is sparse (486 offences after de-duplication): at 80 % no level qualifies, and
    # the run warns. DeSO publishes under 5 % of its non-zero cells, RegSO over 5 %.
    out = tmp_path / "v.gpkg"
    result = run_pipeline(tmp_path, two_level_pipeline(out))
    assert result.returncode == 0, result.stderr
    assert "no reporting level publishes 80 % of its non-zero cells" in result.stderr, result.stderr
    assert query(out, "select count(*) from nivaer where rekommenderad=1") == [(0,)]
    for share, expected in ((0.05, "regso"), (0.01, "deso")):
        out = tmp_path / f"v{share}.gpkg"
        result = run_pipeline(tmp_path, two_level_pipeline(out, recommend_share=share))
        assert result.returncode == 0, result.stderr
        assert query(out, "select niva from nivaer where rekommenderad=1 and grupp='alla grupper'") == [(expected,)]
        assert manifest(out)["levels"]["recommended"] == expected


def test_one_level_runs_publish_no_level_tables(tmp_path):
    pipeline = two_level_pipeline(tmp_path / "v.gpkg")
    del pipeline["pipeline"][5]["levels"]
    assert run_pipeline(tmp_path, pipeline).returncode == 0
    tables = {t for (t,) in query(tmp_path / "v.gpkg", "select name from sqlite_master where type='table'")}
    assert "incident_counts" in tables and not {"nivaer", "nivaindelning", "incident_counts_regso"} & tables


def test_levels_with_a_release_ledger_are_refused(tmp_path):
    pipeline = two_level_pipeline(tmp_path / "v.gpkg")
    pipeline["ledger"] = str(tmp_path / "ledger.sqlite")
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 3, result.stderr
    assert "aggregate" in result.stderr and "ledger" in result.stderr


def test_a_level_that_is_no_districts_stage_names_the_option(tmp_path):
    pipeline = two_level_pipeline(tmp_path / "v.gpkg", levels=["population"])
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 3
    assert "levels" in result.stderr and "population" in result.stderr
