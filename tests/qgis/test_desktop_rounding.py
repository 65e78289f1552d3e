# SPDX-License-Identifier: MIT
"""What the desktop loads after *Grid hotspots* shows rounded numbers (issue 18, sheets28): the
heatmap's legend in the user's number format with its unit (it read '2,873.37158'), and the
grid layer's real fields through a rounding field formatter (attribute table, identify)."""
import os

import pytest
from qgis.core import (QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsRasterLayer,
                       QgsVectorLayer)
from qgis.PyQt.QtCore import QLocale

import processing
from missing import skip_or_fail
from trygg import engine
from trygg.algorithms.base import EmbeddedStyles
from trygg.algorithms.grid_hotspots import GRID_LAYER, HeatmapStyle
from trygg.field_rounding import precision_for


def test_precision_by_kind_of_value():
    assert precision_for('gi_p') == 4 and precision_for('p_fdr') == 4 and precision_for('lisa_p_sim') == 4
    assert precision_for('vald_per_1000') == 1 and precision_for('per_km2') == 1
    assert precision_for('gi_z') == 2 and precision_for('antal_medel') == 2


def test_grid_hotspot_layers_load_rounded(real_engine, exempelstad, tmp_path, monkeypatch):
    if 'kde' not in engine.engine_stages(refresh=True):
        skip_or_fail('engine lacks the kde stage')
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    out = str(tmp_path / 'grid.gpkg')
    res = processing.run('trygg:gridhotspots', {
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
        'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
        'CATALOGUE': os.path.join(exempelstad, '..', 'catalog', 'brottskoder.csv'),
        'FROM': '2022-01-01', 'TO': '2025-12-31', 'GROUPS': 'vald', 'RADIUS': 300, 'PIXEL_SIZE': 50,
        'OUTPUT': out})
    # The heatmap as the desktop loads it (the algorithm's post-processor after the engine's qml).
    raster = QgsRasterLayer(res['RASTERS'][0], 'vald – grid')
    QgsProject.instance().addMapLayer(raster, False)
    HeatmapStyle.create().postProcessLayer(raster, QgsProcessingContext(), QgsProcessingFeedback())
    items = raster.renderer().shader().rasterShaderFunction().colorRampItemList()
    labels = [i.label for i in items]
    assert all(',' not in label or len(label.split(',')[1]) <= 4 for label in labels), labels   # no '2,873.37158'
    assert labels[-1].replace('\u202f', '').isdigit(), labels        # steps of hundreds: whole numbers
    assert all('.' not in label for label in labels), labels                  # Swedish decimal comma
    assert raster.name().startswith('vald – grid (') and 'km' in raster.name(), raster.name()
    # The grid layer: every real field rounded for display; the stored value unchanged.
    grid = QgsVectorLayer(res['GRID'], 'grid', 'ogr')
    QgsProject.instance().addMapLayer(grid, False)
    EmbeddedStyles.create([]).postProcessLayer(grid, QgsProcessingContext(), QgsProcessingFeedback())
    setups = {f.name(): grid.editorWidgetSetup(i) for i, f in enumerate(grid.fields())}
    assert setups['gi_z'].type() == 'Range' and setups['gi_z'].config()['Precision'] == 2
    assert setups['gi_p'].type() == 'Range' and setups['gi_p'].config()['Precision'] == 4
    assert setups['antal'].type() != 'Range'                 # counts are whole numbers already


def test_the_formatter_shows_a_real_value_rounded():
    from trygg.field_rounding import round_real_fields
    layer = QgsVectorLayer('None?field=gi_z:double&field=gi_p:double&field=namn:string', 'm', 'memory')
    QgsProject.instance().addMapLayer(layer, False)
    assert round_real_fields(layer) == {'gi_z': 2, 'gi_p': 4}
    formatter = QgsApplication.fieldFormatterRegistry().fieldFormatter('Range')
    for i, value, decimals in ((0, 2.873371580000001, 2), (1, 0.000123456, 4)):
        shown = formatter.representValue(layer, i, layer.editorWidgetSetup(i).config(), None, value)
        assert shown == QLocale().toString(value, 'f', decimals), (value, shown)
    QgsProject.instance().removeMapLayer(layer.id())
