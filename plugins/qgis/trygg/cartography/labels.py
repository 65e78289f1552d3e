# SPDX-License-Identifier: GPL-2.0-or-later
"""District labels on the sheets that always place: every label is drawn (no label dropped
for lack of room); a label that does not fit inside its district is set beside it with a
leader line (a callout) to the district's point on its surface."""
from qgis.core import (QgsCallout, QgsPalLayerSettings, QgsSimpleLineCallout, QgsTextBufferSettings, QgsTextFormat,
                       QgsUnitTypes, QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtGui import QColor, QFont

# The title's rule for a name: a name ending in ' · <kod>' (read.districts' names_from) drops it.
SHORT_NAME = ("coalesce(nullif(regexp_replace(\"namn\", ' · ' || \"kod\" || '$', ''), ''), "
              "'DeSO ' || \"kod\")")


def text_format(size):
    fmt = QgsTextFormat()
    font = QFont('Sans Serif')
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderPoints)
    fmt.setColor(QColor('#252525'))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    buf.setColor(QColor('#ffffff'))
    fmt.setBuffer(buf)
    return fmt


def always_placed(expression, size=7):
    """Labeling of `expression` at the district's point on surface, shown even when it
    collides, with a callout line when the label is moved off that point."""
    s = QgsPalLayerSettings()
    s.isExpression = True
    s.fieldName = expression
    s.setFormat(text_format(size))
    s.placement = QgsPalLayerSettings.AroundPoint
    s.centroidInside = True
    s.fitInPolygonOnly = False
    s.displayAll = True                 # never drop a label
    s.dist = 1.5
    s.distUnits = QgsUnitTypes.RenderMillimeters
    s.multilineAlign = QgsPalLayerSettings.MultiCenter
    s.priority = 5
    callout = QgsSimpleLineCallout()
    callout.setEnabled(True)
    callout.setAnchorPoint(QgsCallout.PoleOfInaccessibility)
    callout.setMinimumLength(0.5)
    callout.lineSymbol().setColor(QColor('#525252'))
    callout.lineSymbol().setWidth(0.2)
    s.setCallout(callout)
    return QgsVectorLayerSimpleLabeling(s)


def overview_label(expression, box=None, numbers=None):
    """On the overview, a district inside the inset's box is labelled in the inset only (the main
    map's labels there were a smudge); `@map_id` is the layout map being drawn. In the inset a
    district of `numbers` ({kod: n}, too small for its label) shows its number (the key beside
    the inset names it)."""
    if box is None:
        return expression
    wkt = 'POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))'.format(*box)
    inset = expression
    if numbers:
        mapping = 'map(' + ', '.join("'{}', '{}'".format(str(k).replace("'", "''"), n)
                                     for k, n in sorted(numbers.items())) + ')'
        inset = 'coalesce(map_get({}, "kod"), {})'.format(mapping, expression)
    return ("CASE WHEN @map_id IN ('map_rates', 'map_hotspots') AND "
            "contains(geom_from_wkt('{}'), point_on_surface($geometry)) THEN NULL "
            "WHEN @map_id IN ('map_inset', 'map_inset_hotspots') THEN {} ELSE {} END").format(wkt, inset, expression)
