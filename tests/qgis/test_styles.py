# SPDX-License-Identifier: MIT
"""The committed QML styles, embedded the way STYLES.md says, are applied by QGIS on open and
draw what they promise: Gi* bins blue–white–red, LISA classes, rates in quartiles, NULL
(suppressed) hatched and labelled '..'."""
import os

import pytest
from osgeo import ogr
from qgis.core import (QgsMapRendererParallelJob, QgsMapSettings, QgsProject, QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

from styles_util import STYLES_DIR, embed_style

SQUARES = [(i * 100.0, 0.0) for i in range(5)]


def write_squares(path, layer, fields, rows):
    """100 m squares in a row, one per row dict (None: NULL), written by GDAL (not by QGIS,
    not by Trygg)."""
    from osgeo import osr
    ds = ogr.GetDriverByName('GPKG').CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    lyr = ds.CreateLayer(layer, srs, ogr.wkbMultiPolygon)
    for name, kind in fields:
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for (x, y), row in zip(SQUARES, rows):
        f = ogr.Feature(lyr.GetLayerDefn())
        for name, value in row.items():
            if value is None:
                f.SetFieldNull(name)
            else:
                f.SetField(name, value)
        wkt = 'MULTIPOLYGON((({0} {1},{2} {1},{2} {3},{0} {3},{0} {1})))'.format(x, y, x + 100, y + 100)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None


def make_gpkg(path, rates, bins, classes):
    fields = (('kod', ogr.OFTString), ('namn', ogr.OFTString), ('vald_per_1000', ogr.OFTReal),
              ('gistar_bin', ogr.OFTInteger), ('lisa_class', ogr.OFTString))
    write_squares(path, 'delomraden', fields,
                  [{'kod': 'K%d' % i, 'namn': 'Område %d' % i, 'vald_per_1000': rates[i], 'gistar_bin': bins[i],
                    'lisa_class': classes[i]} for i in range(len(SQUARES))])


def render(layer, size=500):
    ms = QgsMapSettings()
    ms.setLayers([layer])
    ms.setDestinationCrs(layer.crs())
    ms.setExtent(QgsRectangle(0, -200, 500, 300))
    ms.setOutputSize(QSize(size, size))
    ms.setBackgroundColor(QColor('#000000'))
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def centre_colour(img, i):
    # Square i spans x 100i..100i+100, y 0..100 → pixels (100i..100i+100, 200..300) at 1 px/m.
    # Sample a little off the centre so the label text is not hit.
    return QColor(img.pixel(int(i * 100 + 20), 280)).name()


def colours_in_square(img, i):
    return {QColor(img.pixel(x, y)).name() for x in range(i * 100 + 5, i * 100 + 95, 2) for y in range(205, 295, 2)}


@pytest.fixture
def gpkg(tmp_path):
    path = str(tmp_path / 'styled.gpkg')
    make_gpkg(path, rates=[1.0, 2.0, 3.0, 4.0, None], bins=[-3, -1, 0, 2, 3], classes=['HH', 'LL', 'HL', 'LH', 'ns'])
    return path


def open_layer(path, name='delomraden'):
    layer = QgsVectorLayer('{}|layername={}'.format(path, name), name, 'ogr')
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer, False)  # owned by a project (exitQgis pitfall)
    return layer


def test_every_committed_style_parses(tmp_path):
    names = sorted(n for n in os.listdir(STYLES_DIR) if n.endswith('.qml'))
    # kde_raster.qml is a raster template the engine fills in (tests/qgis/test_kde_raster_opens_styled.py).
    assert names == ['atgard_delomraden.qml',  # issue 19: evaluate_measure roles
                     'delomraden.qml',
                     'emerging_delomraden.qml',  # issue 19: emerging hot-spot categories
                     'gistar_delomraden.qml', 'gistar_grid.qml', 'kde_raster.qml',
                     'lisa_delomraden.qml', 'lisa_grid.qml', 'motesplatser.qml', 'trygghetsanalys.qml']
    for n in names:
        if n == 'kde_raster.qml':
            continue
        geometry = 'Point' if n == 'motesplatser.qml' else 'MultiPolygon'
        layer = QgsVectorLayer(geometry + '?crs=EPSG:3006&field=vald_per_1000:double&field=gistar_bin:integer'
                               '&field=lisa_class:string&field=namn:string&field=risk_total:double'
                               '&field=kvot:double&field=kvot_lag:double', 'm', 'memory')
        msg, ok = layer.loadNamedStyle(os.path.join(STYLES_DIR, n))
        assert ok, (n, msg)


