# SPDX-License-Identifier: GPL-2.0-or-later
"""User-facing text: Swedish first, English available.

The language is taken from the environment variable TRYGG_LANG, else from the plugin setting
(Processing options -> Providers -> Trygg), else Swedish. Planners in Sweden often run an
English QGIS, so the QGIS locale is deliberately not used.
"""
import os

from qgis.core import QgsSettings

LANGUAGE_KEY = 'Processing/Configuration/TRYGG_LANGUAGE'
LANGUAGES = ['sv', 'en']
# The options of the Språk/Language setting, in the order of LANGUAGES.
LANGUAGE_OPTIONS = ['Svenska (sv)', 'English (en)']


def setting_language(value):
    """The language code a stored Språk/Language setting means, or None. QGIS 3.22's Processing
    settings store a selection as the option's index (0, '1'); older values are the option text
    ('English (en)') or the bare code."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return LANGUAGES[value] if 0 <= value < len(LANGUAGES) else None
    value = str(value or '').strip().lower()
    if value.isdigit():
        return setting_language(int(value))
    for code in LANGUAGES:
        if value == code or value.endswith('(%s)' % code):
            return code
    return None


def language():
    env = os.environ.get('TRYGG_LANG', '').strip().lower()
    if env[:2] in LANGUAGES:
        return env[:2]
    return setting_language(QgsSettings().value(LANGUAGE_KEY, '')) or 'sv'


def t(sv, en):
    """The Swedish or the English text, by the current language."""
    return en if language() == 'en' else sv
