# SPDX-License-Identifier: GPL-2.0-or-later
"""The engine's errors in the user's language. With --progress=json the engine ends a failed
run with one line {"event": "error", "code": ..., "exit": n, "message": ..., <parameters>}
(README "Error codes"); this module turns it into a sentence in Swedish (English with the
locale) that names the file and field, without the engine's internal words (stage, pipeline,
"privacy": "internal"). Codes it does not know fall back to a sentence per exit class plus the
engine's own description."""
import os
import re

from .i18n import t

# role of a field (engine parameter "role") -> (sv, en) name of what the field is for
FIELD_ROLES = {
    'id': ('id-fältet', 'the id field'),
    'time': ('datum/tid-fältet', 'the date/time field'),
    'category': ('brottskod-fältet', 'the crime code field'),
    'x': ('X-fältet', 'the X field'),
    'y': ('Y-fältet', 'the Y field'),
    'lon': ('longitud-fältet', 'the longitude field'),
    'lat': ('latitud-fältet', 'the latitude field'),
    'area_code': ('områdeskod-fältet', 'the area code field'),
    'address': ('adress-fältet', 'the address field'),
    'sex': ('kön-fältet', 'the sex field'),
    'age': ('ålder-fältet', 'the age field'),
    'registered': ('registreringsdatum-fältet', 'the registration date field'),
    'code': ('kod-fältet för delområden', 'the district code field'),
    'name': ('namn-fältet för delområden', 'the district name field'),
    'key': ('kod-fältet för tabellen', 'the table\'s code field'),
    'population': ('befolkningsfältet', 'the population field'),
}

CAUSES = {
    'xy_swapped': ('X och Y ser omkastade ut (omkastade hamnar de flesta inne i delområdena)',
                   'X and Y look swapped (swapped, most fall inside the districts)'),
    'crs': ('fel koordinatsystem för registret, eller longitud och latitud omkastade',
            'a wrong coordinate system for the register, or longitude and latitude swapped'),
}

# code -> (sv, en) templates; parameters by name, {file_name} is the file's base name
TEMPLATES = {
    'field_not_found': (
        "Fältet '{field}' ({role}) finns inte i {file_name}. Fälten där är: {fields}. Välj ett av dem, "
        "eller välj \"auto\" eller lämna parametern tom.",
        "The field '{field}' ({role}) is not in {file_name}. Its fields are: {fields}. Choose one of them, "
        "or choose \"auto\" or leave the parameter empty."),
    'file_unreadable': (
        'Filen {file_name} kunde inte öppnas. Finns den, och är det en tabell eller ett lager (CSV, XLSX, '
        'GeoPackage, ...)? Sökväg: {file}',
        'The file {file_name} could not be opened. Does it exist, and is it a table or a layer (CSV, XLSX, '
        'GeoPackage, ...)? Path: {file}'),
    'no_coordinates': (
        'Inget av de {count} brotten i området har koordinater: registret anger bara områdeskod (t.ex. '
        'DeSO). Rutnät och värmekartor behöver X/Y, longitud/latitud eller punktgeometri; för ett '
        'områdeskodat register, använd Hotspots per delområde.',
        'None of the {count} incidents in the study area has coordinates: the register gives only an area '
        'code (e.g. DeSO). Grids and heatmaps need X/Y, longitude/latitude or point geometry; for an '
        'area-coded register use District hotspots.'),
    'no_incidents_inside': (
        'Inga brott ligger inom delområdena. Kontrollera koordinatfälten och koordinatsystemet.',
        'No incidents lie inside the districts. Check the coordinate fields and the coordinate system.'),
    'unknown_group': (
        "Brottsgruppen '{group}' finns inte i brottskatalogen. Grupperna är: {groups}.",
        "The crime group '{group}' is not in the crime catalogue. The groups are: {groups}."),
    'group_not_in_source': (
        "Brottsgruppen '{group}' finns inte i källan: registret innehåller inga brott i den gruppen. Dess "
        "antal saknas (de är inte 0), så den kan inte analyseras; välj en annan brottsgrupp.",
        "The crime group '{group}' is not in the source: the register holds no incidents of that group. Its "
        "counts are missing (not 0), so it cannot be analysed; choose another crime group."),
    'mostly_outside': (
        '{outside} av {located} brott med läge hamnar utanför alla delområden i {file_name}. Trolig orsak: '
        '{cause_text}.',
        '{outside} of {located} located incidents fall outside every district in {file_name}. Likely cause: '
        '{cause_text}.'),
    'area_codes_unmatched': (
        '{outside} av {coded} områdeskodade brott har en kod som inte är någon delområdeskod i {file_name} '
        '(brotten: {incident_system}, delområdena: {district_system}). Välj delområden med samma indelning '
        'som registrets koder.',
        '{outside} of {coded} area-coded incidents have a code that is no district code in {file_name} '
        '(incidents: {incident_system}, districts: {district_system}). Choose districts of the register\'s '
        'area system.'),
    'population_column_ambiguous': (
        'Befolkningstabellen {file_name} har inte exakt en kolumn med tal (talkolumner: {fields}). Välj '
        'befolkningens antal-fält.',
        'The population table {file_name} has not exactly one column of numbers (number columns: {fields}). '
        'Choose the population count field.'),
    'cancelled': ('Körningen avbröts.', 'The run was cancelled.'),
    'out_of_memory': (
        'Datorn fick slut på minne. Färre delområden, ett grövre rutnät, färre perioder eller permutationer '
        'behöver mindre. Tidigare resultat finns kvar.',
        'The computer ran out of memory. Fewer districts, a coarser grid, fewer periods or permutations need '
        'less. The previous result is kept.'),
}

