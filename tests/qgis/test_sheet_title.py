# SPDX-License-Identifier: MIT
"""The district sheet's title (layouts/district_sheet.qpt): a district without a name (SCB's
DeSO without a name table) is titled "DeSO <kod>", never blank (issues 15, 18); a name from the
enclosing layer is titled without its trailing code."""
import os
import re

from qgis.core import (QgsExpression, QgsExpressionContext, QgsExpressionContextScope, QgsFeature, QgsFields,
                       QgsField)
from qgis.PyQt.QtCore import QVariant

LAYOUT = os.path.join(os.path.dirname(__file__), '..', '..', 'plugins', 'qgis', 'trygg', 'layouts', 'district_sheet.qpt')


def title_expression():
    with open(LAYOUT, encoding='utf-8') as f:
        qpt = f.read()
    label = re.search(r'id="title"[^>]*labelText="\[% (.*?) %\]"', qpt) or \
        re.search(r'labelText="\[% (.*?) %\]"[^>]*id="title"', qpt)
    return label.group(1).replace('&apos;', "'").replace('&quot;', '"')


def evaluate(kod, namn):
    fields = QgsFields()
    fields.append(QgsField('kod', QVariant.String))
    fields.append(QgsField('namn', QVariant.String))
    feature = QgsFeature(fields)
    feature['kod'], feature['namn'] = kod, namn
    # PyQt cannot hand a QgsFeature to @atlas_feature as the atlas does (it arrives as a Python
    # object), so the title's expression is evaluated with the context's feature in its place.
    scope = QgsExpressionContextScope()
    scope.setFeature(feature)
    context = QgsExpressionContext()
    context.appendScope(scope)  # the context owns the scope
    expression = QgsExpression(title_expression().replace('@atlas_feature', '$currentfeature'))
    assert not expression.hasParserError(), expression.parserErrorString()
    return expression.evaluate(context)


def test_a_district_without_a_name_is_titled_by_its_code(qgis_app):
    # A DeSO code (4 digits, A/B/C, 4 digits) reads "DeSO <kod>" (issue 18); other codes as they are.
    assert evaluate('1980C1320', '') == 'DeSO 1980C1320'
    assert evaluate('1980C1320', None) == 'DeSO 1980C1320'
    assert evaluate('D17', None) == 'D17'
    # A name from the enclosing layer ends in its own code, which the subtitle already gives: the
    # title drops it (the long form wrapped out of the title's box on Västerås' sheets).
    assert evaluate('1980C1320', 'Kopparlunden-Östermalm (2238) · 1980C1320') == 'Kopparlunden-Östermalm (2238)'
    assert evaluate('9999C0010', 'Centrum') == 'Centrum'
    assert evaluate('9999C0010', 'Centrum · 9999C0011') == 'Centrum · 9999C0011'  # another code stays
