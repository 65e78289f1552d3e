# SPDX-License-Identifier: MIT
"""The sheets' cartography (issue 18), checked against hand-worked values: Swedish number
format, class limits from the published rates, the dense-centre inset, the refusal of a
GeoPackage that is not a Trygg result and of an unknown crime group, the offline note."""
import os

import pytest
from osgeo import ogr, osr
from qgis.core import QgsProcessingException

import processing
from result_fixture import make_result
from trygg.cartography import background, breakdown, classes, numbers, overview
from trygg.algorithms import result_check, result_reader as rr

NB = '\u202f'


def test_swedish_numbers_use_a_decimal_comma_and_thin_space_thousands(monkeypatch):
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    assert numbers.number(2873.37158, 1) == '2' + NB + '873,4'
    assert numbers.number(7.9, 1) == '7,9'
    assert numbers.number(-1234567, 0) == '\u22121' + NB + '234' + NB + '567'
    assert numbers.number(-0.04, 1) == '0,0'            # no "−0,0"
    assert numbers.number_or_dots(None) == '..'
    assert numbers.value_range(2, 11, 1) == '2,0\u201311,0'
    monkeypatch.setenv('TRYGG_LANG', 'en')
    assert numbers.number(2873.37158, 1) == '2,873.4'


def test_decimals_grow_until_limits_are_distinct():
    assert numbers.decimals_for([0.02, 0.04], 1) == 2          # 0,0 and 0,0 at one decimal
    assert numbers.decimals_for([1.0, 2.0], 1) == 1


def test_rate_classes_zero_class_and_quartile_limits(monkeypatch):
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    # 3 zeros; positives 1..8: nearest-rank quartile limits 2, 4, 6, 8 (by hand).
    values = [0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]
    rules = classes.rate_classes(values)
    assert [label for _, _, label in rules] == ['0 (inga anmälda brott)', '1,0\u20132,0', '2,0\u20134,0',
                                                '4,0\u20136,0', '6,0\u20138,0']
    assert rules[2][0].format(f='"x"') == '"x" > 2.0 AND "x" <= 4.0'
    # Two distinct positive values: two classes, no empty ones.
    assert [label for _, _, label in classes.rate_classes([3.5, 3.5, 9.25])][-2:] == ['3,5', '3,5\u20139,2']
    assert classes.rate_classes([]) == []


def test_dense_box_holds_half_the_points_and_is_the_smallest():
    town = [(x, y) for x in range(5) for y in range(4)]             # 20 points in a 4 x 3 block
    country = [(1000, 0), (0, 1000), (-1000, 0), (0, -1000), (800, 800), (-800, -800)]
    cx, cy, r = overview.dense_box(town + country)
    inside = [p for p in town + country if abs(p[0] - cx) <= r and abs(p[1] - cy) <= r]
    assert len(inside) >= 13 and r <= 2                             # 13 of 26, within the town
    box = overview.inset_extent(town + country, 2000, 2000)
    assert box is not None and box[2] - box[0] < 10
    # Evenly spread districts: no inset.
    grid = [(x * 100, y * 100) for x in range(6) for y in range(6)]
    assert overview.inset_extent(grid, 500, 500) is None


def test_offline_is_decided_without_the_network(monkeypatch):
    monkeypatch.setenv(background.OFFLINE_ENV, '1')
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    assert background.online() is False
    assert background.basemap(True) == (None, 'Bakgrundskarta saknas (offline)')
    assert background.basemap(False) == (None, '')


def test_age_bands_in_numeric_order():
    bands = ['65-', 'alla', '20-24', 'okänd', '0-19', '25-44']
    assert sorted(bands, key=breakdown._age_key) == ['0-19', '20-24', '25-44', '65-', 'okänd', 'alla']


