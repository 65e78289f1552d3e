# SPDX-License-Identifier: MIT
"""trygg:report (Lägesrapport, issue 17): runs `trygg report` on a pipeline file with the chosen
language, PDF choice and output folder, in the folder the pipeline's relative paths resolve from;
streams progress, honours cancel, gives the engine's error as one line, hands back the files.
With the fake engine (tests/qgis/fake_trygg.py) for the protocol, and with the real engine on
examples/lagesrapport/exempelstad.json when it has the write.report stage."""
import json
import os
import threading
import time

import pytest
from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

import processing
from conftest import REPO
from missing import skip_or_fail
from trygg import engine
from trygg.algorithms.report import ReportAlgorithm, working_folder

EXAMPLE = os.path.join(REPO, 'examples', 'lagesrapport', 'exempelstad.json')


@pytest.fixture
def fake_report_engine(fake_engine, monkeypatch):
    # The fake speaks the protocol but has no write.report stage to list: say it has.
    stages = {'write.gpkg': {}, 'write.report': {}}
    monkeypatch.setattr(engine, 'engine_stages', lambda refresh=False: stages)
    return fake_engine


def nested_pipeline(tmp_path, stages):
    """A pipeline two folders below the folder holding the file it reads (like the examples,
    written relative to the repository root)."""
    root = tmp_path / 'root'
    (root / 'data').mkdir(parents=True)
    (root / 'data' / 'in.csv').write_text('x\n', encoding='utf-8')
    folder = root / 'examples' / 'lagesrapport'
    folder.mkdir(parents=True)
    pipeline = folder / 'p.json'
    pipeline.write_text(json.dumps(stages), encoding='utf-8')
    return root, pipeline


