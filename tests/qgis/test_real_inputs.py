# SPDX-License-Identifier: MIT
"""Inputs as users have them (issue 18), through processing.run with the real engine: the
Västerås DeSO-coded police register, the DeSO layer and SCB's population export exactly as
downloaded run through Aggregate with no field edited by hand; every field parameter is "auto"
(found in the layer, the choice logged); the engine's coded errors reach the user in Swedish or
English; grid hotspots on area-coded data say "no coordinates"."""
import csv
import json
import os
import sqlite3
import sys

import pytest
from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingException, QgsProject, QgsVectorLayer

import processing
from test_aggregate import Recorder, aggregate_result  # noqa: F401  (a module fixture)

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'support'))
from trygg_cli import shared_data  # noqa: E402

from trygg.algorithms import spine  # noqa: E402


def vasteras():
    return {'INCIDENTS': str(shared_data('vasteras/police_register_by_deso.csv')),
            'DISTRICTS': str(shared_data('vasteras/deso_2018.geojson')),
            'POPULATION': str(shared_data('vasteras/scb/population_2023.csv'))}


def scb_population():
    """{DeSO code: population} read straight from the SCB export (title line, header row, then
    ',<code>,<number>' rows): the independent source of the test."""
    out = {}
    with open(shared_data('vasteras/scb/population_2023.csv'), encoding='utf-8-sig') as f:
        for row in list(csv.reader(f))[2:]:
            if len(row) >= 3 and row[1].strip():
                out[row[1].strip()] = int(row[2])
    return out


@pytest.fixture(scope='module')
def vasteras_aggregate(tmp_path_factory):
    if not os.environ.get('TRYGG_EXE'):
        pytest.skip('no engine')
    out = str(tmp_path_factory.mktemp('vasteras') / 'vasteras.gpkg')
    fb = Recorder()
    res = processing.run('trygg:aggregate', dict(vasteras(), OUTPUT=out), feedback=fb)
    return res, fb, out


def test_a_deso_register_runs_through_aggregate_with_no_field_edited(vasteras_aggregate):
    res, fb, out = vasteras_aggregate
    log = '\n'.join(fb.log)
    # Every field was found in the layers, and the log says which.
    for label, field in (('Id-fält', 'Id'), ('Datum/tid-fält', 'Brottsdatum'), ('Brottskod-fält', 'Brottskod'),
                         ('Områdeskod-fält (DeSO/delområde)', 'DeSO.område'), ('Delområden: kod-fält', 'deso')):
        assert "{}: '{}' (vald automatiskt)".format(label, field) in log, (label, log)
    for absent in ('X-fält (öst)', 'Y-fält (nord)', 'Delområden: namn-fält'):
        assert '{}: inget fält hittades, används inte'.format(absent) in log, absent
    assert "population: column 'totalt'" in log          # the engine found the SCB export's number column
    with sqlite3.connect(out) as db:
        rows = dict(db.execute('select kod, befolkning from delomraden').fetchall())
    population = scb_population()
    deso = set(rows)
    assert len(deso) == 84
    assert {k: rows[k] for k in deso} == {k: population[k] for k in deso}


def test_the_summary_says_the_outside_count_once_with_its_parts(aggregate_result):
    """Exempelstad: 12 outside = located outside every district + codes of no district + dates
    outside the study period; the engine's warning names the first part only."""
    res, fb = aggregate_result
    gpkg = res['OUTPUT']
    line = next(x for x in fb.log if 'incidents.csv: ' in x and ' utanför' in x)
    with sqlite3.connect(gpkg) as db:
        parts = dict(db.execute("select orsak, antal_visning from avvisade where utfall = 'outside'").fetchall())
        outside = json.loads(db.execute("select value from run_manifest where key = 'accounting'").fetchone()[0])[0]
    assert len(parts) >= 2 and outside['outside'] > 0
    located = parts['located outside every district']
    assert line.endswith('. Utanför: ' + ', '.join(
        '{} {}'.format(shown, {'located outside every district': 'med läge utanför alla delområden',
                               'area code is no district code': 'med en områdeskod som inte är något delområde',
                               'outside the study period': 'utanför perioden'}[reason])
        for reason, shown in sorted(parts.items(), key=lambda p: p[1] == '..'))), line
    assert '{} utanför'.format(outside['outside']) in line
    # The engine's warning (in Swedish since sheets28: coded warnings) and the summary give one
    # number for the located ones.
    assert any('{} brott med läge ligger utanför alla delområden'.format(located) in x for x in fb.log)


