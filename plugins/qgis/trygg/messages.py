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
    # Untagged stages go by their type (and the examples' tags): no internal word in the log.
    'register': ('Brottsregister', 'Incident register'),
    'read.incidents': ('Brottsregister', 'Incident register'),
    'read.districts': ('Delområden', 'Districts'),
    'read.table': ('Tabell', 'Table'),
    'write.gpkg': ('Skriver resultatet', 'Writing the result'),
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


# ---------------------------------------------------------------------------------------------
# Warnings (issue 18, sheets28): with --progress=json the engine's warning lines carry a code and
# parameters ({"stage":.., "level":"warning", "message":.., "code":.., <parameters>}); these are
# said in the user's language. A warning without a code (or an older engine) falls back to a
# headline plus the engine's own text without internal words.

WARNING_TEMPLATES = {
    'groups_not_in_source': (
        'Brottsgrupperna {groups_text} finns inte i {file_name}: registret har inga brott med deras koder. Deras '
        'antal visas som "finns ej i källan", inte som 0.',
        'The crime groups {groups_text} are not in {file_name}: the register holds no incident with their '
        'codes. Their counts show as "not in the source", not as 0.'),
    'duplicate_rows': (
        '{count} rader i {file_name} upprepar en tidigare rad (samma id och innehåll) och räknas en gång; '
        'upprepningarna står bland de avvisade raderna.',
        '{count} rows of {file_name} repeat an earlier row (same id and content) and are counted once; the '
        'repeats are listed among the rejected rows.'),
    'repeated_ids': (
        '{count} id förekommer mer än en gång i {file_name}; varje rad räknas. Kontrollera om något är '
        'dubbelregistrerat.',
        '{count} ids occur more than once in {file_name}; every row is counted. Check for double registration.'),
    'conflicting_ids': (
        "{count} rader i {file_name} har samma id som en tidigare rad men annat innehåll (t.ex. id '{example}'); "
        'båda räknas.',
        "{count} rows of {file_name} share an id with an earlier row but differ in content (e.g. id "
        "'{example}'); both are counted."),
    'unknown_categories': (
        '{count} rader i {file_name} har en brottskod som inte finns i brottskatalogen ({examples}); de räknas '
        'som Övrigt.',
        '{count} rows of {file_name} have a crime code that is not in the crime catalogue ({examples}); they '
        'are counted as Other.'),
    'unrecognised_sex': (
        '{count} rader i {file_name} har ett kön som inte känns igen (väntat M/K, man/kvinna); de räknas som '
        'okänt kön.',
        '{count} rows of {file_name} have a sex that is not recognised (expected M/K, man/kvinna); they are '
        'counted as unknown sex.'),
    'unrecognised_age': (
        '{count} rader i {file_name} har en ålder som inte är ett heltal 0–120; de räknas som okänd ålder.',
        '{count} rows of {file_name} have an age that is not a whole number 0–120; they are counted as '
        'unknown age.'),
    'rows_rejected': (
        '{count} av {rows} rader i {file_name} kunde inte användas och står bland de avvisade raderna. '
        'Första: rad {row}{field_text}: {category_text}.',
        '{count} of {rows} rows of {file_name} could not be used and are listed among the rejected rows. '
        'First: row {row}{field_text}: {category_text}.'),
    'no_rows': ('{file_name} innehåller inga rader.', '{file_name} holds no rows.'),
    'outside_districts': (
        '{count} brott med läge ligger utanför alla delområden i {file_name}; de räknas som "utanför" och står '
        'bland de avvisade raderna.',
        '{count} located incidents lie outside every district in {file_name}; they are counted as outside and '
        'listed among the rejected rows.'),
    'area_codes_some_unmatched': (
        '{outside} av {coded} områdeskodade brott har en kod som inte är något delområde i {file_name} '
        '({examples}); de räknas som "utanför".',
        '{outside} of {coded} area-coded incidents have a code that is no district in {file_name} '
        '({examples}); they are counted as outside.'),
    'population_age_bands_unbuilt': (
        'Befolkningstabellens åldersgrupper går inte att lägga ihop till de här åldersgrupperna, så deras tal '
        'per 1 000 invånare saknas: {bands_text}.',
        'The population table\'s age groups do not add up to these age bands, so their rates per 1,000 '
        'inhabitants are missing: {bands_text}.'),
    'population_year_fallback': (
        'Befolkning för periodens eget år saknas för några perioder; närmaste års befolkning används: '
        '{fallbacks_text}.',
        'The population of their own year is missing for some periods; the nearest year\'s is used: '
        '{fallbacks_text}.'),
    'population_missing': (
        '{count} delområden saknar befolkning; deras tal per 1 000 invånare saknas.',
        '{count} districts have no population; their rates per 1,000 inhabitants are missing.'),
    'population_missing_year': (
        '{count} delområden saknar befolkning för {year}; deras tal per 1 000 invånare saknas i de perioder som '
        'använder {year}.',
        '{count} districts have no population for {year}; their rates per 1,000 inhabitants are missing in the '
        'periods that use {year}.'),
    'population_keys_unmatched': (
        "{count} rader i befolkningstabellen {file_name} har en kod som inte är något delområde (t.ex. "
        "'{example}'); de används inte.",
        "{count} rows of the population table {file_name} have a code that is no district (e.g. '{example}'); "
        'they are not used.'),
    'levels_mostly_withheld': (
        'Ingen redovisningsnivå visar {share} av sina celler som inte är noll ({shares}); resten är undertryckt '
        'för att skydda enskilda. {advice_text}',
        'No reporting level shows {share} of its non-zero cells ({shares}); the rest is withheld to protect '
        'individuals. {advice_text}'),
    'periods_incomplete': (
        'Uppgifterna ({range}) täcker inte hela perioden/perioderna {periods_text}; de finns kvar i tabellerna, '
        'markerade som ofullständiga, och den senaste hela perioden, {latest_text}, visas.',
        'The data ({range}) do not cover the whole of {periods_text}; they stay in the tables, marked '
        'incomplete, and the latest complete period, {latest_text}, is shown.'),
    'no_period_complete': (
        'Ingen period täcks helt av uppgifterna ({range}); den sista, {latest_text}, visas men är ofullständig.',
        'No period is wholly covered by the data ({range}); the last one, {latest_text}, is shown but is '
        'incomplete.'),
    'outside_declared_coverage': (
        '{count} brott i {file_name} ligger utanför den angivna perioden {range}; de räknas, i ofullständiga '
        'perioder.',
        '{count} incidents of {file_name} lie outside the stated period {range}; they are counted, in '
        'incomplete periods.'),
    'stray_records': (
        '{count} brott i {file_name} har ett datum långt från de övrigas; de räknas i sina egna, ofullständiga '
        'perioder men inte i den täckta perioden {range}. Kontrollera deras datum.',
        '{count} incidents of {file_name} have a date far from the others; they are counted in their own, '
        'incomplete periods but not in the covered period {range}. Check their dates.'),
}

