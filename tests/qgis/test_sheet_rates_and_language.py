# SPDX-License-Identifier: MIT
"""The sheets' sex/age table shows rates per 1,000 of that sex and age beside the counts, and
the sheet template's fixed text follows the plugin's language (issue 18, sheets28).

Rates are checked against a hand computation from geodata/exempelstad/befolkning.csv (count /
inhabitants of that sex and band × 1,000), counts against the published table read with sqlite."""
import collections
import csv
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from qgis.core import QgsLayoutItemLabel, QgsProject

import processing

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(REPO, 'tests', 'support'))

from trygg.algorithms import result_reader as rr  # noqa: E402
from trygg.cartography import breakdown  # noqa: E402
from trygg.cartography.numbers import number  # noqa: E402
from trygg.layouts import template_text  # noqa: E402

SWEDISH_FIXED = ('Källa', 'Sekretess', 'Framställd', 'Nyckeltal', 'förändring', 'Delområde ', 'Teckenförklaring',
                 'Inga anmälda', 'uppdelning')


@pytest.fixture(scope='module')
def exempelstad_result(tmp_path_factory):
    from missing import skip_or_fail
    d = os.path.join(REPO, 'geodata', 'exempelstad')
    exe = os.environ.get('TRYGG_EXE', '')      # conftest sets it when the engine is built
    if not (os.path.isfile(exe) and os.path.isfile(os.path.join(d, 'befolkning.csv'))):
        skip_or_fail('no trygg executable or no Exempelstad data')
    gpkg = str(tmp_path_factory.mktemp('ex') / 'exempelstad.gpkg')
    processing.run('trygg:aggregate', {
        'INCIDENTS': os.path.join(d, 'incidents.csv'), 'DISTRICTS': os.path.join(d, 'exempelstad.gpkg') + '|layername=delomraden',
        'POPULATION': os.path.join(d, 'befolkning.csv'), 'CATALOGUE': os.path.join(REPO, 'geodata', 'catalog', 'brottskoder.csv'),
        'FROM': '2022-01-01', 'TO': '2025-12-31', 'OUTPUT': gpkg})
    return gpkg, d


def test_the_sex_age_table_gives_each_count_its_rate_from_the_population_of_that_sex_and_age(
        exempelstad_result, monkeypatch):
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    gpkg, d = exempelstad_result
    population = {}
    with open(os.path.join(d, 'befolkning.csv'), encoding='utf-8') as f:
        for row in csv.DictReader(f):
            population[(row['kod'], row['kon'], row['aldersgrupp'])] = int(row['antal'])
    with sqlite3.connect(gpkg) as db:
        published = {(k, s, a): n for k, s, a, n in db.execute(
            "select kod, kon, aldersgrupp, antal from incident_counts where grupp='vald' and period='2025H2'")}
    published = collections.defaultdict(int, published)   # incident_counts is sparse: a missing row is 0
    gaps = breakdown.source_gaps(gpkg)
    assert gaps == (False, False)                     # Exempelstad records sex and age
    columns, rows, withheld, missing, rate_missing = breakdown.sex_age_rows(
        gpkg, ['9999C0010'], 'vald', '2025H2', gaps)
    assert columns == ['Kvinnor', 'Män', 'Okänt', 'Alla'] and missing is None and withheld
    table = {(r[0], r[1]): dict(zip(columns, r[2:])) for r in rows}
    checked = 0
    for band in ('0-17', '18-24', '25-44', '45-64', '65-'):
        label = breakdown.age_label(band)
        for sex, column in (('kvinna', 'Kvinnor'), ('man', 'Män')):
            n = published[('9999C0010', sex, band)]
            cell = table[('9999C0010', label)][column]
            if n is None:
                assert cell == '..'
                continue
            rate = n / population[('9999C0010', sex, band)] * 1000
            assert cell == '{} ({})'.format(n, number(rate, 1)), (band, sex, cell)
            checked += 1
        # all sexes: the inhabitants of both sexes in the band
        n = published[('9999C0010', 'alla', band)]
        if n is not None:
            both = population[('9999C0010', 'man', band)] + population[('9999C0010', 'kvinna', band)]
            assert table[('9999C0010', label)]['Alla'] == '{} ({})'.format(n, number(n / both * 1000, 1))
            checked += 1
    assert checked >= 5
    # Unknown sex and age have no inhabitants: the count alone, no rate
    unknown = table[('9999C0010', 'Okänd ålder')]['Alla']
    assert unknown == str(published[('9999C0010', 'alla', 'okänd')]) or unknown == '..'
    assert not rate_missing
    # e.g. women 18-24 in Centrum: 8 of 258 inhabitants -> '8 (31,0)' (by hand)
    if published[('9999C0010', 'kvinna', '18-24')] == 8:
        assert table[('9999C0010', '18–24')]['Kvinnor'] == '8 (31,0)'


