# SPDX-License-Identifier: MIT
"""Result layers as the desktop shows them (issue 18): the alternative styles the GeoPackage
stores (Gi*, LISA) are offered under Layer > Styles, result layers are named after their run,
and a sheet's PNG is written without GDAL's "ERROR 6" in the log."""
import os

import pytest
from qgis.core import (QgsLayoutExporter, QgsPrintLayout, QgsProcessingContext, QgsProcessingFeedback, QgsProject,
                       QgsVectorLayer)

from result_fixture import make_result
from styles_util import embed_style
from trygg.algorithms.base import EmbeddedStyles, TryggAlgorithm, stored_styles
from trygg.png_export import export_png


@pytest.fixture
def result(exempelstad, tmp_path):
    path = str(tmp_path / 'resultat_2024H2.gpkg')
    make_result(os.path.join(exempelstad, 'exempelstad.gpkg'), path)   # embeds the default style
    # ... and, as the engine does after gistar and local_moran, the alternatives by column name
    embed_style(path, 'delomraden', 'gistar_delomraden.qml', default=False, style_name='gistar_bin')
    return path


def test_the_stored_gi_style_is_offered_by_name_beside_the_default(result):
    stored = stored_styles(result, 'delomraden')
    assert [name for name, _ in stored] == ['Hotspots (Gi*)'], stored   # gistar_bin, not the default
    layer = QgsVectorLayer(result + '|layername=delomraden', 'd', 'ogr')
    QgsProject.instance().addMapLayer(layer)
    try:
        EmbeddedStyles([], 'Brott per 1 000 invånare').postProcessLayer(layer, QgsProcessingContext(),
                                                                         QgsProcessingFeedback())
        manager = layer.styleManager()
        assert set(manager.styles()) == {'Brott per 1 000 invånare', 'Hotspots (Gi*)'}
        assert manager.currentStyle() == 'Brott per 1 000 invånare'      # the default stays current
        manager.setCurrentStyle('Hotspots (Gi*)')
        assert layer.renderer().classAttribute() == 'gistar_bin'
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def _global_statistics(gpkg, rows):
    """The engine's global_statistics table, planted: (stage, variable '<group> <period>')."""
    from osgeo import ogr
    ds = ogr.Open(gpkg, update=1)
    table = ds.CreateLayer('global_statistics', None, ogr.wkbNone)
    for name in ('stage', 'variable'):
        table.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for stage, variable in rows:
        f = ogr.Feature(table.GetLayerDefn())
        f.SetField('stage', stage)
        f.SetField('variable', variable)
        table.CreateFeature(f)
    ds = None


@pytest.mark.parametrize('lang, rates, gi', [
    ('sv', 'Våld · 2024H2 · anmälda brott per 1 000 inv. – resultat_2024H2',
     'Hotspots (Gi*) · Skadegörelse · 2024H1 – resultat_2024H2'),
    ('en', 'Violence · 2024H2 · reported crimes per 1,000 inh. – resultat_2024H2',
     'Hot spots (Gi*) · Vandalism · 2024H1 – resultat_2024H2')])
def test_the_legend_names_group_and_period_of_the_current_style(result, monkeypatch, lang, rates, gi):
    """Issue 18: the Layers panel (the desktop's legend) names what the layer maps. The fixture's
    rates are for 2024H2 (its period column) and the default style shows vald; the Gi* run was
    planted on skadegörelse in 2024H1, so a title copied from the rates would show."""
    monkeypatch.setenv('TRYGG_LANG', lang)
    _global_statistics(result, [('gistar', 'skadegorelse 2024H1')])
    layer = QgsVectorLayer(result + '|layername=delomraden', 'd', 'ogr')
    QgsProject.instance().addMapLayer(layer)
    try:
        default = 'Brott per 1 000 invånare'
        EmbeddedStyles([], default, 'resultat_2024H2').postProcessLayer(layer, QgsProcessingContext(),
                                                                         QgsProcessingFeedback())
        assert layer.name() == rates
        node = QgsProject.instance().layerTreeRoot().findLayer(layer.id())
        assert node.name() == rates                     # what the Layers panel shows
        layer.styleManager().setCurrentStyle(gi.split(' – ')[0].split(' · ')[0])
        assert layer.name() == gi                       # follows the style picked under Layer > Styles
        layer.styleManager().setCurrentStyle(default)
        assert layer.name() == rates
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_result_layers_are_named_after_the_run(result):
    alg = TryggAlgorithm()
    names = []
    for kwargs in ({}, {'display_names': {'delomraden': 'Hotspots per delområde'}, 'run_name': 'vald 2024H2'}):
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        alg.hand_back_layers(result, ['delomraden'], context, **kwargs)
        names += [d.name for d in context.layersToLoadOnCompletion().values()]
    names.sort()
    assert names == ['Hotspots per delområde – vald 2024H2', 'delomraden – resultat_2024H2'], names


def test_a_png_sheet_without_gdal_noise(result, tmp_path, capfd):
    layer = QgsVectorLayer(result + '|layername=delomraden', 'd', 'ogr')
    QgsProject.instance().addMapLayer(layer)
    try:
        layout = QgsPrintLayout(QgsProject.instance())
        layout.initializeDefaults()
        from qgis.core import QgsLayoutItemMap, QgsLayoutPoint, QgsLayoutSize
        item = QgsLayoutItemMap(layout)
        item.attemptMove(QgsLayoutPoint(10, 10))
        item.attemptResize(QgsLayoutSize(200, 150))
        item.setLayers([layer])
        item.setExtent(layer.extent())
        layout.addLayoutItem(item)
        # GDAL's messages are caught by a handler of our own, not read from stderr: another test in
        # the same process may have set gdal.UseExceptions(), which stops GDAL printing them.
        from osgeo import gdal
        messages = []
        gdal.PushErrorHandler(lambda cls, number, text: messages.append((cls, number, text)))
        try:
            # What the sheets did: exportToImage, which GDAL answers with ERROR 6 (the test can fail).
            settings = QgsLayoutExporter.ImageExportSettings()
            settings.dpi = 40
            assert QgsLayoutExporter(layout).exportToImage(str(tmp_path / 'old.png'), settings) == QgsLayoutExporter.Success
            assert any(number == 6 and cls >= gdal.CE_Failure for cls, number, _ in messages), messages
            messages.clear()
            written = export_png(layout, str(tmp_path / 'sheet.png'), 40)
            assert not [m for m in messages if m[0] >= gdal.CE_Failure], messages
        finally:
            gdal.PopErrorHandler()
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    from qgis.PyQt.QtGui import QImage
    image = QImage(written[0])
    old = QImage(str(tmp_path / 'old.png'))
    assert written == [str(tmp_path / 'sheet.png')]
    assert (image.width(), image.height()) == (old.width(), old.height())   # A4 landscape at 40 dpi
    assert round(image.dotsPerMeterX() * 0.0254) == 40
