# SPDX-License-Identifier: GPL-2.0-or-later
"""Result layers in the desktop show rounded numbers (issue 18: attribute tables and identify
results showed 2.873371580000001): every real field gets QGIS's Range field formatter with a
precision that suits it — probabilities 4 decimals, rates 1, other real values (z-scores,
densities, shares) 2. Only the display changes; the stored values keep their precision."""
import re

from qgis.core import QgsEditorWidgetSetup
from qgis.PyQt.QtCore import QVariant

PROBABILITY = re.compile(r'(^|_)(p|q|p_sim|p_fdr|p_value|pvalue|p_varde)($|_)')
RATE = re.compile(r'(per_1000|per_km2)')


def precision_for(name):
    name = name.lower()
    if PROBABILITY.search(name):
        return 4
    if RATE.search(name):
        return 1
    return 2


def round_real_fields(layer):
    """Rounded display of every real field of a vector layer; returns {field: decimals}."""
    done = {}
    if not hasattr(layer, 'fields'):
        return done
    for i, field in enumerate(layer.fields()):
        if field.type() != QVariant.Double:
            continue
        decimals = precision_for(field.name())
        layer.setEditorWidgetSetup(i, QgsEditorWidgetSetup('Range', {
            'Precision': decimals, 'Style': 'SpinBox', 'Min': -1e308, 'Max': 1e308, 'Step': 1, 'AllowNull': True}))
        done[field.name()] = decimals
    return done
