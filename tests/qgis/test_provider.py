"""The provider: loads, names in Swedish (English on request), lists only algorithms whose
engine stages exist."""
from qgis.core import QgsApplication

from trygg import engine
from trygg.algorithms import ALGORITHMS


def ids(provider):
    return sorted(a.name() for a in provider.algorithms())


def test_provider_is_registered(provider):
    assert QgsApplication.processingRegistry().providerById('trygg') is provider
    assert provider.name() == 'Trygg'


def test_algorithms_follow_the_engines_stages(provider, fake_engine, monkeypatch, real_engine):
    # The fake engine has none of the analysis stages: only the map sheets (no stages needed).
    monkeypatch.setenv('TRYGG_EXE', fake_engine)
    provider.refreshAlgorithms()
    try:
        assert ids(provider) == ['districtmaps']
        monkeypatch.setenv('TRYGG_EXE', real_engine)
        provider.refreshAlgorithms()
        stages = set(engine.engine_stages())
        expected = sorted(c.ALG_ID for c in ALGORITHMS if set(c.REQUIRED_STAGES) <= stages)
        assert ids(provider) == expected
        assert 'aggregate' in expected
    finally:
        provider.refreshAlgorithms()


def test_without_engine_the_shipped_algorithms_say_what_is_missing(provider, monkeypatch, tmp_path):
    monkeypatch.setenv('TRYGG_EXE', str(tmp_path / 'no-trygg'))
    provider.refreshAlgorithms()
    try:
        assert ids(provider) == ['aggregate', 'districtmaps', 'gridhotspots', 'trygghetsanalys']
        ok, message = provider.algorithm('aggregate').canExecute()
        assert not ok and 'no-trygg' in message
        assert provider.algorithm('districtmaps').canExecute()[0]   # reads a result, needs no engine
    finally:
        monkeypatch.undo()
        provider.refreshAlgorithms()


def test_english_names_on_request(provider, monkeypatch):
    alg = QgsApplication.processingRegistry().algorithmById('trygg:districtmaps')
    assert alg.displayName() == 'Kartblad per delområde'
    monkeypatch.setenv('TRYGG_LANG', 'en')
    assert alg.displayName() == 'District safety maps'
    assert 'map sheet' in alg.shortHelpString()
