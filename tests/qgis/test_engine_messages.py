# SPDX-License-Identifier: MIT
"""The engine's error events shown in the user's language (issue 18): every coded message of the
issue in Swedish and English, naming file and field, without the engine's internal words."""
import pytest
from qgis.core import QgsProcessingException

from trygg import engine, messages

INTERNAL_WORDS = ('stage', 'pipeline', '"privacy"', 'steget', 'read.incidents', 'read.districts', 'trygg:')

# code -> (event parameters, words the Swedish sentence holds, words the English one holds)
CASES = {
    'field_not_found': (
        {'file': '/data/brott.csv', 'field': 'x', 'role': 'x', 'fields': 'Id, Brottsdatum, DeSO.område',
         'stage': 'incidents'},
        ["'x'", 'X-fältet', 'brott.csv', 'Brottsdatum', 'finns inte'],
        ["'x'", 'the X field', 'brott.csv', 'Brottsdatum', 'is not in']),
    'file_unreadable': ({'file': '/data/folk.xlsx', 'stage': 'population'},
                        ['folk.xlsx', 'kunde inte öppnas'], ['folk.xlsx', 'could not be opened']),
    'no_coordinates': ({'count': '1234', 'stage': 'grid_hotspots'},
                       ['1234', 'koordinater', 'områdeskod'], ['1234', 'coordinates', 'area code']),
    'no_incidents_inside': ({'stage': 'kde'}, ['Inga brott'], ['No incidents']),
    'unknown_group': ({'group': 'valdd', 'groups': 'vald, skadegorelse', 'stage': 'gistar'},
                      ["'valdd'", 'brottskatalogen', 'skadegorelse'], ["'valdd'", 'crime catalogue', 'skadegorelse']),
    'group_not_in_source': ({'group': 'tillgrepp', 'stage': 'gistar'},
                            ["'tillgrepp'", 'finns inte i källan', 'inte 0'],
                            ["'tillgrepp'", 'not in the source', 'not 0']),
    'mostly_outside': ({'outside': '900', 'located': '1000', 'file': '/d/deso.gpkg', 'cause': 'xy_swapped'},
                       ['900 av 1000', 'deso.gpkg', 'omkastade'], ['900 of 1000', 'deso.gpkg', 'swapped']),
    'area_codes_unmatched': ({'outside': '700', 'coded': '708', 'file': '/d/regso.geojson',
                              'incident_system': 'DeSO', 'district_system': 'RegSO'},
                             ['700 av 708', 'regso.geojson', 'DeSO', 'RegSO'],
                             ['700 of 708', 'regso.geojson', 'DeSO', 'RegSO']),
    'population_column_ambiguous': ({'file': '/d/befolkning_2022.csv', 'fields': 'totalt, 0-4 år, 5-9 år',
                                     'stage': 'aggregate'},
                                    ['befolkning_2022.csv', '0-4 år', 'antal-fält'],
                                    ['befolkning_2022.csv', '0-4 år', 'count field']),
    'cancelled': ({}, ['avbröts'], ['cancelled']),
    'out_of_memory': ({'stage': 'kde'}, ['minne'], ['memory']),
}


@pytest.mark.parametrize('code', sorted(CASES))
@pytest.mark.parametrize('lang', ['sv', 'en'])
def test_each_coded_message_in_both_languages(monkeypatch, code, lang):
    monkeypatch.setenv('TRYGG_LANG', lang)
    monkeypatch.setattr(messages, 'MISSING', '<missing>')
    params, sv_words, en_words = CASES[code]
    event = dict(params, event='error', code=code, exit=4, message='trygg: whatever the engine said in English')
    text = messages.describe(event)
    for word in (sv_words if lang == 'sv' else en_words):
        assert word in text, (code, lang, text)
    for word in INTERNAL_WORDS:
        assert word not in text, (code, lang, text)
    assert '<missing>' not in text, text                 # every parameter the sentence names was filled
    assert 'whatever the engine said' not in text        # a coded error is said in our own words


@pytest.mark.parametrize('lang, headline, lead', [('sv', 'Indata gick att läsa men inte att använda.',
                                                   'Motorns beskrivning (på engelska):'),
                                                  ('en', 'The inputs were read but cannot be used.', 'Details:')])
def test_an_uncoded_error_gets_a_headline_and_the_engine_text_without_internal_words(monkeypatch, lang, headline, lead):
    monkeypatch.setenv('TRYGG_LANG', lang)
    event = {'event': 'error', 'code': 'data_error', 'exit': 5, 'stage': 'smooth',
             'message': 'smooth: 3 districts rest on withheld counts ("privacy": "internal" shows them)'}
    text = messages.describe(event)
    assert text.startswith(headline + ' ' + lead), text
    assert 'smooth:' not in text and '"privacy"' not in text, text
    assert ('Internt' if lang == 'sv' else 'Internal') in text


@pytest.mark.parametrize('lang, words', [('sv', "Fältet 'x'"), ('en', "The field 'x'")])
def test_the_runner_raises_the_translated_sentence_and_logs_the_engine_line(tmp_path, monkeypatch, lang, words):
    """A stand-in engine that ends with an error event, as `trygg run --progress=json` does."""
    script = tmp_path / 'trygg'
    script.write_text(
        '#!/usr/bin/python3\nimport json, sys\n'
        'if sys.argv[1] == "stages":\n    print("[]"); sys.exit(0)\n'
        'print(json.dumps({"event": "error", "code": "field_not_found", "exit": 4, "file": "/d/reg.csv", '
        '"field": "x", "role": "x", "fields": "Id, Brottsdatum", "stage": "incidents", '
        '"message": "incidents: field \'x\' (\\"x\\") not found in \'/d/reg.csv\'"}))\n'
        'sys.stderr.write("trygg: incidents: field \'x\' not found\\n"); sys.exit(4)\n')
    script.chmod(0o755)
    monkeypatch.setenv('TRYGG_EXE', str(script))
    monkeypatch.setenv('TRYGG_LANG', lang)

    class Log:
        def __init__(self):
            self.debug = []

        def pushDebugInfo(self, text):  # noqa: N802
            self.debug.append(text)

        def isCanceled(self):  # noqa: N802
            return False

        def __getattr__(self, name):
            return lambda *a, **k: None

    log = Log()
    with pytest.raises(QgsProcessingException) as e:
        engine.run_pipeline([{'type': 'read.incidents', 'tag': 'incidents'}], log)
    assert str(e.value).startswith(words) and 'reg.csv' in str(e.value), str(e.value)
    assert any("trygg: incidents: field 'x' not found" in d for d in log.debug)
