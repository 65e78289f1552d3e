# SPDX-License-Identifier: MIT
"""trygg:aggregate on Exempelstad through processing.run with the real engine."""
import os
import time

import pytest
from qgis.core import (QgsApplication, QgsProcessingException, QgsProcessingFeedback,
                       QgsProject, QgsVectorLayer)

import processing
from missing import skip_or_fail


def params(exempelstad, output, **extra):
    p = {
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
        'INCIDENTS_CRS': 'EPSG:3006',
        'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
        'DISTRICT_CODE': 'kod', 'DISTRICT_NAME': 'namn',
        'POPULATION': os.path.join(exempelstad, 'befolkning.csv'),
        'FROM': '2022-01-01', 'TO': '2025-12-31',
        'CATALOGUE': os.path.join(exempelstad, '..', 'catalog', 'brottskoder.csv'),
        'OUTPUT': output,
    }
    p.update(extra)
    return p


class Recorder(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.texts = []
        self.log = []     # everything the log panel would show

    def setProgressText(self, text):  # noqa: N802
        self.texts.append(text)
        super().setProgressText(text)

    def pushInfo(self, info):  # noqa: N802
        self.log.append(info)

    def pushCommandInfo(self, info):  # noqa: N802
        self.log.append(info)

    def pushDebugInfo(self, info):  # noqa: N802
        self.log.append(info)

    def pushConsoleInfo(self, info):  # noqa: N802
        self.log.append(info)

    def pushWarning(self, warning):  # noqa: N802
        self.log.append(warning)


@pytest.fixture(scope='module')
def aggregate_result(tmp_path_factory, exempelstad):
    if not os.environ.get('TRYGG_EXE'):
        skip_or_fail('no engine')
    out = str(tmp_path_factory.mktemp('agg') / 'exempelstad.gpkg')
    fb = Recorder()
    res = processing.run('trygg:aggregate', params(exempelstad, out), feedback=fb)
    return res, fb


def test_algorithm_listed_when_engine_has_its_stages(real_engine):
    alg = QgsApplication.processingRegistry().algorithmById('trygg:aggregate')
    assert alg is not None
    assert alg.displayName() == 'Aggregera brott till delområden'


def test_runs_and_outputs_open_styled(aggregate_result, exempelstad):
    res, fb = aggregate_result
    assert os.path.isfile(res['OUTPUT'])
    # The engine's stages streamed as progress texts, in pipeline order, by the steps' names.
    assert fb.texts[:2] == ['Delområden', 'Brottsregister'] and 'Räkning per delområde' in fb.texts
    layer = QgsVectorLayer(res['DELOMRADEN'], 'd', 'ogr')
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer, False)
    assert layer.featureCount() == 25                       # every delområde of Exempelstad
    # The embedded default style applies on open: the rate rules and '..' for NULL.
    assert layer.renderer().type() == 'RuleRenderer'
    labels = [r.label() for r in layer.renderer().rootRule().children()]
    assert labels[0] == 'Lägsta fjärdedelen' and labels[-1].startswith('..')
    assert layer.labelsEnabled()
    table = QgsVectorLayer(res['INCIDENT_COUNTS'], 't', 'ogr')
    assert table.isValid() and table.featureCount() > 0
    QgsProject.instance().addMapLayer(table, False)


def test_bad_parameter_gives_the_engines_message(real_engine, exempelstad, tmp_path):
    with pytest.raises(QgsProcessingException) as e:
        processing.run('trygg:aggregate', params(exempelstad, str(tmp_path / 'x.gpkg'), DISTRICT_CODE='finns_inte'))
    msg = str(e.value)
    # The engine's coded error in the user's language (issue 18), no longer its English line.
    assert msg.startswith("Fältet 'finns_inte' (kod-fältet för delområden) finns inte i exempelstad.gpkg"), msg


def test_the_log_names_the_steps_not_the_pipeline_json(aggregate_result):
    _, fb = aggregate_result
    assert not [line for line in fb.log if '"type"' in line or '"pipeline"' in line or line.lstrip().startswith('{')]
    steps = [line for line in fb.log if line.startswith('Trygg-motorn kör ')]
    assert len(steps) == 1 and 'Delområden' in steps[0] and 'Räkning per delområde' in steps[0], fb.log


def test_cancel_stops_the_engine(real_engine, exempelstad, tmp_path, monkeypatch):
    """Cancel while the engine reads a large register: the engine process ends (it handles
    SIGTERM and exits 130), the algorithm raises, and no output file is left behind. The engine
    is started through a wrapper that records its pid and execs (same pid)."""
    big = tmp_path / 'big.csv'
    with open(os.path.join(exempelstad, 'incidents.csv'), encoding='utf-8') as f:
        header, *rows = f.read().splitlines()
    with open(big, 'w', encoding='utf-8') as f:
        f.write(header + '\n')
        for k in range(25):
            for r in rows:
                i = r.index(',')
                f.write(r[:i] + '_%d' % k + r[i:] + '\n')
    pidfile = tmp_path / 'pid'
    wrapper = tmp_path / 'trygg-wrapper'
    wrapper.write_text('#!/bin/sh\necho $$ > {}\nexec {} "$@"\n'.format(pidfile, real_engine))
    wrapper.chmod(0o755)
    monkeypatch.setenv('TRYGG_EXE', str(wrapper))
    out = tmp_path / 'cancelled.gpkg'

    class CancelWhenReading(QgsProcessingFeedback):
        def setProgressText(self, text):  # noqa: N802
            super().setProgressText(text)
            if text == 'Brottsregister':     # the incidents step, as the log names it
                self.cancel()

    fb = CancelWhenReading()
    started = time.monotonic()
    with pytest.raises(QgsProcessingException) as e:
        processing.run('trygg:aggregate', params(exempelstad, str(out), INCIDENTS=str(big)), feedback=fb)
    assert 'avbröts' in str(e.value)
    assert 'Traceback' not in str(e.value)        # one line, as for any other message
    assert time.monotonic() - started < 30
    pid = int(pidfile.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)                      # gone and reaped
    assert not out.exists()


def test_results_load_into_the_project_styled(real_engine, exempelstad, tmp_path):
    """What the dialog does on completion: the GeoPackage's layers join the project, the
    district layer with its embedded style."""
    before = set(QgsProject.instance().mapLayers())
    processing.runAndLoadResults('trygg:aggregate', params(exempelstad, str(tmp_path / 'loaded.gpkg')))
    new = {QgsProject.instance().mapLayer(i).name(): QgsProject.instance().mapLayer(i)
           for i in set(QgsProject.instance().mapLayers()) - before}
    # named after the run (issue 18), not 'delomraden' for every run; the district layer's name
    # (the legend) says what its default style maps: violence (the style's default group) in the
    # latest complete half-year of data ending 2025-12-31, per 1,000 inhabitants
    rates = 'Våld · 2025H2 · anmälda brott per 1 000 inv. – loaded'
    assert {rates, 'incident_counts – loaded', 'rejects – loaded.internal'} <= set(new), set(new)
    assert not [n for n in new if n.startswith('incidents')]    # published run: no incident points
    assert new[rates].renderer().type() == 'RuleRenderer'