def _plain_gpkg(path):
    """A district layer with kod and namn but no Trygg figures (as exempelstad.gpkg itself)."""
    ds = ogr.GetDriverByName('GPKG').CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    layer = ds.CreateLayer('delomraden', srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn('kod', ogr.OFTString))
    f = ogr.Feature(layer.GetLayerDefn())
    f.SetField('kod', 'A')
    f.SetGeometry(ogr.CreateGeometryFromWkt('POLYGON((0 0,1 0,1 1,0 0))'))
    layer.CreateFeature(f)
    ds = None


@pytest.mark.parametrize('lang', ['sv', 'en'])
def test_a_geopackage_that_is_not_a_trygg_result_is_refused_in_one_line(tmp_path, monkeypatch, lang):
    monkeypatch.setenv('TRYGG_LANG', lang)
    gpkg = str(tmp_path / 'plain.gpkg')
    _plain_gpkg(gpkg)
    with pytest.raises(QgsProcessingException) as e:
        processing.run('trygg:districtmaps', {'RESULT': gpkg, 'FORMATS': [1], 'DPI': 50, 'OUTPUT': str(tmp_path / 'o')})
    message = str(e.value)
    assert '\n' not in message and gpkg in message
    assert ('inget Trygg-resultat' if lang == 'sv' else 'not a Trygg result') in message
    assert not os.path.exists(str(tmp_path / 'o')) or not os.listdir(str(tmp_path / 'o'))


@pytest.mark.parametrize('lang', ['sv', 'en'])
def test_an_unknown_group_is_refused_naming_the_groups(exempelstad, tmp_path, monkeypatch, lang):
    monkeypatch.setenv('TRYGG_LANG', lang)
    gpkg = str(tmp_path / 'result.gpkg')
    make_result(os.path.join(exempelstad, 'exempelstad.gpkg'), gpkg)
    with pytest.raises(QgsProcessingException) as e:
        processing.run('trygg:districtmaps', {'RESULT': gpkg, 'GROUP': 'inbrott', 'FORMATS': [1], 'DPI': 50,
                                              'OUTPUT': str(tmp_path / 'o')})
    message = str(e.value)
    assert '\n' not in message and "'inbrott'" in message and 'vald, skadegorelse, tillgrepp' in message
    assert ('finns inte i' if lang == 'sv' else 'is not in') in message


def test_a_group_not_in_the_source_reads_finns_ej_i_kallan(monkeypatch):
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    assert rr.missing_label('ej i källan') == 'finns ej i källan'
    assert rr.format_count(12345) == '12' + NB + '345'
    assert rr.format_count(None) == '..'


def _kde_tif(path, unit='incidents per km²'):
    """A small raster as the kde stage writes it (values, TRYGG_UNIT metadata), EPSG:3006."""
    from osgeo import gdal
    ds = gdal.GetDriverByName('GTiff').Create(path, 4, 4, 1, gdal.GDT_Float32)
    ds.SetGeoTransform([150000, 500, 0, 6590000, 0, -500])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(__import__('numpy').array(
        [[0, 100, 500, 2873.37158]] * 4, dtype='float32'))
    ds.SetMetadataItem('TRYGG_UNIT', unit)
    ds = None


def test_the_heatmap_legend_is_rounded_and_names_its_unit(tmp_path, monkeypatch):
    from qgis.core import (QgsColorRampShader, QgsRasterLayer, QgsRasterShader,
                           QgsSingleBandPseudoColorRenderer)
    from qgis.PyQt.QtGui import QColor
    from trygg.cartography import heatmap
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    tif = str(tmp_path / 'kde.tif')
    _kde_tif(tif)
    layer = QgsRasterLayer(tif, 'kde')
    assert layer.isValid()
    ramp = QgsColorRampShader(0, 2873.37158)
    ramp.setColorRampItemList([QgsColorRampShader.ColorRampItem(v, QColor('#ffff00'), str(v))
                               for v in (0.0, 718.342895, 1436.68579, 2873.37158)])
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    layer.setRenderer(QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader))
    assert heatmap.relabel(layer) == 'brott per km²'
    labels = [i.label for i in layer.renderer().shader().rasterShaderFunction().colorRampItemList()]
    assert labels == ['0', '718', '1' + NB + '437', '2' + NB + '873']     # steps of ~718: whole numbers
    assert layer.name() == 'Täthet (brott per km²)'
    assert heatmap.rounded_decimals([0, 0.05, 0.1]) == 2


