# SPDX-License-Identifier: MIT
"""Issue 22: the index pages of *Kartblad per delområde* — for a result with rank intervals one
page per district showing each goal's and the total's median rank, 90 % interval and unstable
flag. Expected values are read from the GeoPackage with sqlite3; positions from the engine's
quartile rule (1 + floor(4 (r - 1) / N))."""
import json
import os
import sqlite3
import subprocess

import pytest
from qgis.core import QgsLayoutItemShape, QgsProject, QgsUnitTypes

import processing
from missing import skip_or_fail
from trygg import sheets_index

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def uncertain_result(tmp):
    """Exempelstad's trygghetsanalys example with "uncertainty", run by the real engine."""
    exe = os.environ.get('TRYGG_EXE')
    if not exe:
        skip_or_fail('no engine')
    with open(os.path.join(REPO, 'examples', 'exempelstad', 'trygghetsanalys.json'), encoding='utf-8') as f:
        spec = json.load(f)
    for stage in spec['pipeline']:
        for key in ('path', 'catalogue'):
            if key in stage:
                stage[key] = os.path.join(REPO, stage[key])
        if stage['type'] == 'trygghetsanalys':
            stage['uncertainty'] = {'draws': 300, 'seed': 5}
    out = os.path.join(tmp, 'osaker.gpkg')
    spec['pipeline'][-1]['path'] = out
    path = os.path.join(tmp, 'p.json')
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(spec, f)
    res = subprocess.run([exe, 'run', path, '--progress=none'], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    return out


def intervals(gpkg, prefix, unstable):
    con = sqlite3.connect(gpkg)
    try:
        return {k: (m, lo, hi, u) for k, m, lo, hi, u in con.execute(
            'select kod, "{p}median", "{p}p05", "{p}p95", "{u}" from trygghetsanalys'.format(p=prefix, u=unstable))}
    finally:
        con.close()


@pytest.fixture(scope='module')
def pages(tmp_path_factory):
    tmp = str(tmp_path_factory.mktemp('index_pages'))
    gpkg = uncertain_result(tmp)
    out = os.path.join(tmp, 'kartblad')
    res = processing.run('trygg:districtmaps', {'RESULT': gpkg, 'MUNICIPALITY': 'Exempelstad', 'FORMATS': [0],
                                                'OUTPUT': out})
    return gpkg, out, json.load(open(res['INDEX'], encoding='utf-8'))


def test_one_index_page_per_district(pages):
    gpkg, out, index = pages
    codes = sorted(intervals(gpkg, 'mal1_rang_', 'mal1_instabil'))
    assert sorted(index['index_pages']) == codes == [s['kod'] for s in index['sheets']]
    for kod, files in index['index_pages'].items():
        assert files == [f for f in os.listdir(out) if f.startswith(kod) and f.endswith('_index.pdf')]
        with open(os.path.join(out, files[0]), 'rb') as fh:
            assert fh.read(5) == b'%PDF-'


def test_the_page_text_gives_each_interval_and_flag(pages):
    gpkg, out, index = pages
    total = intervals(gpkg, 'risk_total_rang_', 'risk_total_instabil')
    goal1 = intervals(gpkg, 'mal1_rang_', 'mal1_instabil')
    unstable_seen = 0
    for kod in sorted(total)[:6]:
        text = subprocess.run(['pdftotext', '-layout', os.path.join(out, index['index_pages'][kod][0]), '-'],
                              capture_output=True, text=True, check=True).stdout
        for m, lo, hi, u in (total[kod], goal1[kod]):
            if m is None:
                assert 'ingen rang (..)' in text
                continue
            assert '{} ({}–{})'.format(m, lo, hi) in text, (kod, text)
        unstable_seen += text.count('instabil *')
        assert text.count('instabil *') == sum(1 for v in (total[kod], goal1[kod]) if v[3] == 1) + sum(
            1 for g in (2, 3, 4, 5) if intervals(gpkg, 'mal{}_rang_'.format(g), 'mal{}_instabil'.format(g))[kod][3] == 1)
    assert unstable_seen > 0


def test_interval_bar_and_median_sit_at_their_ranks():
    """The drawing itself: on a track of N ranks the bar spans ranks p05..p95 and the ring is
    centred on the median (planted values, not a result)."""
    rankings = [('mal1', 'Mål 1: Tillit', 'mal1_rang_', 'mal1_instabil')]
    districts = [('A{:02d}'.format(i), 'D{}'.format(i), {'mal1': (i + 1, i + 1, i + 1, False)}) for i in range(20)]
    districts[3] = ('A03', 'D3', {'mal1': (7, 3, 12, True)})
    layout = sheets_index.build_page(QgsProject.instance(), rankings, districts, 1000, districts[3])
    bar = layout.itemById('interval_mal1')
    ring = layout.itemById('median_mal1')
    assert isinstance(bar, QgsLayoutItemShape) and isinstance(ring, QgsLayoutItemShape)
    x0, w, n = sheets_index.TRACK_X, sheets_index.TRACK_W, 20
    mm = QgsUnitTypes.LayoutMillimeters
    assert bar.positionWithUnits().x() == pytest.approx(x0 + w * 2 / n)            # rank 3 starts after 2 cells
    assert bar.sizeWithUnits().width() == pytest.approx(w * 10 / n)                 # ranks 3..12
    centre = ring.positionWithUnits().x() + ring.sizeWithUnits().width() / 2
    assert centre == pytest.approx(x0 + w * 6.5 / n)                                # the middle of rank 7's cell
    assert bar.positionWithUnits().units() == mm
    assert sheets_index.quartile_class(3, 20) == 1 and sheets_index.quartile_class(12, 20) == 3


def test_a_result_without_intervals_gives_no_pages(tmp_path, exempelstad):
    from result_fixture import make_result
    result = str(tmp_path / 'plain.gpkg')
    make_result(os.path.join(exempelstad, 'exempelstad.gpkg'), result)
    assert sheets_index.read_intervals(result) is None
    assert sheets_index.export_index_pages(result, str(tmp_path), ['PDF'], 60, None, lambda k, n: k) == {}
