# SPDX-License-Identifier: MIT
"""A long district name is set smaller to stay on one line, and a sheet labels its own district
always and its neighbours where they fit (legend18: seen on the contact sheet of all 84
Västerås sheets: a title wrapped over the subtitle; codes heaped on large rural DeSO)."""
from qgis.core import QgsExpression, QgsFeature, QgsPalLayerSettings, QgsPrintLayout, QgsProject, QgsVectorLayer

from trygg.cartography import labels, title_fit


def test_a_title_too_wide_is_scaled_to_its_box_and_no_further():
    # 263 mm at 20 pt in a 200 mm box: 20 * 200 / 263 = 15.2 pt (to a tenth, rounded down)
    assert title_fit.fitted_size(263.0, 200.0, 20) == 15.2
    assert title_fit.fitted_size(135.0, 200.0, 20) == 20          # fits: unchanged
    assert title_fit.fitted_size(600.0, 200.0, 20) == 11          # 6.7 pt would be unreadable: 11


def test_the_sheets_own_district_is_always_labelled_and_first_its_neighbours_only_where_they_fit():
    s = labels.always_placed('"kod"', always=labels.ATLAS_DISTRICT).settings()
    assert not s.displayAll
    always = s.dataDefinedProperties().property(QgsPalLayerSettings.AlwaysShow).expressionString()
    priority = s.dataDefinedProperties().property(QgsPalLayerSettings.Priority).expressionString()
    layer = QgsVectorLayer('Polygon?crs=EPSG:3006&field=kod:string', 'd', 'memory')
    features = []
    for kod in ('1980C1150', '1980C1160'):
        f = QgsFeature(layer.fields())
        f['kod'] = kod
        features.append(f)
    layer.dataProvider().addFeatures(features)
    project = QgsProject()
    project.addMapLayer(layer)
    layout = QgsPrintLayout(project)
    atlas = layout.atlas()
    atlas.setCoverageLayer(layer)
    atlas.setEnabled(True)
    atlas.beginRender()
    atlas.seekTo(1)                                   # the sheet of 1980C1160
    context = layout.createExpressionContext()
    for feature in layer.getFeatures():
        context.setFeature(feature)
        own = feature['kod'] == '1980C1160'
        assert bool(QgsExpression(always).evaluate(context)) is own
        assert QgsExpression(priority).evaluate(context) == (10 if own else 5)
    atlas.endRender()
    assert labels.always_placed('"kod"').settings().displayAll     # the overview keeps every label
