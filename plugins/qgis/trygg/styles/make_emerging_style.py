#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes emerging_delomraden.qml, the style of the emerging_hotspots categories (issue 19), and
atgard_delomraden.qml, the target/buffer/control roles of evaluate_measure,
with QGIS itself and the helpers of make_styles.py (kept apart so that the two scripts can be
re-run independently):

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 plugins/qgis/trygg/styles/make_emerging_style.py

Colours follow the pattern legend users know from ArcGIS's Emerging Hot Spot Analysis: hot
patterns in reds (darkest for intensifying and persistent), cold ones in blues, oscillating in
purple, historical in the palest shade, no pattern near-white.
"""
import sys

import make_styles as ms
from qgis.core import QgsApplication

# (kategori code, colour, Swedish label, English) — codes as stats::EmergingCategory.
EMERGING = [
    (3, '#67000d', 'Tilltagande hotspot', 'Intensifying hot spot'),
    (4, '#cb181d', 'Ihållande hotspot', 'Persistent hot spot'),
    (2, '#ef3b2c', 'Sammanhängande hotspot', 'Consecutive hot spot'),
    (1, '#fb6a4a', 'Ny hotspot', 'New hot spot'),
    (5, '#fc9272', 'Avtagande hotspot', 'Diminishing hot spot'),
    (6, '#fdae6b', 'Sporadisk hotspot', 'Sporadic hot spot'),
    (7, '#c994c7', 'Växlande hotspot', 'Oscillating hot spot'),
    (8, '#fee0d2', 'Historisk hotspot', 'Historical hot spot'),
    (0, '#f7f7f7', 'Inget mönster', 'No pattern detected'),
    (-8, '#deebf7', 'Historisk kallpunkt', 'Historical cold spot'),
    (-7, '#9e9ac8', 'Växlande kallpunkt', 'Oscillating cold spot'),
    (-6, '#9ecae1', 'Sporadisk kallpunkt', 'Sporadic cold spot'),
    (-5, '#c6dbef', 'Avtagande kallpunkt', 'Diminishing cold spot'),
    (-1, '#6baed6', 'Ny kallpunkt', 'New cold spot'),
    (-2, '#4292c6', 'Sammanhängande kallpunkt', 'Consecutive cold spot'),
    (-4, '#2171b5', 'Ihållande kallpunkt', 'Persistent cold spot'),
    (-3, '#08306b', 'Tilltagande kallpunkt', 'Intensifying cold spot'),
]

# Roles of evaluate_measure's districts (`<prefix>_roll`, text).
ROLES = [
    ('mål', '#e31a1c', 'Målområde', 'Target area'),
    ('buffertzon', '#fd8d3c', 'Buffertzon', 'Buffer zone'),
    ('kontroll', '#3182bd', 'Kontrollområde', 'Control area'),
]


def main():
    app = QgsApplication([], False)
    app.initQgis()
    vl = ms.layer([('kod', 'string'), ('namn', 'string'), ('emerging_kategori', 'integer')])
    vl.setRenderer(ms.categorized('emerging_kategori', EMERGING, True))
    vl.setLabeling(ms.labels('"namn"'))
    vl.setLabelsEnabled(True)
    ms.save(vl, 'emerging_delomraden.qml')
    del vl
    roles = ms.layer([('kod', 'string'), ('namn', 'string'), ('atgard_roll', 'string')])
    renderer = ms.categorized('atgard_roll', ROLES, False)
    # The districts outside the study (NULL role): pale, named as what they are.
    for i, cat in enumerate(renderer.categories()):
        if cat.value() is None or cat.value() == '':
            renderer.updateCategoryLabel(i, 'Övriga delområden')
            renderer.updateCategorySymbol(i, ms.fill('#f0f0f0'))
    roles.setRenderer(renderer)
    roles.setLabeling(ms.labels('"namn"'))
    roles.setLabelsEnabled(True)
    ms.save(roles, 'atgard_delomraden.qml')
    del roles
    app.exitQgis()
    return 0


if __name__ == '__main__':
    sys.exit(main())
