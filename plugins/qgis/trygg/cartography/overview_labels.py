# SPDX-License-Identifier: GPL-2.0-or-later
"""Labels of the overview sheet (issue 18): districts too small for their label in the inset of
the dense centre get a number and a key; on the main maps, a label QGIS finds no room for beside
the inset is left to the inset when it shows the district, else numbered in the same key."""
from qgis.core import (QgsExpressionContextUtils, QgsLayoutItemLabel, QgsLayoutItemMap, QgsLayoutPoint,
                       QgsLayoutSize, QgsUnitTypes)
from qgis.PyQt.QtGui import QColor

from ..i18n import t
from . import labels, overview


def inset_numbers(layout, coverage, label_expression, size=6):
    """({kod: n} of the districts too small for their label in the overview's inset,
    {kod: label text} of all districts)."""
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils
    inset = layout.itemById('map_inset')
    if not isinstance(inset, QgsLayoutItemMap) or not inset.isVisible():
        return {}, {}
    extent = inset.extent()
    expression = QgsExpression(label_expression)
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(coverage))
    districts, names = [], {}
    tolerance = max(extent.width(), 1.0) / 2000.0
    for f in coverage.getFeatures():
        g = f.geometry()
        if g is None or g.isEmpty():
            continue
        context.setFeature(f)
        text = str(expression.evaluate(context))
        pole, radius = g.poleOfInaccessibility(tolerance)
        p = pole.asPoint()
        kod = str(f['kod'])
        districts.append((kod, text, (p.x(), p.y()), radius))
        names[kod] = text
    box = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
    return overview.numbered_districts(districts, box, inset.sizeWithUnits().width(), size), names


