# SPDX-License-Identifier: MIT
"""The QGIS style (.qml) the kde stage writes beside each GeoTIFF: present for every raster,
its range that raster's own (read back with GDAL, not from the engine), listed in the manifest."""
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from missing import import_or_fail
from trygg_cli import ROOT, manifest, run_pipeline

gdal = import_or_fail("osgeo.gdal")

E = ROOT / "geodata/exempelstad"


def kde_pipeline(out, groups):
    return {"pipeline": [
        {"type": "read.districts", "tag": "districts", "path": str(E / "exempelstad.gpkg"), "layer": "delomraden",
         "code": "kod", "name": "namn"},
        {"type": "read.incidents", "tag": "incidents", "path": str(E / "incidents.csv"),
         "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y"},
         "crs": "EPSG:3006", "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv")},
        {"type": "assign", "inputs": ["incidents", "districts"]},
        {"type": "kde", "inputs": ["assign"], "radius": 300, "pixel_size": 50, "groups": groups},
        {"type": "write.gpkg", "path": str(out)}]}


def test_every_raster_has_a_style_with_its_own_range(tmp_path):
    out = tmp_path / "kde.gpkg"
    result = run_pipeline(tmp_path, kde_pipeline(out, ["vald", "narkotika"]))
    assert result.returncode == 0, result.stderr
    tifs = sorted(tmp_path.glob("*.tif"))
    assert len(tifs) == 2
    maxima = []
    for tif in tifs:
        qml = tif.with_suffix(".qml")
        assert qml.is_file(), qml
        ds = gdal.Open(str(tif))                     # kept open while its band is used
        lo, hi = ds.GetRasterBand(1).ComputeRasterMinMax(False)   # exact, nodata excluded
        ds = None
        renderer = ET.parse(qml).getroot().find("pipe/rasterrenderer")
        assert renderer.get("type") == "singlebandpseudocolor"
        assert float(renderer.get("classificationMin")) == pytest.approx(lo, rel=1e-6, abs=1e-9)
        assert float(renderer.get("classificationMax")) == pytest.approx(hi, rel=1e-6)
        assert float(renderer.get("opacity")) == pytest.approx(0.8)
        shader = renderer.find("rastershader/colorrampshader")
        items = [(float(i.get("value")), int(i.get("alpha"))) for i in shader.findall("item")]
        assert items[0] == (pytest.approx(lo, rel=1e-6, abs=1e-9), 0)     # low end see-through
        assert items[-1][0] == pytest.approx(hi, rel=1e-6) and items[-1][1] == 255
        assert [v for v, _ in items] == sorted(v for v, _ in items)
        assert float(shader.get("maximumValue")) == pytest.approx(hi, rel=1e-6)
        maxima.append(hi)
    assert maxima[0] != pytest.approx(maxima[1])       # each raster its own range, not a shared one
    listed = {Path(o["path"]).name for o in manifest(out)["outputs"]}
    assert {t.with_suffix(".qml").name for t in tifs} <= listed
