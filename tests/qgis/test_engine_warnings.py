# SPDX-License-Identifier: MIT
"""The engine's warnings in the user's language (issue 18, sheets28): every coded warning a
Västerås run prints, in Swedish and English, without the engine's internal words; and a real
Västerås run through the plugin's runner shows every warning in Swedish."""
import json
import os

import pytest

from trygg import engine, messages

INTERNAL_WORDS = ('stage', 'pipeline', '"privacy"', 'steget', 'read.incidents', 'read.districts', 'trygg:',
                  '"covers"', '"duplicates"', 'rejects', '"latest"', 'population:')
REG = '/data/vasteras/police_register_by_deso.csv'

# code -> (parameters as the engine sends them, words the Swedish sentence holds, the English one)
CASES = {
    'groups_not_in_source': ({'groups': 'tillgrepp, narkotika', 'declared': '0', 'file': REG},
                             ['tillgrepp, narkotika', 'finns ej i källan', 'inte som 0', 'police_register_by_deso.csv'],
                             ['theft, drugs', 'not in the source', 'not as 0']),
    'duplicate_rows': ({'count': '1091', 'file': REG}, ['1\u202f091 rader', 'räknas en gång'],
                       ['1,091 rows', 'counted once']),
    'repeated_ids': ({'count': '63', 'file': '/d/places.geojson'}, ['63 id', 'places.geojson'],
                     ['63 ids', 'double registration']),
    'conflicting_ids': ({'count': '2', 'example': 'A7', 'file': REG}, ["'A7'", 'båda räknas'], ["'A7'", 'both']),
    'unknown_categories': ({'count': '12', 'examples': "'9999' (12)", 'file': REG}, ['brottskatalogen', 'Övrigt'],
                           ['crime catalogue', 'Other']),
    'unrecognised_sex': ({'count': '3', 'file': REG}, ['okänt kön'], ['unknown sex']),
    'unrecognised_age': ({'count': '3', 'file': REG}, ['okänd ålder'], ['unknown age']),
    'rows_rejected': ({'count': '4', 'rows': '2000', 'row': '17', 'field': 'Brottsdatum',
                       'category': 'impossible date', 'reason': "impossible date '2023-02-30'", 'file': REG},
                      ['4 av 2\u202f000', 'rad 17', "'Brottsdatum'", 'omöjligt datum'],
                      ['4 of 2,000', 'row 17', "'Brottsdatum'", 'impossible date']),
    'no_rows': ({'file': REG}, ['inga rader'], ['no rows']),
    'outside_districts': ({'count': '163', 'located': '1272', 'file': '/d/deso_2018.geojson'},
                          ['163 brott', 'utanför alla delområden', 'deso_2018.geojson'],
                          ['163 located', 'outside every district']),
    'area_codes_some_unmatched': ({'outside': '3', 'coded': '5000', 'distinct': '2',
                                   'examples': "'1980C9991', '1980C9992'", 'file': '/d/deso_2018.geojson'},
                                  ['3 av 5\u202f000', '1980C9991'], ['3 of 5,000', '1980C9991']),
    'population_age_bands_unbuilt': ({'bands': '2022: 25-44, 45-64, 65-; 2023: 0-19'},
                                     ['25\u201344', 'per 1 000'], ['25\u201344', 'per 1,000']),
    'population_year_fallback': ({'fallbacks': '2020H1\u20132021H2=2022;2024H1=2023'},
                                 ['2020H1\u20132021H2 använder 2022', '2024H1 använder 2023'],
                                 ['2020H1\u20132021H2 use 2022', '2024H1 use 2023']),
    'population_missing': ({'count': '4'}, ['4 delområden saknar befolkning'], ['4 districts have no population']),
    'population_missing_year': ({'count': '4', 'year': '2023'}, ['4 delområden', '2023'], ['4 districts', '2023']),
    'population_keys_unmatched': ({'count': '2', 'example': '1980X', 'file': '/d/folk.csv'},
                                  ["'1980X'", 'folk.csv'], ["'1980X'", 'folk.csv']),
    'levels_mostly_withheld': ({'share': '80 %', 'shares': 'deso 1 %; regso 6 %', 'advice': 'pool_periods'},
                               ['80 %', 'deso 1 %', 'Slå ihop perioder'], ['80 %', 'regso 6 %', 'Pool periods']),
    'periods_incomplete': ({'range': '2020-01-01 – 2024-03-31', 'periods': '2024H1', 'latest': '2023H2'},
                           ['2024, första halvåret', '2023, andra halvåret', 'ofullständiga'],
                           ['2024, first half', '2023, second half', 'incomplete']),
    'no_period_complete': ({'range': '2024-01-01 – 2024-03-31', 'latest': '2024H1'},
                           ['Ingen period', '2024, första halvåret'], ['No period', '2024, first half']),
    'outside_declared_coverage': ({'count': '5', 'range': '2020-01-01 – 2024-03-31', 'file': REG},
                                  ['5 brott', '2020-01-01 – 2024-03-31'], ['5 incidents', 'outside the stated period']),
    'stray_records': ({'count': '1', 'range': '2020-01-01 – 2024-03-31', 'file': REG},
                      ['Kontrollera deras datum'], ['Check their dates']),
}


