# SPDX-License-Identifier: MIT
"""No published file holds record-level data (issue 14).

Runs published pipelines (the Exempelstad examples, the Västerås police register with planted
bad rows, Polisen's event feed) and scans every published file beside the output: every table
and cell of the GeoPackage (layer_styles, run_manifest and the gpkg_* metadata included), the
manifest JSON, CSV side files, QML styles and each GeoTIFF's metadata (gdalinfo -json). The
needles come from the inputs, read here independently of the engine: every input id, every
exact input timestamp (raw, and as normalised ISO text), the row numbers of the rows that were
not used, and every area code fewer than 5 input rows carry (codes of the published district
layer are public geography and left out). The record-level rows must be in the internal file
instead (`<stem>.internal.gpkg`, never published)."""
import csv
import json
import re
import sqlite3
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from osgeo import gdal, ogr

from test_exempelstad import example_pipeline
from test_trygghetsanalys import exempelstad_pipeline as trygghetsanalys_pipeline
from test_vasteras import register_pipeline
from trygg_cli import ROOT, internal_file, manifest, query, run_pipeline, shared_data

THRESHOLD = 5
STOCKHOLM = ZoneInfo("Europe/Stockholm")
TOKEN = re.compile(r"[0-9A-Za-zÅÄÖåäöÉé_]+(?:\.[0-9]+)*")
DATE_TIME = re.compile(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)?")
ROW_REFERENCE = re.compile(r"\b(?:row|rows|line|lines|rad|raden|rader|feature)\s+(\d+)\b", re.IGNORECASE)
RECORD_COLUMNS = {"rad", "row", "source_row", "id", "adress"}


def timestamp_variants(raw):
    """The raw text and the ISO forms a program would normalise it to (Swedish wall-clock time)."""
    out = {raw.strip()}
    m = re.fullmatch(r"\s*(\d{4})[-/]?(\d{2})[-/]?(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
                     r"\s*(Z|[+-]\d{2}:?\d{2})?\s*", raw)
    if not m:
        return out
    y, mo, d, hh, mi, ss, tz = m.groups()
    try:
        when = datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        return out  # an impossible date: only its raw text can leak
    if tz:
        offset = "+00:00" if tz == "Z" else tz if ":" in tz else tz[:3] + ":" + tz[3:]
        when = datetime.fromisoformat(when.isoformat() + offset).astimezone(STOCKHOLM).replace(tzinfo=None)
    day = when.strftime("%Y-%m-%d")
    if hh is None:
        out.add(day)
    else:
        for sep in ("T", " "):
            out.add(f"{day}{sep}{when:%H:%M}")
            out.add(f"{day}{sep}{when:%H:%M:%S}")
    return out


class Needles:
    def __init__(self):
        self.ids, self.times, self.rows, self.codes = set(), set(), set(), set()


def input_needles(path, id_field, time_field, code_field, district_codes, unused_rows):
    n = Needles()
    codes = Counter()
    with open(path, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row.get(id_field):
                n.ids.add(row[id_field].strip())
            if row.get(time_field):
                n.times |= timestamp_variants(row[time_field])
            if code_field and row.get(code_field):
                codes[row[code_field].strip()] += 1
    n.codes = {c for c, k in codes.items() if k < THRESHOLD and c not in district_codes}
    n.rows = set(unused_rows)
    return n


def published_texts(folder):
    """(where, text) for every cell and file a run published in `folder`; the internal file left out."""
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".internal.gpkg") or path.name.startswith("."):
            continue
        if path.suffix == ".gpkg":
            with sqlite3.connect(path) as db:
                tables = [t for (t,) in db.execute("select name from sqlite_master where type in ('table', 'view')")]
                for table in tables:
                    cur = db.execute(f'select * from "{table}"')
                    columns = [c[0] for c in cur.description]
                    for row in cur:
                        for column, value in zip(columns, row):
                            # gpkg_contents.last_change is the time the file was written
                            if isinstance(value, str) and not (table.startswith("gpkg_") and column == "last_change"):
                                yield f"{path.name}:{table}.{column}", value
                    yield f"{path.name}:{table} (columns)", " ".join(columns)
        elif path.suffix == ".tif":
            yield path.name, json.dumps(gdal.Info(str(path), format="json"), ensure_ascii=False)
        elif path.suffix in (".json", ".csv", ".qml"):
            yield path.name, path.read_text(encoding="utf-8")
        else:
            pytest.fail(f"unexpected published file {path.name}: add it to the scan")