def test_population_given_as_a_plain_file_is_not_loaded_by_qgis(tmp_path):
    """The SCB export as downloaded: QGIS cannot load it as a table (its title line), so the
    plugin hands the file to the engine, which reads SCB exports (was: 'Could not load source
    layer')."""
    alg = QgsApplication.processingRegistry().createAlgorithmById('trygg:aggregate')
    path = str(shared_data('vasteras/scb/population_2023.csv'))
    context = QgsProcessingContext()
    assert alg.source_path({'POPULATION': path}, 'POPULATION', context, None) == (path, '')


@pytest.mark.parametrize('lang, expected', [
    ('sv', "Fältet 'ost' (X-fältet) finns inte i incidents.csv. Fälten där är: id, brottsdatum"),
    ('en', "The field 'ost' (the X field) is not in incidents.csv. Its fields are: id, brottsdatum")])
def test_a_field_the_register_lacks_is_said_in_the_users_language(real_engine, exempelstad, tmp_path, monkeypatch,
                                                                    lang, expected):
    monkeypatch.setenv('TRYGG_LANG', lang)
    with pytest.raises(QgsProcessingException) as e:
        processing.run('trygg:aggregate', {
            'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'), 'F_X': 'ost',
            'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
            'OUTPUT': str(tmp_path / 'x.gpkg')})
    assert str(e.value).startswith(expected), str(e.value)
    for word in ('stage', 'pipeline', 'incidents:', 'trygg:'):
        assert word not in str(e.value)


@pytest.mark.parametrize('lang, words, wrong', [
    ('sv', ['har koordinater', 'områdeskod', 'Hotspots per delområde'], 'Inga brott ligger inom'),
    ('en', ['has coordinates', 'area code', 'District hotspots'], 'No incidents lie inside')])
def test_grid_hotspots_on_area_coded_data_say_no_coordinates(real_engine, tmp_path, monkeypatch, lang, words, wrong):
    monkeypatch.setenv('TRYGG_LANG', lang)
    with pytest.raises(QgsProcessingException) as e:
        processing.run('trygg:gridhotspots', dict(vasteras(), OUTPUT=str(tmp_path / 'g.gpkg')))
    for w in words:
        assert w in str(e.value), str(e.value)
    assert wrong not in str(e.value)


class Captured(Exception):
    pass


def built_pipeline(monkeypatch, alg_id, parameters):
    """The pipeline an algorithm hands the engine (the run itself is stopped)."""
    from trygg.algorithms.base import TryggAlgorithm
    seen = {}

    def capture(self, pipeline, feedback, work_dir=None):
        seen['pipeline'] = pipeline
        raise Captured()
    monkeypatch.setattr(TryggAlgorithm, 'run_engine', capture)
    fb = Recorder()
    with pytest.raises(Exception):
        processing.run(alg_id, parameters, feedback=fb)
    stages = seen['pipeline']['pipeline'] if isinstance(seen['pipeline'], dict) else seen['pipeline']
    return {s['tag']: s for s in stages}, fb