class Recorder(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.errors, self.progress = [], []
        self.progressChanged.connect(self.progress.append)

    def reportError(self, error, fatalError=False):  # noqa: N802,N803
        self.errors.append(error)


def run_alg(parameters, feedback, cancel_after=None):
    alg = ReportAlgorithm()
    alg.initAlgorithm({})
    if cancel_after is not None:
        threading.Timer(cancel_after, feedback.cancel).start()
    started = time.monotonic()
    results, ok = alg.run(parameters, QgsProcessingContext(), feedback)
    assert time.monotonic() - started < 30
    return results, ok


def test_listed_in_maps_and_reports_with_swedish_and_english_names(monkeypatch):
    alg = QgsApplication.processingRegistry().algorithmById('trygg:report')
    assert alg is not None
    assert alg.displayName() == 'Lägesrapport' and alg.group() == 'Kartor och rapporter'
    assert 'nämnden' in alg.shortHelpString() and '..' in alg.shortHelpString()
    monkeypatch.setenv('TRYGG_LANG', 'en')
    assert 'Lägesrapport' in alg.displayName() and alg.group() == 'Maps and reports'
    assert 'municipal board' in alg.shortHelpString()


def test_working_folder_is_where_the_relative_inputs_are(tmp_path):
    root, pipeline = nested_pipeline(tmp_path, [
        {'type': 'read.table', 'path': 'data/in.csv'}, {'type': 'write.gpkg', 'path': 'out/x.gpkg'}])
    assert working_folder(str(pipeline)) == str(root)
    # A file it cannot find anywhere: the pipeline's folder (the engine then names the file).
    pipeline.write_text(json.dumps([{'type': 'read.table', 'path': 'data/none.csv'}]), encoding='utf-8')
    assert working_folder(str(pipeline)) == str(pipeline.parent)
    # Absolute paths only, or not JSON: the pipeline's folder.
    pipeline.write_text(json.dumps([{'type': 'read.table', 'path': str(root / 'data' / 'in.csv')}]),
                        encoding='utf-8')
    assert working_folder(str(pipeline)) == str(pipeline.parent)
    pipeline.write_text('{not json', encoding='utf-8')
    assert working_folder(str(pipeline)) == str(pipeline.parent)


@pytest.mark.parametrize('lang_index, pdf', [(0, True), (1, False)])
def test_runs_trygg_report_with_language_pdf_and_folder(fake_report_engine, tmp_path, lang_index, pdf):
    # The fake ignores `path`; the algorithm finds the working folder by it (two folders up).
    root, pipeline = nested_pipeline(tmp_path, [
        {'type': 'fake.steps', 'tag': 's', 'steps': 4, 'path': 'data/in.csv'},
        {'type': 'fake.warn', 'message': 'report: ritar kartor'}])
    out = tmp_path / 'rapport'
    fb = Recorder()
    results, ok = run_alg({'PIPELINE': str(pipeline), 'LANGUAGE': lang_index, 'PDF': pdf,
                           'OUTPUT': str(out)}, fb)
    assert ok, fb.errors
    html = out / 'lagesrapport.html'
    assert results['HTML'] == str(html) and results['COUNT'] == 1
    got = json.loads(html.read_text(encoding='utf-8'))
    assert got['language'] == ('sv', 'en')[lang_index]
    assert got['cwd'] == str(root)                          # relative paths resolve from there
    assert got['args'][:3] == ['report', str(pipeline), '--progress=json']
    assert ('--no-pdf' in got['args']) == (not pdf)
    assert got['args'][got['args'].index('--out') + 1] == str(out)
    assert results['PDF_FILE'] == (str(out / 'lagesrapport.pdf') if pdf else None)
    assert (out / 'lagesrapport.pdf').exists() == pdf
    assert json.loads(results['FILES']) == [str(html)] + ([str(out / 'lagesrapport.pdf')] if pdf else [])
    assert max(fb.progress) > 0                              # progress streamed


def test_the_working_folder_can_be_given(fake_report_engine, tmp_path):
    root, pipeline = nested_pipeline(tmp_path, [{'type': 'fake.steps', 'steps': 1}])
    results, ok = run_alg({'PIPELINE': str(pipeline), 'WORKDIR': str(tmp_path), 'OUTPUT': str(tmp_path / 'o')},
                          Recorder())
    assert ok and json.loads(open(results['HTML'], encoding='utf-8').read())['cwd'] == str(tmp_path)


def test_cancel_stops_the_engine_in_one_line(fake_report_engine, tmp_path):
    _, pipeline = nested_pipeline(tmp_path, [{'type': 'fake.steps', 'tag': 'slow', 'steps': 1000, 'delay': 0.05}])
    fb = Recorder()
    _, ok = run_alg({'PIPELINE': str(pipeline), 'OUTPUT': str(tmp_path / 'o')}, fb, cancel_after=1.0)
    assert not ok and fb.errors == ['Körningen avbröts.']
    assert not (tmp_path / 'o' / 'lagesrapport.html').exists()


def test_engine_error_is_its_one_line(fake_report_engine, tmp_path):
    _, pipeline = nested_pipeline(tmp_path, [{'type': 'fake.fail', 'code': 6,
                                              'message': 'write.report: report: no font'}])
    fb = Recorder()
    _, ok = run_alg({'PIPELINE': str(pipeline), 'OUTPUT': str(tmp_path / 'o')}, fb)
    assert not ok and fb.errors == ['trygg: write.report: report: no font']


def test_a_missing_pipeline_file_is_named(fake_report_engine, tmp_path):
    fb = Recorder()
    _, ok = run_alg({'PIPELINE': str(tmp_path / 'nope.json'), 'OUTPUT': str(tmp_path / 'o')}, fb)
    assert not ok and len(fb.errors) == 1 and 'nope.json' in fb.errors[0] and 'Traceback' not in fb.errors[0]


def test_without_the_write_report_stage_it_says_so(fake_engine):
    ok, message = ReportAlgorithm().canExecute()
    assert not ok and 'write.report' in message


def test_real_engine_writes_the_exempelstad_report(real_engine, exempelstad, tmp_path):
    if 'write.report' not in engine.engine_stages(refresh=True):
        skip_or_fail('the engine has no write.report stage')
    out = tmp_path / 'rapport'
    results = processing.run('trygg:report', {'PIPELINE': EXAMPLE, 'LANGUAGE': 1, 'PDF': True, 'OUTPUT': str(out)})
    html, pdf = results['HTML'], results['PDF_FILE']
    assert os.path.dirname(html) == str(out) and os.path.dirname(pdf) == str(out)
    text = open(html, encoding='utf-8').read()
    assert '<html lang="en"' in text and 'Exempelstad' in text
    with open(pdf, 'rb') as f:
        assert f.read(5) == b'%PDF-'
    assert results['COUNT'] == 1