def record_columns(folder):
    found = []
    for path in folder.glob("*.gpkg"):
        if path.name.endswith(".internal.gpkg"):
            continue
        for (table,) in query(path, "select table_name from gpkg_contents where table_name <> 'layer_styles'"):
            cols = {c[1].lower() for c in query(path, f'pragma table_info("{table}")')}
            found += [f"{path.name}:{table}.{c}" for c in cols & RECORD_COLUMNS]
    return found


def leaks(folder, needles):
    found = []
    for where, text in published_texts(folder):
        for token in TOKEN.findall(text):
            if token in needles.ids:
                found.append(f"{where}: input id {token!r}")
            if token in needles.codes:
                found.append(f"{where}: area code {token!r} carried by fewer than {THRESHOLD} incidents")
        for m in DATE_TIME.finditer(text):
            s = m.group(0)
            prefixes = {s, s[:10], s[:16], s[:19]}
            for p in prefixes & needles.times:
                found.append(f"{where}: input timestamp {p!r}")
        for m in ROW_REFERENCE.finditer(text):
            if int(m.group(1)) in needles.rows:
                found.append(f"{where}: source row reference {m.group(0)!r}")
    return found




def check_run(gpkg, needles_of, pipeline):
    """Scans the run's folder; `needles_of(unused_rows)` builds the needles from the inputs.
    Values the operator wrote in the pipeline (a study period's first day) are theirs to publish."""
    folder = gpkg.parent
    rejects = query(internal_file(gpkg), "select rad, id, utfall, orsak from rejects")
    acc = manifest(gpkg)["accounting"]
    assert len(rejects) == sum(a["rows"] - a["used"] for a in acc) > 0, acc
    needles = needles_of({r[0] for r in rejects})
    needles.times -= set(DATE_TIME.findall(json.dumps(pipeline)))
    assert needles.ids and needles.times
    problems = record_columns(folder) + leaks(folder, needles)
    assert not problems, f"{len(problems)} record-level values published, e.g.\n" + "\n".join(problems[:15])
    internal = gpkg.parent / (gpkg.stem + ".internal.gpkg")
    assert internal_file(gpkg) == internal, "the internal file is missing"
    # The publication counts them instead, never per row.
    assert query(gpkg, "select count(*) from gpkg_contents where table_name in ('rejects', 'incidents', "
                       "'geokodning', 'internal_log')") == [(0,)]
    published = query(gpkg, "select utfall, antal from avvisade")
    assert {u for u, _ in published} == {r[2] for r in rejects}
    check_avvisade(gpkg, rejects)
    return internal


def check_avvisade(gpkg, rejects):
    """avvisade against what a reader knows: each bucket's total (the manifest's accounting)
    and, for not_located, the geocoding totals (records - accepted = not geocoded). A line
    with one withheld count would give it away; published counts are 0 or >= THRESHOLD."""
    acc = manifest(gpkg)["accounting"]
    rows = query(gpkg, "select steg, utfall, orsak, antal, undertryckt from avvisade")
    truth = Counter(r[2] for r in rejects)
    for steg, bucket in {(r[0], r[1]) for r in rows}:
        total = sum(a[bucket] for a in acc if a["stage"] == steg)
        assert total == truth[bucket]
        line = [r for r in rows if r[:2] == (steg, bucket)]
        assert all(r[3] is None or r[3] == 0 or r[3] >= THRESHOLD for r in line), line
        assert all((r[3] is None) == (r[4] == 1) for r in line), line
        for part in (line, [r for r in line if r[2] != "not geocoded"]):
            withheld = [r for r in part if r[4] == 1]
            assert len(withheld) != 1, line
        assert sum(r[3] or 0 for r in line) <= total


def exempelstad_district_codes():
    ds = ogr.Open(str(ROOT / "geodata/exempelstad/exempelstad.gpkg"))
    return {f.GetField("kod") for f in ds.GetLayerByName("delomraden")}


