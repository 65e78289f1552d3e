# SPDX-License-Identifier: GPL-2.0-or-later
"""Parameters and pipeline stages shared by the algorithms that start from an incident
register: read.incidents, read.districts, read.table (population), assign, aggregate.
Parameter values map one to one onto the engine's stage options (see `trygg stages`)."""
import os

from qgis.core import (QgsProcessing, QgsProcessingParameterCrs, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterNumber, QgsProcessingParameterString, QgsProcessingException)

from .. import engine
from ..i18n import t

# read.incidents "fields" keys -> (parameter name, default column in a Swedish police export, sv, en)
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
    for key, pname, default, sv, en in INCIDENT_FIELDS:
        p = QgsProcessingParameterField(pname, t(sv, en), defaultValue=default, parentLayerParameterName='INCIDENTS',
                                        optional=True)
        alg.addParameter(p if key in ('time', 'category', 'x', 'y') else advanced(p))
    alg.addParameter(QgsProcessingParameterCrs(
        'INCIDENTS_CRS', t('Koordinatsystem för X/Y (tomt = registrets eget)', 'CRS of X/Y (empty = the register\'s own)'),
        defaultValue='EPSG:3006', optional=True))
    alg.addParameter(QgsProcessingParameterFeatureSource(
        'DISTRICTS', t('Delområden', 'Districts (delområden)'), [QgsProcessing.TypeVectorPolygon]))
    alg.addParameter(QgsProcessingParameterField(
        'DISTRICT_CODE', t('Kod-fält', 'Code field'), defaultValue='kod', parentLayerParameterName='DISTRICTS',
        optional=True))   # optional only so the default applies in qgis_process / processing.run
    alg.addParameter(QgsProcessingParameterField(
        'DISTRICT_NAME', t('Namn-fält', 'Name field'), defaultValue='namn', parentLayerParameterName='DISTRICTS',
        optional=True))
    alg.addParameter(QgsProcessingParameterFeatureSource(
        'POPULATION', t('Befolkning per delområde (tabell, valfri)', 'Population per district (table, optional)'),
        [QgsProcessing.TypeVector], optional=True))
    for pname, default, sv, en in (('POP_KEY', 'kod', 'Befolkning: kod-fält', 'Population: code field'),
                                   ('POP_VALUE', 'antal', 'Befolkning: antal-fält', 'Population: count field'),
                                   ('POP_SEX', 'kon', 'Befolkning: kön-fält', 'Population: sex field'),
                                   ('POP_AGE', 'aldersgrupp', 'Befolkning: åldersgrupp-fält', 'Population: age group field')):
        alg.addParameter(advanced(QgsProcessingParameterField(
            pname, t(sv, en), defaultValue=default, parentLayerParameterName='POPULATION', optional=True)))
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


def _string(alg, parameters, name, context):
    return (alg.parameterAsString(parameters, name, context) or '').strip()


def stages(alg, parameters, context, feedback):
    """The spine's stages (tags: incidents, districts, population, assign, aggregate)."""
    incidents_path, incidents_layer = alg.source_path(parameters, 'INCIDENTS', context, feedback)
    fields = {}
    for key, pname, _default, _sv, _en in INCIDENT_FIELDS:
        value = _string(alg, parameters, pname, context)
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
    read_districts = {'type': 'read.districts', 'tag': 'districts', 'path': districts_path,
                      'code': _string(alg, parameters, 'DISTRICT_CODE', context) or 'kod'}
    if districts_layer:
        read_districts['layer'] = districts_layer
    name = _string(alg, parameters, 'DISTRICT_NAME', context)
    if name:
        read_districts['name'] = name

    out = [read_districts, read_incidents]
    aggregate_inputs = ['assign']
    population_path, population_layer = alg.source_path(parameters, 'POPULATION', context, feedback)
    aggregate = {'type': 'aggregate', 'tag': 'aggregate'}
    if population_path:
        read_table = {'type': 'read.table', 'tag': 'population', 'path': population_path,
                      'key': _string(alg, parameters, 'POP_KEY', context) or 'kod'}
        if population_layer:
            read_table['layer'] = population_layer
        out.append(read_table)
        aggregate_inputs.append('population')
        population = {}
        for key, pname in (('value', 'POP_VALUE'), ('sex', 'POP_SEX'), ('age', 'POP_AGE')):
            value = _string(alg, parameters, pname, context)
            if value:
                population[key] = value
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
