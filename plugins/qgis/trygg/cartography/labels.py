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


# A district sheet's own district (the atlas feature): always labelled, first. Its neighbours are
# labelled where there is room: on a large rural district's sheet the town's small districts were
# a heap of overlapping codes (issue 18, legend18's look at all 84 Västerås sheets).
ATLAS_DISTRICT = "\"kod\" = attribute(@atlas_feature, 'kod')"


def main_map_distances(distances):
    """Data-defined label distance (mm) of the overview's main maps: {kod: mm} for numbers set
    further off their district, with a leader line, where the usual 1.5 mm leaves no room."""
    return ("CASE WHEN @map_id IN ('map_rates', 'map_hotspots') THEN to_real(coalesce(map_get({}, \"kod\"), "
            "'1.5')) ELSE 1.5 END").format(_literal_map(distances))


def always_placed(expression, size=7, always=None, distances=None):
    """Labeling of `expression` at the district's point on surface, shown even when it
    collides, with a callout line when the label is moved off that point. With `always` (an
    expression), only the features it selects are shown when colliding, with the first pick of
    places; the others only where they fit."""
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
    if distances:
        from qgis.core import QgsProperty
        s.dataDefinedProperties().setProperty(QgsPalLayerSettings.LabelDistance,
                                              QgsProperty.fromExpression(main_map_distances(distances)))
    if always:
        from qgis.core import QgsProperty
        s.displayAll = False
        s.dataDefinedProperties().setProperty(QgsPalLayerSettings.AlwaysShow, QgsProperty.fromExpression(always))
        s.dataDefinedProperties().setProperty(QgsPalLayerSettings.Priority, QgsProperty.fromExpression(
            'CASE WHEN {} THEN 10 ELSE 5 END'.format(always)))
    return QgsVectorLayerSimpleLabeling(s)


def _literal_map(mapping):
    return 'map(' + ', '.join("'{}', '{}'".format(str(k).replace("'", "''"), v)
                              for k, v in sorted(mapping.items())) + ')'


def overview_label(expression, box=None, numbers=None, main_numbers=None, main_hidden=None):
    """On the overview, a district inside the inset's box is labelled in the inset only (the main
    map's labels there were a smudge); `@map_id` is the layout map being drawn. In the inset a
    district of `numbers` ({kod: n}, too small for its label) shows its number (the key beside
    the inset names it). On the main maps, a district of `main_numbers` (its label found no room
    there) shows its number instead, and one of `main_hidden` (no room, but shown in the inset)
    none."""
    if box is None:
        return expression
    wkt = 'POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))'.format(*box)
    inset = expression
    if numbers:
        inset = 'coalesce(map_get({}, "kod"), {})'.format(_literal_map(numbers), expression)
    main = expression
    if main_numbers:
        main = 'coalesce(map_get({}, "kod"), {})'.format(_literal_map(main_numbers), expression)
    hidden = "contains(geom_from_wkt('{}'), point_on_surface($geometry))".format(wkt)
    if main_hidden:
        hidden = '({} OR "kod" IN ({}))'.format(hidden, ', '.join(
            "'{}'".format(str(k).replace("'", "''")) for k in sorted(main_hidden)))
    return ("CASE WHEN @map_id IN ('map_rates', 'map_hotspots') AND {} THEN NULL "
            "WHEN @map_id IN ('map_rates', 'map_hotspots') THEN {} "
            "WHEN @map_id IN ('map_inset', 'map_inset_hotspots') THEN {} ELSE {} END").format(hidden, main, inset,
                                                                                               expression)
