# SPDX-License-Identifier: MIT
"""One significance rule for local_moran and gistar (issue 21): "significance": "auto" (the
default of both) decides by the permutation p (p_sim) when permutations > 0, else by the
analytic p; "pseudo" and "analytic" force one. Checked from the published columns themselves: a
district is classed significant exactly when the p the rule names is at most the level."""
import json

import pytest

from trygg_cli import ROOT, query, run_pipeline

GPKG = str(ROOT / "geodata/exempelstad/exempelstad.gpkg")


def spec(out, *stats):
    return {"privacy": "internal", "seed": 7, "pipeline": [
        {"type": "read.districts", "tag": "districts", "path": GPKG, "layer": "delomraden", "code": "kod"},
        {"type": "read.table", "tag": "population", "path": str(ROOT / "geodata/exempelstad/befolkning_total.csv"),
         "key": "kod"},
        {"type": "read.incidents", "tag": "incidents", "path": str(ROOT / "geodata/exempelstad/incidents.csv"),
         "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y",
                    "area_code": "deso"},
         "crs": "EPSG:3006", "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv")},
        {"type": "assign", "inputs": ["incidents", "districts"]},
        {"type": "aggregate", "inputs": ["assign", "population"], "period": "year",
         "population": {"value": "befolkning"}},
        {"type": "weights", "inputs": ["districts"], "method": "queen"},
        *stats,
        {"type": "write.gpkg", "path": str(out)}]}


def lisa(**o):
    return dict({"type": "local_moran", "tag": "lisa", "group": "vald", "period": "all", "measure": "rate"}, **o)


def gistar(**o):
    return dict({"type": "gistar", "tag": "gistar", "group": "vald", "period": "all", "measure": "rate"}, **o)


def significant_lisa(out):
    rows = query(out, "select lisa_class, lisa_p, lisa_p_sim from delomraden where lisa_class <> 5")
    assert rows
    return rows


def test_local_moran_without_permutations_uses_the_analytic_p(tmp_path):
    # Before: "significance pseudo needs permutations > 0" (exit 3) with only permutations: 0 given.
    out = tmp_path / "o.gpkg"
    r = run_pipeline(tmp_path, spec(out, lisa(permutations=0)))
    assert r.returncode == 0, r.stderr
    rows = significant_lisa(out)
    assert all((c != 0) == (p <= 0.05) for c, p, _ in rows), rows
    assert any(c != 0 for c, _, _ in rows)  # the check is not vacuous
    opts = json.loads(query(out, "select options from global_statistics where stage = 'lisa'")[0][0])
    assert opts["significance"] == "analytic"


def test_local_moran_with_permutations_uses_p_sim(tmp_path):
    out = tmp_path / "o.gpkg"
    r = run_pipeline(tmp_path, spec(out, lisa(permutations=199)))
    assert r.returncode == 0, r.stderr
    rows = significant_lisa(out)
    assert all((c != 0) == (ps <= 0.05) for c, _, ps in rows), rows
    opts = json.loads(query(out, "select options from global_statistics where stage = 'lisa'")[0][0])
    assert opts["significance"] == "pseudo"


@pytest.mark.parametrize("options,column", [({"permutations": 199}, "gistar_p_sim"),
                                            ({"permutations": 0}, "gistar_p"),
                                            ({"permutations": 199, "significance": "analytic"}, "gistar_p"),
                                            ({"permutations": 199, "significance": "pseudo"}, "gistar_p_sim")])
def test_gistar_follows_the_same_rule(tmp_path, options, column):
    out = tmp_path / "o.gpkg"
    r = run_pipeline(tmp_path, spec(out, gistar(**options)))
    assert r.returncode == 0, r.stderr
    rows = query(out, f"select gistar_bin, {column} from delomraden")
    assert all((b != 0) == (p <= 0.10) for b, p in rows), rows
    assert any(b != 0 for b, _ in rows)


@pytest.mark.parametrize("make", [lisa, gistar])
def test_pseudo_without_permutations_is_refused(tmp_path, make):
    r = run_pipeline(tmp_path, spec(tmp_path / "o.gpkg", make(permutations=0, significance="pseudo")))
    assert r.returncode == 3, r.stderr
    assert "significance pseudo needs \"permutations\" > 0" in r.stderr


def test_unknown_significance_is_refused(tmp_path):
    r = run_pipeline(tmp_path, spec(tmp_path / "o.gpkg", lisa(significance="permutation")))
    assert r.returncode == 3, r.stderr
    assert "unknown significance 'permutation' (expected auto, pseudo or analytic)" in r.stderr
