# SPDX-License-Identifier: MIT
"""The Språk/Language setting (Processing options > Providers > Trygg) switches the plugin's
language both ways. QGIS 3.22 stores a selection setting as the option's index, which the
plugin used to ignore (issue 18)."""
import pytest
from qgis.core import QgsApplication, QgsSettings

from trygg import i18n


@pytest.fixture
def no_env_language(monkeypatch):
    monkeypatch.delenv('TRYGG_LANG', raising=False)
    yield
    QgsSettings().remove(i18n.LANGUAGE_KEY)


def alg():
    return QgsApplication.processingRegistry().algorithmById('trygg:districtmaps')


def test_the_settings_dialog_switches_the_language_both_ways(provider, no_env_language):
    from processing.core.ProcessingConfig import ProcessingConfig
    # What the settings dialog does on OK: the option index goes through setSettingValue/save.
    ProcessingConfig.setSettingValue('TRYGG_LANGUAGE', 1)
    assert QgsSettings().value(i18n.LANGUAGE_KEY) in (1, '1')    # what 3.22 stores: the index
    assert i18n.language() == 'en'
    assert alg().displayName() == 'District safety maps'
    assert alg().group() == 'Maps and reports'
    ProcessingConfig.setSettingValue('TRYGG_LANGUAGE', 0)
    assert i18n.language() == 'sv'
    assert alg().displayName() == 'Kartblad per delområde'
    assert alg().group() == 'Kartor och rapporter'


@pytest.mark.parametrize('stored, expected', [
    (1, 'en'), ('1', 'en'), (0, 'sv'), ('0', 'sv'),          # index (QGIS 3.22)
    ('English (en)', 'en'), ('Svenska (sv)', 'sv'), ('en', 'en'),   # text, bare code
    ('7', 'sv'), ('', 'sv'), ('klingon', 'sv'),               # unknown: Swedish
])
def test_stored_values(no_env_language, stored, expected):
    QgsSettings().setValue(i18n.LANGUAGE_KEY, stored)
    assert i18n.language() == expected


def test_the_environment_overrides_the_setting(no_env_language, monkeypatch):
    QgsSettings().setValue(i18n.LANGUAGE_KEY, 1)
    monkeypatch.setenv('TRYGG_LANG', 'sv')
    assert i18n.language() == 'sv'