@pytest.mark.parametrize('code', sorted(CASES))
@pytest.mark.parametrize('lang', ['sv', 'en'])
def test_each_coded_warning_in_both_languages(monkeypatch, code, lang):
    monkeypatch.setenv('TRYGG_LANG', lang)
    monkeypatch.setattr(messages, 'MISSING', '<missing>')
    params, sv_words, en_words = CASES[code]
    event = dict(params, stage='register', level='warning', code=code,
                 message='whatever the engine said ("privacy": "internal", "latest")')
    text = messages.describe_warning(event)
    for word in (sv_words if lang == 'sv' else en_words):
        assert word in text, (code, lang, text)
    for word in INTERNAL_WORDS:
        assert word not in text, (code, lang, word, text)
    assert '<missing>' not in text and 'whatever the engine said' not in text, text


def test_every_code_the_engine_sends_has_a_template():
    """The codes in the engine's coded_warning calls and the plugin's templates are the same set."""
    import re
    root = os.path.join(os.path.dirname(__file__), '..', '..', 'engine', 'src')
    sent = set()
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith('.cpp'):
                with open(os.path.join(folder, name), encoding='utf-8') as f:
                    text = f.read()
                for m in re.finditer(r'coded_warning\(', text):
                    code = re.search(r'\{"([a-z_]+)"', text[m.end():m.end() + 600])
                    if code:
                        sent.add(code.group(1))
    assert sent == set(messages.WARNING_TEMPLATES) == set(CASES), (sent ^ set(messages.WARNING_TEMPLATES))


@pytest.mark.parametrize('lang, lead', [('sv', 'Varning från Trygg-motorn (på engelska):'),
                                        ('en', 'Warning from the Trygg engine:')])
def test_an_uncoded_warning_keeps_the_engine_text_without_internal_words(monkeypatch, lang, lead):
    monkeypatch.setenv('TRYGG_LANG', lang)
    text = messages.describe_warning({'stage': 'smooth', 'level': 'warning',
                                      'message': 'smooth: 3 districts shown only with "privacy": "internal"'})
    assert text.startswith(lead) and 'smooth:' not in text and '"privacy"' not in text, text


class Log:
    def __init__(self):
        self.warnings, self.info = [], []

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)

    def pushInfo(self, text):  # noqa: N802
        self.info.append(text)

    def isCanceled(self):  # noqa: N802
        return False

    def __getattr__(self, name):
        return lambda *a, **k: None


@pytest.mark.parametrize('lang', ['sv', 'en'])
def test_a_real_vasteras_run_shows_its_warnings_in_the_users_language(tmp_path, monkeypatch, real_engine, lang):
    """The register run of the district sheets (examples/kartblad/vasteras), through the plugin's runner."""
    from trygg_cli import shared_data
    monkeypatch.setenv('TRYGG_LANG', lang)
    repo = os.path.join(os.path.dirname(__file__), '..', '..')
    with open(os.path.join(repo, 'examples', 'kartblad', 'vasteras', 'vasteras.json'), encoding='utf-8') as f:
        text = f.read().replace('${TRYGG_SHARED_DATA}', str(shared_data('vasteras')).rsplit('/vasteras', 1)[0])
    run = json.loads(text)
    stages = [s for s in run['pipeline'] if s['type'] not in ('weights', 'gistar', 'local_moran')]
    for s in stages:
        if s.get('catalogue'):
            s['catalogue'] = os.path.join(repo, s['catalogue'])
        if s['type'] == 'write.gpkg':
            s['path'] = str(tmp_path / 'v.gpkg')
    log = Log()
    engine.run_pipeline({'privacy': run['privacy'], 'pipeline': stages}, log, work_dir=str(tmp_path))
    assert len(log.warnings) >= 5, log.warnings
    for w in log.warnings:
        for word in INTERNAL_WORDS + ('Varning från Trygg-motorn', 'Warning from the Trygg engine'):
            assert word not in w, (word, w)
    joined = '\n'.join(log.warnings)
    if lang == 'sv':
        assert 'upprepar en tidigare rad' in joined and 'finns ej i källan' in joined and 'första halvåret' in joined
    else:
        assert 'repeat an earlier row' in joined and 'not in the source' in joined and 'first half' in joined
