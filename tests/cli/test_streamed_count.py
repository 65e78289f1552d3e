# SPDX-License-Identifier: MIT
"""Issue 20, bounded memory: a register that is only counted (read.incidents -> assign ->
aggregate -> write.gpkg) is read, assigned and counted a chunk at a time. The streamed run must
publish exactly what the whole-table run publishes: every table of both GeoPackages and the
manifest, on a register planted with what crosses chunk boundaries (duplicates, repeated ids),
points outside every district, area codes that match nothing, not-located rows, bad rows, a
stray record far before the rest, and the Exempelstad mix of x/y, lon/lat and area codes."""
import csv
import io
import json
import os
import sqlite3
import subprocess

import pytest

from trygg_cli import ROOT, manifest, shared_data, trygg_exe

GPKG = str(ROOT / "geodata/exempelstad/exempelstad.gpkg")
SOURCE = ROOT / "geodata/exempelstad/incidents.csv"
FIELDS = {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y", "lon": "lon",
          "lat": "lat", "area_code": "deso", "address": "adress", "sex": "kon", "age": "alder"}
CHUNK_BYTES = 20_000  # ~400 rows a chunk (two parts of ~200 on two threads)


def planted_register(path):
    """6,000 Exempelstad rows with planted rows throughout; returns what was planted."""
    with open(SOURCE, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:6001]
    col = {name: k for k, name in enumerate(header)}

    def row(**cells):
        r = [""] * len(header)
        for k, v in cells.items():
            r[col[k]] = v
        return r

    located = [r for r in body if r[col["x"]]]
    planted = {"exact": 0, "conflicting": 0}
    out = []
    for k, r in enumerate(body):
        out.append(r)
        if k % 997 == 500:  # an exact repeat of a row some chunks back
            out.append(list(body[k - 450]))
            planted["exact"] += 1
        if k % 1231 == 700:  # an id seen chunks back, with another date
            other = list(body[k - 600])
            other[col["brottsdatum"]] = "2023-06-30 23:59"
            out.append(other)
            planted["conflicting"] += 1
        if k % 701 == 100:  # a point far outside every district
            out.append(row(id=f"UT{k}", brottsdatum="2023-05-05 10:00", brottskod="9369", x="400000", y="6400000"))
        if k % 1500 == 1:  # an area code of another municipality
            out.append(row(id=f"KOD{k}", brottsdatum="2023-05-06", brottskod="1211", deso="0180C1234"))
        if k % 900 == 3:  # an impossible date
            out.append(row(id=f"FEL{k}", brottsdatum="2023-13-45", brottskod="1211", x="590261", y="6609533"))
        if k % 1100 == 5:  # no id, one content: repeats by content, chunks apart
            planted["exact"] += k > 5
            out.append(row(brottsdatum="2023-02-02 02:02", brottskod="0357", x=located[7][col["x"]],
                           y=located[7][col["y"]]))
    # A record years before the rest: a stray the coverage names, and an unknown category.
    out.insert(3000, row(id="TIDIG", brottsdatum="2015-01-10 12:00", brottskod="0357", x=located[3][col["x"]],
                         y=located[3][col["y"]]))
    out.insert(4000, row(id="OKAND", brottsdatum="2023-03-03", brottskod="9999999", x=located[4][col["x"]],
                         y=located[4][col["y"]], kon="X", alder="200"))
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header] + out)
    path.write_text(text.getvalue(), encoding="utf-8")
    return planted


def pipeline(out, register, aggregate_extra=None, duplicates=None):
    reader = {"type": "read.incidents", "tag": "incidents", "path": str(register), "fields": FIELDS,
              "crs": "EPSG:3006"}
    if duplicates:
        reader["duplicates"] = duplicates
    aggregate = {"type": "aggregate", "inputs": ["assign"], "period": "half-year", "suppress_below": 3}
    aggregate.update(aggregate_extra or {})
    return {"privacy": "publish", "seed": 7, "pipeline": [
        {"type": "read.districts", "tag": "districts", "path": GPKG, "layer": "delomraden", "code": "kod",
         "name": "namn"},
        reader,
        {"type": "assign", "inputs": ["incidents", "districts"]},
        aggregate,
        {"type": "write.gpkg", "path": str(out)}]}


