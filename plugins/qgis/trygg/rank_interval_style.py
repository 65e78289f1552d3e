# SPDX-License-Identifier: GPL-2.0-or-later
"""Named styles for the rank intervals of a trygghetsanalys run with uncertainty (issue 22).

One style per ranking (each goal, and risk_total) on the `trygghetsanalys` layer: districts
coloured by the quartile class of their median rank (class of rank r among N ranked:
1 + floor(4 (r - 1) / N), the engine's rule), districts whose 90 % interval crosses a quartile
boundary (`<…>_instabil` = 1) hatched on top, and each labelled "median (p05–p95)"."""
from qgis.core import (QgsFillSymbol, QgsLinePatternFillSymbolLayer, QgsMapLayerStyle, QgsPalLayerSettings,
                       QgsRuleBasedRenderer, QgsTextBufferSettings, QgsTextFormat, QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtGui import QColor

from .i18n import t

# Quartile class 1 (highest risk) .. 4, the colours of the score style (YlOrRd) reversed to rank.
CLASS_COLOURS = {1: '#e31a1c', 2: '#fd8d3c', 3: '#fecc5c', 4: '#ffffb2'}
CLASS_LABELS = {1: ('Översta kvartilen (störst risk)', 'Top quartile (most risk)'),
                2: ('Andra kvartilen', 'Second quartile'), 3: ('Tredje kvartilen', 'Third quartile'),
                4: ('Nedersta kvartilen (minst risk)', 'Bottom quartile (least risk)')}
UNSTABLE_COLOUR = '#252525'


def rankings(fields, goals):
    """[(style name, median, p05, p95, unstable)] for the rankings whose interval columns exist:
    goals given as [(goal number, sv name, en name)], then risk_total."""
    out = []
    for goal, sv, en in goals:
        prefix = 'mal{}_rang_'.format(goal)
        if prefix + 'median' in fields:
            out.append((t('Rangintervall ' + sv, 'Rank interval ' + en), prefix + 'median', prefix + 'p05',
                        prefix + 'p95', 'mal{}_instabil'.format(goal)))
    if 'risk_total_rang_median' in fields:
        out.append((t('Rangintervall risk totalt', 'Rank interval overall risk'), 'risk_total_rang_median',
                    'risk_total_rang_p05', 'risk_total_rang_p95', 'risk_total_instabil'))
    return out


def class_expression(median):
    """The quartile class of the median rank, as the engine computes it."""
    return '1 + floor(4 * ("{m}" - 1) / count("{m}"))'.format(m=median)


def renderer(median, unstable):
    root = QgsRuleBasedRenderer.Rule(None)
    cls = class_expression(median)
    for c in (1, 2, 3, 4):
        sym = QgsFillSymbol.createSimple({'color': CLASS_COLOURS[c], 'outline_color': '#636363',
                                          'outline_width': '0.26'})
        rule = '"{m}" IS NOT NULL AND min(4, {cls}) = {c}'.format(m=median, cls=cls, c=c)
        root.appendChild(QgsRuleBasedRenderer.Rule(sym, 0, 0, rule, t(*CLASS_LABELS[c])))
    hatch = QgsFillSymbol.createSimple({'color': '0,0,0,0', 'outline_style': 'no'})
    pattern = QgsLinePatternFillSymbolLayer()
    pattern.setLineAngle(45)
    pattern.setDistance(1.6)
    pattern.setColor(QColor(UNSTABLE_COLOUR))
    pattern.setLineWidth(0.3)
    hatch.changeSymbolLayer(0, pattern)
    root.appendChild(QgsRuleBasedRenderer.Rule(
        hatch, 0, 0, '"{}" = 1'.format(unstable),
        t('Instabil: 90 %-intervallet korsar en kvartilgräns', 'Unstable: the 90 % interval crosses a quartile '
          'boundary')))
    none = QgsFillSymbol.createSimple({'color': '#f0f0f0', 'outline_color': '#969696', 'outline_width': '0.26'})
    root.appendChild(QgsRuleBasedRenderer.Rule(none, 0, 0, '"{}" IS NULL'.format(median),
                                               t('.. Ingen rang', '.. No rank')))
    return QgsRuleBasedRenderer(root)


def labeling(median, p05, p95, unstable):
    s = QgsPalLayerSettings()
    s.isExpression = True
    s.fieldName = ('"namn" || \'\\n\' || coalesce(to_string("{m}") || \' (\' || to_string("{lo}") || \'–\' || '
                   'to_string("{hi}") || \')\' || if("{u}" = 1, \' *\', \'\'), \'..\')').format(
                       m=median, lo=p05, hi=p95, u=unstable)
    fmt = QgsTextFormat()
    fmt.setSize(7)
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    buf.setColor(QColor('white'))
    fmt.setBuffer(buf)
    s.setFormat(fmt)
    return QgsVectorLayerSimpleLabeling(s)


def add_rank_interval_styles(layer, goals):
    """Adds one named style per ranking with interval columns (the current style is kept).
    Returns the names added."""
    fields = [f.name() for f in layer.fields()]
    manager = layer.styleManager()
    # The layer's state is the current style's: kept aside and written back, since switching to
    # the style that is already current restores nothing.
    kept = QgsMapLayerStyle()
    kept.readFromLayer(layer)
    added = []
    for name, median, p05, p95, unstable in rankings(fields, goals):
        layer.setRenderer(renderer(median, unstable))
        layer.setLabeling(labeling(median, p05, p95, unstable))
        layer.setLabelsEnabled(True)
        manager.addStyleFromLayer(name)
        added.append(name)
    if added:
        kept.writeToLayer(layer)
    return added