def test_a_raster_background_replaces_the_offline_note(exempelstad, tmp_path, monkeypatch):
    from qgis.core import QgsProject, QgsRasterLayer
    import json
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    monkeypatch.setenv(background.OFFLINE_ENV, '1')
    gpkg = str(tmp_path / 'result.gpkg')
    make_result(os.path.join(exempelstad, 'exempelstad.gpkg'), gpkg)
    tif = str(tmp_path / 'kde.tif')
    _kde_tif(tif)
    raster = QgsRasterLayer(tif, 'värmekarta')
    QgsProject.instance().addMapLayer(raster)
    try:
        res = processing.run('trygg:districtmaps', {'RESULT': gpkg, 'BACKGROUND': [raster.id()], 'FORMATS': [1],
                                                    'DPI': 50, 'DISTRICTS': '9999C0010', 'OUTPUT': str(tmp_path / 'o')})
    finally:
        QgsProject.instance().removeMapLayer(raster.id())
    index = json.load(open(res['INDEX'], encoding='utf-8'))
    assert index['background'] == ['värmekarta'] and index['basemap_note'] == ''


def test_the_online_check_gives_up_after_its_timeout(monkeypatch):
    import socket
    import time
    monkeypatch.delenv(background.OFFLINE_ENV, raising=False)

    def hanging(*args, **kwargs):   # a name lookup that never answers
        time.sleep(10)
        raise OSError('late')
    monkeypatch.setattr(socket, 'create_connection', hanging)
    start = time.monotonic()
    assert background.online(timeout=0.5) is False
    assert time.monotonic() - start < 2.0


def test_the_web_map_is_an_xyz_layer_of_openstreetmap():
    # Built without the network (this machine is offline; the tiles load when drawn).
    layer = background.osm_layer()
    assert layer is not None and layer.providerType() == 'wms'
    assert 'type=xyz' in layer.source() and 'tile.openstreetmap.org' in layer.source()


def test_labels_always_place_and_the_inset_takes_its_own(qgis_app):
    from qgis.core import (QgsExpression, QgsExpressionContext, QgsExpressionContextScope, QgsFeature, QgsField,
                           QgsFields, QgsGeometry)
    from qgis.PyQt.QtCore import QVariant
    from trygg.cartography import labels
    settings = labels.always_placed('"kod"').settings()
    assert settings.displayAll and settings.callout() is not None and settings.callout().enabled()
    expression = labels.overview_label('"kod"', (0, 0, 10, 10))
    fields = QgsFields()
    fields.append(QgsField('kod', QVariant.String))

    def label(x, map_id):
        f = QgsFeature(fields)
        f['kod'] = 'C1160'
        f.setGeometry(QgsGeometry.fromWkt('POLYGON(({0} 1,{1} 1,{1} 2,{0} 2,{0} 1))'.format(x, x + 1)))
        scope = QgsExpressionContextScope()
        scope.setFeature(f)
        scope.setVariable('map_id', map_id)
        context = QgsExpressionContext()
        context.appendScope(scope)
        e = QgsExpression(expression)
        assert not e.hasParserError(), e.parserErrorString()
        return e.evaluate(context)
    assert label(1, 'map_rates') is None              # inside the box: not on the main map ...
    assert label(1, 'map_inset') == 'C1160'           # ... but in the inset
    assert label(50, 'map_rates') == 'C1160'          # outside the box: on the main map
    assert labels.overview_label('"kod"', None) == '"kod"'
