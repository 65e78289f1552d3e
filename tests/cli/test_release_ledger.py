# SPDX-License-Identifier: MIT
"""The release ledger against the four differencing attacks of issue 14, on Exempelstad.

Each attack is two publications into one ledger: the second is refused with exit 7 and one
line naming the first release, and writes nothing. An identical re-publication and a frozen
closed period re-published with late registrations are accepted. Which incidents differ is
planted by the test (one added row, one merged district, the half-year the year spans, the
December a longer period adds); the checks' own counting is unit-tested on hand-made data."""
import csv
import json
import sqlite3

from osgeo import ogr

from trygg_cli import ROOT, manifest, run_pipeline

GEODATA = ROOT / "geodata" / "exempelstad"
FIELDS = {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y", "lon": "lon",
          "lat": "lat", "area_code": "deso", "sex": "kon", "age": "alder"}


def publication(tmp, out, *, districts=GEODATA / "exempelstad.gpkg", incidents=GEODATA / "incidents.csv",
                period="half-year", to="2024-12-31", freeze=None, fields=None):
    doc = {"privacy": "publish", "ledger": str(tmp / "ledger.sqlite"), "pipeline": [
        {"type": "read.districts", "path": str(districts), "layer": "delomraden", "code": "kod", "name": "namn"},
        {"type": "read.incidents", "path": str(incidents), "fields": fields or FIELDS, "crs": "EPSG:3006",
         "from": "2024-01-01", "to": to},
        {"type": "assign"},
        {"type": "aggregate", "period": period, "suppress_below": 5},
        {"type": "write.gpkg", "path": str(out)}]}
    if freeze:
        doc["freeze"] = {"until": freeze}
    return doc


def releases(tmp):
    with sqlite3.connect(tmp / "ledger.sqlite") as db:
        return db.execute("select id, time, output from release order by id").fetchall()


def first_release(tmp, **options):
    result = run_pipeline(tmp, publication(tmp, tmp / "first.gpkg", **options))
    assert result.returncode == 0, result.stderr
    assert len(releases(tmp)) == 1


def assert_refused(tmp, result, reason):
    """Exit 7, one line naming release 1 (id, date, file) and the reason; nothing written."""
    assert result.returncode == 7, result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1 and lines[0].startswith("trygg: write.gpkg: the release ledger"), result.stderr
    (rid, time, output), = releases(tmp)
    assert f"earlier release {rid} of {time}, '{output}'" in lines[0]
    assert output == "first.gpkg"
    assert reason in lines[0], lines[0]
    assert not (tmp / "second.gpkg").exists()
    assert not (tmp / "second.manifest.json").exists()


def second(tmp, **options):
    return run_pipeline(tmp, publication(tmp, tmp / "second.gpkg", **options))


def test_identical_republication_is_accepted_and_recorded(tmp_path):
    first_release(tmp_path)
    result = second(tmp_path)
    assert result.returncode == 0, result.stderr
    assert [r[2] for r in releases(tmp_path)] == ["first.gpkg", "second.gpkg"]
    with sqlite3.connect(tmp_path / "ledger.sqlite") as db:
        periods = db.execute("select release, label, first_day, last_day, incident_fingerprint "
                             "from release_period order by release, label").fetchall()
        cells = db.execute("select count(*) from release_cell where release = 1").fetchone()[0]
    assert [p[1:4] for p in periods] == [("2024H1", "2024-01-01", "2024-06-30"),
                                        ("2024H2", "2024-07-01", "2024-12-31")] * 2
    assert periods[0][4] == periods[2][4] and periods[1][4] == periods[3][4]
    # 25 districts and the whole × 2 periods × 5 groups × 4 sexes × 7 age labels.
    assert cells == 26 * 2 * 5 * 4 * 7


def test_rerun_with_one_more_incident_is_refused(tmp_path):
    first_release(tmp_path)
    more = tmp_path / "incidents.csv"
    text = (GEODATA / "incidents.csv").read_text(encoding="utf-8")
    more.write_text(text + "E999999,2024-05-10 12:00,9369,590261,6609533,,,,,K,34\n", encoding="utf-8")
    assert_refused(tmp_path, second(tmp_path, incidents=more),
                   "period 2024H1 (2024-01-01..2024-06-30) was published before from another incident set")


def merged_districts(tmp):
    """Exempelstad's delområden with the first two merged into one (code M)."""
    src = ogr.Open(str(GEODATA / "exempelstad.gpkg"))
    layer = src.GetLayerByName("delomraden")
    features = [(f.GetField("kod"), f.GetField("namn"), f.GetGeometryRef().Clone()) for f in layer]
    path = tmp / "merged.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    out = ds.CreateLayer("delomraden", layer.GetSpatialRef(), ogr.wkbMultiPolygon)
    for name in ("kod", "namn"):
        out.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    merged = features[0][2].Union(features[1][2])
    rows = [("M", "Merged", merged)] + features[2:]
    for code, name, geometry in rows:
        f = ogr.Feature(out.GetLayerDefn())
        f.SetField("kod", code)
        f.SetField("namn", name)
        f.SetGeometry(ogr.ForceToMultiPolygon(geometry))
        out.CreateFeature(f)
    ds = None
    return path, features[0][0], features[1][0]