def run(folder, spec, chunk_bytes=None):
    """Runs `spec` (writing to OUT under the test's folder, so that both runs' manifests name
    the same output) and moves what it wrote to `folder`."""
    file = folder.parent / "pipeline.json"
    file.write_text(json.dumps(spec), encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    env.pop("TRYGG_STREAM_CHUNK_BYTES", None)
    if chunk_bytes:
        env["TRYGG_STREAM_CHUNK_BYTES"] = str(chunk_bytes)
    result = subprocess.run([trygg_exe(), "run", str(file), "--progress=none"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    (folder.parent / "out").rename(folder)
    return result


# Differ between any two runs (times), or say how the run read.
RUN_KEYS = {"timings", "streamed"}


def tables(gpkg):
    """Every table of a GeoPackage, rows in the order written (manifest rows without RUN_KEYS)."""
    with sqlite3.connect(gpkg) as db:
        names = [n for (n,) in db.execute("select name from sqlite_master where type='table' order by name")]
        out = {}
        for name in names:
            rows = db.execute(f'select * from "{name}"').fetchall()
            if name == "run_manifest":
                rows = [r[1:] for r in rows if r[1] not in RUN_KEYS]  # (fid, key, value)
            if name in ("gpkg_ogr_contents", "sqlite_sequence"):  # its rows: one key more when streamed
                rows = [r for r in rows if r[0] != "run_manifest"]
            out[name] = rows
        return out


def assert_same_publication(whole_out, streamed_out):
    for suffix in (".gpkg", ".internal.gpkg"):
        whole = tables(whole_out.with_suffix("").with_name(whole_out.stem + suffix))
        streamed = tables(streamed_out.with_suffix("").with_name(streamed_out.stem + suffix))
        assert whole.keys() == streamed.keys()
        for name in whole:
            assert streamed[name] == whole[name], f"{suffix}: table {name} differs"
    side = [json.loads(p.with_name(p.stem + ".manifest.json").read_text()) for p in (whole_out, streamed_out)]
    for m in side:
        for key in RUN_KEYS:
            m.pop(key, None)
    assert side[0] == side[1]


def run_both_ways(tmp_path, make_spec, chunk_bytes):
    """Runs the pipeline `make_spec(out)` whole and streamed in chunks of `chunk_bytes`; checks
    that both say and publish the same and returns both runs (stderr and the two output paths)."""
    out = tmp_path / "out" / "out.gpkg"
    whole = run(tmp_path / "whole", make_spec(out))
    streamed = run(tmp_path / "streamed", make_spec(out), chunk_bytes)
    whole_out, streamed_out = tmp_path / "whole" / "out.gpkg", tmp_path / "streamed" / "out.gpkg"
    assert "streamed" not in manifest(str(whole_out))
    assert "streamed" in manifest(str(streamed_out))
    assert streamed.stderr == whole.stderr
    assert_same_publication(whole_out, streamed_out)
    return whole, streamed_out


@pytest.mark.parametrize("variant", ["measured", "declared"])
def test_streamed_count_publishes_what_the_whole_table_run_does(tmp_path, variant):
    register = tmp_path / "register.csv"
    planted = planted_register(register)
    extra = {"covered": {"from": "2022-01-01", "to": "2023-12-31"}} if variant == "declared" else {}
    whole, streamed_out = run_both_ways(tmp_path, lambda out: pipeline(out, register, extra), CHUNK_BYTES)
    assert manifest(str(streamed_out))["streamed"]["chunks"] >= register.stat().st_size // CHUNK_BYTES
    # What was planted is there (so the comparison below compares something).
    assert f"{planted['exact']} rows repeat an earlier row" in whole.stderr
    assert f"{planted['conflicting']} rows have an id seen on an earlier row with other content" in whole.stderr
    assert "fall outside every district" in whole.stderr and "0180C1234" in whole.stderr
    if variant == "measured":
        assert "TIDIG" in whole.stderr and "far outside the rest" in whole.stderr
    else:
        assert "outside the declared coverage" in whole.stderr


def test_streamed_count_keeps_every_row_with_duplicates_kept(tmp_path):
    register = tmp_path / "register.csv"
    planted_register(register)
    whole, _ = run_both_ways(tmp_path, lambda out: pipeline(out, register, duplicates="keep"), CHUNK_BYTES)
    assert "ids appear more than once" in whole.stderr


def test_a_pipeline_that_needs_the_records_is_not_streamed(tmp_path):
    # A KDE reads the assigned points: the whole table is kept, whatever the chunk size.
    register = tmp_path / "register.csv"
    planted_register(register)
    spec = pipeline(tmp_path / "out" / "out.gpkg", register)
    spec["pipeline"].insert(4, {"type": "kde", "inputs": ["assign"], "radius": 300, "pixel_size": 100})
    run(tmp_path / "kde", spec, CHUNK_BYTES)
    assert "streamed" not in manifest(str(tmp_path / "kde" / "out.gpkg"))


@pytest.mark.parametrize("body", ["", "E1,2023-02-01 10:00,1211,590261,6609533,,,,,,\n",
                                  "E1,2023-02-01 10:00,1211,590261,6609533,,,,,,",
                                  "\n\nE1,2023-02-01 10:00,1211,590261,6609533,,,,,,\n\n"],
                         ids=["header only", "one row", "no final line break", "blank lines"])
def test_tiny_registers_stream_as_they_are_read_whole(tmp_path, body):
    # Chunks of one byte: every row its own chunk, and a chunk with no row at all.
    register = tmp_path / "register.csv"
    register.write_text("id,brottsdatum,brottskod,x,y,lon,lat,deso,adress,kon,alder\n" + body, encoding="utf-8")
    run_both_ways(tmp_path, lambda out: pipeline(out, register), 1)


def real_pipeline(out, case):
    """Real registers (shared data): Västerås's police register by DeSO area code, with population
    by year and a declared coverage; San Francisco's 2012 incident points in lon/lat into block
    groups in US feet."""
    if case == "vasteras":
        v = shared_data("vasteras")
        return {"privacy": "publish", "seed": 1, "pipeline": [
            {"type": "read.districts", "tag": "regso", "path": str(v / "regso_2018.geojson"), "code": "regsokod",
             "name": "regso"},
            {"type": "read.districts", "tag": "deso", "path": str(v / "deso_2018.geojson"), "code": "deso",
             "names_from": "regso"},
            {"type": "read.table", "tag": "pop2022", "layout": "long",
             "path": str(v / "scb/population_by_age_2022.csv")},
            {"type": "read.table", "tag": "pop2023", "layout": "long", "year": 2023,
             "path": str(v / "scb/population_2023.csv")},
            {"type": "read.incidents", "tag": "register", "path": str(v / "police_register_by_deso.csv"),
             "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"},
             "from": "2020-01-01", "to": "2024-03-31"},
            {"type": "assign", "inputs": ["register", "deso"]},
            {"type": "aggregate", "inputs": ["assign"], "period": "half-year", "age_bands": [0, 20, 25, 45, 65],
             "covered": {"from": "2020-01-01", "to": "2024-03-31"},
             "population": {"value": "värde", "sex": "kön", "age": "ålder", "tables": ["pop2022", "pop2023"]}},
            {"type": "write.gpkg", "path": str(out)}]}
    sf = shared_data("crime/sf_2012")
    return {"privacy": "publish", "seed": 1, "crs": "EPSG:26910", "pipeline": [
        {"type": "read.districts", "tag": "blocks", "path": str(sf / "SFCrime_blocks.shp"), "code": "GEO_ID"},
        {"type": "read.incidents", "tag": "incidents", "path": str(sf / "sf_crimes_jul_dec2012.csv"),
         "fields": {"id": "IncidntNum", "time": "Date", "category": "Category", "lon": "X", "lat": "Y"}},
        {"type": "assign", "inputs": ["incidents", "blocks"]},
        {"type": "aggregate", "inputs": ["assign"], "period": "quarter"},
        {"type": "write.gpkg", "path": str(out)}]}


@pytest.mark.parametrize("case", ["vasteras", "sf_2012"])
def test_streamed_count_on_real_registers(tmp_path, case):
    _, streamed_out = run_both_ways(tmp_path, lambda out: real_pipeline(out, case), 8_000)
    assert manifest(str(streamed_out))["streamed"]["chunks"] > 10
