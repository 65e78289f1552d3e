# SPDX-License-Identifier: GPL-2.0-or-later
"""Field parameters left at "auto" (or empty): the field is looked up in the layer by the names
Swedish registers, SCB tables and district layers use, and the choice is logged. A field the
layer does not have is never sent to the engine, so a DeSO register runs without any field
blanked by hand (issue 18)."""
import re
import unicodedata

from .i18n import t

AUTO = 'auto'

# role -> names it is found under, most specific first (compared after normalise())
CANDIDATES = {
    'id': ['id', 'diarienummer', 'diarienr', 'anmalningsnummer', 'arendenummer', 'arende', 'lopnummer', 'fid_'],
    'time': ['brottsdatum', 'brottstid', 'handelsedatum', 'handelsetid', 'datum', 'tid', 'tidpunkt', 'datetime',
             'time', 'date'],
    'category': ['brottskod', 'brottstyp', 'kategori', 'handelsetyp', 'category', 'crimecode', 'typ', 'type'],
    'x': ['x', 'e', 'east', 'easting', 'ost', 'xkoord', 'xkoordinat'],
    'y': ['y', 'n', 'north', 'northing', 'nord', 'ykoord', 'ykoordinat'],
    'lon': ['lon', 'lng', 'long', 'longitud', 'longitude'],
    'lat': ['lat', 'latitud', 'latitude'],
    'area_code': ['deso', 'desoomrade', 'desokod', 'regso', 'regsoomrade', 'regsokod', 'omradeskod',
                  'areacode', 'delomradeskod'],
    'address': ['adress', 'address', 'gatuadress', 'plats', 'platsbeskrivning', 'brottsplats'],
    'sex': ['kon', 'sex', 'gender', 'malsagandekon'],
    'age': ['alder', 'age', 'malsagandealder'],
    # district layers
    'district_code': ['kod', 'code', 'deso', 'desokod', 'regso', 'regsokod', 'delomradeskod', 'omradeskod',
                      'nyko', 'id'],
    'district_name': ['namn', 'name', 'delomradesnamn', 'delomrade', 'regsonamn', 'desonamn', 'kommundel',
                      'kommundelsnamn', 'omradesnamn', 'benamning'],
    # population tables
    'pop_key': ['kod', 'code', 'deso', 'desokod', 'regso', 'regsokod', 'region', 'omradeskod', 'areacode'],
    'pop_value': ['antal', 'folkmangd', 'befolkning', 'population', 'invanare', 'totalt', 'varde', 'value'],
    'pop_sex': ['kon', 'sex'],
    'pop_age': ['aldersgrupp', 'aldersklass', 'alder', 'agegroup', 'age'],
    # gazetteers
    'place_name': ['namn', 'name', 'platsnamn', 'benamning'],
    'full_address': ['adress', 'address', 'fulladress', 'belagenhetsadress', 'gatuadress'],
}


def normalise(name):
    """'DeSO.område' -> 'desoomrade': lower case, no accents, letters and digits only."""
    text = unicodedata.normalize('NFKD', str(name)).encode('ascii', 'ignore').decode('ascii').lower()
    return re.sub(r'[^a-z0-9_]', '', text).strip('_') or text


def detect(role, field_names, taken=()):
    """The first field of `field_names` known for `role` (None if none), skipping `taken`."""
    by_norm = {}
    for name in field_names:
        if name not in taken:
            by_norm.setdefault(normalise(name), name)
    for candidate in CANDIDATES[role]:
        if candidate in by_norm:
            return by_norm[candidate]
    return None


def is_auto(value):
    return value is None or str(value).strip() == '' or str(value).strip().lower() == AUTO


def resolve(value, role, field_names, feedback=None, label='', taken=()):
    """The field to use: `value` when given (not auto), else the one detected in `field_names`
    (None: leave it out), with one log line saying what was chosen."""
    if not is_auto(value):
        return str(value).strip()
    if field_names is None:
        return None
    found = detect(role, field_names, taken)
    if feedback is not None and label:
        if found:
            feedback.pushInfo(t("{}: '{}' (vald automatiskt)", "{}: '{}' (chosen automatically)").format(label, found))
        else:
            feedback.pushInfo(t('{}: inget fält hittades, används inte', '{}: no field found, not used').format(label))
    return found
