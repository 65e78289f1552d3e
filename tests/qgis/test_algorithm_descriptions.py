# SPDX-License-Identifier: MIT
"""What the Processing toolbox asks of every algorithm, in Swedish and English: the desktop calls
group() and the rest on every refresh, the headless tests used not to (issue 18: group() of
*Kartblad per delområde* raised TypeError because a parameter-name constant overwrote GROUP)."""
import pytest
from qgis.core import QgsApplication, QgsProcessingAlgorithm

from trygg.algorithms import ALGORITHMS
from trygg.algorithms.base import TryggAlgorithm

EXPECTED_GROUPS = {  # (groupId, Swedish group, English group), written out by hand
    'aggregate': ('analysis', 'Analys', 'Analysis'),
    'geocode': ('analysis', 'Analys', 'Analysis'),
    'trygghetsanalys': ('analysis', 'Analys', 'Analysis'),
    'districthotspots': ('hotspots', 'Hotspots', 'Hotspots'),
    'gridhotspots': ('hotspots', 'Hotspots', 'Hotspots'),
    'districtmaps': ('maps', 'Kartor och rapporter', 'Maps and reports'),
    'report': ('maps', 'Kartor och rapporter', 'Maps and reports'),
    'evaluatemeasure': ('evaluation', 'Utvärdering', 'Evaluation'),  # issue 19: Utvärdera åtgärd
}


def describe(alg):
    """Everything the toolbox and the algorithm dialog call, as plain values."""
    instance = alg.createInstance()
    assert isinstance(instance, type(alg)) and instance is not alg
    instance.initAlgorithm({})
    params = instance.parameterDefinitions()
    assert params, alg.name()
    for p in params:
        assert p.name() and p.description(), (alg.name(), p.name())
    return (alg.name(), alg.displayName(), alg.group(), alg.groupId(), alg.shortHelpString(),
            [p.description() for p in params])


@pytest.mark.parametrize('lang', ['sv', 'en'])
def test_every_algorithm_answers_the_toolbox(provider, monkeypatch, lang):
    monkeypatch.setenv('TRYGG_LANG', lang)
    provider.refreshAlgorithms()
    algs = {a.name(): a for a in provider.algorithms()}
    # Also the class list itself, in case the provider leaves one out.
    for cls in ALGORITHMS:
        algs.setdefault(cls.ALG_ID, cls())
    assert set(algs) == set(EXPECTED_GROUPS)
    for alg_id, alg in algs.items():
        name, display, group, group_id, help_text, _ = describe(alg)
        want_id, want_sv, want_en = EXPECTED_GROUPS[alg_id]
        assert (name, group_id, group) == (alg_id, want_id, want_sv if lang == 'sv' else want_en)
        assert display and help_text, alg_id


def test_swedish_and_english_texts_differ(provider, monkeypatch):
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    sv = {cls.ALG_ID: describe(cls()) for cls in ALGORITHMS}
    monkeypatch.setenv('TRYGG_LANG', 'en')
    en = {cls.ALG_ID: describe(cls()) for cls in ALGORITHMS}
    for alg_id in sv:
        assert sv[alg_id][1] != en[alg_id][1], alg_id        # display name
        assert sv[alg_id][4] != en[alg_id][4], alg_id        # help


def test_the_registry_groups_have_names(provider):
    provider.refreshAlgorithms()
    for alg in QgsApplication.processingRegistry().algorithms():
        if alg.provider() is provider:
            assert alg.group().strip(), alg.id()


def test_a_parameter_constant_cannot_overwrite_the_group():
    with pytest.raises(TypeError, match='Shadowing.GROUP'):
        class Shadowing(TryggAlgorithm):   # noqa: F841  (the definition itself must fail)
            ALG_ID = 'shadowing'
            NAME = ('Skuggar', 'Shadows')
            GROUP = 'GROUP'
    with pytest.raises(TypeError, match='NAME'):
        class NoPair(TryggAlgorithm):   # noqa: F841
            ALG_ID = 'nopair'
            NAME = 'Only one name'
    assert issubclass(TryggAlgorithm, QgsProcessingAlgorithm)
