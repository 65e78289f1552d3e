# SPDX-License-Identifier: MIT
"""Canonical text form of everything a Trygg run writes, and one SHA-256 per table or file.

A run's output folder holds one GeoPackage and its side files (kde GeoTIFFs and their .qml
styles, CSV copies, `<name>.manifest.json`). Each GeoPackage table and each side file becomes
one canonical text, so two runs can be compared table by table:

- GeoPackage tables and views (layers, attribute tables and the gpkg_* metadata): a header with the
  column names and declared types, then every row in primary-key (fid) order; integers as
  decimal, reals with repr() (shortest round-trip, so full precision), text JSON-quoted,
  blobs (geometries: the GeoPackage header + WKB) as hex. R-tree shadow tables are left out
  (derived from the layer), the R-tree itself is dumped.
- GeoTIFFs through GDAL: size, georeferencing (geotransform, projection WKT), per band the
  data type, nodata, metadata and the SHA-256 of the pixel data.
- Text files (.qml, .csv, .json): their text. JSON is parsed and re-dumped with sorted keys.
- Run manifests (the `run_manifest` table and `*.manifest.json`): `timings` dropped (wall
  times differ between runs; absent anyway under SOURCE_DATE_EPOCH) and absolute paths
  replaced by placeholders (<OUT>, <DATA>, <ROOT>), so worktrees and temp folders compare.
  Each stage's `inputs` (recorded since the issue-13 writer; the pre-refactor baseline has
  none) is dropped too: what it records is tested in tests/cli/test_writer_inputs.py.
"""
import hashlib
import json
import sqlite3
from pathlib import Path

from osgeo import gdal

gdal.UseExceptions()

RTREE_SHADOW_SUFFIXES = ("_node", "_parent", "_rowid")


class Normaliser:
    """Replaces absolute folder paths in text by placeholders (longest path first)."""

    def __init__(self, folders):
        self.pairs = sorted(((str(Path(p).resolve()), name) for name, p in folders.items() if p),
                            key=lambda pair: -len(pair[0]))

    def __call__(self, text):
        for path, name in self.pairs:
            text = text.replace(path, name)
        return text


def _drop_stage_inputs(stages):
    for stage in stages if isinstance(stages, list) else []:
        if isinstance(stage, dict) and "tag" in stage and "type" in stage:
            stage.pop("inputs", None)


def _manifest_json(text, normalise, indent=1):
    value = json.loads(text)
    if isinstance(value, dict):
        value.pop("timings", None)
        _drop_stage_inputs(value.get("stages"))
    else:
        _drop_stage_inputs(value)  # the `stages` row of the run_manifest table
    return normalise(json.dumps(value, sort_keys=True, ensure_ascii=False, indent=indent))


def _cell(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):  # never from sqlite, but keep ints and bools apart
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes):
        return "x'" + value.hex() + "'"
    return json.dumps(value, ensure_ascii=False)


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def gpkg_tables(path, normalise):
    """{table name: canonical text} for every table of a GeoPackage (or any SQLite file)."""
    out = {}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in db.execute(
            "select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' order by name")]
        rtrees = {n for n in names if n.startswith("rtree_")}
        for name in names:
            if any(name.endswith(s) and name[: -len(s)] in rtrees for s in RTREE_SHADOW_SUFFIXES):
                continue
            info = db.execute(f"pragma table_info({_quote(name)})").fetchall()
            columns = [c[1] for c in info]
            pk = [c[1] for c in sorted((c for c in info if c[5]), key=lambda c: c[5])]
            without_rowid = db.execute("select sql from sqlite_master where name=?", (name,)).fetchone()[0] or ""
            if pk:
                order = ", ".join(_quote(c) for c in pk)
            elif without_rowid.upper().startswith("CREATE VIEW"):
                # A view (the internal file's rejects) has no rowid: its rows in fid order.
                order = _quote("fid") if "fid" in columns else ", ".join(_quote(c) for c in columns)
            elif "WITHOUT ROWID" in without_rowid.upper():
                order = ", ".join(_quote(c) for c in columns)
            else:
                order = "rowid"
            lines = ["columns: " + json.dumps([[c[1], c[2]] for c in info], ensure_ascii=False)]
            manifest = name == "run_manifest"
            for row in db.execute(f"select * from {_quote(name)} order by {order}"):
                cells = [_cell(v) for v in row]
                if manifest and "value" in columns and row[columns.index("value")] is not None:
                    # key 'timings' is dropped whole; every other value is normalised JSON.
                    key = row[columns.index("key")] if "key" in columns else None
                    if key == "timings":
                        continue
                    cells[columns.index("value")] = _manifest_json(row[columns.index("value")], normalise, None)
                lines.append("|".join(normalise(c) for c in cells))
            out[name] = "\n".join(lines) + "\n"
    finally:
        db.close()
    return out


def raster_text(path):
    ds = gdal.Open(str(path))
    lines = [f"driver: {ds.GetDriver().ShortName}",
             f"size: {ds.RasterXSize} {ds.RasterYSize} {ds.RasterCount}",
             f"geotransform: {[repr(v) for v in ds.GetGeoTransform(can_return_null=True) or []]}",
             f"projection: {ds.GetProjectionRef()}",
             f"metadata: {json.dumps(ds.GetMetadata() or {}, sort_keys=True, ensure_ascii=False)}",
             f"image_structure: {json.dumps(ds.GetMetadata('IMAGE_STRUCTURE') or {}, sort_keys=True)}"]
    for i in range(1, ds.RasterCount + 1):
        band = ds.GetRasterBand(i)
        data = band.ReadRaster()
        nodata = band.GetNoDataValue()
        lines += [f"band {i}: {gdal.GetDataTypeName(band.DataType)} nodata={nodata!r} "
                  f"colour={gdal.GetColorInterpretationName(band.GetColorInterpretation())}",
                  f"band {i} metadata: {json.dumps(band.GetMetadata() or {}, sort_keys=True, ensure_ascii=False)}",
                  f"band {i} pixels sha256: {hashlib.sha256(data).hexdigest()}"]
    ds = None
    return "\n".join(lines) + "\n"


def file_text(path, normalise):
    name = path.name
    if name.endswith(".manifest.json"):
        return _manifest_json(path.read_text(encoding="utf-8"), normalise)
    if path.suffix.lower() in (".tif", ".tiff"):
        return raster_text(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "binary sha256: " + hashlib.sha256(data).hexdigest() + "\n"
    if path.suffix.lower() == ".json":
        return normalise(json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False, indent=1))
    return normalise(text)


def canonical_output(folder, normalise):
    """{entry name: canonical text} for a run's output folder: 'file.gpkg:table' per GeoPackage
    table, 'file' per other file (sub-folders by relative path)."""
    folder = Path(folder)
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if path.suffix.lower() == ".gpkg":
            out[rel] = "GeoPackage\n"  # the file exists; its content is in the table entries
            for table, text in gpkg_tables(path, normalise).items():
                out[f"{rel}:{table}"] = text
        else:
            out[rel] = file_text(path, normalise)
    return out


def digests(canonical):
    return {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in sorted(canonical.items())}
