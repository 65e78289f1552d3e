# SPDX-License-Identifier: MIT
"""write.gpkg takes explicit inputs and publishes what each input owns: several kde stages each
list their rasters in kde_rasters, statistics on a second district layer land on that layer's
table, two inputs claiming one column is an error naming both, and `inputs` limits what is
published. Expected values come from the pipelines themselves (which stage computed on which
layer, how many rasters each kde stage wrote to disk), not from the engine's tables."""
import json
from pathlib import Path

from trygg_cli import ROOT, manifest, query, run_pipeline, run_trygg

E = ROOT / "geodata/exempelstad"


def base_stages():
    return [
        {"type": "read.districts", "tag": "districts", "path": str(E / "exempelstad.gpkg"), "layer": "delomraden",
         "code": "kod", "name": "namn"},
        {"type": "read.table", "tag": "population", "path": str(E / "befolkning.csv"), "key": "kod"},
        {"type": "read.incidents", "tag": "incidents", "path": str(E / "incidents.csv"),
         "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y"},
         "crs": "EPSG:3006", "from": "2024-01-01", "to": "2025-12-31",
         "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv")},
        {"type": "assign", "inputs": ["incidents", "districts"]},
        {"type": "aggregate", "inputs": ["assign", "population"], "period": "year",
         "population": {"value": "antal", "sex": "kon", "age": "aldersgrupp"}},
    ]


def fields(gpkg, table):
    return [r[1] for r in query(gpkg, f'pragma table_info("{table}")')]


def tables(gpkg):
    return {r[0] for r in query(gpkg, "select table_name from gpkg_contents")}


def test_every_kde_stage_lists_its_rasters(tmp_path):
    out = tmp_path / "kde.gpkg"
    stages = base_stages() + [
        {"type": "kde", "tag": "kde_a", "inputs": ["assign"], "radius": 300, "pixel_size": 100,
         "groups": ["vald", "skadegorelse"]},
        {"type": "kde", "tag": "kde_b", "inputs": ["assign"], "radius": 500, "pixel_size": 100,
         "groups": ["tillgrepp"]},
        {"type": "write.gpkg", "path": str(out)}]
    result = run_pipeline(tmp_path, {"pipeline": stages})
    assert result.returncode == 0, result.stderr
    tifs = sorted(p.name for p in tmp_path.glob("*.tif"))
    rows = query(out, "select fil, grupp, radie_m from kde_rasters order by fil")
    assert sorted(r[0] for r in rows) == tifs            # one row per raster written, of both stages
    assert len(tifs) == 2 + 1                            # periods pooled (the default): one per group
    radius = {r[1]: r[2] for r in rows}
    assert radius == {"vald": 300, "skadegorelse": 300, "tillgrepp": 500}
    assert set(manifest(out)["kde"]) == {"kde_a", "kde_b"}


def district_statistics(out, writer):
    # The same polygons read twice: the second read is another district layer (its own identity).
    return base_stages() + [
        {"type": "read.districts", "tag": "other", "path": str(E / "exempelstad.gpkg"), "layer": "delomraden",
         "code": "kod", "name": "namn"},
        {"type": "weights", "tag": "w_other", "inputs": ["other"], "method": "queen"},
        {"type": "gistar", "tag": "gi_other", "inputs": ["w_other", "aggregate"], "group": "vald",
         "measure": "count", "permutations": 99},
        {"type": "local_moran", "tag": "lisa_other", "inputs": ["w_other", "aggregate"], "group": "vald",
         "measure": "count", "permutations": 99},
        {"type": "weights", "tag": "w_main", "inputs": ["districts"], "method": "rook"},
        {"type": "gistar", "tag": "gi_main", "inputs": ["w_main", "aggregate"], "group": "vald",
         "measure": "count", "permutations": 99},
        dict({"type": "write.gpkg", "path": str(out)}, **writer)]


