# SPDX-License-Identifier: MIT
"""The plugin under qgis_process (the headless batch path) and installed from its zip.
Each test uses its own throw-away HOME, so the QGIS profile is clean."""
import json
import os
import subprocess
import zipfile

import pytest

from conftest import PLUGINS_DIR, REPO
from missing import skip_or_fail

QGIS_PROCESS = '/usr/bin/qgis_process.bin'    # /usr/bin/qgis_process is broken by /etc/default/qgis


def qgis_env(home, plugin_path=None):
    env = dict(os.environ)
    env['HOME'] = str(home)
    env['QT_QPA_PLATFORM'] = 'offscreen'
    xdg = os.path.join(str(home), 'xdg')
    os.makedirs(xdg, mode=0o700, exist_ok=True)
    env['XDG_RUNTIME_DIR'] = xdg
    if plugin_path:
        env['QGIS_PLUGINPATH'] = plugin_path
    else:
        env.pop('QGIS_PLUGINPATH', None)
    return env


def qp(env, *args, timeout=600):
    return subprocess.run([QGIS_PROCESS] + list(args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout, universal_newlines=True)


if not os.access(QGIS_PROCESS, os.X_OK):
    skip_or_fail('no qgis_process.bin', allow_module_level=True)


def test_provider_listed_only_when_enabled(tmp_path):
    env = qgis_env(tmp_path / 'home', PLUGINS_DIR)
    assert 'trygg:' not in qp(env, 'list').stdout            # on the path but not enabled
    r = qp(env, 'plugins', 'enable', 'trygg')
    assert r.returncode == 0, r.stderr
    listing = qp(env, 'list').stdout
    assert 'trygg:districtmaps' in listing


def test_districtmaps_runs_headless(tmp_path, exempelstad):
    from result_fixture import make_result
    result = str(tmp_path / 'result.gpkg')
    codes = make_result(os.path.join(exempelstad, 'exempelstad.gpkg'), result)
    env = qgis_env(tmp_path / 'home', PLUGINS_DIR)
    assert qp(env, 'plugins', 'enable', 'trygg').returncode == 0
    out = tmp_path / 'sheets'
    r = qp(env, 'run', 'trygg:districtmaps', '--', 'RESULT=' + result, 'FORMATS=1', 'DPI=50',
           'OUTPUT=' + str(out))
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    pngs = sorted(p for p in os.listdir(out) if p.endswith('.png'))
    assert len(pngs) == len(codes) + 1
    index = json.load(open(out / 'kartblad.json', encoding='utf-8'))
    assert sorted(s['kod'] for s in index['sheets']) == sorted(codes)


def test_zip_installs_into_a_clean_profile(tmp_path):
    zip_path = str(tmp_path / 'trygg.zip')
    r = subprocess.run([os.path.join(REPO, 'scripts', 'package-plugin'), zip_path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
    # What QGIS's "Install from ZIP" requires: one root folder holding metadata.txt.
    metadata = sorted(n for n in names if n.endswith('metadata.txt'))
    assert metadata[0] == 'trygg/metadata.txt'
    assert {n.split('/')[0] for n in names} == {'trygg'}
    assert not any('__pycache__' in n for n in names)
    home = tmp_path / 'home'
    plugins = home / '.local' / 'share' / 'QGIS' / 'QGIS3' / 'profiles' / 'default' / 'python' / 'plugins'
    plugins.mkdir(parents=True)
    # Extract with QGIS's own installer code, as "Install from ZIP" does.
    from pyplugin_installer.unzip import unzip
    unzip(zip_path, str(plugins))
    assert (plugins / 'trygg' / 'metadata.txt').is_file()
    env = qgis_env(home)                                   # no QGIS_PLUGINPATH: only the profile
    r = qp(env, 'plugins', 'enable', 'trygg')
    assert r.returncode == 0, r.stderr
    assert 'trygg:districtmaps' in qp(env, 'list').stdout


def test_aggregate_runs_headless(tmp_path, exempelstad, real_engine):
    env = qgis_env(tmp_path / 'home', PLUGINS_DIR)
    env['TRYGG_EXE'] = real_engine
    assert qp(env, 'plugins', 'enable', 'trygg').returncode == 0
    out = str(tmp_path / 'result.gpkg')
    r = qp(env, 'run', 'trygg:aggregate', '--',
           'INCIDENTS=' + os.path.join(exempelstad, 'incidents.csv'),
           'DISTRICTS=' + os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
           'POPULATION=' + os.path.join(exempelstad, 'befolkning.csv'),
           'CATALOGUE=' + os.path.join(exempelstad, '..', 'catalog', 'brottskoder.csv'),
           'OUTPUT=' + out)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert 'DELOMRADEN:' in r.stdout and os.path.isfile(out)
    bad = qp(env, 'run', 'trygg:aggregate', '--',
             'INCIDENTS=' + os.path.join(exempelstad, 'incidents.csv'),
             'DISTRICTS=' + os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
             'DISTRICT_CODE=saknas', 'OUTPUT=' + str(tmp_path / 'bad.gpkg'))
    assert bad.returncode != 0
    assert "trygg: " in bad.stdout + bad.stderr and 'saknas' in bad.stdout + bad.stderr


def test_zip_with_bundled_engine_runs_without_path_or_setting(tmp_path, exempelstad, real_engine):
    zip_path = str(tmp_path / 'trygg-with-engine.zip')
    r = subprocess.run([os.path.join(REPO, 'scripts', 'package-plugin'), '--engine', real_engine, zip_path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    assert r.returncode == 0, r.stderr
    home = tmp_path / 'home'
    plugins = home / '.local' / 'share' / 'QGIS' / 'QGIS3' / 'profiles' / 'default' / 'python' / 'plugins'
    from pyplugin_installer.unzip import unzip
    unzip(zip_path, str(plugins))                      # drops the executable bit, as QGIS does
    assert (plugins / 'trygg' / 'bin' / 'trygg').is_file()
    env = qgis_env(home)
    env.pop('TRYGG_EXE', None)
    env['PATH'] = '/usr/bin:/bin'                       # no trygg there
    assert not any(os.path.exists(os.path.join(d, 'trygg')) for d in env['PATH'].split(':'))
    assert qp(env, 'plugins', 'enable', 'trygg').returncode == 0
    out = str(tmp_path / 'bundled.gpkg')
    r = qp(env, 'run', 'trygg:aggregate', '--',
           'INCIDENTS=' + os.path.join(exempelstad, 'incidents.csv'),
           'DISTRICTS=' + os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
           'CATALOGUE=' + os.path.join(exempelstad, '..', 'catalog', 'brottskoder.csv'),
           'OUTPUT=' + out)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert os.path.isfile(out)


def test_trygghetsanalys_runs_headless(tmp_path, exempelstad, real_engine):
    env = qgis_env(tmp_path / 'home', PLUGINS_DIR)
    env['TRYGG_EXE'] = real_engine
    assert qp(env, 'plugins', 'enable', 'trygg').returncode == 0
    gpkg = os.path.join(exempelstad, 'exempelstad.gpkg')
    common = ['INCIDENTS=' + os.path.join(exempelstad, 'incidents.csv'),
              'DISTRICTS=' + gpkg + '|layername=delomraden',
              'POPULATION=' + os.path.join(exempelstad, 'befolkning.csv'),
              'CATALOGUE=' + os.path.join(exempelstad, '..', 'catalog', 'brottskoder.csv'),
              'FROM=2022-01-01', 'TO=2025-12-31']
    out = str(tmp_path / 'ta.gpkg')
    r = qp(env, 'run', 'trygg:trygghetsanalys', '--', *common,
           'SYSSELSATTNING=' + os.path.join(exempelstad, 'sysselsattning_scb.csv'),
           'SKOLA=' + os.path.join(exempelstad, 'skola.csv'),
           'POINT_FACTORS=' + gpkg + '|layername=punktfaktorer',
           'GOALS=0,3', 'OUTPUT=' + out)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert 'TRYGGHETSANALYS:' in r.stdout and os.path.isfile(out)
    import sqlite3
    with sqlite3.connect(out) as db:
        columns = {row[1] for row in db.execute('pragma table_info(trygghetsanalys)')}
        assert db.execute('select count(*) from trygghetsanalys').fetchone()[0] == 25
    assert {'mal1_tillit', 'mal4_skola'} <= columns and 'mal5_vald' not in columns
    bad = qp(env, 'run', 'trygg:trygghetsanalys', '--', *common,
             'INDICATOR_CATALOGUE=' + str(tmp_path / 'saknas.csv'), 'OUTPUT=' + str(tmp_path / 'bad.gpkg'))
    assert bad.returncode != 0
    assert 'saknas.csv' in bad.stdout + bad.stderr
