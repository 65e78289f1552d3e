# SPDX-License-Identifier: MIT
"""trygg:evaluatemeasure ("Utvärdera åtgärd", issue 19) through processing.run on Exempelstad with
the real engine: the tables and the roles layer come back, and the odds ratio reported equals the
one recomputed here from the published counts (exact, issue 19 part measure: the run has no
aggregate, so only counts 1-4 are withheld)."""
import os
import sqlite3

import pytest
from qgis.core import QgsProject, QgsVectorLayer

import processing
from trygg import engine
from missing import skip_or_fail


def needs(*stages):
    have = engine.engine_stages(refresh=True)
    missing = [s for s in stages if s not in have]
    if missing:
        skip_or_fail('engine lacks stage(s) ' + ', '.join(missing))


def params(exempelstad, output, **extra):
    return dict({
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
        'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
        'CATALOGUE': os.path.join(exempelstad, '..', 'catalog', 'brottskoder.csv'),
        'FROM': '2022-01-01', 'TO': '2025-12-31',
        'TARGET': '9999C0010', 'MEASURE_DATE': '2024-01-01', 'WINDOW_MONTHS': 12,
        'OUTPUT': output,
    }, **extra)


def test_evaluate_measure_runs_and_loads_roles(real_engine, exempelstad, tmp_path):
    needs('evaluate_measure')
    out = str(tmp_path / 'atgard.gpkg')
    res = processing.run('trygg:evaluatemeasure', params(exempelstad, out))
    assert res['OUTPUT'] == out and os.path.exists(out)
    layer = QgsVectorLayer(res['DELOMRADEN'], 'roles', 'ogr')
    QgsProject.instance().addMapLayer(layer, False)
    roles = {f['kod']: f['atgard_roll'] for f in layer.getFeatures()}
    assert roles['9999C0010'] == 'mål'
    assert list(roles.values()).count('kontroll') == 5
    assert 'buffertzon' in roles.values()
    with sqlite3.connect(out) as db:
        areas = {r[0]: r[1:] for r in db.execute('select omrade, fore, efter from atgard_omraden')}
        odds, low, high = db.execute('select odds_ratio, or_lag, or_hog from atgard_effekt').fetchone()
    assert set(areas) == {'mål', 'buffertzon', 'kontroll'}
    # Published run (the default): exact counts (1-4 withheld), effect measures to 2 decimals.
    assert all(v == int(v) and (v == 0 or v >= 5) for row in areas.values() for v in row if v is not None)
    (a, b), (c, d) = areas['mål'], areas['kontroll']
    assert odds == round(a * d / (b * c), 2)
    assert low < odds < high
    assert res['ODDS_RATIO'].startswith('Oddskvot')
    QgsProject.instance().removeMapLayer(layer.id())


def test_evaluate_measure_bad_code_is_one_line(real_engine, exempelstad, tmp_path):
    needs('evaluate_measure')
    from qgis.core import QgsProcessingException
    with pytest.raises(QgsProcessingException) as e:
        processing.run('trygg:evaluatemeasure', params(exempelstad, str(tmp_path / 'x.gpkg'), TARGET='FINNS_INTE'))
    # The plugin shows engine errors in the user's language without internal words (issue 18):
    # the district code is named, the stage tag is not.
    message = str(e.value)
    assert 'FINNS_INTE' in message and '\n' not in message.strip(), message


def test_target_drawn_as_a_memory_layer(real_engine, exempelstad, tmp_path):
    """An analyst draws the target in a scratch layer: the district whose inner point it covers
    becomes the target."""
    needs('evaluate_measure')
    from qgis.core import QgsFeature, QgsGeometry
    src = QgsVectorLayer(os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden', 'd', 'ogr')
    centrum = next(f for f in src.getFeatures() if f['kod'] == '9999C0010')
    drawn = QgsVectorLayer('Polygon?crs=EPSG:3006&field=id:integer', 'ritat', 'memory')
    f = QgsFeature(drawn.fields())
    f.setGeometry(QgsGeometry(centrum.geometry()).buffer(-20, 4))
    f['id'] = 1
    drawn.dataProvider().addFeatures([f])
    QgsProject.instance().addMapLayer(drawn)
    out = str(tmp_path / 'ritat.gpkg')
    p = params(exempelstad, out, TARGET_AREA=drawn.id())
    del p['TARGET']
    res = processing.run('trygg:evaluatemeasure', p)
    with sqlite3.connect(res['OUTPUT']) as db:
        target = [k for (k,) in db.execute("select kod from delomraden where atgard_roll='mål'")]
        tables = {t for (t,) in db.execute("select table_name from gpkg_contents")}
    assert target == ['9999C0010']
    assert not any(t.startswith('omraden_') for t in tables)  # the drawn layer is not published
    QgsProject.instance().removeMapLayer(drawn.id())