LEVEL_ADVICE = {
    'pool_periods': ('Slå ihop perioder eller lägg till en grövre nivå.', 'Pool periods or add a coarser level.'),
    'longer_period': ('Lägg till en grövre nivå eller en längre period.', 'Add a coarser level or a longer period.'),
}

# Reject categories (the engine's fixed phrases, rejects.orsak's category) in the user's words.
REJECT_CATEGORIES = {
    'coordinate not a number': ('koordinaten är inte ett tal', 'the coordinate is not a number'),
    'longitude/latitude out of range': ('longitud/latitud utanför giltiga värden', 'longitude/latitude out of range'),
    'registration date not a date': ('registreringsdatumet är inget datum', 'the registration date is no date'),
    'malformed row': ('raden går inte att läsa', 'the row cannot be read'),
    'outside the study period': ('utanför perioden', 'outside the study period'),
    'empty date': ('datum saknas', 'no date'),
    'impossible date': ('omöjligt datum', 'impossible date'),
    'impossible time': ('omöjlig tid', 'impossible time'),
    'not a date': ('inget datum', 'not a date'),
    'not a time': ('ingen tid', 'not a time'),
    'unreadable date': ('datumet går inte att läsa', 'unreadable date'),
    'year out of range': ('året är orimligt', 'year out of range'),
    'impossible UTC offset': ('omöjlig tidszon', 'impossible UTC offset'),
    'not a UTC offset': ('ingen tidszon', 'not a UTC offset'),
    'unexpected text after the time': ('oväntad text efter tiden', 'unexpected text after the time'),
    'unexpected text': ('oväntad text', 'unexpected text'),
}

def _count_text(value):
    """A count parameter in the user's number format ('1 234' / '1,234'); other text as it is."""
    from .cartography.numbers import number
    text = str(value)
    return number(int(text)) if text.isdigit() else text


def _period_text(period):
    from .algorithms.result_reader import period_label
    return period_label(period) or str(period)


def describe_warning(event):
    """A sentence in the user's language for an engine warning line (a dict with 'message' and,
    from an engine that codes its warnings, 'code' and parameters)."""
    code = str(event.get('code') or '')
    template = WARNING_TEMPLATES.get(code)
    if template is None:
        detail = plain_engine_text(event.get('message'), event.get('stage'))
        return t('Varning från Trygg-motorn (på engelska): {}', 'Warning from the Trygg engine: {}').format(detail)
    params = _Defaults({k: ('' if v is None else str(v)) for k, v in event.items()})
    for key in ('count', 'outside', 'coded', 'rows', 'located'):
        if event.get(key) not in (None, ''):
            params[key] = _count_text(event[key])
    params['file_name'] = os.path.basename(params['file']) if event.get('file') else t('indata', 'the input')
    from .algorithms.result_reader import group_label
    groups = [g.strip() for g in str(event.get('groups', '')).split(',') if g.strip()]
    params['groups_text'] = ', '.join(group_label(g).lower() for g in groups) or MISSING
    params['field_text'] = t(", fältet '{}'", ", field '{}'").format(event['field']) if event.get('field') else ''
    category = REJECT_CATEGORIES.get(str(event.get('category', '')))
    params['category_text'] = t(*category) if category else (str(event.get('category') or '')
                                                              or str(event.get('reason') or MISSING))
    # "2022: 25-44, 45-64; 2023: 0-19" -> en dashes, Swedish/English as they are (years and bands)
    params['bands_text'] = str(event.get('bands', MISSING)).replace('-', '\u2013')
    pairs = [p.split('=') for p in str(event.get('fallbacks', '')).split(';') if '=' in p]
    params['fallbacks_text'] = '; '.join(t('{} använder {}', '{} use {}').format(a.replace('-', '\u2013'), b)
                                         for a, b in pairs) or MISSING
    periods = [p.strip() for p in str(event.get('periods', '')).split(',') if p.strip()]
    params['periods_text'] = ', '.join(_period_text(p) for p in periods) or MISSING
    params['latest_text'] = _period_text(event['latest']) if event.get('latest') else MISSING
    advice = LEVEL_ADVICE.get(str(event.get('advice', '')))
    params['advice_text'] = t(*advice) if advice else ''
    return t(*template).format_map(params).strip()
