#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes district_sheet.qpt, the print layout template of the district safety maps, with
QGIS itself. The .qpt is committed; a user may edit it in QGIS's layout designer and pass the
edited file to trygg:districtmaps. The algorithm finds items by their ids:

  title, subtitle, map_rates, map_hotspots, north, scalebar, legend, keyfigures_title,
  keyfigures (attribute table frame), source

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
                       QgsLayoutItemScaleBar, QgsLegendStyle, QgsBasicNumericFormat, QgsLayoutPoint, QgsScaleBarSettings, QgsLayoutSize,
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


def build(layout):
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    page.setPageSize('A4', QgsLayoutItemPage.Landscape)
    layout.setName('Trygg – kartblad per delområde')

    label(layout, 'title',
          # A name ending in " · <kod>" (read.districts' names_from) loses that ending: the subtitle
          # gives the code, and the long form wrapped out of the title's box on Västerås' DeSO.
          "[% coalesce(@trygg_title, nullif(regexp_replace(attribute(@atlas_feature, 'namn'), "
          "' · ' || attribute(@atlas_feature, 'kod') || '$', ''), ''), attribute(@atlas_feature, 'kod')) %]",
          10, 6, 200, 12, 20, bold=True)
    label(layout, 'period', "[% @trygg_period_label %]", 210, 6, 77, 12, 14, color='#525252', align=Qt.AlignRight)
    label(layout, 'subtitle',
          "[% coalesce(@trygg_subtitle, 'Delområde ' || attribute(@atlas_feature, 'kod') || ' · ' || "
          "@trygg_municipality) %]", 10, 18, 277, 7, 10, color='#525252')

    for item_id, x, heading in (('map_rates', 10, 'Anmälda brott per 1 000 invånare: [% @trygg_group %]'),
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
        place(m, x, 33, 137, 104)
        label(layout, item_id + '_heading', heading, x, 27, 137, 6, 9, bold=True)

    north = QgsLayoutItemPicture(layout)
    north.setId('north')
    north.setPicturePath(NORTH_ARROW)
    layout.addLayoutItem(north)
    place(north, 136, 35, 9, 12)

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
    number = QgsBasicNumericFormat()
    number.setShowThousandsSeparator(True)
    number.setThousandsSeparator(' ')
    number.setNumberDecimalPlaces(0)
    scale.setNumericFormat(number)
    layout.addLayoutItem(scale)
    scale.setBackgroundEnabled(True)
    scale.setBackgroundColor(QColor(255, 255, 255, 200))
    place(scale, 12, 125, 50, 10)

    legend = QgsLayoutItemLegend(layout)
    legend.setId('legend')
    legend.setTitle('Teckenförklaring')
    legend.setColumnCount(2)
    legend.setSplitLayer(False)
    legend.setAutoUpdateModel(False)
    legend.setResizeToContents(False)
    legend.setFrameEnabled(False)
    legend.setStyleFont(QgsLegendStyle.Title, qfont(9, bold=True))
    legend.setStyleFont(QgsLegendStyle.Group, qfont(8, bold=True))
    legend.setStyleFont(QgsLegendStyle.Subgroup, qfont(8, bold=True))
    legend.setStyleFont(QgsLegendStyle.SymbolLabel, qfont(7))
    legend.setSymbolWidth(5)
    legend.setSymbolHeight(2.6)
    legend.setColumnSpace(4)
    layout.addLayoutItem(legend)
    place(legend, 10, 140, 137, 54)

    label(layout, 'keyfigures_title', "Nyckeltal [% @trygg_period_label %] (förändring mot föregående halvår)",
          150, 140, 137, 6, 9, bold=True)
    table = QgsLayoutItemAttributeTable.create(layout)
    table.setContentTextFormat(text_format(8))
    table.setHeaderTextFormat(text_format(8, bold=True))
    table.setEmptyTableBehavior(QgsLayoutItemAttributeTable.ShowMessage)
    table.setEmptyTableMessage('Inga anmälda brott')
    table.setGridStrokeWidth(0.1)
    table.setGridColor(QColor('#bdbdbd'))
    table.setMaximumNumberOfFeatures(12)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.setId('keyfigures')
    table.addFrame(frame)
    place(frame, 150, 147, 137, 45)

    label(layout, 'source',
          "[% coalesce(@trygg_source, 'Källa: anmälda brott; befolkning SCB.') %] Sekretess: '..' = färre än 5 "
          "händelser, redovisas inte. Framställd [% format_date(now(), 'yyyy-MM-dd') %] med Trygg. "
          "[% coalesce(@trygg_data_range, '') %]",
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
