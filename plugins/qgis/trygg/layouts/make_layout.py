#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes district_sheet.qpt, the print layout template of the district safety maps, with
QGIS itself. The .qpt is committed; a user may edit it in QGIS's layout designer and pass the
edited file to trygg:districtmaps. The algorithm finds items by their ids:

  title, period, subtitle, data_range, map_rates, map_hotspots, map_inset, map_inset_hotspots, north, scalebar,
  basemap_note, legend, keyfigures_title, keyfigures (attribute table frame), breakdown_title,
  breakdown (attribute table frame), note, source

Re-run after changing this script:
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 plugins/qgis/trygg/layouts/make_layout.py
"""
import os
import sys
import tempfile

os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
if 'XDG_RUNTIME_DIR' not in os.environ:
    os.environ['XDG_RUNTIME_DIR'] = tempfile.mkdtemp()

from qgis.core import (QgsApplication, QgsLayoutFrame, QgsLayoutItemAttributeTable, QgsLayoutItemLabel,  # noqa: E402
                       QgsLayoutItemLegend, QgsLayoutItemMap, QgsLayoutItemPage, QgsLayoutItemPicture,
                       QgsLayoutItemScaleBar, QgsLayoutMeasurement, QgsLegendStyle, QgsBasicNumericFormat, QgsLayoutPoint, QgsScaleBarSettings, QgsLayoutSize,
                       QgsPrintLayout, QgsProject, QgsReadWriteContext, QgsTextFormat, QgsUnitTypes)
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, 'district_sheet.qpt')
NORTH_ARROW = 'north_arrow.svg'   # shipped beside the template


def text_format(size, bold=False, color='#252525'):
    fmt = QgsTextFormat()
    font = QFont('Sans Serif')
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderPoints)
    fmt.setColor(QColor(color))
    return fmt


def qfont(size, bold=False):
    font = QFont('Sans Serif')
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def place(item, x, y, w, h):
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutMillimeters))


def label(layout, item_id, text, x, y, w, h, size, bold=False, color='#252525', align=Qt.AlignLeft):
    item = QgsLayoutItemLabel(layout)
    item.setId(item_id)
    item.setText(text)
    item.setFont(qfont(size, bold))
    item.setFontColor(QColor(color))
    item.setHAlign(align)
    item.setVAlign(Qt.AlignVCenter)
    layout.addLayoutItem(item)
    place(item, x, y, w, h)
    return item


def table_frame(layout, item_id, x, y, w, h, size, empty_message, max_rows):
    table = QgsLayoutItemAttributeTable.create(layout)
    table.setContentTextFormat(text_format(size))
    table.setHeaderTextFormat(text_format(size, bold=True))
    table.setEmptyTableBehavior(QgsLayoutItemAttributeTable.ShowMessage)
    table.setEmptyTableMessage(empty_message)
    table.setGridStrokeWidth(0.1)
    table.setGridColor(QColor('#bdbdbd'))
    table.setCellMargin(0.8)
    table.setMaximumNumberOfFeatures(max_rows)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(item_id)
    table.addFrame(frame)
    place(frame, x, y, w, h)
    return frame


def build(layout):
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    page.setPageSize('A4', QgsLayoutItemPage.Landscape)
    layout.setName('Trygg – kartblad per delområde')

    label(layout, 'title',
          # A name ending in " · <kod>" (read.districts' names_from) loses that ending: the subtitle
          # gives the code, and the long form wrapped out of the title's box on Västerås' DeSO.
          # No name: a DeSO code (4 digits, A/B/C, 4 digits) reads "DeSO <kod>", any other code as it is.
          "[% coalesce(@trygg_title, nullif(regexp_replace(attribute(@atlas_feature, 'namn'), "
          "' · ' || attribute(@atlas_feature, 'kod') || '$', ''), ''), "
          "CASE WHEN regexp_match(attribute(@atlas_feature, 'kod'), '^[0-9]{4}[ABC][0-9]{4}$') "
          "THEN 'DeSO ' ELSE '' END || attribute(@atlas_feature, 'kod')) %]",
          10, 6, 200, 12, 20, bold=True)
    label(layout, 'period', "[% @trygg_period_label %]", 210, 6, 77, 12, 14, color='#525252', align=Qt.AlignRight)
    label(layout, 'subtitle',
          "[% coalesce(@trygg_subtitle, 'Delområde ' || attribute(@atlas_feature, 'kod') || ' · ' || "
          "@trygg_municipality) %]", 10, 18, 200, 7, 10, color='#525252')
    # The covered date range on every sheet (the result's period coverage).
    label(layout, 'data_range', "[% coalesce(@trygg_data_range, '') %]", 210, 18, 77, 7, 9, color='#525252',
          align=Qt.AlignRight)

    for item_id, x, heading in (('map_rates', 10, '[% coalesce(@trygg_rates_heading, @trygg_group) %]'),
                                ('map_hotspots', 150, "[% coalesce(@trygg_hotspot_heading, 'Hotspots (Getis-Ord Gi*)') %]")):
        m = QgsLayoutItemMap(layout)
        m.setId(item_id)
        m.setFrameEnabled(True)
        m.setFrameStrokeColor(QColor('#969696'))
        m.setBackgroundColor(QColor('#fbfbfb'))
        m.setAtlasDriven(True)
        m.setAtlasScalingMode(QgsLayoutItemMap.Auto)
        m.setAtlasMargin(0.15)
        layout.addLayoutItem(m)
        place(m, x, 33, 137, 97)
        label(layout, item_id + '_heading', heading, x, 27, 137, 6, 9, bold=True)

    # The overview's insets of the dense centre, one per map (hidden on the district sheets; the
    # algorithm shows them, sets their extent and marks it on the map they belong to).
    for item_id, x in (('map_inset', 84), ('map_inset_hotspots', 224)):
        inset = QgsLayoutItemMap(layout)
        inset.setId(item_id)
        inset.setFrameEnabled(True)
        inset.setFrameStrokeColor(QColor('#252525'))
        inset.setFrameStrokeWidth(QgsLayoutMeasurement(0.4))
        inset.setBackgroundColor(QColor('#fbfbfb'))
        inset.setAtlasDriven(False)
        layout.addLayoutItem(inset)
        place(inset, x, 72.5, 62.5, 57)
        inset.setVisibility(False)

    north = QgsLayoutItemPicture(layout)
    north.setId('north')
    north.setPicturePath(NORTH_ARROW)
    layout.addLayoutItem(north)
    place(north, 64, 130.5, 5, 7.5)   # under the map beside the scale bar: over no label

    # The scale bar under the map frame, never over the map's labels.
    scale = QgsLayoutItemScaleBar(layout)
    scale.setId('scalebar')
    scale.setStyle('Single Box')
    scale.setUnits(QgsUnitTypes.DistanceMeters)
    scale.setNumberOfSegments(2)
    scale.setNumberOfSegmentsLeft(0)
    scale.setUnitsPerSegment(250)
    scale.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFitWidth)
    scale.setMinimumBarWidth(20)
    scale.setMaximumBarWidth(45)
    scale.setUnitLabel('m')
    scale.setTextFormat(text_format(7))
    scale.setHeight(1.5)
    scale.setLabelBarSpace(0.8)
    scale.setBoxContentSpace(0.5)
    number = QgsBasicNumericFormat()
    number.setShowThousandsSeparator(True)
    number.setThousandsSeparator('\u202f')
    number.setNumberDecimalPlaces(0)
    scale.setNumericFormat(number)
    layout.addLayoutItem(scale)
    place(scale, 10, 130.5, 60, 8)
    label(layout, 'basemap_note', "[% coalesce(@trygg_basemap_note, '') %]", 72, 131, 75, 5, 6.5,
          color='#525252', align=Qt.AlignRight)

    legend = QgsLayoutItemLegend(layout)
    legend.setId('legend')
    legend.setTitle('Teckenförklaring')
    legend.setColumnCount(2)
    legend.setSplitLayer(False)
    legend.setAutoUpdateModel(False)
    legend.setResizeToContents(False)
    legend.setFrameEnabled(False)
    legend.setStyleFont(QgsLegendStyle.Title, qfont(9, bold=True))
    legend.setStyleFont(QgsLegendStyle.Group, qfont(7.5, bold=True))
    legend.setStyleFont(QgsLegendStyle.Subgroup, qfont(7.5, bold=True))
    legend.setStyleFont(QgsLegendStyle.SymbolLabel, qfont(7))
    legend.setSymbolWidth(5)
    legend.setSymbolHeight(2.6)
    legend.setColumnSpace(4)
    legend.setWrapString('|')
    layout.addLayoutItem(legend)
    place(legend, 10, 139, 137, 56)

    label(layout, 'keyfigures_title', "Nyckeltal [% @trygg_period_label %]|(förändring mot föregående halvår)"
          .replace('|', chr(10)), 150, 139, 62, 9, 8, bold=True)
    table_frame(layout, 'keyfigures', 150, 149, 62, 36, 7.5, 'Inga anmälda brott', 12)
    # Counts with their rates ('140 (10,7)') in four sex columns: the wider of the two tables.
    label(layout, 'breakdown_title', "[% coalesce(@trygg_breakdown_title, '') %]", 214, 139, 73, 9, 8, bold=True)
    table_frame(layout, 'breakdown', 214, 149, 73, 38, 6.5, 'Ingen uppdelning efter kön och ålder', 10)
    # Wherever a class or hotspot is shown beside a withheld value: what '..' means.
    label(layout, 'note', "[% coalesce(@trygg_note, '') %]", 150, 187, 137, 8, 6.5, color='#7f2704')

    label(layout, 'source',
          "[% coalesce(@trygg_source, 'Källa: anmälda brott; befolkning SCB.') %] Sekretess: '..' = uppgift "
          "undertryckt för att skydda enskilda. Framställd [% coalesce(@trygg_made, format_date(now(), 'yyyy-MM-dd')) %] "
          "med Trygg. [% coalesce(@trygg_data_range, '') %]",
          10, 196, 277, 8, 7, color='#525252')
    return layout


def main():
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject()
    layout = build(QgsPrintLayout(project))
    ok = layout.saveAsTemplate(TEMPLATE, QgsReadWriteContext())
    if not ok:
        raise RuntimeError('could not write ' + TEMPLATE)
    print('wrote', TEMPLATE)
    return 0


if __name__ == '__main__':
    sys.exit(main())
