#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the QGIS styles (QML) of Trygg's output layers, using QGIS itself so the files are
exactly what QGIS writes and reads. The .qml files are committed; the engine embeds them in
the GeoPackage `layer_styles` table (see STYLES.md). Re-run after changing this script:

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 plugins/qgis/trygg/styles/make_styles.py

The rate style is data-adaptive: quartile classes computed by QGIS expressions (q1, median,
q3) when the layer is drawn, so one static style fits any municipality and period.
"""
import os
import sys
import tempfile

os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
if 'XDG_RUNTIME_DIR' not in os.environ:
    os.environ['XDG_RUNTIME_DIR'] = tempfile.mkdtemp()

from qgis.core import (QgsApplication, QgsCategorizedSymbolRenderer, QgsFillSymbol, QgsLinePatternFillSymbolLayer,  # noqa: E402
                       QgsLineSymbol, QgsPalLayerSettings, QgsRendererCategory, QgsRuleBasedRenderer,
                       QgsTextBufferSettings, QgsTextFormat, QgsUnitTypes,
                       QgsVectorLayer, QgsVectorLayerSimpleLabeling, QgsMapLayer,
                       QgsExpressionContextUtils)
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# Getis-Ord Gi* bins, the conventional blue–white–red (ColorBrewer RdBu, 7 classes).
GISTAR_BINS = [
    (-3, '#2166ac', 'Kallpunkt, 99 % konfidens', 'Cold spot, 99 % confidence'),
    (-2, '#67a9cf', 'Kallpunkt, 95 % konfidens', 'Cold spot, 95 % confidence'),
    (-1, '#d1e5f0', 'Kallpunkt, 90 % konfidens', 'Cold spot, 90 % confidence'),
    (0, '#f7f7f7', 'Inte signifikant', 'Not significant'),
    (1, '#fddbc7', 'Hotspot, 90 % konfidens', 'Hot spot, 90 % confidence'),
    (2, '#ef8a62', 'Hotspot, 95 % konfidens', 'Hot spot, 95 % confidence'),
    (3, '#b2182b', 'Hotspot, 99 % konfidens', 'Hot spot, 99 % confidence'),
]

# Local Moran (LISA) cluster classes in GeoDa's colours.
LISA_CLASSES = [
    ('HH', '#d7191c', 'Hög-Hög', 'High-High'),
    ('LL', '#2c7bb6', 'Låg-Låg', 'Low-Low'),
    ('HL', '#fdae61', 'Hög-Låg', 'High-Low'),
    ('LH', '#abd9e9', 'Låg-Hög', 'Low-High'),
    ('ns', '#f0f0f0', 'Ej signifikant', 'Not significant'),
]

# Rates per 1,000 inhabitants: quartile classes (sequential OrRd). The engine writes one rate
# column per crime group (`<grupp>_per_1000`); the layer variable `trygg_rate_field` picks the
# one shown (Layer Properties > Variables), default violent crime.
RATE_FIELD_DEFAULT = 'vald_per_1000'
R = 'attribute(@trygg_rate_field)'
RATE_RULES = [
    ('{f} IS NOT NULL AND {f} <= q1({f})', '#fef0d9', 'Lägsta fjärdedelen', 'Lowest quarter'),
    ('{f} > q1({f}) AND {f} <= median({f})', '#fdcc8a', 'Under medianen', 'Below the median'),
    ('{f} > median({f}) AND {f} <= q3({f})', '#fc8d59', 'Över medianen', 'Above the median'),
    ('{f} > q3({f})', '#d7301f', 'Högsta fjärdedelen', 'Highest quarter'),
]
SUPPRESSED_LABEL = '.. Ej redovisat (färre än 5 händelser eller uppgift saknas)'

OUTLINE = '#636363'


def fill(color, outline=OUTLINE, width=0.26):
    props = {'color': color, 'outline_width': str(width), 'outline_width_unit': 'MM'}
    if outline is None:
        props['outline_style'] = 'no'       # grid cells: no outlines
    else:
        props['outline_color'] = outline
    return QgsFillSymbol.createSimple(props)


def hatched():
    """White with grey diagonal hatching: the visible mark of a suppressed ('..') value."""
    sym = fill('#ffffff', outline='#969696')
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.6)
    hatch.setDistanceUnit(QgsUnitTypes.RenderMillimeters)
    hatch.setSubSymbol(QgsLineSymbol.createSimple({'color': '#969696', 'width': '0.25'}))
    sym.appendSymbolLayer(hatch)
    return sym


def text_format(size=8, bold=False):
    fmt = QgsTextFormat()
    font = QFont('Sans Serif')
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setColor(QColor('#252525'))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    buf.setColor(QColor('#ffffff'))
    fmt.setBuffer(buf)
    return fmt


def labels(expression, size=8):
    s = QgsPalLayerSettings()
    s.isExpression = True
    s.fieldName = expression
    s.setFormat(text_format(size))
    s.placement = QgsPalLayerSettings.OverPoint
    s.centroidInside = True
    s.fitInPolygonOnly = False
    s.obstacle = True
    s.multilineAlign = QgsPalLayerSettings.MultiCenter
    return QgsVectorLayerSimpleLabeling(s)


def layer(fields, geometry='MultiPolygon'):
    spec = '&'.join('field={}:{}'.format(n, t) for n, t in fields)
    return QgsVectorLayer('{}?crs=EPSG:3006&{}'.format(geometry, spec), 'style', 'memory')


def save(vl, name):
    path = os.path.join(HERE, name)
    # Symbology and labels only: no fields, forms or CRS that would fight the real layer.
    categories = (QgsMapLayer.Symbology | QgsMapLayer.Labeling | QgsMapLayer.Rendering
                  | QgsMapLayer.CustomProperties)
    msg, ok = vl.saveNamedStyle(path, categories)
    if not ok:
        raise RuntimeError('could not write {}: {}'.format(path, msg))
    print('wrote', path)


def graduated_district_style(variable, default_field, expr_field, rules, missing_label, decimals, file_name):
    """Districts filled by rules on a field chosen through a layer variable, missing values
    hatched and labelled '..', district name and value as labels."""
    vl = layer([('kod', 'string'), ('namn', 'string'), (default_field, 'double')])
    QgsExpressionContextUtils.setLayerVariable(vl, variable, default_field)
    root = QgsRuleBasedRenderer.Rule(None)
    for expr, color, sv, _en in rules:
        root.appendChild(QgsRuleBasedRenderer.Rule(fill(color), 0, 0, expr.format(f=expr_field), sv))
    root.appendChild(QgsRuleBasedRenderer.Rule(hatched(), 0, 0, '{} IS NULL'.format(expr_field), missing_label))
    vl.setRenderer(QgsRuleBasedRenderer(root))
    vl.setLabeling(labels(
        "\"namn\" || '\\n' || coalesce(format_number({f}, {d}), '..')".format(f=expr_field, d=decimals)))
    vl.setLabelsEnabled(True)
    save(vl, file_name)


def rates_style():
    graduated_district_style('trygg_rate_field', RATE_FIELD_DEFAULT, R, RATE_RULES, SUPPRESSED_LABEL, 1,
                             'delomraden.qml')


# The statistics stage writes the LISA class as GeoDa's integer code (0 ns, 1 HH, 2 LL, 3 LH,
# 4 HL, 5 undefined); the text codes are accepted as well.
LISA_EXPRESSION = ('CASE WHEN "lisa_class" IS NULL THEN NULL '
                   "WHEN to_string(\"lisa_class\") IN ('1', 'HH') THEN 'HH' "
                   "WHEN to_string(\"lisa_class\") IN ('2', 'LL') THEN 'LL' "
                   "WHEN to_string(\"lisa_class\") IN ('3', 'LH') THEN 'LH' "
                   "WHEN to_string(\"lisa_class\") IN ('4', 'HL') THEN 'HL' "
                   "WHEN to_string(\"lisa_class\") IN ('0', 'ns') THEN 'ns' ELSE NULL END")
# Grid layers from grid_hotspots name the bin gi_bin; district layers gistar_bin.
GRID_BIN_EXPRESSION = "coalesce(attribute('gistar_bin'), attribute('gi_bin'))"


def categorized(field, classes, numeric, outline=OUTLINE):
    cats = []
    for value, color, sv, _en in classes:
        cats.append(QgsRendererCategory(value if numeric else str(value), fill(color, outline), sv))
    # Anything else (NULL: no statistic for this area) in light grey.
    cats.append(QgsRendererCategory(None, fill('#d9d9d9', outline), 'Ingen uppgift'))
    return QgsCategorizedSymbolRenderer(field, cats)


def gistar_styles():
    vl = layer([('kod', 'string'), ('namn', 'string'), ('gistar_z', 'double'), ('gistar_bin', 'integer')])
    vl.setRenderer(categorized('gistar_bin', GISTAR_BINS, True))
    vl.setLabeling(labels('"namn"'))
    vl.setLabelsEnabled(True)
    save(vl, 'gistar_delomraden.qml')

    grid = layer([('rut_id', 'string'), ('gi_z', 'double'), ('gi_bin', 'integer')])
    grid.setRenderer(categorized(GRID_BIN_EXPRESSION, GISTAR_BINS, True, outline=None))
    save(grid, 'gistar_grid.qml')


def lisa_styles():
    vl = layer([('kod', 'string'), ('namn', 'string'), ('lisa_class', 'integer')])
    vl.setRenderer(categorized(LISA_EXPRESSION, LISA_CLASSES, False))
    vl.setLabeling(labels('"namn"'))
    vl.setLabelsEnabled(True)
    save(vl, 'lisa_delomraden.qml')

    grid = layer([('rut_id', 'string'), ('lisa_class', 'integer')])
    grid.setRenderer(categorized(LISA_EXPRESSION, LISA_CLASSES, False, outline=None))
    save(grid, 'lisa_grid.qml')


# Trygghetsanalys risk scores per goal (`mal<n>_<namn>`) and overall (`risk_total`): quartile
# classes (sequential YlOrRd, higher = more risk), as for the rates so one style fits z-scores and
# percentiles alike. The layer variable `trygg_score_field` picks the score shown.
SCORE_FIELD_DEFAULT = 'risk_total'
S = 'attribute(@trygg_score_field)'
SCORE_RULES = [
    ('{f} IS NOT NULL AND {f} <= q1({f})', '#ffffb2', 'Lägst risk (lägsta fjärdedelen)', 'Lowest risk (lowest quarter)'),
    ('{f} > q1({f}) AND {f} <= median({f})', '#fecc5c', 'Under medianen', 'Below the median'),
    ('{f} > median({f}) AND {f} <= q3({f})', '#fd8d3c', 'Över medianen', 'Above the median'),
    ('{f} > q3({f})', '#e31a1c', 'Högst risk (högsta fjärdedelen)', 'Highest risk (highest quarter)'),
]
SCORE_MISSING_LABEL = '.. Ingen poäng (för få indikatorer eller uppgift saknas)'


def score_style():
    graduated_district_style('trygg_score_field', SCORE_FIELD_DEFAULT, S, SCORE_RULES, SCORE_MISSING_LABEL, 2,
                             'trygghetsanalys.qml')


# Meeting places ranked by excess incidents: red where more incidents than the surrounding ring
# leads one to expect (lower confidence limit of the ratio above 1), orange where the ratio is
# above 1 but not surely so, grey otherwise; hollow where the count is not published.
MEETING_RULES = [
    ('"kvot_lag" > 1', '#d7301f', 3.2, 'Fler brott än väntat (säkert)', 'More incidents than expected (significant)'),
    ('"kvot" > 1 AND NOT coalesce("kvot_lag" > 1, false)', '#fc8d59', 2.4, 'Fler brott än väntat (osäkert)',
     'More incidents than expected (not significant)'),
    ('"kvot" <= 1', '#bdbdbd', 2.0, 'Inte fler än väntat', 'Not more than expected'),
]


def meeting_places_style():
    from qgis.core import QgsMarkerSymbol
    vl = layer([('namn', 'string'), ('typ', 'string'), ('rang', 'integer'), ('kvot', 'double'),
                ('kvot_lag', 'double')], geometry='Point')
    root = QgsRuleBasedRenderer.Rule(None)
    for expr, color, size, sv, _en in MEETING_RULES:
        sym = QgsMarkerSymbol.createSimple({'name': 'circle', 'color': color, 'outline_color': '#252525',
                                           'outline_width': '0.2', 'size': str(size)})
        root.appendChild(QgsRuleBasedRenderer.Rule(sym, 0, 0, expr, sv))
    none = QgsMarkerSymbol.createSimple({'name': 'circle', 'color': '#ffffff', 'outline_color': '#636363',
                                        'outline_width': '0.3', 'size': '2.0'})
    root.appendChild(QgsRuleBasedRenderer.Rule(none, 0, 0, '"kvot" IS NULL', '.. Ej redovisat'))
    vl.setRenderer(QgsRuleBasedRenderer(root))
    vl.setLabeling(labels('"namn"', size=7))
    vl.setLabelsEnabled(True)
    save(vl, 'motesplatser.qml')


# Kernel density GeoTIFFs: the engine writes `<raster>.qml` beside each `<raster>.tif` from this
# template (QGIS applies a same-named .qml when it opens a raster), filling in the raster's own
# range: @MIN@/@MAX@ (classification) and @V0@..@V4@ (ramp stops at 0, 25, 50, 75 and 100 % of
# the range; legend labels @L0@..@L4@). Transparent at the low end, then yellow to red; nodata
# stays transparent; 80 % opaque so the map beneath shows through.
KDE_STOPS = [('#ffffff', 0), ('#ffffb2', 255), ('#fecc5c', 255), ('#fd8d3c', 255), ('#e31a1c', 255)]
KDE_STAND_INS = [1111.5, 3333.5, 5555.5, 7777.5, 9999.5]   # replaced by the tokens after saving


def kde_raster_style():
    import numpy
    from osgeo import gdal, osr
    from qgis.core import QgsColorRampShader, QgsRasterLayer, QgsRasterShader, QgsSingleBandPseudoColorRenderer
    tif = os.path.join(tempfile.mkdtemp(), 'kde.tif')
    ds = gdal.GetDriverByName('GTiff').Create(tif, 2, 2, 1, gdal.GDT_Float32)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetGeoTransform([0, 25, 0, 50, 0, -25])
    ds.GetRasterBand(1).SetNoDataValue(-9999)
    ds.GetRasterBand(1).WriteArray(numpy.array([[0, 1], [2, 3]], dtype='float32'))
    ds = None
    rl = QgsRasterLayer(tif, 'kde')
    fn = QgsColorRampShader(KDE_STAND_INS[0], KDE_STAND_INS[-1])
    fn.setColorRampType(QgsColorRampShader.Interpolated)
    items = []
    for i, ((color, alpha), value) in enumerate(zip(KDE_STOPS, KDE_STAND_INS)):
        c = QColor(color)
        c.setAlpha(alpha)
        items.append(QgsColorRampShader.ColorRampItem(value, c, '@L{}@'.format(i)))
    fn.setColorRampItemList(items)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(fn)
    renderer = QgsSingleBandPseudoColorRenderer(rl.dataProvider(), 1, shader)
    renderer.setClassificationMin(KDE_STAND_INS[0])
    renderer.setClassificationMax(KDE_STAND_INS[-1])
    renderer.setOpacity(0.8)
    rl.setRenderer(renderer)
    path = os.path.join(HERE, 'kde_raster.qml')
    msg, ok = rl.saveNamedStyle(path, QgsMapLayer.Symbology | QgsMapLayer.Rendering)
    if not ok:
        raise RuntimeError('could not write {}: {}'.format(path, msg))
    with open(path, encoding='utf-8') as f:
        text = f.read()
    for i, v in enumerate(KDE_STAND_INS):
        text = text.replace('value="{:g}"'.format(v), 'value="@V{}@"'.format(i))
    text = text.replace('"{:g}"'.format(KDE_STAND_INS[0]), '"@MIN@"').replace('"{:g}"'.format(KDE_STAND_INS[-1]), '"@MAX@"')
    if any('{:g}'.format(v) in text for v in KDE_STAND_INS):
        raise RuntimeError('a stand-in value was left in kde_raster.qml')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    print('wrote', path)


def main():
    app = QgsApplication([], False)
    app.initQgis()
    rates_style()
    gistar_styles()
    lisa_styles()
    score_style()
    meeting_places_style()
    kde_raster_style()
    return 0


if __name__ == '__main__':
    sys.exit(main())