def test_gistar_bins_blue_white_red(gpkg):
    embed_style(gpkg, 'delomraden', 'gistar_delomraden.qml')
    layer = open_layer(gpkg)
    assert layer.renderer().type() == 'categorizedSymbol'
    assert layer.renderer().classAttribute() == 'gistar_bin'
    img = render(layer)
    # bins -3, -1, 0, 2, 3 in RdBu
    assert [centre_colour(img, i) for i in range(5)] == ['#2166ac', '#d1e5f0', '#f7f7f7', '#ef8a62', '#b2182b']
    assert layer.labelsEnabled()


def test_lisa_classes(gpkg):
    embed_style(gpkg, 'delomraden', 'lisa_delomraden.qml')
    layer = open_layer(gpkg)
    assert 'lisa_class' in layer.renderer().classAttribute()
    img = render(layer)
    assert [centre_colour(img, i) for i in range(5)] == ['#d7191c', '#2c7bb6', '#fdae61', '#abd9e9', '#f0f0f0']


def test_lisa_integer_codes_as_the_statistics_stage_writes_them(tmp_path):
    # GeoDa's codes as trygg's local_moran writes them: 1 HH, 2 LL, 3 LH, 4 HL, 0 ns.
    path = str(tmp_path / 'codes.gpkg')
    make_gpkg(path, rates=[1.0] * 5, bins=[0] * 5, classes=['HH'] * 5)
    from osgeo import ogr
    ds = ogr.Open(path, 1)
    lyr = ds.GetLayerByName('delomraden')
    lyr.CreateField(ogr.FieldDefn('code', ogr.OFTInteger))
    ds = None
    ds = ogr.Open(path, 1)
    ds.ExecuteSQL('ALTER TABLE delomraden DROP COLUMN lisa_class')
    ds.ExecuteSQL('ALTER TABLE delomraden RENAME COLUMN code TO lisa_class')
    for fid, code in zip(range(1, 6), [1, 2, 4, 3, 0]):
        ds.ExecuteSQL('UPDATE delomraden SET lisa_class = {} WHERE fid = {}'.format(code, fid))
    ds = None
    embed_style(path, 'delomraden', 'lisa_delomraden.qml')
    layer = open_layer(path)
    assert layer.fields().field('lisa_class').typeName().lower().startswith('int')
    img = render(layer)
    assert [centre_colour(img, i) for i in range(5)] == ['#d7191c', '#2c7bb6', '#fdae61', '#abd9e9', '#f0f0f0']


def test_rates_quartiles_and_suppressed_hatched(gpkg):
    embed_style(gpkg, 'delomraden', 'delomraden.qml')
    layer = open_layer(gpkg)
    assert layer.renderer().type() == 'RuleRenderer'
    img = render(layer)
    # Rates 1..4: QGIS's q1 = 1.5, median 2.5, q3 = 3.5 over the four non-NULL values: one per class.
    assert [centre_colour(img, i) for i in range(4)] == ['#fef0d9', '#fdcc8a', '#fc8d59', '#d7301f']
    hatched = colours_in_square(img, 4)
    greys = {c for c in hatched if c[1:3] == c[3:5] == c[5:7] and 0x90 <= int(c[1:3], 16) <= 0xd0}
    assert '#ffffff' in hatched and greys                        # white with grey hatching
    # The label of the suppressed square reads '..'
    settings = layer.labeling().settings()
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils
    ctx = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    expr = QgsExpression(settings.fieldName)
    texts = []
    for f in layer.getFeatures():
        ctx.setFeature(f)
        texts.append(expr.evaluate(ctx))
    assert texts[4] == 'Område 4\n..'
    assert texts[0] == 'Område 0\n1.0' or texts[0] == 'Område 0\n1,0'


