# SPDX-License-Identifier: GPL-2.0-or-later
"""Parameters and pipeline stages shared by the algorithms that start from an incident
register: read.incidents, read.districts, read.table (population), assign, aggregate.
Parameter values map one to one onto the engine's stage options (see `trygg stages`). Field
parameters default to "auto": the field is found in the layer (fields_auto), the choice logged,
and a field the layer lacks is left out instead of stopping the run."""
import os

from qgis.core import (QgsProcessing, QgsProcessingParameterCrs, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterNumber, QgsProcessingParameterString, QgsProcessingException)

from .. import engine
from .. import fields_auto
from ..i18n import t

# read.incidents "fields" keys -> (parameter name, former default column, sv, en); the default
# is now "auto" (fields_auto.CANDIDATES lists the names looked for).
INCIDENT_FIELDS = [
    ('id', 'F_ID', 'id', 'Id-fält', 'Id field'),
    ('time', 'F_TIME', 'brottsdatum', 'Datum/tid-fält', 'Date/time field'),
    ('category', 'F_CATEGORY', 'brottskod', 'Brottskod-fält', 'Crime code field'),
    ('x', 'F_X', 'x', 'X-fält (öst)', 'X field (east)'),
    ('y', 'F_Y', 'y', 'Y-fält (nord)', 'Y field (north)'),
    ('lon', 'F_LON', 'lon', 'Longitud-fält (WGS84)', 'Longitude field (WGS84)'),
    ('lat', 'F_LAT', 'lat', 'Latitud-fält (WGS84)', 'Latitude field (WGS84)'),
    ('area_code', 'F_AREA', 'deso', 'Områdeskod-fält (DeSO/delområde)', 'Area code field (DeSO/district)'),
    ('address', 'F_ADDRESS', 'adress', 'Adress-fält', 'Address field'),
    ('sex', 'F_SEX', 'kon', 'Kön-fält', 'Sex field'),
    ('age', 'F_AGE', 'alder', 'Ålder-fält', 'Age field'),
]
PERIODS = ['half-year', 'quarter', 'month', 'year']
PERIOD_NAMES = [('Halvår', 'Half-year'), ('Kvartal', 'Quarter'), ('Månad', 'Month'), ('År', 'Year')]


def add_parameters(alg, advanced):
    """Adds the spine's parameters to `alg` (advanced: callable marking a parameter advanced)."""
    alg.addParameter(QgsProcessingParameterFeatureSource(
        'INCIDENTS', t('Brottsregister (anmälda brott)', 'Incident register (reported crimes)'),
        [QgsProcessing.TypeVector]))
    for key, pname, _former, sv, en in INCIDENT_FIELDS:
        p = QgsProcessingParameterField(pname, _auto_label(sv, en), defaultValue=fields_auto.AUTO,
                                        parentLayerParameterName='INCIDENTS', optional=True)
        alg.addParameter(p if key in ('time', 'category', 'x', 'y') else advanced(p))
    alg.addParameter(QgsProcessingParameterCrs(
        'INCIDENTS_CRS', t('Koordinatsystem för X/Y (tomt = registrets eget)', 'CRS of X/Y (empty = the register\'s own)'),
        defaultValue='EPSG:3006', optional=True))
    alg.addParameter(QgsProcessingParameterFeatureSource(
        'DISTRICTS', t('Delområden', 'Districts (delområden)'), [QgsProcessing.TypeVectorPolygon]))
    alg.addParameter(QgsProcessingParameterField(
        'DISTRICT_CODE', _auto_label('Kod-fält', 'Code field'), defaultValue=fields_auto.AUTO,
        parentLayerParameterName='DISTRICTS', optional=True))
    alg.addParameter(QgsProcessingParameterField(
        'DISTRICT_NAME', _auto_label('Namn-fält', 'Name field'), defaultValue=fields_auto.AUTO,
        parentLayerParameterName='DISTRICTS', optional=True))
    alg.addParameter(QgsProcessingParameterFeatureSource(
        'POPULATION', t('Befolkning per delområde (tabell eller fil, t.ex. SCB-export som CSV; valfri)',
                        'Population per district (table or file, e.g. an SCB export as CSV; optional)'),
        [QgsProcessing.TypeVector], optional=True))
    for pname, sv, en in POPULATION_FIELDS:
        alg.addParameter(advanced(QgsProcessingParameterField(
            pname, _auto_label(sv, en), defaultValue=fields_auto.AUTO, parentLayerParameterName='POPULATION',
            optional=True)))
    alg.addParameter(QgsProcessingParameterEnum(
        'PERIOD', t('Period', 'Period'), options=[t(*n) for n in PERIOD_NAMES], defaultValue=0))
    alg.addParameter(QgsProcessingParameterString(
        'FROM', t('Från och med datum (ÅÅÅÅ-MM-DD, valfritt)', 'From date (YYYY-MM-DD, optional)'), optional=True))
    alg.addParameter(QgsProcessingParameterString(
        'TO', t('Till och med datum (ÅÅÅÅ-MM-DD, valfritt)', 'To date (YYYY-MM-DD, optional)'), optional=True))
    alg.addParameter(advanced(QgsProcessingParameterString(
        'AGE_BANDS', t('Åldersgrupper (nedre gränser)', 'Age bands (lower bounds)'), defaultValue='0,18,25,45,65')))
    alg.addParameter(advanced(QgsProcessingParameterNumber(
        'SUPPRESS_BELOW', t('Sekretessgräns: antal under detta redovisas som ".."',
                            'Suppression: counts below this are shown as ".."'),
        QgsProcessingParameterNumber.Integer, defaultValue=5, minValue=0)))
    alg.addParameter(advanced(QgsProcessingParameterFile(
        'CATALOGUE', t('Brottskatalog (brottskod -> brottsgrupp, CSV)', 'Crime catalogue (code -> group, CSV)'),
        extension='csv', optional=True)))