def test_statistics_on_a_second_district_layer_land_on_its_table(tmp_path):
    out = tmp_path / "two.gpkg"
    result = run_pipeline(tmp_path, {"privacy": "internal", "pipeline": district_statistics(out, {})})
    assert result.returncode == 0, result.stderr
    assert {"delomraden", "omraden_delomraden"} <= tables(out)
    main, other = fields(out, "delomraden"), fields(out, "omraden_delomraden")
    # The assign's districts carry the aggregate's figures and the statistics computed on them.
    assert "vald_antal" in main and "gi_main_z" in main and "neighbours" in main
    assert not any(f.startswith(("gi_other", "lisa_other")) for f in main)
    # The second layer carries its own statistics and weights, and no aggregate figures.
    assert {"gi_other_z", "gi_other_bin", "lisa_other_i", "lisa_other_class", "neighbours"} <= set(other)
    assert "gi_main_z" not in other and "vald_antal" not in other
    # Same polygons, same counts and weights family: the z values agree with a rerun on the main layer,
    # so the join kept the layer's row order.
    z_other = dict(query(out, "select kod, gi_other_z from omraden_delomraden"))
    n_other = dict(query(out, "select kod, neighbours from omraden_delomraden"))
    assert len(z_other) == len(n_other) > 0
    # Queen has at least as many neighbours as rook on every district (different weights per layer).
    n_main = dict(query(out, "select kod, neighbours from delomraden"))
    assert all(n_other[k] >= n_main[k] for k in n_main)


def test_two_inputs_claiming_one_column_is_an_error(tmp_path):
    out = tmp_path / "dup.gpkg"
    stages = base_stages() + [
        {"type": "weights", "inputs": ["districts"], "method": "queen"},
        {"type": "gistar", "group": "vald", "measure": "count", "permutations": 99},
        {"type": "gistar", "group": "vald", "measure": "count", "permutations": 99, "prefix": "gistar"},
        {"type": "write.gpkg", "path": str(out)}]
    result = run_pipeline(tmp_path, {"pipeline": stages})
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith(
        "write.gpkg: column 'gistar_g' of table 'delomraden' is claimed by both 'gistar' and 'gistar#2'"), result.stderr
    assert not out.exists()


def test_inputs_limit_what_is_published_and_are_recorded(tmp_path):
    out = tmp_path / "some.gpkg"
    stages = base_stages() + [
        {"type": "kde", "inputs": ["assign"], "radius": 300, "pixel_size": 100, "groups": ["vald"]},
        {"type": "write.gpkg", "path": str(out), "inputs": ["districts", "aggregate"]}]
    result = run_pipeline(tmp_path, {"pipeline": stages})
    assert result.returncode == 0, result.stderr
    assert tables(out) == {"delomraden", "incident_counts", "perioder", "run_manifest", "layer_styles"}
    assert not list(tmp_path.glob("*.tif"))             # kde not an input: nothing of it published
    entries = {s["tag"]: s for s in manifest(out)["stages"]}
    assert entries["write.gpkg"]["inputs"] == ["districts", "aggregate"]
    assert entries["assign"]["inputs"] == ["incidents", "districts"]
    assert "inputs" not in entries["districts"]
    # Without "inputs": every earlier stage, in order.
    out2 = tmp_path / "all.gpkg"
    stages[-1] = {"type": "write.gpkg", "path": str(out2)}
    result = run_pipeline(tmp_path, {"pipeline": stages})
    assert result.returncode == 0, result.stderr
    entries = {s["tag"]: s for s in manifest(out2)["stages"]}
    assert entries["write.gpkg"]["inputs"] == [s.get("tag", s["type"]) for s in stages[:-1]]


def test_stages_help_shows_the_writer_default(tmp_path):
    text = run_trygg("stages", "write.gpkg").stdout
    assert "* (repeated, optional; default: every earlier stage)" in text
    listed = json.loads(run_trygg("stages", "--json").stdout)
    writer = [s for s in listed if s["type"] == "write.gpkg"][0]
    assert writer["inputs"][0]["repeated"] is True


def test_a_tag_option_naming_no_earlier_table_is_a_validation_error(tmp_path):
    pipeline = {"pipeline": [
        {"type": "read.districts", "tag": "districts", "path": str(E / "exempelstad.gpkg"), "layer": "delomraden",
         "code": "kod", "name": "namn"},
        {"type": "trygghetsanalys", "population": {"table": "districts", "value": "x"}},
        {"type": "write.gpkg", "path": str(tmp_path / "t.gpkg")}]}
    file = tmp_path / "p.json"
    file.write_text(json.dumps(pipeline), encoding="utf-8")
    result = run_trygg("validate", file)
    assert result.returncode == 3, result.stderr
    assert "trygghetsanalys: option 'population.table': 'districts' is a read.districts stage (kind 'districts'), " \
           "not of kind 'table'" in result.stderr
    pipeline["pipeline"][1]["population"]["table"] = "nosuch"
    file.write_text(json.dumps(pipeline), encoding="utf-8")
    result = run_trygg("validate", file)
    assert result.returncode == 3
    assert "trygghetsanalys: option 'population.table': 'nosuch' is not the tag of an earlier stage" in result.stderr