def add_number_keys(layout, numbers, names, on_main=False):
    """The key of the numbered districts (n label) above each visible inset, in the map's
    empty corner over the inset; replaces a key added before."""
    if not numbers:
        return
    heading = t('Numrerade delområden:', 'Numbered districts:') if on_main else \
        t('Numrerade delområden i rutan:', 'Numbered districts in the inset:')
    for main_id, inset_id in (('map_rates', 'map_inset'), ('map_hotspots', 'map_inset_hotspots')):
        main, small = layout.itemById(main_id), layout.itemById(inset_id)
        if not isinstance(small, QgsLayoutItemMap) or not small.isVisible():
            continue
        old = layout.itemById(inset_id + '_key')
        if old is not None:
            layout.removeLayoutItem(old)
        top = main.positionWithUnits().y() + 1
        room = small.positionWithUnits().y() - 1 - top
        columns = 3
        while columns < 6 and -(-len(numbers) // columns) * overview.label_size_mm('x', 5.5)[1] > room - 4:
            columns += 1
        key = QgsLayoutItemLabel(layout)
        key.setId(inset_id + '_key')
        key.setText(heading + '\n' + overview.key_text(numbers, names, columns))
        font = key.font()
        font.setPointSizeF(5.5)
        key.setFont(font)
        key.setMarginX(1)
        key.setMarginY(0.8)
        key.setBackgroundEnabled(True)
        key.setBackgroundColor(QColor(255, 255, 255, 230))
        key.setFrameEnabled(True)
        key.setFrameStrokeColor(QColor('#969696'))
        layout.addLayoutItem(key)
        key.attemptMove(QgsLayoutPoint(small.positionWithUnits().x(), top, QgsUnitTypes.LayoutMillimeters))
        lines = 1 + -(-len(numbers) // columns)
        height = min(room, lines * overview.label_size_mm('x', 5.5)[1] * 1.1 + 2.5)
        key.attemptResize(QgsLayoutSize(small.sizeWithUnits().width(), height, QgsUnitTypes.LayoutMillimeters))
        # main-map labels keep clear of the inset and its key
        for item in (small, key):
            main.addLabelBlockingItem(item)


def main_map_room(layout, rates, label_expression, box, numbers, dpi, size=6):
    """({kod: n}, {kod}) of the districts outside the inset's box whose label QGIS finds no
    room for on the overview's main map (clear of the other labels, the inset and its key):
    numbered after the inset's numbers (north-west first), or, when the inset shows the
    district, left to the inset. Tried again with the numbers in place (a number may find
    no room either: then it too is left to the inset when it can be)."""
    main, inset = layout.itemById('map_rates'), layout.itemById('map_inset')
    if not isinstance(main, QgsLayoutItemMap) or not isinstance(inset, QgsLayoutItemMap) or not inset.isVisible():
        return {}, set(), {}
    xmin, ymin, xmax, ymax = box
    shown_in_inset = inset.extent()
    first = max(numbers.values(), default=0) + 1
    extent, frame = main.extent(), main.sizeWithUnits()
    upm = extent.width() / frame.width()   # map units per mm on the main map

    def covered(x, y):   # under the inset (or its key) drawn over the main map: not seen there
        for item in (inset, layout.itemById('map_inset_key')):
            if item is None:
                continue
            left = extent.xMinimum() + (item.positionWithUnits().x() - main.positionWithUnits().x()) * upm
            top = extent.yMaximum() - (item.positionWithUnits().y() - main.positionWithUnits().y()) * upm
            if left <= x <= left + item.sizeWithUnits().width() * upm and \
                    top - item.sizeWithUnits().height() * upm <= y <= top:
                return True
        return False
    points = {}
    for f in rates.getFeatures():
        g = f.geometry()
        if g is not None and not g.isEmpty():
            p = g.pointOnSurface().asPoint()
            if not (xmin <= p.x() <= xmax and ymin <= p.y() <= ymax) and not covered(p.x(), p.y()):
                points[str(f['kod'])] = (p.x(), p.y())   # (in the box: labelled in the inset only)
    reach = overview.label_size_mm('C0000', size)[0] * upm
    numbered, hidden, far = {}, set(), {}

    def numbering():   # north-west first, after the inset's numbers
        return {kod: first + i for i, kod in enumerate(sorted(numbered, key=lambda k: numbered[k]))}
    for _ in range(6):
        changed = False
        for f in unplaced_labels(
                main, rates, labels.overview_label(label_expression, box, numbers, numbering(), hidden), dpi, size,
                far):
            kod = str(f['kod'])
            if kod not in points or kod in hidden:
                continue
            x, y = points[kod]
            if f.geometry().intersects(shown_in_inset):
                hidden.add(kod)
                numbered.pop(kod, None)
                changed = True
            elif kod not in numbered:
                numbered[kod] = (-y, x, kod)
                changed = True
            else:
                # its number finds no room either: the nearest district still showing its
                # code makes room by showing a number too
                # (only a code close enough to be in its way: within one code's width)
                rest = [k for k in points if k not in numbered and k not in hidden
                        and (points[k][0] - x) ** 2 + (points[k][1] - y) ** 2 <= reach ** 2]
                if rest:
                    near = min(rest, key=lambda k: (points[k][0] - x) ** 2 + (points[k][1] - y) ** 2)
                    numbered[near] = (-points[near][1], points[near][0], near)
                    changed = True
                elif far.get(kod, 1.5) < 7:
                    far[kod] = far.get(kod, 1.5) + 2.5   # further off, with its leader line
                    changed = True
        if not changed:
            break
    return numbering(), hidden, far


def unplaced_labels(main, layer, expression, dpi, size, distances=None):
    """The features of `layer` whose label (`expression`) QGIS leaves out on the layout map
    `main` when it may leave out what collides (one render of that map at `dpi`)."""
    from qgis.core import QgsExpression, QgsMapRendererSequentialJob
    from qgis.PyQt.QtCore import QSizeF
    probe = labels.always_placed(expression, size=size, distances=distances)
    settings = probe.settings()
    settings.displayAll = False
    layer.setLabeling(type(probe)(settings))
    layer.setLabelsEnabled(True)
    mm = main.sizeWithUnits()
    job = QgsMapRendererSequentialJob(main.mapSettings(
        main.extent(), QSizeF(mm.width() / 25.4 * dpi, mm.height() / 25.4 * dpi), dpi, True))
    job.start()
    job.waitForFinished()
    placed = {p.featureId for p in job.takeLabelingResults().allLabels()
              if p.layerID == layer.id() and not p.isUnplaced}
    wanted = QgsExpression(expression)
    context = main.createExpressionContext()
    context.appendScope(QgsExpressionContextUtils.layerScope(layer))
    out = []
    for f in layer.getFeatures():
        if f.id() in placed or f.geometry() is None or f.geometry().isEmpty():
            continue
        context.setFeature(f)
        if wanted.evaluate(context) not in (None, ''):
            out.append(f)
    return out
