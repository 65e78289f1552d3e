# SPDX-License-Identifier: GPL-2.0-or-later
"""The sheet's rate classes with their numeric limits, computed from the published values of
the layer shown (the embedded style's q1/median/q3 rules cannot print their limits in a
legend): districts at 0 are a class of their own, the positive rates are split at their
quartiles (fewer classes when there are fewer distinct values), a withheld value ('..') is
hatched and a group the source does not cover is grey "finns ej i källan"."""
import math

from qgis.core import (QgsCategorizedSymbolRenderer, QgsFillSymbol, QgsLinePatternFillSymbolLayer, QgsLineSymbol,
                       QgsRuleBasedRenderer, QgsUnitTypes)
from qgis.PyQt.QtGui import QColor

from ..i18n import t
from .numbers import decimals_for, number, value_range

ZERO_COLOUR = '#fef0d9'
# Sequential OrRd: the classes of the positive rates, sliced to their number.
POSITIVE_COLOURS = {1: ['#fc8d59'], 2: ['#fdcc8a', '#d7301f'], 3: ['#fdcc8a', '#fc8d59', '#d7301f'],
                    4: ['#fdcc8a', '#fc8d59', '#e34a33', '#d7301f']}
NOT_IN_SOURCE_COLOUR = '#e0e0e0'
OUTLINE = '#636363'
NOT_IN_SOURCE = 'ej i källan'          # the engine's <grupp>_visning / saknas_orsak marking
FILL_ALPHA_OVER_BACKGROUND = 170       # of 255: the background shows through the districts


def withheld_text():
    return t('uppgift undertryckt för att skydda enskilda', 'value withheld to protect individuals')


def not_in_source_text():
    return t('finns ej i källan', 'not in the source')


def quartile_breaks(values, classes=4):
    """Upper limits of up to `classes` classes of `values` (nearest-rank quantiles, so every
    limit is a value that occurs), distinct and ascending; the last is the maximum."""
    values = sorted(values)
    if not values:
        return []
    n = len(values)
    breaks = []
    for i in range(1, classes + 1):
        b = values[max(0, math.ceil(i * n / classes) - 1)]
        if not breaks or b > breaks[-1]:
            breaks.append(b)
    return breaks


def rate_classes(values, decimals=1):
    """[(expression on @v, colour, label)] for the rates `values` (NULLs left out by the
    caller); the expressions use the placeholder {f} for the field."""
    values = [float(v) for v in values]
    rules = []
    if any(v == 0 for v in values):
        rules.append(('{f} = 0', ZERO_COLOUR, t('0 (inga anmälda brott)', '0 (no reported crime)')))
    positive = [v for v in values if v > 0]
    breaks = quartile_breaks(positive)
    if breaks:
        d = decimals_for([min(positive)] + breaks, decimals)
        colours = POSITIVE_COLOURS[len(breaks)]
        low = min(positive)
        for i, high in enumerate(breaks):
            if i == 0:
                expr = '{f} > 0 AND {f} <= %r' % high
                label = value_range(low, high, d) if high > low else number(high, d)
            else:
                expr = '{f} > %r AND {f} <= %r' % (breaks[i - 1], high)
                label = value_range(breaks[i - 1], high, d)
            rules.append((expr, colours[i], label))
    return rules


def fill(colour, alpha=255, outline=OUTLINE):
    c = QColor(colour)
    c.setAlpha(alpha)
    return QgsFillSymbol.createSimple({'color': '{},{},{},{}'.format(c.red(), c.green(), c.blue(), c.alpha()),
                                       'outline_color': outline, 'outline_width': '0.26',
                                       'outline_width_unit': 'MM'})


def hatched():
    """White with grey diagonal hatching: the mark of a withheld ('..') value (as the style)."""
    sym = fill('#ffffff', outline='#969696')
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.6)
    hatch.setDistanceUnit(QgsUnitTypes.RenderMillimeters)
    hatch.setSubSymbol(QgsLineSymbol.createSimple({'color': '#969696', 'width': '0.25'}))
    sym.appendSymbolLayer(hatch)
    return sym


