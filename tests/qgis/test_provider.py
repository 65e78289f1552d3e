# SPDX-License-Identifier: MIT
"""The provider: loads, names in Swedish (English on request), lists every algorithm; those
whose engine or engine stages are missing say what is missing."""
import pytest
from qgis.core import QgsApplication

from trygg import engine
from trygg.algorithms import ALGORITHMS


def ids(provider):
    return sorted(a.name() for a in provider.algorithms())


def test_provider_is_registered(provider):
    assert QgsApplication.processingRegistry().providerById('trygg') is provider
    assert provider.name() == 'Trygg'


ALL = sorted(c.ALG_ID for c in ALGORITHMS)


def test_every_algorithm_is_listed_and_says_which_stages_the_engine_lacks(provider, fake_engine, monkeypatch,
                                                                           real_engine):
    # The fake engine has none of the analysis stages: all are listed all the same (issue 18:
    # District hotspots and Geocode used to vanish), and each says what is missing.
    monkeypatch.setenv('TRYGG_EXE', fake_engine)
    provider.refreshAlgorithms()
    try:
        assert ids(provider) == ALL
        ok, message = provider.algorithm('districthotspots').canExecute()
        assert not ok and 'saknar steget/stegen' in message and 'gistar' in message and 'local_moran' in message
        ok, message = provider.algorithm('geocode').canExecute()
        assert not ok and 'geocode' in message
        assert provider.algorithm('districtmaps').canExecute()[0]   # reads a result, needs no engine
        monkeypatch.setenv('TRYGG_EXE', real_engine)
        provider.refreshAlgorithms()
        assert ids(provider) == ALL
        stages = set(engine.engine_stages())
        for alg in provider.algorithms():
            assert alg.canExecute()[0] == (set(type(alg).REQUIRED_STAGES) <= stages), alg.id()
        assert provider.algorithm('aggregate').canExecute() == (True, '')
    finally:
        provider.refreshAlgorithms()


@pytest.mark.parametrize('lang, words', [('sv', 'hittades inte'), ('en', 'was not found')])
def test_without_engine_every_algorithm_is_listed_and_says_what_is_missing(provider, monkeypatch, tmp_path,
                                                                           lang, words):
    monkeypatch.setenv('TRYGG_EXE', str(tmp_path / 'no-trygg'))
    monkeypatch.setenv('TRYGG_LANG', lang)
    provider.refreshAlgorithms()
    try:
        assert ids(provider) == ALL
        for alg_id in ALL:
            ok, message = provider.algorithm(alg_id).canExecute()
            if alg_id == 'districtmaps':
                assert ok    # reads a result, needs no engine
            else:
                assert not ok and 'no-trygg' in message and words in message, (alg_id, message)
    finally:
        monkeypatch.undo()
        provider.refreshAlgorithms()


def test_english_names_on_request(provider, monkeypatch):
    alg = QgsApplication.processingRegistry().algorithmById('trygg:districtmaps')
    assert alg.displayName() == 'Kartblad per delområde'
    monkeypatch.setenv('TRYGG_LANG', 'en')
    assert alg.displayName() == 'District safety maps'
    assert 'map sheet' in alg.shortHelpString()
