# SPDX-License-Identifier: MIT
"""The kde rasters open styled in QGIS: the engine writes <name>.qml beside each <name>.tif, and
QGIS applies it when the GeoTIFF is opened (with or without the plugin)."""
import os

import pytest
from qgis.core import QgsProject, QgsRasterLayer

import processing
from trygg import engine
from missing import import_or_fail, skip_or_fail

gdal = import_or_fail('osgeo.gdal')


def test_heatmap_tif_opens_with_the_engines_style(real_engine, exempelstad, tmp_path):
    if 'kde' not in engine.engine_stages(refresh=True):
        skip_or_fail('engine lacks the kde stage')
    out = str(tmp_path / 'grid.gpkg')
    res = processing.run('trygg:gridhotspots', {
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
        'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
        'CATALOGUE': os.path.join(exempelstad, '..', 'catalog', 'brottskoder.csv'),
        'FROM': '2022-01-01', 'TO': '2025-12-31', 'GROUPS': 'vald,skadegorelse', 'RADIUS': 300, 'PIXEL_SIZE': 50,
        'OUTPUT': out})
    rasters = res['RASTERS']
    assert len(rasters) == 2
    for path in rasters:
        assert os.path.isfile(os.path.splitext(path)[0] + '.qml')
        layer = QgsRasterLayer(path, 'kde')                # opened as a user would: default style
        assert layer.isValid()
        QgsProject.instance().addMapLayer(layer, False)
        renderer = layer.renderer()
        assert renderer.type() == 'singlebandpseudocolor'  # a Float32 band alone would open grey
        ds = gdal.Open(path)                               # kept open while its band is used
        lo, hi = ds.GetRasterBand(1).ComputeRasterMinMax(False)
        ds = None
        assert renderer.classificationMin() == pytest.approx(lo, rel=1e-6, abs=1e-9)
        assert renderer.classificationMax() == pytest.approx(hi, rel=1e-6)
        assert renderer.opacity() == pytest.approx(0.8)
        items = renderer.shader().rasterShaderFunction().colorRampItemList()
        assert items[0].color.alpha() == 0 and items[-1].color.alpha() == 255
        assert items[-1].color.name() == '#e31a1c'