def rate_renderer(layer, rate_field, display_field=None, alpha=255):
    """A rule-based renderer for `layer` with numeric class limits of `rate_field`. Returns
    (renderer, rules, has_withheld, has_not_in_source)."""
    fields = layer.fields()
    idx = fields.indexOf(rate_field)
    didx = fields.indexOf(display_field) if display_field else -1
    values, withheld, not_in_source = [], False, False
    for f in layer.getFeatures():
        v = f[idx] if idx >= 0 else None
        marking = str(f[didx]) if didx >= 0 and f[didx] is not None else ''
        if v is None or str(v) == 'NULL':
            if marking == NOT_IN_SOURCE:
                not_in_source = True
            else:
                withheld = True
        else:
            values.append(float(v))
    quoted = '"{}"'.format(rate_field.replace('"', '""'))
    root = QgsRuleBasedRenderer.Rule(None)
    rules = rate_classes(values)
    for expr, colour, label in rules:
        root.appendChild(QgsRuleBasedRenderer.Rule(fill(colour, alpha), 0, 0, expr.format(f=quoted), label))
    if not_in_source:
        quoted_display = '"{}"'.format(display_field.replace('"', '""'))
        root.appendChild(QgsRuleBasedRenderer.Rule(
            fill(NOT_IN_SOURCE_COLOUR, alpha), 0, 0, "{} IS NULL AND {} = '{}'".format(quoted, quoted_display, NOT_IN_SOURCE),
            not_in_source_text().capitalize()))
    if withheld or idx < 0:
        expr = '{} IS NULL'.format(quoted) if idx >= 0 else 'TRUE'
        if not_in_source:
            expr += " AND coalesce({}, '') <> '{}'".format('"{}"'.format(display_field), NOT_IN_SOURCE)
        root.appendChild(QgsRuleBasedRenderer.Rule(hatched(), 0, 0, expr, '.. ' + withheld_text()))
    return QgsRuleBasedRenderer(root), rules, withheld, not_in_source


# Hotspot classes in the sheet's language (the embedded styles are Swedish only).
LISA_LABELS = {'HH': ('Hög-Hög', 'High-High'), 'LL': ('Låg-Låg', 'Low-Low'), 'HL': ('Hög-Låg', 'High-Low'),
               'LH': ('Låg-Hög', 'Low-High'), 'ns': ('Ej signifikant', 'Not significant')}
GISTAR_LABELS = {-3: ('Kallpunkt, 99 % konfidens', 'Cold spot, 99 % confidence'),
                 -2: ('Kallpunkt, 95 % konfidens', 'Cold spot, 95 % confidence'),
                 -1: ('Kallpunkt, 90 % konfidens', 'Cold spot, 90 % confidence'),
                 0: ('Inte signifikant', 'Not significant'),
                 1: ('Hotspot, 90 % konfidens', 'Hot spot, 90 % confidence'),
                 2: ('Hotspot, 95 % konfidens', 'Hot spot, 95 % confidence'),
                 3: ('Hotspot, 99 % konfidens', 'Hot spot, 99 % confidence')}


def relabel_hotspot_classes(layer):
    """The hotspot layer's category labels in the current language; no value -> 'Ingen uppgift'."""
    renderer = layer.renderer()
    if not isinstance(renderer, QgsCategorizedSymbolRenderer):
        return
    for i, cat in enumerate(renderer.categories()):
        value = cat.value()
        names = None
        if value is None or str(value) in ('', 'NULL'):
            names = ('Ingen uppgift', 'No value')
        elif str(value) in LISA_LABELS:
            names = LISA_LABELS[str(value)]
        else:
            try:
                names = GISTAR_LABELS.get(int(value))
            except (TypeError, ValueError):
                names = None
        if names:
            renderer.updateCategoryLabel(i, t(*names))