def test_merged_district_is_refused(tmp_path):
    first_release(tmp_path)
    path, a, b = merged_districts(tmp_path)
    result = second(tmp_path, districts=path)
    assert_refused(tmp_path, result, "the district layer differs from the earlier release's for period 2024H1")
    assert "∩ district 'M' holds 1 to 4 incidents" in result.stderr
    assert f"earlier district '{a}'" in result.stderr or f"earlier district '{b}'" in result.stderr


def test_half_year_after_its_year_is_refused(tmp_path):
    first_release(tmp_path, period="year")
    assert_refused(tmp_path, second(tmp_path),
                   "period 2024H1 (2024-01-01..2024-06-30) overlaps period 2024 (2024-01-01..2024-12-31) "
                   "without being equal, and the days in the earlier period but not in it hold 1 to 4 incidents")


def test_period_ending_31_december_after_30_november_is_refused(tmp_path):
    first_release(tmp_path, to="2024-11-30")
    assert_refused(tmp_path, second(tmp_path),
                   "period 2024H2 (2024-07-01..2024-12-31) overlaps period 2024H2 (2024-07-01..2024-11-30) "
                   "without being equal, and the days in it but not in the earlier period hold 1 to 4 incidents")


def registered_incidents(tmp, late_row):
    """incidents.csv with a registration date three days after each incident, plus `late_row`."""
    path = tmp / "registered.csv"
    with open(GEODATA / "incidents.csv", encoding="utf-8", newline="") as src, \
            open(path, "w", encoding="utf-8", newline="") as dst:
        reader = csv.reader(src)
        writer = csv.writer(dst)
        writer.writerow(next(reader) + ["registrerad"])
        for row in reader:
            day = row[1][:10]
            writer.writerow(row + [day if day < "2024-06-25" else "2024-07-05"])
        if late_row:
            writer.writerow(late_row)
    return path


def test_frozen_closed_period_is_reproduced_with_late_registrations(tmp_path):
    fields = dict(FIELDS, registered="registrerad")
    first_release(tmp_path, incidents=registered_incidents(tmp_path, None), to="2024-06-30",
                  freeze="2024-06-30", fields=fields)
    # Half a year later: H2's incidents and one H1 incident registered only in August.
    late = ["E999999", "2024-05-10 12:00", "9369", "590261", "6609533", "", "", "", "", "K", "34", "2024-08-02"]
    incidents = registered_incidents(tmp_path, late)
    result = second(tmp_path, incidents=incidents, freeze="2024-06-30", fields=fields)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "ledger.sqlite") as db:
        h1 = db.execute("select incident_fingerprint, incidents from release_period where label = '2024H1' "
                        "order by release").fetchall()
    assert len(h1) == 2 and h1[0] == h1[1]
    # The late incident is accounted as outside, and rows still add up.
    acc = manifest(tmp_path / "second.gpkg")
    (entry,) = [a for a in acc["accounting"] if a["source"].endswith("registered.csv")]
    assert entry["used"] + entry["outside"] + entry["not_located"] + entry["rejected"] == entry["rows"]
    assert acc["freeze"]["until"] == "2024-06-30"
    # Incidents of 25-30 June were registered in July (planted above), and the late one.
    with open(incidents, encoding="utf-8") as f:
        planted = sum(1 for row in csv.reader(f) if "2024-01-01" <= row[1][:10] <= "2024-06-30"
                      and row[-1] > "2024-06-30")
    assert acc["freeze"]["registered_after_freeze"] == planted
    # Without freezing, the same re-publication is refused: the late incident changes 2024H1.
    (tmp_path / "second.gpkg").unlink()
    (tmp_path / "second.manifest.json").unlink()
    ledger = tmp_path / "ledger.sqlite"
    with sqlite3.connect(ledger) as db:
        for table in ("release_cell", "release_period", "release_district"):
            db.execute(f"delete from {table} where release = 2")
        db.execute("delete from release where id = 2")
    result = second(tmp_path, incidents=incidents, fields=fields)
    assert_refused(tmp_path, result, "period 2024H1 (2024-01-01..2024-06-30) was published before")


def test_ledger_path_must_be_a_string(tmp_path):
    doc = publication(tmp_path, tmp_path / "x.gpkg")
    doc["ledger"] = 3
    result = run_pipeline(tmp_path, doc)
    assert result.returncode == 3 and "'ledger' must be the path" in result.stderr
    doc = publication(tmp_path, tmp_path / "x.gpkg", freeze="2024-06-30")
    result = run_pipeline(tmp_path, doc)
    assert result.returncode == 3 and "map \"registered\"" in result.stderr, result.stderr


def test_publication_of_incidents_without_an_aggregate_is_refused(tmp_path):
    """A KDE-only publication could be differenced against the next one unchecked: with a ledger
    it is refused until the aggregate of the same incidents is among the writer's inputs."""
    doc = publication(tmp_path, tmp_path / "kde.gpkg")
    doc["pipeline"][3] = {"type": "kde", "radius": 300, "pixel_size": 50}
    result = run_pipeline(tmp_path, doc)
    assert result.returncode == 7, result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1 and lines[0].startswith("trygg: write.gpkg: the release ledger"), result.stderr
    assert "has none among the writer's inputs" in lines[0], lines[0]
    assert not (tmp_path / "kde.gpkg").exists()
    assert not (tmp_path / "ledger.sqlite").exists() or releases(tmp_path) == []
    doc["pipeline"].insert(4, {"type": "aggregate", "inputs": ["assign"], "period": "half-year"})
    result = run_pipeline(tmp_path, doc)
    assert result.returncode == 0, result.stderr
    assert len(releases(tmp_path)) == 1
