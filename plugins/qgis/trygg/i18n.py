"""User-facing text: Swedish first, English available.

The language is taken from the environment variable TRYGG_LANG, else from the plugin setting
(Processing options -> Providers -> Trygg), else Swedish. Planners in Sweden often run an
English QGIS, so the QGIS locale is deliberately not used.
"""
import os

from qgis.core import QgsSettings

LANGUAGE_KEY = 'Processing/Configuration/TRYGG_LANGUAGE'
LANGUAGES = ['sv', 'en']


def language():
    env = os.environ.get('TRYGG_LANG', '').strip().lower()
    if env[:2] in LANGUAGES:
        return env[:2]
    value = QgsSettings().value(LANGUAGE_KEY, '')
    value = str(value or '').strip().lower()
    # The Processing settings dialog stores the option text ("Svenska (sv)" / "English (en)").
    for code in LANGUAGES:
        if value == code or value.endswith('(%s)' % code):
            return code
    return 'sv'


def t(sv, en):
    """The Swedish or the English text, by the current language."""
    return en if language() == 'en' else sv