# population parameters: (parameter name, sv, en); roles pop_key, pop_value, pop_sex, pop_age
POPULATION_FIELDS = [('POP_KEY', 'Befolkning: kod-fält', 'Population: code field'),
                     ('POP_VALUE', 'Befolkning: antal-fält', 'Population: count field'),
                     ('POP_SEX', 'Befolkning: kön-fält', 'Population: sex field'),
                     ('POP_AGE', 'Befolkning: åldersgrupp-fält', 'Population: age group field')]


def _auto_label(sv, en):
    return t(sv + ' (tomt eller auto: hittas i lagret)', en + ' (empty or auto: found in the layer)')


def _string(alg, parameters, name, context):
    return (alg.parameterAsString(parameters, name, context) or '').strip()


def _field(alg, parameters, pname, context, role, names, feedback, label, taken=()):
    return fields_auto.resolve(_string(alg, parameters, pname, context), role, names, feedback, label, taken)


def district_name_field(alg, parameters, context, feedback=None):
    """The districts' name field: the one chosen, else one found in the layer, else None."""
    names = alg.source_field_names(parameters, 'DISTRICTS', context)
    return _field(alg, parameters, 'DISTRICT_NAME', context, 'district_name', names, None, '')


def stages(alg, parameters, context, feedback):
    """The spine's stages (tags: incidents, districts, population, assign, aggregate)."""
    incidents_path, incidents_layer = alg.source_path(parameters, 'INCIDENTS', context, feedback)
    incident_names = alg.source_field_names(parameters, 'INCIDENTS', context)
    fields = {}
    for key, pname, _former, sv, en in INCIDENT_FIELDS:
        value = _field(alg, parameters, pname, context, key, incident_names, feedback, t(sv, en),
                       taken=fields.values())
        if value:
            fields[key] = value
    crs = alg.parameterAsCrs(parameters, 'INCIDENTS_CRS', context)
    crs = crs.authid() if crs.isValid() else alg.source_crs(parameters, 'INCIDENTS', context)
    read_incidents = {'type': 'read.incidents', 'tag': 'incidents', 'path': incidents_path, 'fields': fields}
    if incidents_layer:
        read_incidents['layer'] = incidents_layer
    if crs:
        read_incidents['crs'] = crs
    catalogue = alg.parameterAsFile(parameters, 'CATALOGUE', context) or engine.default_catalogue()
    if catalogue:
        read_incidents['catalogue'] = os.path.abspath(catalogue)
    for key, pname in (('from', 'FROM'), ('to', 'TO')):
        value = _string(alg, parameters, pname, context)
        if value:
            read_incidents[key] = value

    districts_path, districts_layer = alg.source_path(parameters, 'DISTRICTS', context, feedback)
    district_names = alg.source_field_names(parameters, 'DISTRICTS', context)
    code = _field(alg, parameters, 'DISTRICT_CODE', context, 'district_code', district_names, feedback,
                  t('Delområden: kod-fält', 'Districts: code field'))
    read_districts = {'type': 'read.districts', 'tag': 'districts', 'path': districts_path, 'code': code or 'kod'}
    if districts_layer:
        read_districts['layer'] = districts_layer
    name = _field(alg, parameters, 'DISTRICT_NAME', context, 'district_name', district_names, feedback,
                  t('Delområden: namn-fält', 'Districts: name field'), taken=[code])
    if name:
        read_districts['name'] = name

    out = [read_districts, read_incidents]
    aggregate_inputs = ['assign']
    population_path, population_layer = alg.source_path(parameters, 'POPULATION', context, feedback)
    aggregate = {'type': 'aggregate', 'tag': 'aggregate'}
    if population_path:
        # An SCB export as downloaded has a title line, so its "fields" as QGIS reads them are no
        # columns: the engine then finds the code column and the one number column itself.
        pop_names = alg.source_field_names(parameters, 'POPULATION', context)
        read_table = {'type': 'read.table', 'tag': 'population', 'path': population_path}
        key = _field(alg, parameters, 'POP_KEY', context, 'pop_key', pop_names, feedback,
                     t('Befolkning: kod-fält', 'Population: code field'))
        if key:
            read_table['key'] = key
        if population_layer:
            read_table['layer'] = population_layer
        out.append(read_table)
        aggregate_inputs.append('population')
        population = {}
        taken = [key]
        for key, (pname, sv, en) in zip(('value', 'sex', 'age'), POPULATION_FIELDS[1:]):
            value = _field(alg, parameters, pname, context, 'pop_' + key, pop_names, feedback, t(sv, en), taken)
            if value:
                population[key] = value
                taken.append(value)
        if population:
            aggregate['population'] = population
    try:
        bands = [int(b) for b in _string(alg, parameters, 'AGE_BANDS', context).replace(';', ',').split(',') if b.strip()]
    except ValueError:
        raise QgsProcessingException(t('Åldersgrupper ska vara heltal åtskilda med komma, t.ex. 0,18,25,45,65',
                                       'Age bands must be whole numbers separated by commas, e.g. 0,18,25,45,65'))
    aggregate.update({'inputs': aggregate_inputs,
                      'period': PERIODS[alg.parameterAsEnum(parameters, 'PERIOD', context)],
                      'age_bands': bands,
                      'suppress_below': alg.parameterAsInt(parameters, 'SUPPRESS_BELOW', context)})
    out.append({'type': 'assign', 'tag': 'assign', 'inputs': ['incidents', 'districts']})
    out.append(aggregate)
    return out
