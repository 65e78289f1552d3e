# SPDX-License-Identifier: MIT
"""Headless QGIS for the plugin tests: offscreen Qt, a throw-away HOME/profile, Processing
initialised, and the Trygg provider registered from plugins/qgis/trygg.

Run: /usr/bin/python3 -m pytest tests/qgis
The engine is $TRYGG_EXE, else build/release/engine/trygg; tests that need it skip without it,
and fail instead under CI=true (tests/support/missing.py), as does every other missing dependency.
"""
import os
import shutil
import sys
import tempfile

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PLUGINS_DIR = os.path.join(REPO, 'plugins', 'qgis')
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(REPO, 'tests', 'support'))
from missing import skip_or_fail  # noqa: E402
FAKE_ENGINE = os.path.join(HERE, 'fake_trygg.py')

# Before QGIS is imported: no display, a private runtime dir and a throw-away profile.
_SESSION_HOME = tempfile.mkdtemp(prefix='trygg_qgis_home_')
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
os.environ['XDG_RUNTIME_DIR'] = tempfile.mkdtemp(prefix='trygg_xdg_')
os.chmod(os.environ['XDG_RUNTIME_DIR'], 0o700)
os.environ['HOME'] = _SESSION_HOME
os.environ.setdefault('TRYGG_LANG', 'sv')


def engine_path():
    exe = os.environ.get('TRYGG_EXE') or os.path.join(REPO, 'build', 'release', 'engine', 'trygg')
    return exe if os.path.isfile(exe) and os.access(exe, os.X_OK) else None


REAL_ENGINE = engine_path()
if REAL_ENGINE:
    os.environ['TRYGG_EXE'] = REAL_ENGINE


def exempelstad_dir():
    for d in (os.environ.get('TRYGG_EXEMPELSTAD'), os.path.join(REPO, 'geodata', 'exempelstad')):
        if d and os.path.isfile(os.path.join(d, 'exempelstad.gpkg')) and os.path.isfile(os.path.join(d, 'incidents.csv')):
            return d
    return None


from qgis.core import QgsApplication  # noqa: E402

_app = QgsApplication([], False)
_app.initQgis()
sys.path.insert(0, '/usr/share/qgis/python/plugins')
sys.path.insert(0, '/usr/share/qgis/python')
sys.path.insert(0, PLUGINS_DIR)
from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()

from trygg.plugin import TryggPlugin  # noqa: E402

_plugin = TryggPlugin(None)
_plugin.initProcessing()


@pytest.fixture(scope='session')
def qgis_app():
    return _app


@pytest.fixture(scope='session')
def provider():
    return _plugin.provider


@pytest.fixture
def real_engine(monkeypatch):
    if not REAL_ENGINE:
        skip_or_fail('no trygg executable (set TRYGG_EXE or build build/release/engine/trygg)')
    monkeypatch.setenv('TRYGG_EXE', REAL_ENGINE)
    return REAL_ENGINE


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setenv('TRYGG_EXE', FAKE_ENGINE)
    return FAKE_ENGINE


@pytest.fixture(scope='session')
def exempelstad():
    d = exempelstad_dir()
    if not d:
        skip_or_fail('Exempelstad sample data not generated (geodata/exempelstad or $TRYGG_EXEMPELSTAD)')
    return d


@pytest.fixture
def session_home():
    return _SESSION_HOME


def pytest_sessionfinish(session, exitstatus):
    # Layers not owned by a project make exitQgis() segfault (TOOLCHAIN.md); we clear the
    # project and leave QGIS to the process exit.
    from qgis.core import QgsProject
    QgsProject.instance().clear()
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)
