# SPDX-License-Identifier: MIT
"""Issue 14, "How we will know": an attacker with every file one run publishes and every
linear relation between the published numbers (attacker.py) solves for each withheld value by
linear programming; none may be pinned to one number, in either attacker model, for the
Exempelstad example pipelines and a Västerås pipeline."""
import json
import sqlite3
from collections import defaultdict

import pytest

from attacker import attack, summary
from trygg_cli import ROOT, run_pipeline

CATALOGUE = ROOT / "geodata/catalog/brottskoder.csv"


def example(name, folder, privacy):
    """An example pipeline with absolute paths, writing into `folder`."""
    doc = json.loads((ROOT / f"examples/exempelstad/{name}.json").read_text(encoding="utf-8"))
    doc["privacy"] = privacy
    for stage in doc["pipeline"]:
        for key in ("path", "catalogue"):
            if key in stage and stage["type"] != "write.gpkg":
                stage[key] = str(ROOT / stage[key])
        for g in stage.get("gazetteers", []):
            g["path"] = str(ROOT / g["path"])
        if stage["type"] == "write.gpkg":
            stage["path"] = str(folder / f"{name}.gpkg")
    return doc


def vasteras(folder, privacy):
    from test_vasteras import register_pipeline
    return register_pipeline(folder / "vasteras.gpkg", privacy)


def vasteras_levels(folder, privacy):
    """Two reporting levels (DeSO + RegSO) under one disclosure plan (issue 15)."""
    from test_levels_reporting import two_level_pipeline
    return two_level_pipeline(folder / "vasteras_levels.gpkg", privacy)


def exempelstad_levels(folder, privacy):
    """The Exempelstad example with kommundelar (delområden dissolved by code letter) as a
    second level."""
    from test_levels_reporting import kommundelar
    doc = example("pipeline", folder, privacy)
    layer = kommundelar(folder.parent / f"kommundelar_{privacy}.geojson")
    stages = doc["pipeline"]
    stages.insert(0, {"type": "read.districts", "tag": "kommundelar", "path": str(layer), "code": "kod"})
    for stage in stages:
        if stage["type"] == "aggregate":
            stage["levels"] = ["kommundelar"]
        if stage["type"] == "write.gpkg":
            stage["path"] = str(folder / "exempelstad_levels.gpkg")
    return doc


def with_periods(doc, periods=("half-year", "year")):
    """Several period lengths under one disclosure plan (issue 15, part periods)."""
    for stage in doc["pipeline"]:
        if stage["type"] == "aggregate":
            stage["periods"] = list(periods)
    return doc


def with_emerging(doc):
    """Issue 19 (part emerging): emerging hot spots (categories, classes) and a before/after
    evaluation (rounded window counts) published beside everything else."""
    stages = doc["pipeline"]
    stages[-1:-1] = [
        {"type": "emerging_hotspots", "tag": "eh", "group": "vald", "inputs": ["weights", "aggregate"]},
        {"type": "evaluate_measure", "tag": "atgard", "inputs": ["assign"], "target": ["9999C0010"],
         "date": "2024-07-01", "window_months": 12},
    ]
    return doc


def with_measures(doc):
    """Issue 19 (part measure): before/after evaluations under the joint plan, for a group with small
    counts: one a year each side of 2024-07-01 (windows = whole half-years, so each area's count is a
    sum of incident_counts cells), one of 5 months from 2024-03-15 (windows cutting half-years:
    bounded by them), one with a drawn-in buffer and a chosen control."""
    stages = doc["pipeline"]
    stages[-1:-1] = [
        {"type": "evaluate_measure", "tag": "atgard_ar", "inputs": ["assign"], "target": ["9999C0010"],
         "group": "vald", "date": "2024-07-01", "window_months": 12},
        {"type": "evaluate_measure", "tag": "atgard_halvar", "inputs": ["assign"], "target": ["9999C0010", "9999C0020"],
         "group": "vald", "date": "2024-07-01", "window_months": 6, "control_count": 2},
        {"type": "evaluate_measure", "tag": "atgard_kort", "inputs": ["assign"], "target": ["9999C0010"],
         "group": "vald", "date": "2024-03-15", "window_months": 5},
    ]
    return doc


def with_index_uncertainty(doc):
    for stage in doc["pipeline"]:
        if stage["type"] == "trygghetsanalys":
            stage["uncertainty"] = {"draws": 300, "seed": 3}
            stage["validation"] = {"split": "middle"}
    return doc


PIPELINES = {"exempelstad": lambda f, p: example("pipeline", f, p),
             "exempelstad_emerging": lambda f, p: with_emerging(example("pipeline", f, p)),
             "exempelstad_periods": lambda f, p: with_periods(example("pipeline", f, p)),
             "exempelstad_measures": lambda f, p: with_measures(example("pipeline", f, p)),
             "vasteras_periods": lambda f, p: with_periods(vasteras(f, p)),
             "vasteras_levels_periods": lambda f, p: with_periods(vasteras_levels(f, p)),
             "exempelstad_levels": exempelstad_levels,
             # two levels, two period lengths, sex and age known: every relation at once (issue 15)
             "exempelstad_levels_periods": lambda f, p: with_periods(exempelstad_levels(f, p)),
             "trygghetsanalys": lambda f, p: example("trygghetsanalys", f, p),
             "vasteras": vasteras,
             "vasteras_levels": vasteras_levels,
             # issue 19 (part knox): knox, near-repeat and time profile on Exempelstad's burglaries
             "exempelstad_spacetime": lambda f, p: spacetime(f, p)}


