# SPDX-License-Identifier: MIT
"""`trygg batch FOLDER --jobs N` (issue 20): a folder of per-municipality pipelines run as
independent processes into one PostGIS database, one schema each."""
import json
import subprocess

from pg_settings import DATABASE
from test_postgis import EX, SERVICE, ogr2ogr, stages
from trygg_cli import ROOT, trygg_exe


def test_batch_writes_one_schema_per_municipality(pg, tmp_path):
    # Three "municipalities": the Exempelstad districts split in three, each with its own
    # table of districts in the database and its own pipeline.
    pg.sql("CREATE SCHEMA IF NOT EXISTS batch_kalla")
    ogr2ogr(pg, EX / "exempelstad.gpkg", "delomraden", "-lco", "SCHEMA=batch_kalla", "-nln", "alla")
    codes = [r[0] for r in pg.sql("SELECT kod FROM batch_kalla.alla ORDER BY kod")]
    parts = {"kommun_a": codes[0::3], "kommun_b": codes[1::3], "kommun_c": codes[2::3]}
    folder = tmp_path / "pipelines"
    folder.mkdir()
    for name, part in parts.items():
        listed = ", ".join(f"'{c}'" for c in part)
        pg.sql(f"DROP TABLE IF EXISTS batch_kalla.{name}; CREATE TABLE batch_kalla.{name} AS "
               f"SELECT * FROM batch_kalla.alla WHERE kod IN ({listed})")
        s = stages(SERVICE, EX / "befolkning.csv", EX / "incidents.csv", tmp_path / "out" / f"{name}.gpkg",
                   schema=f"trygg_{name}", layers=(f"batch_kalla.{name}", "", ""))
        s[3]["max_outside_share"] = 1.0  # two thirds of Exempelstad's incidents are another part's
        (folder / f"{name}.json").write_text(json.dumps({"seed": 7, "pipeline": s}), encoding="utf-8")
    r = subprocess.run([trygg_exe(), "batch", str(folder), "--jobs", "2", "--logs", str(tmp_path / "logs")],
                       cwd=ROOT, capture_output=True, text=True, timeout=900, env=pg.env())
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("ok     ") == 3 and "3 of 3 pipelines succeeded" in r.stdout, r.stdout
    for name, part in parts.items():
        got = pg.sql(f"SELECT count(*) FROM trygg_{name}.delomraden")
        assert got == [[str(len(part))]], name
        # Each municipality's counts are its own districts' (the file run of the same pipeline agrees).
        total = pg.sql(f"SELECT sum(antal) FROM trygg_{name}.incident_counts WHERE kod <> 'totalt'")
        assert total and total[0][0] not in ("", "0"), name
        assert (tmp_path / "logs" / f"{name}.log").exists()
    assert pg.sql("SELECT count(DISTINCT f_table_schema) FROM public.layer_styles "
                  "WHERE f_table_schema LIKE 'trygg_kommun_%'") == [["3"]]


def test_batch_reports_a_failing_pipeline_and_runs_the_others(pg, tmp_path):
    folder = tmp_path / "pipelines"
    folder.mkdir()
    good = stages(EX / "exempelstad.gpkg", EX / "befolkning.csv", EX / "incidents.csv", tmp_path / "good.gpkg")
    bad = stages(EX / "saknas.gpkg", EX / "befolkning.csv", EX / "incidents.csv", tmp_path / "bad.gpkg")
    (folder / "a_bad.json").write_text(json.dumps(bad), encoding="utf-8")
    (folder / "b_good.json").write_text(json.dumps(good), encoding="utf-8")
    r = subprocess.run([trygg_exe(), "batch", str(folder), "-j", "2"], cwd=ROOT, capture_output=True, text=True,
                       timeout=600, env=pg.env())
    assert r.returncode == 4, r.stdout + r.stderr
    assert "FAILED a_bad.json" in r.stdout and "exit 4" in r.stdout and "not found" in r.stdout
    assert "ok     b_good.json" in r.stdout and (tmp_path / "good.gpkg").exists()
    assert "1 of 2 pipelines failed" in r.stderr