# exit class -> (sv, en) first sentence when the code has no template of its own
CLASS_HEADLINES = {
    'usage': ('Trygg-motorn anropades fel.', 'The Trygg engine was called the wrong way.'),
    'invalid_pipeline': ('Inställningarna kunde inte användas.', 'The settings could not be used.'),
    'input_error': ('Indata kunde inte läsas.', 'An input could not be read.'),
    'data_error': ('Indata gick att läsa men inte att använda.', 'The inputs were read but cannot be used.'),
    'output_error': ('Resultatet kunde inte skrivas (tidigare resultat finns kvar).',
                     'The result could not be written (the previous result is kept).'),
    'ledger_refused': (
        'Publiceringen stoppades: den skulle tillsammans med en tidigare publicering avslöja skyddade antal.',
        'The publication was refused: together with an earlier release it would reveal protected counts.'),
    'internal': ('Ett internt fel i Trygg-motorn (rapportera det gärna).',
                 'An internal error in the Trygg engine (please report it).'),
}
EXIT_CLASSES = {1: 'internal', 2: 'usage', 3: 'invalid_pipeline', 4: 'input_error', 5: 'data_error',
                6: 'output_error', 7: 'ledger_refused', 8: 'out_of_memory', 130: 'cancelled'}


# The plugin's stage tags, as the steps are called in the log and the progress text.
STEP_NAMES = {
    'incidents': ('Brottsregister', 'Incident register'),
    'districts': ('Delområden', 'Districts'),
    'population': ('Befolkning', 'Population'),
    'assign': ('Placering i delområden', 'Placing in districts'),
    'aggregate': ('Räkning per delområde', 'Counting per district'),
    'geocoded': ('Geokodning', 'Geocoding'),
    'weights': ('Grannskap', 'Neighbourhood'),
    'gistar': ('Hotspots (Gi*)', 'Hot spots (Gi*)'),
    'lisa': ('Kluster (LISA)', 'Clusters (LISA)'),
    'grid_hotspots': ('Hotspots i rutnät', 'Grid hotspots'),
    'kde': ('Värmekarta', 'Heatmap'),
    'write': ('Skriver resultatet', 'Writing the result'),
}


def step_name(stage):
    """What the log calls the engine's step `stage` (its tag when the plugin has no name for it)."""
    name = STEP_NAMES.get(stage)
    return t(*name) if name else stage


def plain_engine_text(message, stage=None):
    """The engine's own sentence without 'trygg: ' and the step prefix, with the internal
    setting named as the user sees it."""
    text = (message or '').strip()
    if text.startswith('trygg:'):
        text = text[len('trygg:'):].strip()
    if stage and text.startswith(stage + ':'):
        text = text[len(stage) + 1:].strip()
    elif not stage:   # refused before the run (no stage named): the tag in front is the step's
        text = re.sub(r'^[A-Za-z0-9_.#-]+: ', '', text, count=1)
    text = re.sub(r'"privacy"\s*:\s*"internal"', t('sekretessvalet "Internt"', 'the privacy choice "Internal"'), text)
    return text


MISSING = '?'   # shown for a parameter an older engine did not send


class _Defaults(dict):
    def __missing__(self, key):
        return MISSING


def describe(event):
    """A sentence in the user's language for an engine error event (a dict)."""
    code = str(event.get('code') or '')
    params = _Defaults({k: ('' if v is None else str(v)) for k, v in event.items()})
    params['file_name'] = os.path.basename(params['file']) if event.get('file') else t('indata', 'the input')
    role = FIELD_ROLES.get(str(event.get('role', '')))
    params['role'] = t(*role) if role else t('fältet', 'the field')
    cause = CAUSES.get(str(event.get('cause', '')))
    params['cause_text'] = t(*cause) if cause else MISSING
    for key in ('incident_system', 'district_system'):
        if not params.get(key):
            params[key] = t('okänd indelning', 'unknown system')
    template = TEMPLATES.get(code)
    if template is not None:
        return t(*template).format_map(params)
    klass = code if code in CLASS_HEADLINES else EXIT_CLASSES.get(event.get('exit'), 'internal')
    headline = t(*CLASS_HEADLINES.get(klass, CLASS_HEADLINES['internal']))
    detail = plain_engine_text(event.get('message'), event.get('stage'))
    if not detail:
        return headline
    return headline + ' ' + t('Motorns beskrivning (på engelska): {}', 'Details: {}').format(detail)
