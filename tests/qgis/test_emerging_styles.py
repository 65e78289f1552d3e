# SPDX-License-Identifier: MIT
"""The styles of issue 19's layers (emerging_delomraden.qml, atgard_delomraden.qml) applied to a
small layer, drawn, and the colours read back: the categories users know, in Swedish."""
import os

from qgis.core import (QgsFeature, QgsGeometry, QgsMapRendererParallelJob, QgsMapSettings, QgsProject, QgsRectangle,
                       QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

from styles_util import STYLES_DIR


def render(layer, squares=7):
    """Square i spans x 100i..100i+100, y 0..100, drawn at 1 px per metre."""
    ms = QgsMapSettings()
    ms.setLayers([layer])
    ms.setDestinationCrs(layer.crs())
    ms.setExtent(QgsRectangle(0, 0, squares * 100, 100))
    ms.setOutputSize(QSize(squares * 100, 100))
    ms.setBackgroundColor(QColor('#000000'))
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def centre_colour(img, i):
    return QColor(img.pixel(int(i * 100 + 20), 80)).name()  # off the centre, clear of the label


def squares(fields, values):
    layer = QgsVectorLayer('MultiPolygon?crs=EPSG:3006&' + '&'.join('field=' + f for f in fields), 'm', 'memory')
    feats = []
    for i, v in enumerate(values):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt('MULTIPOLYGON((({0} 0,{1} 0,{1} 100,{0} 100,{0} 0)))'.format(i * 100, i * 100 + 100)))
        f.setAttribute(0, v)
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(layer, False)
    return layer


def test_emerging_categories_coloured_and_labelled_in_swedish():
    layer = squares(['emerging_kategori:integer', 'namn:string'], [3, 4, 1, 0, -1, -4, -3])
    msg, ok = layer.loadNamedStyle(os.path.join(STYLES_DIR, 'emerging_delomraden.qml'))
    assert ok, msg
    labels = {str(c.value()): c.label() for c in layer.renderer().categories()}  # values load as text
    assert labels['3'] == 'Tilltagande hotspot' and labels['-3'] == 'Tilltagande kallpunkt' and labels['0'] == 'Inget mönster'
    assert len(labels) == 18  # 17 outcomes + NULL
    img = render(layer)
    assert [centre_colour(img, i) for i in range(7)] == ['#67000d', '#cb181d', '#fb6a4a', '#f7f7f7',
                                                         '#6baed6', '#2171b5', '#08306b']


def test_evaluation_roles():
    layer = squares(['atgard_roll:string', 'namn:string'], ['mål', 'buffertzon', 'kontroll', None])
    msg, ok = layer.loadNamedStyle(os.path.join(STYLES_DIR, 'atgard_delomraden.qml'))
    assert ok, msg
    img = render(layer, 4)
    assert [centre_colour(img, i) for i in range(4)] == ['#e31a1c', '#fd8d3c', '#3182bd', '#f0f0f0']