def test_a_missing_row_of_the_sparse_table_is_shown_as_0(exempelstad_result, tmp_path, monkeypatch):
    """incident_counts is sparse (README): a cell with no row is a count of 0, not a withheld
    one. A copy of the result without the row of women 0-17 in Centrum shows that cell as 0."""
    import shutil
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    gpkg = str(tmp_path / 'sparse.gpkg')
    shutil.copy(exempelstad_result[0], gpkg)
    where = "kod='9999C0010' and grupp='vald' and period='2025H2' and kon='kvinna' and aldersgrupp='0-17'"
    with sqlite3.connect(gpkg) as db:
        assert db.execute('select count(*) from incident_counts where ' + where).fetchone() == (1,)
        db.execute('delete from incident_counts where ' + where)
    columns, rows, _, _, _ = breakdown.sex_age_rows(gpkg, ['9999C0010'], 'vald', '2025H2', (False, False))
    table = {(r[0], r[1]): dict(zip(columns, r[2:])) for r in rows}
    assert table[('9999C0010', breakdown.age_label('0-17'))]['Kvinnor'].split()[0] == '0'


def test_a_source_without_sex_and_age_says_so_instead_of_zeros(real_engine, tmp_path, monkeypatch):
    """The Västerås register records neither sex nor age: the table keeps 'Alla åldrar' / 'Alla'
    and says "finns ej i källan" for sex and age; no column of 0."""
    from trygg_cli import shared_data
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    data = str(shared_data('vasteras/deso_2018.geojson').parent.parent)
    with open(os.path.join(REPO, 'examples', 'kartblad', 'vasteras', 'vasteras.json'), encoding='utf-8') as f:
        pipeline = json.loads(f.read().replace('${TRYGG_SHARED_DATA}', data))
    gpkg = str(tmp_path / 'v.gpkg')
    pipeline['pipeline'] = [s for s in pipeline['pipeline'] if s['type'] not in ('weights', 'gistar', 'local_moran')]
    for s in pipeline['pipeline']:
        if s['type'] == 'write.gpkg':
            s['path'] = gpkg
        if s.get('catalogue'):
            s['catalogue'] = os.path.join(REPO, s['catalogue'])
    path = tmp_path / 'v.json'
    path.write_text(json.dumps(pipeline), encoding='utf-8')
    run = subprocess.run([real_engine, 'run', str(path), '--progress=none'], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    with open(shared_data('vasteras/police_register_by_deso.csv'), encoding='utf-8') as f:
        header = next(csv.reader(f))
    assert not any(h.lower() in ('kon', 'kön', 'sex', 'alder', 'ålder', 'age') for h in header)   # the source
    gaps = breakdown.source_gaps(gpkg)
    assert gaps == (True, True)
    period = rr.period_coverage(gpkg)[0]
    columns, rows, _, missing, _ = breakdown.sex_age_rows(gpkg, ['1980C1130'], 'vald', period, gaps)
    assert columns == ['Alla'] and missing is None
    own = [r for r in rows if r[0] == '1980C1130']
    assert [r[1] for r in own] == ['Alla åldrar', 'Efter kön', 'Efter ålder']
    assert own[1][2] == own[2][2] == 'finns ej i källan'
    assert breakdown.gaps_note(*gaps, False) == 'Kön och ålder finns ej i källan.'
    monkeypatch.setenv('TRYGG_LANG', 'en')
    assert breakdown.gaps_note(*gaps, False) == 'Sex and age are not in the source.'


_PROJECTS = []


def _layout(lang, monkeypatch):
    from trygg.algorithms.district_maps import TEMPLATE, DistrictMapsAlgorithm
    monkeypatch.setenv('TRYGG_LANG', lang)
    _PROJECTS.append(QgsProject())      # the layout needs its project alive (a dead one crashes QGIS)
    return DistrictMapsAlgorithm._load_layout(_PROJECTS[-1], TEMPLATE)


def test_the_shipped_template_holds_the_swedish_texts_the_translation_replaces():
    from trygg.algorithms.district_maps import TEMPLATE
    with open(TEMPLATE, encoding='utf-8') as f:
        qpt = f.read().replace('&#xa;', '\n').replace('&apos;', "'").replace('&quot;', '"')
    for item_id, (sv, _) in template_text.LABELS.items():
        assert sv in qpt, item_id
    assert 'title="{}"'.format(template_text.LEGEND_TITLE[0]) in qpt
    for sv, _ in template_text.EMPTY_TABLES.values():
        assert sv in qpt


@pytest.mark.parametrize('lang', ['sv', 'en'])
def test_the_templates_fixed_text_follows_the_language(monkeypatch, lang):
    layout = _layout(lang, monkeypatch)
    texts = [item.text() for item in layout.items() if isinstance(item, QgsLayoutItemLabel)]
    legend = layout.itemById('legend').title()
    tables = [layout.itemById(i).multiFrame().emptyTableMessage() for i in ('keyfigures', 'breakdown')]
    everything = '\n'.join(texts + [legend] + tables)
    if lang == 'en':
        for word in SWEDISH_FIXED:
            assert word not in everything, (word, everything)
        assert legend == 'Legend' and 'Key figures' in everything and 'Confidentiality' in everything
        assert "'District '" in everything and tables == ['No reported crimes', 'No breakdown by sex and age']
    else:
        assert legend == 'Teckenförklaring' and 'Nyckeltal' in everything and 'Sekretess' in everything


def test_an_edited_template_keeps_its_own_words(monkeypatch):
    layout = _layout('sv', monkeypatch)
    layout.itemById('keyfigures_title').setText('Våra nyckeltal')
    layout.itemById('legend').setTitle('Förklaring')
    monkeypatch.setenv('TRYGG_LANG', 'en')
    changed = template_text.localise(layout)
    assert 'keyfigures_title' not in changed and 'legend' not in changed and 'source' in changed
    assert layout.itemById('keyfigures_title').text() == 'Våra nyckeltal'


def test_an_english_run_has_english_legend_period_and_table_headings(exempelstad_result, tmp_path, monkeypatch):
    monkeypatch.setenv('TRYGG_LANG', 'en')
    monkeypatch.setenv('TRYGG_OFFLINE', '1')
    gpkg, _ = exempelstad_result
    res = processing.run('trygg:districtmaps', {'RESULT': gpkg, 'FORMATS': [1], 'DPI': 50, 'DISTRICTS': '9999C0010',
                                                'OUTPUT': str(tmp_path / 'en')})
    index = json.load(open(res['INDEX'], encoding='utf-8'))
    assert index['legend'][-1].count('.') >= 1 and index['basemap_note'] == 'No background map (offline)'
    assert rr.period_label(index['period']).endswith(' half')
