# SPDX-License-Identifier: MIT
"""The Geocode algorithm's "minimum match" choices are the engine's match types, in the engine's
order (issue 16 added street_fuzzy and road: the plugin's list had fallen behind, so a choice
below "Gata" sent the wrong type to the engine)."""
import re
import subprocess

from trygg.algorithms.geocode import MATCHES, MATCH_NAMES


def engine_match_types(exe):
    text = subprocess.run([exe, 'stages'], capture_output=True, text=True, check=True).stdout
    listed = re.search(r'Least precise match type allowed into statistics: (.*?) \(ordered', text, re.S)
    assert listed, 'trygg stages no longer documents min_match'
    words = re.sub(r'\s+', ' ', listed.group(1)).replace(' or ', ', ')
    return [w.strip() for w in words.split(',') if w.strip()]


def test_minimum_match_choices_are_the_engines_match_types_in_order(real_engine):
    assert MATCHES == engine_match_types(real_engine)
    assert len(MATCH_NAMES) == len(MATCHES)


def test_the_default_choice_leaves_min_match_to_the_engine_and_the_others_name_a_type(provider):
    """The engine's default depends on free text (street; district for prose, issue 16): the
    plugin's default sends no min_match, every other choice sends its type."""
    param = provider.algorithm('geocode').parameterDefinition('MIN_MATCH')
    assert param.defaultValue() == 0
    assert len(param.options()) == len(MATCHES) + 1
    assert 'fritext' in param.options()[0] or 'prose' in param.options()[0]