def test_only_the_default_row_is_applied(gpkg):
    embed_style(gpkg, 'delomraden', 'lisa_delomraden.qml', default=False)
    embed_style(gpkg, 'delomraden', 'gistar_delomraden.qml', default=True)
    layer = open_layer(gpkg)
    assert layer.renderer().classAttribute() == 'gistar_bin'


def test_rate_field_is_chosen_by_layer_variable(tmp_path):
    """The engine writes <grupp>_per_1000 per crime group; @trygg_rate_field picks one."""
    path = str(tmp_path / 'groups.gpkg')
    write_squares(path, 'delomraden',
                  (('namn', ogr.OFTString), ('vald_per_1000', ogr.OFTReal), ('tillgrepp_per_1000', ogr.OFTReal)),
                  [{'namn': 'O%d' % i, 'vald_per_1000': float(i + 1),        # increasing
                    'tillgrepp_per_1000': float(4 - i)} for i in range(4)])  # decreasing
    embed_style(path, 'delomraden', 'delomraden.qml')
    layer = open_layer(path)
    from qgis.core import QgsExpressionContextUtils
    assert QgsExpressionContextUtils.layerScope(layer).variable('trygg_rate_field') == 'vald_per_1000'
    img = render(layer)
    assert [centre_colour(img, i) for i in range(4)] == ['#fef0d9', '#fdcc8a', '#fc8d59', '#d7301f']
    QgsExpressionContextUtils.setLayerVariable(layer, 'trygg_rate_field', 'tillgrepp_per_1000')
    img = render(layer)
    assert [centre_colour(img, i) for i in range(4)] == ['#d7301f', '#fc8d59', '#fdcc8a', '#fef0d9']


def test_grid_style_reads_gi_bin_as_grid_hotspots_writes_it(tmp_path):
    path = str(tmp_path / 'grid.gpkg')
    write_squares(path, 'hotspots_grid', (('gi_bin', ogr.OFTInteger),),
                  [{'gi_bin': b} for b in (-3, -1, 0, 2, 3)])
    embed_style(path, 'hotspots_grid', 'gistar_grid.qml')
    layer = open_layer(path, 'hotspots_grid')
    img = render(layer)
    assert [centre_colour(img, i) for i in range(5)] == ['#2166ac', '#d1e5f0', '#f7f7f7', '#ef8a62', '#b2182b']
    # No outlines: the pixel on the shared edge between two equal neighbours keeps their colour.
    assert QColor(img.pixel(100, 250)).name() not in ('#636363', '#000000')


def test_trygghetsanalys_score_quartiles_and_missing_hatched(tmp_path):
    """risk_total 1..4 (QGIS's quartiles 1.5/2.5/3.5: one per class) and NULL hatched, '..'."""
    path = str(tmp_path / 'scores.gpkg')
    write_squares(path, 'trygghetsanalys', (('namn', ogr.OFTString), ('risk_total', ogr.OFTReal)),
                  [{'namn': 'Område %d' % i,
                    'risk_total': float(i + 1) - 2.5 if i < 4 else None}  # z-score-like, negative too
                   for i in range(len(SQUARES))])
    embed_style(path, 'trygghetsanalys', 'trygghetsanalys.qml')
    layer = open_layer(path, 'trygghetsanalys')
    assert layer.renderer().type() == 'RuleRenderer'
    img = render(layer)
    assert [centre_colour(img, i) for i in range(4)] == ['#ffffb2', '#fecc5c', '#fd8d3c', '#e31a1c']
    hatched = colours_in_square(img, 4)
    assert '#ffffff' in hatched and len(hatched) > 1
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils
    ctx = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    expr = QgsExpression(layer.labeling().settings().fieldName)
    feats = list(layer.getFeatures())
    ctx.setFeature(feats[4])
    assert expr.evaluate(ctx) == 'Område 4\n..'