def spacetime(folder, privacy):
    """Threshold 7 for the pair counts: one near-repeat cell inside the knox reach (6 pairs at the
    same address within 7 days) is withheld, so the knox count that would give it back must be
    too (with the knox count published, this attacker pins that cell)."""
    from test_spacetime_knox import pipeline
    doc = pipeline(folder / "spacetime.gpkg", privacy=privacy)
    for stage in doc["pipeline"]:
        if stage["type"] in ("knox", "near_repeat"):
            stage["suppress_below"] = 7
    return doc


# Issue 22 (part ranks): the rank intervals, kanslighet and validering of a run with uncertainty
# and validation are published too; the attacker reads them with everything else.
PIPELINES["trygghetsanalys_uncertainty"] = lambda f, p: with_index_uncertainty(example("trygghetsanalys", f, p))


def true_grid_totals(folder):
    """Grid surface totals of the internal run: the attacker is taken to know them."""
    totals = {}
    for gpkg in folder.glob("*.gpkg"):
        with sqlite3.connect(gpkg) as db:
            tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
            for t in tables:
                cols = {r[1] for r in db.execute(f'pragma table_info("{t}")')}
                if {"rut_id", "grupp", "period", "antal"} <= cols:
                    for g, p, n in db.execute(f'select grupp, period, sum(antal) from "{t}" group by 1, 2'):
                        totals[(g, p)] = n
    return totals


@pytest.fixture(scope="module", params=sorted(PIPELINES))
def published_run(request, tmp_path_factory):
    name = request.param
    base = tmp_path_factory.mktemp(name)
    folders = {}
    for privacy in ("publish", "internal"):
        folder = base / privacy
        folder.mkdir()
        result = run_pipeline(folder, PIPELINES[name](folder, privacy))
        assert result.returncode == 0, result.stderr
        (folder / "pipeline.json").unlink()
        folders[privacy] = folder
    return name, folders["publish"], true_grid_totals(folders["internal"]), folders["internal"]


def true_value(internal, pinned):
    """The unsuppressed value of a pinned one, from the internal run (None if not looked up)."""
    key = pinned.key
    if pinned.table == "kde":
        from osgeo import gdal
        ds = gdal.Open(str(internal / key[0]))
        return float(ds.GetRasterBand(1).ReadAsArray()[key[1], key[2]])
    for gpkg in internal.glob("*.gpkg"):
        with sqlite3.connect(gpkg) as db:
            try:
                if pinned.table == "motesplatser":
                    return db.execute(f'select "{key[2]}" from motesplatser where namn=? and typ=?', key[:2]).fetchone()[0]
                if pinned.table.startswith("incident_counts"):
                    return db.execute(f'select antal from "{pinned.table}" where period=? and grupp=? and kod=? '
                                      "and kon=? and aldersgrupp=?", key).fetchone()[0]
                return db.execute(f'select antal from "{pinned.table}" where grupp=? and period=? and rut_id=?',
                                  key).fetchone()[0]
            except (sqlite3.OperationalError, TypeError):
                continue
    return None


def wrong_pins(result, internal):
    """Model-A pins that differ from the truth: the attacker's relations would be wrong."""
    wrong = []
    for p in result.pinned:
        if p.model == "A":
            t = true_value(internal, p)
            if t is not None and abs(t - p.value) > max(1e-6, 1e-3 * abs(t)):
                wrong.append((p, t))
    return wrong


def describe(result):
    lines = [summary(result)]
    shown = defaultdict(int)
    for p in result.pinned:
        if shown[p.table] < 5:
            lines.append(f"  {p}")
            shown[p.table] += 1
    return "\n".join(lines)


def test_no_withheld_value_is_pinned(published_run):
    name, folder, totals, internal = published_run
    result = attack(folder, surface_totals=totals)
    print(name, describe(result), sep="\n")
    assert wrong_pins(result, internal) == [], "a pinned value differs from the truth: a relation is wrong"
    assert sum(result.withheld.values()) > 0, "the run withholds nothing: the attack tested nothing"
    assert result.inconsistent == [], "the attacker's relations do not hold on the published data"
    assert result.pinned == [], f"{name}: withheld values pinned\n{describe(result)}"


def test_no_withheld_value_is_pinned_knowing_which_groups_overlap(published_run):
    """The crime catalogue is public: groups are disjoint except the code sets it lists in
    several groups (vald;tillgrepp), so alla minus the disjoint groups lies between the
    largest and the sum of the overlapping ones ("groups vs alla where groups are disjoint")."""
    name, folder, totals, internal = published_run
    result = attack(folder, surface_totals=totals, catalogue=CATALOGUE)
    print(name, describe(result), sep="\n")
    assert wrong_pins(result, internal) == [], "a pinned value differs from the truth: a relation is wrong"
    assert result.inconsistent == [], "the attacker's relations do not hold on the published data"
    assert result.pinned == [], f"{name}: withheld values pinned\n{describe(result)}"