def exempelstad_needles(unused_rows):
    return input_needles(ROOT / "geodata/exempelstad/incidents.csv", "id", "brottsdatum", "deso",
                         exempelstad_district_codes(), unused_rows)


def test_exempelstad_example_pipeline(tmp_path):
    gpkg = tmp_path / "out" / "exempelstad.gpkg"
    pipeline = example_pipeline(gpkg, "publish", core_only=False)
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 0, result.stderr
    internal = check_run(gpkg, exempelstad_needles, pipeline)
    # The full messages stay with the operator: on stderr and in the internal file.
    assert "row " in result.stderr or "line " in result.stderr
    log = [t for (t,) in query(internal, "select meddelande from internal_log")]
    assert any("first:" in t for t in log), log


def test_exempelstad_trygghetsanalys(tmp_path):
    gpkg = tmp_path / "out" / "trygghetsanalys.gpkg"
    pipeline = trygghetsanalys_pipeline(gpkg)
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 0, result.stderr
    check_run(gpkg, exempelstad_needles, pipeline)


def vasteras_deso_codes():
    ds = ogr.Open(str(shared_data("vasteras/deso_2018.geojson")))
    return {f.GetField("deso") for f in ds.GetLayer(0)}


def test_vasteras_police_register_with_planted_bad_rows(tmp_path):
    """The register as published by the police, with planted rows of each kind a run sets
    aside: an impossible date, a date outside the study period, a code no DeSO has (carried
    by one row), a row that is no number of columns."""
    src = shared_data("vasteras/police_register_by_deso.csv")
    with open(src, encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    coded = [r for r in rows if r["DeSO.område"]]
    coded[0]["Brottsdatum"] = "2023-02-30"
    coded[1]["DeSO.område"] = "1980C9991"
    coded[2]["DeSO.område"] = "1980C9992"
    coded[3]["DeSO.område"] = "1980C9992"
    changed = tmp_path / "register.csv"
    with open(changed, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
        f.write("broken row,99999999\n")
    out = tmp_path / "out" / "vasteras.gpkg"
    pipeline = register_pipeline(out, privacy="publish")
    pipeline["pipeline"][2]["path"] = str(changed)
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 0, result.stderr
    assert "1980C9991" in result.stderr  # the operator still sees the codes

    def needles(unused_rows):
        n = input_needles(changed, "Id", "Brottsdatum", "DeSO.område", vasteras_deso_codes(), unused_rows)
        n.ids.add("99999999")
        assert {"1980C9991", "1980C9992", "2023-02-30"} <= n.codes | n.times
        return n

    internal = check_run(out, needles, pipeline)
    reasons = {r[3] for r in query(internal, "select rad, id, utfall, orsak from rejects")}
    assert any("1980C9991" in r for r in reasons), reasons
    # The planted rows are counted under their categories, withheld (1 or 3 rows each).
    avvisade = {(u, o): (n, w) for u, o, n, w in query(out, "select utfall, orsak, antal, undertryckt from avvisade")}
    assert avvisade[("rejected", "impossible date")] == (None, 1)
    assert avvisade[("rejected", "malformed row")] == (None, 1)
    assert avvisade[("outside", "area code is no district code")] == (None, 1)


def test_polisen_event_feed(tmp_path):
    feed = shared_data("vasteras/police_events_2023_2026.csv")
    out = tmp_path / "out" / "events.gpkg"
    pipeline = {"privacy": "publish", "pipeline": [
        {"type": "read.districts", "path": str(shared_data("vasteras/deso_2018.geojson")), "code": "deso"},
        {"type": "read.incidents", "path": str(feed),
         "fields": {"id": "id", "time": "datetime", "lon": "gps_lon", "lat": "gps_lat"}},
        {"type": "assign"},
        {"type": "aggregate"},
        {"type": "kde", "inputs": ["assign"], "radius": 500, "pixel_size": 100},
        {"type": "write.gpkg", "path": str(out)}]}
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 0, result.stderr
    check_run(out, lambda unused: input_needles(feed, "id", "datetime", None, set(), unused), pipeline)
