# SPDX-License-Identifier: MIT
"""Messages the user sees: a cancelled run is one line, not a Python traceback (QGIS 3.22 prints
the traceback for any *subclass* of QgsProcessingException, such as EngineCancelled); LISA
classes are labelled in Swedish (issue 18)."""
import os
import threading
import time

import pytest
from qgis.core import (QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback,
                       QgsProcessingOutputString)

from trygg import engine
from trygg.algorithms.base import STYLES_DIR, TryggAlgorithm


class SlowFake(TryggAlgorithm):
    """A Trygg algorithm running the fake engine's slow stage (cancel) or its failure stage."""
    ALG_ID = 'slowfake'
    NAME = ('Långsam', 'Slow')
    HELP = ('Test', 'Test')
    REQUIRED_STAGES = ('fake.steps', 'fake.fail')

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addOutput(QgsProcessingOutputString('OUT', 'out'))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        stage = ({'type': 'fake.fail', 'code': 4, 'message': 'read.incidents: no such file'} if parameters.get('FAIL')
                 else {'type': 'fake.steps', 'tag': 'slow', 'steps': 1000, 'delay': 0.05})
        self.run_engine([stage], feedback)
        return {'OUT': 'done'}


class Errors(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.errors = []

    def reportError(self, error, fatalError=False):  # noqa: N802,N803
        self.errors.append(error)


def run(alg, parameters, feedback, cancel_after=None):
    alg.initAlgorithm({})
    if cancel_after is not None:
        threading.Timer(cancel_after, feedback.cancel).start()
    started = time.monotonic()
    results, ok = alg.run(parameters, QgsProcessingContext(), feedback)
    assert time.monotonic() - started < 20
    return ok


@pytest.mark.parametrize('lang, text', [('sv', 'Körningen avbröts.'), ('en', 'The run was cancelled.')])
def test_cancel_is_one_line_without_traceback(fake_engine, monkeypatch, lang, text):
    monkeypatch.setenv('TRYGG_LANG', lang)
    fb = Errors()
    assert not run(SlowFake(), {}, fb, cancel_after=1.0)
    assert fb.errors == [text]


def test_engine_errors_are_one_line_too(fake_engine):
    fb = Errors()
    assert not run(SlowFake(), {'FAIL': True}, fb)
    assert fb.errors == ['trygg: read.incidents: no such file']


def test_missing_engine_is_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv('TRYGG_EXE', str(tmp_path / 'no-trygg'))
    fb = Errors()
    assert not run(SlowFake(), {}, fb)
    assert len(fb.errors) == 1 and 'Traceback' not in fb.errors[0] and 'no-trygg' in fb.errors[0]


def test_processalgorithm_still_raises_plain_processing_exceptions(fake_engine):
    alg = SlowFake()
    alg.initAlgorithm({})
    with pytest.raises(QgsProcessingException) as e:
        alg.processAlgorithm({'FAIL': True}, QgsProcessingContext(), QgsProcessingFeedback())
    assert type(e.value) is QgsProcessingException
    assert not isinstance(e.value, engine.EngineCancelled)


@pytest.mark.parametrize('qml', ['lisa_delomraden.qml', 'lisa_grid.qml'])
def test_lisa_classes_are_labelled_in_swedish(qml):
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtXml import QDomDocument
    layer = QgsVectorLayer('Polygon?crs=EPSG:3006&field=lisa_class:integer', 'l', 'memory')
    doc = QDomDocument()
    with open(os.path.join(STYLES_DIR, qml), encoding='utf-8') as f:
        doc.setContent(f.read())
    assert layer.importNamedStyle(doc)[0]
    labels = {c.value(): c.label() for c in layer.renderer().categories()}
    assert labels == {'HH': 'Hög-Hög', 'LL': 'Låg-Låg', 'HL': 'Hög-Låg', 'LH': 'Låg-Hög', 'ns': 'Ej signifikant',
                      '': 'Ingen uppgift'}