def test_auto_fields_on_exempelstad_map_what_the_former_defaults_did(exempelstad, monkeypatch, tmp_path):
    stages, _ = built_pipeline(monkeypatch, 'trygg:aggregate', {
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
        'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
        'POPULATION': os.path.join(exempelstad, 'befolkning.csv'), 'OUTPUT': str(tmp_path / 'e.gpkg')})
    former = {key: default for key, _p, default, _sv, _en in spine.INCIDENT_FIELDS}
    assert stages['incidents']['fields'] == former           # id, brottsdatum, ..., x, y, lon, lat, deso, ...
    assert (stages['districts']['code'], stages['districts']['name']) == ('kod', 'namn')
    assert stages['population']['key'] == 'kod'
    assert stages['aggregate']['population'] == {'value': 'antal', 'sex': 'kon', 'age': 'aldersgrupp'}


def test_an_explicit_field_wins_over_auto(exempelstad, monkeypatch, tmp_path):
    stages, _ = built_pipeline(monkeypatch, 'trygg:aggregate', {
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'), 'F_CATEGORY': 'alder', 'F_X': 'auto',
        'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
        'OUTPUT': str(tmp_path / 'e.gpkg')})
    fields = stages['incidents']['fields']
    assert fields['category'] == 'alder' and fields['x'] == 'x'
    assert 'age' not in fields          # 'alder' is taken: one column is not mapped twice


def test_geocode_takes_a_one_field_address_register_and_skips_nameless_districts(exempelstad, monkeypatch, tmp_path):
    from osgeo import gdal
    one_field = str(tmp_path / 'adresser.gpkg')
    gdal.VectorTranslate(one_field, os.path.join(exempelstad, 'exempelstad.gpkg'), layers=['adresser'],
                         SQLStatement='select adress, geom from adresser', layerName='adresser')
    stages, fb = built_pipeline(monkeypatch, 'trygg:geocode', {
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
        'DISTRICTS': str(shared_data('vasteras/deso_2018.geojson')),   # DeSO: codes, no names
        'ADDRESSES': one_field, 'OUTPUT': str(tmp_path / 'g.gpkg')})
    gazetteers = stages['geocoded']['gazetteers']
    assert gazetteers[0]['kind'] == 'address' and gazetteers[0]['fields'] == {'address': 'adress'}
    assert [g['kind'] for g in gazetteers] == ['address']       # no district names to match against
    assert any('inget namn-fält' in x for x in fb.log)
    assert "Adressregister: adressfält: 'adress' (vald automatiskt)" in fb.log


def test_geocode_leaves_a_street_and_number_register_to_the_engines_presets(exempelstad, monkeypatch, tmp_path):
    stages, _ = built_pipeline(monkeypatch, 'trygg:geocode', {
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
        'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
        'ADDRESSES': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=adresser',
        'OUTPUT': str(tmp_path / 'g.gpkg')})
    gazetteers = stages['geocoded']['gazetteers']
    assert 'fields' not in gazetteers[0]                        # gatunamn + nummer: the preset finds them
    assert [g['kind'] for g in gazetteers] == ['address', 'district']
    assert gazetteers[1]['fields'] == {'name': 'namn'}


def test_geocode_default_minimum_match_is_the_engines_and_a_choice_names_its_type(exempelstad, monkeypatch, tmp_path):
    """Issue 16: the engine's min_match default depends on free text (street; district for
    prose). The plugin's default sends none; choosing "Gata" sends street."""
    from trygg.algorithms.geocode import MATCHES
    base = {'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
            'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
            'ADDRESSES': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=adresser',
            'OUTPUT': str(tmp_path / 'g.gpkg'), 'FREE_TEXT': True}
    stages, _ = built_pipeline(monkeypatch, 'trygg:geocode', base)
    assert 'min_match' not in stages['geocoded'] and stages['geocoded']['free_text'] is True
    stages, _ = built_pipeline(monkeypatch, 'trygg:geocode', dict(base, MIN_MATCH=1 + MATCHES.index('street')))
    assert stages['geocoded']['min_match'] == 'street'
