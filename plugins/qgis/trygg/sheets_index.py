# SPDX-License-Identifier: GPL-2.0-or-later
"""Index pages of *Kartblad per delområde* (issue 22): one A4 page per district with each policy
goal's rank and the total's, drawn as the rank's 90 % interval over the Monte Carlo draws on a
track of all ranked districts split into quartiles, the median marked, and the unstable flag
(the interval crosses a quartile boundary) spelled out.

Reads the `trygghetsanalys` table of a result written with "uncertainty"
(mal<g>_rang_median/_p05/_p95, mal<g>_instabil, risk_total_rang_*), and `kanslighet` for the
number of draws; a result without them gives no pages. Drawn with layout shapes and labels, so
the PDF stays vector."""
import os
import re
import sqlite3

from qgis.core import (QgsFillSymbol, QgsLayoutExporter, QgsLayoutItemLabel, QgsLayoutItemPage, QgsLayoutItemShape,
                       QgsLayoutPoint, QgsLayoutSize, QgsPrintLayout, QgsProcessingException, QgsProject,
                       QgsUnitTypes)
from qgis.PyQt.QtGui import QColor, QFont

from .i18n import t

GOAL_NAMES = {1: ('Mål 1: Tillit', 'Goal 1: Trust'),
              2: ('Mål 2: Trygga mötesplatser och utemiljöer', 'Goal 2: Safe meeting places and outdoor areas'),
              3: ('Mål 3: Narkotika och langning', 'Goal 3: Drugs and supply to minors'),
              4: ('Mål 4: Trygg skola', 'Goal 4: Safe school'),
              5: ('Mål 5: Våld', 'Goal 5: Violence'),
              6: ('Mål 6: Samverkan', 'Goal 6: Cooperation')}
# Quartile 1 (most risk) .. 4, pale so that the interval bar reads on top.
QUARTILE_FILL = {1: '#fcbba1', 2: '#fdd9b5', 3: '#fef0c7', 4: '#ffffe0'}
STABLE = '#252525'
UNSTABLE = '#c0392b'
MM = QgsUnitTypes.LayoutMillimeters
TRACK_X, TRACK_W = 78.0, 140.0


