# SPDX-License-Identifier: MIT
"""Issue 22 on Västerås (publication mode, the default): the youth survey (LHU, 24 kommundelar)
in the index, clipped to the DeSO and reallocated by population; the rank intervals of the
Monte Carlo over the index's choices; the internal consistency per goal. Expected figures come
from geopandas/shapely overlays of the source files and from the published tables."""
import json

import pytest

from missing import import_or_fail
from trygg_cli import ROOT, internal_file, manifest, query, run_pipeline, shared_data

LHU_COLUMNS = ["Var38", "Var46", "Var47", "Var59", "Var60", "Var74", "Var76", "Var77", "Var80", "Var81", "Var82",
               "Var84", "Var85", "Var86", "Var87", "Var88", "Var89", "Var95", "Var104"]


def vasteras_index_pipeline(out, draws=1000, threads=None):
    d = lambda p: str(shared_data("vasteras/" + p))  # noqa: E731
    lhu = {c: "share" for c in LHU_COLUMNS}
    regso = {"Allmän_tillit": "share", "Trygg_boområde": "share"}
    spec = {"pipeline": [
        {"type": "read.districts", "tag": "regso", "path": d("regso_2018.geojson"), "code": "regsokod",
         "name": "regso"},
        {"type": "read.districts", "tag": "kommundelar", "path": d("kommundelar_lhu.geojson"), "code": "KD_ID",
         "name": "Område"},
        {"type": "read.districts", "tag": "deso", "path": d("deso_2018.geojson"), "code": "deso"},
        {"type": "read.table", "tag": "befolkning", "path": d("scb/population_2023.csv")},
        {"type": "read.table", "tag": "sysselsattning", "path": d("scb/labour_market_status_2022.csv")},
        {"type": "read.table", "tag": "ekonomisk_standard", "path": d("scb/economic_standard_2022.csv")},
        {"type": "read.table", "tag": "utbildning", "path": d("scb/education_25_64_2022.csv")},
        {"type": "read.table", "tag": "regso_svar", "path": d("regso_2018.geojson"), "key": "regsokod"},
        {"type": "read.table", "tag": "lhu_svar", "path": d("kommundelar_lhu.geojson"), "key": "KD_ID"},
        {"type": "reallocate", "tag": "regso_enkat", "inputs": ["regso_svar", "regso", "deso", "befolkning"],
         "columns": regso, "weight": "population", "population": "totalt"},
        {"type": "reallocate", "tag": "regso_enkat_yta", "inputs": ["regso_svar", "regso", "deso"],
         "columns": regso, "weight": "area"},
        {"type": "reallocate", "tag": "lhu", "inputs": ["lhu_svar", "kommundelar", "deso", "befolkning"],
         "columns": lhu, "weight": "population", "population": "totalt"},
        {"type": "reallocate", "tag": "lhu_yta", "inputs": ["lhu_svar", "kommundelar", "deso"],
         "columns": lhu, "weight": "area"},
        {"type": "read.incidents", "tag": "incidents", "path": d("police_register_by_deso.csv"),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign", "inputs": ["incidents", "deso"]},
        {"type": "aggregate", "tag": "brott", "inputs": ["assign", "befolkning"], "population": {"value": "totalt"}},
        {"type": "point_factors", "tag": "motesplatser", "inputs": ["deso", "befolkning"], "path": d("places.geojson"),
         "type_field": "CATEGORY", "name_field": "NAME", "population": "totalt"},
        {"type": "trygghetsanalys", "inputs": ["deso", "brott"],
         "catalogue": str(ROOT / "geodata/catalog/indikatorer_vasteras.csv"),
         "population": {"table": "befolkning", "value": "totalt"},
         "uncertainty": {"draws": draws, "alternatives": {"lhu": "lhu_yta", "regso_enkat": "regso_enkat_yta"}},
         "validation": {"split": "middle"}},
        {"type": "write.gpkg", "path": str(out)}]}
    if threads is not None:
        spec["threads"] = threads
    return spec


@pytest.fixture(scope="module")
def vasteras_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("index_vasteras")
    out = tmp / "index_vasteras.gpkg"
    result = run_pipeline(tmp, vasteras_index_pipeline(out))
    assert result.returncode == 0, result.stderr
    return out, result.stderr


@pytest.fixture(scope="module")
def vasteras(vasteras_run):
    return vasteras_run[0]


def deso_frames():
    gpd = import_or_fail("geopandas")
    deso = gpd.read_file(shared_data("vasteras/deso_2018.geojson")).to_crs(3006)
    kd = gpd.read_file(shared_data("vasteras/kommundelar_lhu.geojson")).to_crs(3006)
    return gpd, deso, kd


def test_the_clip_reports_the_survey_area_outside_the_deso(vasteras_run):
    vasteras, stderr = vasteras_run
    gpd, deso, kd = deso_frames()
    union = deso.geometry.union_all() if hasattr(deso.geometry, "union_all") else deso.geometry.unary_union
    inside = sum(g.intersection(union).area for g in kd.geometry)
    expected = 1 - inside / kd.geometry.area.sum()
    clip = manifest(vasteras)["omfordelning"]["lhu"]
    assert clip["source_areas"] == 24
    assert clip["outside_area_share"] == pytest.approx(expected, abs=1e-6)
    assert clip["outside_area_share"] > 0.001  # the layer does reach past the municipality
    # The info line (in the internal log of a published run).
    log = [m for (m,) in query(internal_file(vasteras), "select meddelande from internal_log where steg='lhu'")]
    pct = f"{100 * expected:.1f} % of the area of"
    assert any(m.startswith("clipped to the districts: " + pct) and "kommundelar_lhu.geojson" in m and
               "(4 of 24 areas partly outside, 0 wholly)" in m for m in log), log


def test_survey_shares_match_an_independent_population_weighted_overlay(vasteras):
    gpd, deso, kd = deso_frames()
    pop = {}
    with open(shared_data("vasteras/scb/population_2023.csv"), encoding="utf-8") as f:
        for line in f.read().splitlines()[2:]:
            if line.strip():
                _, kod, n = line.split(",")
                pop[kod] = float(n)
    deso["density"] = [pop[k] / a for k, a in zip(deso["deso"], deso.geometry.area)]
    pieces = gpd.overlay(deso[["deso", "density", "geometry"]], kd[["KD_ID", "Var87", "geometry"]],
                         how="intersection", keep_geom_type=True)
    pieces["w"] = pieces.geometry.area * pieces["density"]
    expected = {kod: (g["w"] * g["Var87"]).sum() / g["w"].sum() for kod, g in pieces.groupby("deso")}
    got = dict(query(vasteras, "select kod, raavarde from indikatorer where indikator='lhu_trygg_omrade_kvall'"))
    assert len(got) == 84 and set(got) == set(expected)
    for kod, value in expected.items():
        assert got[kod] == pytest.approx(value, abs=1e-6), kod


def test_survey_share_and_base_per_indicator_in_the_manifest(vasteras):
    survey = manifest(vasteras)["trygghetsanalys"]["survey"]
    lhu = {k: v for k, v in survey.items() if v["source"] == "lhu"}
    assert len(lhu) == 19
    for v in lhu.values():
        assert v["districts"] == 84
        assert v["coverage_mean"] > 0.95
        assert v["base"] is None  # the LHU file gives shares without respondents


def test_rank_intervals_are_published_for_every_goal(vasteras):
    cols = [c for _, c, *_ in query(vasteras, "pragma table_info(trygghetsanalys)")]
    for g in range(1, 7):
        for suffix in ("_rang_median", "_rang_p05", "_rang_p95", "_instabil"):
            assert f"mal{g}{suffix}" in cols
    for g in range(1, 7):
        rows = query(vasteras, f"select mal{g}_rang, mal{g}_rang_p05, mal{g}_rang_median, mal{g}_rang_p95, "
                               f"mal{g}_instabil from trygghetsanalys")
        n = sum(r[2] is not None for r in rows)
        for rank, lo, med, hi, unstable in rows:
            if med is None:
                continue
            assert 1 <= lo <= med <= hi <= n
            q = lambda r: min(4, 1 + 4 * (r - 1) // n)  # noqa: E731
            assert unstable == (q(lo) != q(hi))
    s = query(vasteras, "select mal, val, nivaer, dragningar, s_forsta_ordningen from kanslighet")
    assert {m for m, *_ in s} == {1, 2, 3, 4, 5, 6, None}  # None: risk_total's rows
    assert {v for _, v, *_ in s} >= {"normalisering", "aggregering", "saknade_varden", "omfordelning"}
    for _, _, levels, draws, value in s:
        assert draws == 1000 and 0 <= value <= 1


def test_risk_total_has_its_rank_interval_from_the_same_draws(vasteras):
    """risk_total's interval: ranked districts are those with every goal (as risk_total_rang), the
    interval holds its median, the flag follows the quartile rule, and the sensitivity rows of
    risk_total name every choice of every goal."""
    rows = query(vasteras, "select risk_total_rang, risk_total_rang_p05, risk_total_rang_median, "
                           "risk_total_rang_p95, risk_total_instabil, mal_antal, mal_i_analysen from trygghetsanalys")
    n = sum(r[2] is not None for r in rows)
    assert n == sum(r[5] == r[6] for r in rows) == 84
    for rank, lo, med, hi, unstable, *_ in rows:
        assert 1 <= lo <= med <= hi <= n
        q = lambda r: min(4, 1 + 4 * (r - 1) // n)  # noqa: E731
        assert unstable == (q(lo) != q(hi))
    assert 0 < sum(r[4] for r in rows) < 84
    s = {v: (lv, x) for m, name, v, lv, x in query(
        vasteras, "select mal, mal_namn, val, nivaer, s_forsta_ordningen from kanslighet where mal is null")
        if name == "risk_total"}
    goal_choices = {v for (v,) in query(vasteras, "select distinct val from kanslighet where mal is not null")}
    assert set(s) == goal_choices
    assert all(0 <= x <= 1 for _, x in s.values())


def test_monte_carlo_is_identical_for_one_and_two_threads(tmp_path):
    outs = []
    for threads in (1, 2):
        out = tmp_path / f"t{threads}.gpkg"
        result = run_pipeline(tmp_path, vasteras_index_pipeline(out, draws=200, threads=threads))
        assert result.returncode == 0, result.stderr
        outs.append(out)
    cols = ", ".join(f"mal{g}_rang_p05, mal{g}_rang_median, mal{g}_rang_p95, mal{g}_instabil" for g in range(1, 7))
    cols += ", risk_total_rang_p05, risk_total_rang_median, risk_total_rang_p95, risk_total_instabil"
    a, b = (query(o, f"select kod, {cols} from trygghetsanalys order by kod") for o in outs)
    assert a == b
    a, b = (query(o, "select mal, val, s_forsta_ordningen from kanslighet order by mal, val") for o in outs)
    assert a == b


def test_consistency_table_and_the_warning_for_an_indicator_against_its_direction(vasteras):
    rows = query(vasteras, "select mal, indikator, omraden, alfa, pk1_andel, r_ovriga, mot_riktning "
                           "from konsistens")
    assert {r[1] for r in rows} >= {"lhu_trygg_omrade_kvall", "vald", "lhu_skolkar"}
    warnings = json.dumps(manifest(vasteras).get("warnings", []), ensure_ascii=False)
    for mal, ind, n, alpha, pc1, item_rest, against in rows:
        if against:
            assert ind in warnings and "against its stated direction" in warnings
        if pc1 is not None:
            assert 0 < pc1 <= 1
    pairs = query(vasteras, "select count(*) from korrelationer")[0][0]
    per_goal = {}
    for mal, *_ in rows:
        per_goal[mal] = per_goal.get(mal, 0) + 1
    assert pairs == sum(k * (k - 1) // 2 for k in per_goal.values())


def test_planted_wrong_sign_is_warned_about(tmp_path):
    """An indicator whose catalogue direction is flipped correlates against the goal's others."""
    from test_trygghetsanalys import exempelstad_pipeline
    cat = (ROOT / "geodata/catalog/indikatorer.csv").read_text(encoding="utf-8").splitlines()
    flipped = [line.replace(",4,Närvaro i skolan,School attendance,skydd,", ",4,Närvaro i skolan,School attendance,risk,")
               for line in cat]
    assert flipped != cat
    (tmp_path / "katalog.csv").write_text("\n".join(flipped) + "\n", encoding="utf-8")
    out = tmp_path / "flip.gpkg"
    result = run_pipeline(tmp_path, exempelstad_pipeline(out, "internal", catalogue=str(tmp_path / "katalog.csv")))
    assert result.returncode == 0, result.stderr
    assert "narvaro (goal 4, skola) correlates against its stated direction" in result.stderr
    (against,) = query(out, "select mot_riktning from konsistens where indikator='narvaro'")[0]
    assert against == 1
    # With the catalogue's own direction it is not warned about.
    out2 = tmp_path / "ok.gpkg"
    result = run_pipeline(tmp_path, exempelstad_pipeline(out2, "internal"))
    assert "narvaro (goal 4" not in result.stderr


def test_validation_table_in_the_published_run(vasteras):
    rows = query(vasteras, "select rangordning, utfall, metod, omraden, spearman, auc_topp_kvartil from validering")
    assert {(r[0], r[2]) for r in rows} == {(k, m) for k in ("mal2_motesplatser", "mal5_vald", "risk_total")
                                            for m in ("index", "brottstakt")}
    for _, _, _, n, rho, auc in rows:
        assert n == 84 and -1 <= rho <= 1 and 0 <= auc <= 1
