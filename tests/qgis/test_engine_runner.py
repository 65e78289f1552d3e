# SPDX-License-Identifier: MIT
"""The engine runner against a fake engine (protocol) and the real one (stages, validate)."""
import json
import os
import threading
import time

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from trygg import engine


class RecordingFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.infos, self.warnings, self.texts, self.percents = [], [], [], []

    def pushInfo(self, info):  # noqa: N802
        self.infos.append(info)

    def pushWarning(self, warning):  # noqa: N802
        self.warnings.append(warning)

    def setProgressText(self, text):  # noqa: N802
        self.texts.append(text)
        super().setProgressText(text)

    def setProgress(self, p):  # noqa: N802
        self.percents.append(p)
        super().setProgress(p)


def test_progress_and_warnings_are_streamed_and_result_returned(fake_engine, tmp_path):
    out = str(tmp_path / 'o.txt')
    fb = RecordingFeedback()
    result = engine.run_pipeline([
        {'type': 'fake.steps', 'tag': 'a', 'steps': 4},
        {'type': 'fake.warn', 'tag': 'w', 'message': 'två punkter utanför'},
        {'type': 'fake.steps', 'tag': 'b', 'steps': 2},
        {'type': 'fake.write', 'tag': 'out', 'path': out},
    ], fb)
    assert result['result'] == 'ok'
    assert result['outputs'] == [{'path': out, 'what': 'file'}]
    assert fb.texts == ['a', 'w', 'b']          # a stage that only talks still shows as started
    # Four stages weigh 25 % each: a runs 0..25, b runs 50..75.
    assert fb.percents[0] == 0.0
    assert 25.0 in fb.percents and fb.percents[-1] == 75.0
    assert fb.percents == sorted(fb.percents)
    # A warning without a code (this stand-in engine sends none) keeps the engine's text behind a
    # headline; coded warnings are said in the plugin's words (test_engine_warnings.py).
    assert fb.warnings == ['w: Varning från Trygg-motorn (på engelska): två punkter utanför']
    engine.report_accounting(result, fb)
    assert any('3' in i and '2' in i and '1' in i for i in fb.infos)


def test_error_line_becomes_the_exception_message(fake_engine):
    with pytest.raises(QgsProcessingException) as e:
        engine.run_pipeline([{'type': 'fake.fail', 'code': 4,
                              'message': "read.incidents: field 'brottsdatum' not found in 'x.csv'"}],
                            RecordingFeedback())
    assert str(e.value) == "trygg: read.incidents: field 'brottsdatum' not found in 'x.csv'"


def test_cancel_terminates_the_engine(fake_engine, tmp_path, monkeypatch):
    pidfile = str(tmp_path / 'pid')
    monkeypatch.setenv('FAKE_TRYGG_PIDFILE', pidfile)
    fb = RecordingFeedback()

    def cancel_soon():
        while not os.path.exists(pidfile) or not fb.texts:
            time.sleep(0.05)
        fb.cancel()

    threading.Thread(target=cancel_soon, daemon=True).start()
    started = time.monotonic()
    with pytest.raises(engine.EngineCancelled):
        engine.run_pipeline([{'type': 'fake.steps', 'tag': 'slow', 'steps': 1000, 'delay': 0.05}], fb)
    assert time.monotonic() - started < 20      # 1000 × 0.05 s would be 50 s
    pid = int(open(pidfile).read())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)                          # the process is gone (and reaped)


def test_missing_engine_names_what_is_missing(monkeypatch, tmp_path):
    monkeypatch.delenv('TRYGG_EXE', raising=False)
    monkeypatch.setenv('PATH', str(tmp_path))
    with pytest.raises(engine.EngineNotFound) as e:
        engine.find_executable()
    assert "'trygg'" in str(e.value) and 'PATH' in str(e.value)
    monkeypatch.setenv('TRYGG_EXE', str(tmp_path / 'nope'))
    with pytest.raises(engine.EngineNotFound) as e:
        engine.find_executable()
    assert str(tmp_path / 'nope') in str(e.value)


def test_setting_takes_precedence(monkeypatch, fake_engine, tmp_path):
    from qgis.core import QgsSettings
    s = QgsSettings()
    s.setValue(engine.EXECUTABLE_KEY, str(tmp_path / 'configured-trygg'))
    try:
        with pytest.raises(engine.EngineNotFound) as e:
            engine.find_executable()
        assert 'configured-trygg' in str(e.value)
        s.setValue(engine.EXECUTABLE_KEY, fake_engine)
        assert engine.find_executable() == fake_engine
    finally:
        s.remove(engine.EXECUTABLE_KEY)


def test_real_engine_lists_stages_as_json(real_engine):
    stages = engine.engine_stages(refresh=True)
    code, out, _ = engine.run_command(['stages', '--json'])
    assert code == 0
    assert set(stages) == {s['type'] for s in json.loads(out)}


def test_real_engine_validate_reports_its_error_line(real_engine):
    with pytest.raises(QgsProcessingException) as e:
        engine.validate([{'type': 'no.such.stage'}])
    assert str(e.value).startswith('trygg: ')
    assert 'no.such.stage' in str(e.value)