def quartile_class(rank, ranked):
    """The engine's rule (factors::quartile_class): 1 + floor(4 (r - 1) / N), at most 4."""
    return min(4, 1 + (4 * (rank - 1)) // ranked)


def read_intervals(gpkg):
    """(rankings, districts, draws): rankings [(key, label, column prefix)] in goal order then the
    total; districts [(kod, namn, {key: (median, p05, p95, unstable) or None})]; None when the
    result has no rank intervals."""
    con = sqlite3.connect('file:{}?mode=ro'.format(gpkg), uri=True)
    try:
        tables = {r[0] for r in con.execute("select table_name from gpkg_contents")}
        if 'trygghetsanalys' not in tables:
            return None
        columns = [r[1] for r in con.execute('pragma table_info(trygghetsanalys)')]
        rankings = []
        for c in columns:
            m = re.fullmatch(r'mal(\d)_rang_median', c)
            if m:
                g = int(m.group(1))
                rankings.append(('mal{}'.format(g), t(*GOAL_NAMES.get(g, ('Mål {}'.format(g), 'Goal {}'.format(g)))),
                                 'mal{}_rang_'.format(g), 'mal{}_instabil'.format(g)))
        if 'risk_total_rang_median' in columns:
            rankings.append(('risk_total', t('Total risk (alla mål)', 'Overall risk (all goals)'), 'risk_total_rang_',
                             'risk_total_instabil'))
        if not rankings:
            return None
        cols = []
        for _key, _label, prefix, unstable in rankings:
            cols += ['"{}median"'.format(prefix), '"{}p05"'.format(prefix), '"{}p95"'.format(prefix),
                     '"{}"'.format(unstable)]
        districts = []
        for row in con.execute('select kod, namn, {} from trygghetsanalys order by kod'.format(', '.join(cols))):
            values = {}
            for i, (key, *_rest) in enumerate(rankings):
                med, lo, hi, unstable = row[2 + 4 * i: 6 + 4 * i]
                values[key] = None if med is None else (int(med), int(lo), int(hi), bool(unstable))
            districts.append((str(row[0]), str(row[1] or row[0]), values))
        draws = None
        if 'kanslighet' in tables:
            r = con.execute('select max(dragningar) from kanslighet').fetchone()
            draws = r[0] if r else None
        return rankings, districts, draws
    finally:
        con.close()


def _label(layout, text, x, y, w, h, size=9, bold=False, colour='#000000', align_right=False):
    item = QgsLayoutItemLabel(layout)
    item.setText(text)
    font = QFont('DejaVu Sans', size)
    font.setBold(bold)
    item.setFont(font)
    item.setFontColor(QColor(colour))
    if align_right:
        from qgis.PyQt.QtCore import Qt
        item.setHAlign(Qt.AlignRight)
    layout.addLayoutItem(item)
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    item.attemptResize(QgsLayoutSize(w, h, MM))
    return item


def _rect(layout, x, y, w, h, fill, outline=None, ellipse=False, item_id=None):
    item = QgsLayoutItemShape(layout)
    item.setShapeType(QgsLayoutItemShape.Ellipse if ellipse else QgsLayoutItemShape.Rectangle)
    item.setSymbol(QgsFillSymbol.createSimple({
        'color': fill, 'outline_style': 'solid' if outline else 'no', 'outline_color': outline or fill,
        'outline_width': '0.25'}))
    layout.addLayoutItem(item)
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    item.attemptResize(QgsLayoutSize(w, h, MM))
    if item_id:
        item.setId(item_id)
    return item


def _ranked(districts, key):
    return sum(1 for _k, _n, v in districts if v.get(key) is not None)


def build_page(project, rankings, districts, draws, district, municipality=''):
    """The index page of one district as a print layout (A4 landscape, as the map sheets)."""
    kod, namn, values = district
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize('A4', QgsLayoutItemPage.Landscape)
    layout.setName('index_' + kod)
    place = kod if namn == kod else '{} ({})'.format(namn, kod)  # DeSO have no names: the code once
    _label(layout, t('Trygghetsanalys · {}', 'Safety analysis · {}').format(place), 10, 8, 277, 10, size=16, bold=True)
    sub = t('Rang per mål bland kommunens delområden (1 = störst risk): median och 90 %-intervall över {} '
            'slumpvisa kombinationer av indexets val (normalisering, vikter, medelvärde, saknade värden).',
            'Rank per goal among the municipality\'s districts (1 = most risk): median and 90 % interval over {} '
            'random combinations of the index\'s choices (normalisation, weights, mean, missing data).').format(
        draws if draws is not None else '..')
    _label(layout, sub + (' ' + municipality if municipality else ''), 10, 19, 277, 10, size=8)
    y = 36.0
    _label(layout, t('Mål', 'Goal'), 10, y - 6, 60, 5, size=8, bold=True)
    _label(layout, t('1 = störst risk', '1 = most risk'), TRACK_X, y - 6, 50, 5, size=7)
    _label(layout, t('Medianrang (90 %)', 'Median rank (90 %)'), 222, y - 6, 34, 5, size=8, bold=True)
    _label(layout, t('Kvartil', 'Quartile'), 258, y - 6, 30, 5, size=8, bold=True)
    row_h = 15.0 if len(rankings) <= 7 else 12.0
    for key, label, _prefix, _unstable in rankings:
        ranked = _ranked(districts, key)
        _label(layout, label, 10, y, 66, 10, size=8, bold=key == 'risk_total')
        v = values.get(key)
        if ranked:
            # The track: ranks 1..N left to right, one band per quartile class.
            bounds = {}
            for r in range(1, ranked + 1):
                q = quartile_class(r, ranked)
                lo, hi = bounds.get(q, (r, r))
                bounds[q] = (min(lo, r), max(hi, r))
            for q, (lo, hi) in bounds.items():
                _rect(layout, TRACK_X + TRACK_W * (lo - 1) / ranked, y + 1.5, TRACK_W * (hi - lo + 1) / ranked, 5.0,
                      QUARTILE_FILL[q], outline='#bdbdbd')
            _label(layout, str(ranked), TRACK_X + TRACK_W - 12, y + 7, 12, 4, size=6, align_right=True)
        if v is None:
            _label(layout, t('ingen rang (..)', 'no rank (..)'), 222, y + 1.5, 60, 5, size=8)
        else:
            med, lo, hi, unstable = v
            colour = UNSTABLE if unstable else STABLE
            _rect(layout, TRACK_X + TRACK_W * (lo - 1) / ranked, y + 3.2, TRACK_W * (hi - lo + 1) / ranked, 1.6,
                  colour, item_id='interval_{}'.format(key))
            _rect(layout, TRACK_X + TRACK_W * (med - 0.5) / ranked - 1.4, y + 2.6, 2.8, 2.8, '#ffffff', outline=colour,
                  ellipse=True, item_id='median_{}'.format(key))
            _label(layout, '{} ({}–{})'.format(med, lo, hi), 222, y + 1.5, 34, 5, size=8, colour=colour)
            quart = quartile_class(med, ranked)
            text = (t('{}, instabil *', '{}, unstable *') if unstable else t('{}, stabil', '{}, stable')).format(quart)
            _label(layout, text, 258, y + 1.5, 32, 5, size=8, bold=bool(unstable), colour=colour)
        y += row_h
    _label(layout, t('Stapeln visar 90 %-intervallet för delområdets rang, ringen medianen; bakgrunden delar '
                     'rangerna i kvartiler (mörkast = störst risk). * Instabil: intervallet korsar en kvartilgräns, '
                     'så vilken kvartil området hamnar i beror på indexets val.',
                     'The bar is the 90 % interval of the district\'s rank, the ring its median; the background splits '
                     'the ranks into quartiles (darkest = most risk). * Unstable: the interval crosses a quartile '
                     'boundary, so the quartile depends on the index\'s choices.'),
           10, max(y + 4, 160), 277, 14, size=7)
    return layout


def export_index_pages(gpkg, folder, formats, dpi, feedback, base_name, municipality=''):
    """Writes one index page per district of a result with rank intervals; returns
    {kod: [file names]} ({} when the result has none)."""
    data = read_intervals(gpkg)
    if data is None:
        return {}
    rankings, districts, draws = data
    project = QgsProject()
    out = {}
    for district in districts:
        if feedback is not None and feedback.isCanceled():
            break
        layout = build_page(project, rankings, districts, draws, district, municipality)
        exporter = QgsLayoutExporter(layout)
        base = os.path.join(folder, base_name(district[0], district[1]))
        files = []
        if 'PDF' in formats:
            settings = QgsLayoutExporter.PdfExportSettings()
            settings.rasterizeWholeImage = False
            if exporter.exportToPdf(base + '.pdf', settings) != QgsLayoutExporter.Success:
                raise QgsProcessingException(t("Kunde inte skriva '{}'", "Could not write '{}'").format(base + '.pdf'))
            files.append(base + '.pdf')
        if 'PNG' in formats:
            settings = QgsLayoutExporter.ImageExportSettings()
            settings.dpi = dpi
            if exporter.exportToImage(base + '.png', settings) != QgsLayoutExporter.Success:
                raise QgsProcessingException(t("Kunde inte skriva '{}'", "Could not write '{}'").format(base + '.png'))
            files.append(base + '.png')
        out[district[0]] = [os.path.basename(f) for f in files]
    if feedback is not None:
        feedback.pushInfo(t('{} indexsidor med rangintervall', '{} index pages with rank intervals').format(len(out)))
    return out
