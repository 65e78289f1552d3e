# SPDX-License-Identifier: MIT
"""The licence and the plugin metadata: LICENSE at the root (MIT for the engine, GPL-2.0-or-later
for the plugin), the GPL text inside the zip that scripts/package-plugin builds, SPDX headers on
every plugin Python file, and metadata.txt with real fields and the QGIS version the tests run."""
import configparser
import os
import subprocess
import zipfile

import pytest
from qgis.core import Qgis

from conftest import REPO

SPDX_PLUGIN = '# SPDX-License-Identifier: GPL-2.0-or-later'
REQUIRED = ['name', 'qgisMinimumVersion', 'description', 'about', 'version', 'author', 'email', 'homepage',
            'tracker', 'repository', 'changelog']


@pytest.fixture(scope='module')
def plugin_zip(tmp_path_factory):
    path = str(tmp_path_factory.mktemp('zip') / 'trygg.zip')
    subprocess.run([os.path.join(REPO, 'scripts', 'package-plugin'), path], check=True, stdout=subprocess.DEVNULL)
    return zipfile.ZipFile(path)


def metadata(text):
    cp = configparser.ConfigParser()
    cp.read_string(text)      # as QGIS reads it (qgis.utils / the plugin installer: configparser)
    return cp['general']


def test_root_licence_names_both_licences():
    with open(os.path.join(REPO, 'LICENSE'), encoding='utf-8') as f:
        text = f.read()
    assert 'MIT License' in text and 'Permission is hereby granted, free of charge' in text
    assert 'GPL-2.0-or-later' in text and 'plugins/qgis/' in text


def test_the_zip_carries_the_gpl(plugin_zip):
    text = plugin_zip.read('trygg/LICENSE').decode('utf-8')
    assert 'GNU GENERAL PUBLIC LICENSE' in text and 'Version 2, June 1991' in text
    assert 'either version 2' in text and 'any later version' in text
    assert 'TERMS AND CONDITIONS FOR COPYING, DISTRIBUTION AND MODIFICATION' in text   # the full text


def test_every_plugin_python_file_has_the_spdx_header(plugin_zip):
    sources = [n for n in plugin_zip.namelist() if n.endswith('.py')]
    assert 'trygg/__init__.py' in sources
    # The developer tools left out of the zip are plugin files too.
    tree = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(REPO, 'plugins', 'qgis'))
            for f in fs if f.endswith('.py')]
    assert len(tree) >= len(sources)
    for name, lines in [(n, plugin_zip.read(n).decode('utf-8').splitlines()) for n in sources] + \
                       [(p, open(p, encoding='utf-8').read().splitlines()) for p in tree]:
        head = lines[1] if lines and lines[0].startswith('#!') else lines[0]
        assert head == SPDX_PLUGIN, name


def test_metadata_has_real_fields(plugin_zip):
    meta = metadata(plugin_zip.read('trygg/metadata.txt').decode('utf-8'))
    for key in REQUIRED:
        assert meta.get(key, '').strip(), key
    text = plugin_zip.read('trygg/metadata.txt').decode('utf-8')
    assert 'example.invalid' not in text
    assert meta['changelog'].strip().splitlines()[0].strip() == meta['version']
    for key in ('homepage', 'tracker', 'repository'):
        assert meta[key].startswith('https://'), key


def test_minimum_qgis_version_is_the_one_tested():
    with open(os.path.join(REPO, 'plugins', 'qgis', 'trygg', 'metadata.txt'), encoding='utf-8') as f:
        meta = metadata(f.read())
    assert meta['qgisMinimumVersion'] == '3.22'     # Debian 12's QGIS, which these tests run under
    major, minor = (int(v) for v in meta['qgisMinimumVersion'].split('.'))
    assert Qgis.QGIS_VERSION_INT >= major * 10000 + minor * 100


def test_every_source_file_carries_the_spdx_line_of_its_part():
    """MIT for the engine, CLI, geodata, tests and scripts; GPL-2.0-or-later under plugins/qgis
    (scripts/spdx-headers --check, issue 18)."""
    check = subprocess.run(['/usr/bin/python3', os.path.join(REPO, 'scripts', 'spdx-headers'), '--check'],
                           cwd=REPO, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout == '', check.stdout
    with open(os.path.join(REPO, 'engine', 'cli', 'main.cpp'), encoding='utf-8') as f:
        assert f.readline().strip() == '// SPDX-License-Identifier: MIT'
