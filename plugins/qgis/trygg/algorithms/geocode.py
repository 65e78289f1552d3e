# SPDX-License-Identifier: GPL-2.0-or-later
"""trygg:geocode — Geokoda och aggregera brott (adresser mot adressregister, offline)."""
import os

from qgis.core import (QgsProcessing, QgsProcessingOutputVectorLayer, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFileDestination)

from .. import fields_auto
from ..i18n import t
from . import spine
from .base import TryggAlgorithm

# The engine's match types from most to least precise (geocode/geocoder.hpp).
MATCHES = ['exact', 'letter', 'interpolated', 'intersection', 'street', 'street_fuzzy', 'place', 'road', 'postcode',
           'district']
MATCH_NAMES = [('Exakt adress', 'Exact address'), ('Adress utan bokstav', 'Address without letter'),
               ('Interpolerat husnummer', 'Interpolated house number'), ('Korsning', 'Intersection'),
               ('Gata', 'Street'), ('Gata med stavfel (osäker)', 'Misspelt street (uncertain)'),
               ('Plats (namn)', 'Place (name)'), ('Väg (vägnummer)', 'Road (road number)'), ('Postnummer', 'Postcode'),
               ('Delområde', 'District')]
# Street fields the engine's gazetteer presets recognise (normalised): with one of them, the
# register is street + number and needs no address field.
STREET_FIELDS = {'adressomrade_faststalltnamn', 'adressomradefaststalltnamn', 'adressomradesnamn', 'adressomrade',
                 'gata', 'faststalltnamn', 'gatunamn', 'gatuadress_namn', 'addrstreet', 'addr_street'}


class GeocodeAlgorithm(TryggAlgorithm):
    ALG_ID = 'geocode'
    NAME = ('Geokoda och aggregera brott', 'Geocode and aggregate incidents')
    GROUP = ('Analys', 'Analysis')
    GROUP_ID = 'analysis'
    HELP = (
        'Placerar brott som bara har en adress (eller en platsbeskrivning) genom att matcha mot ett '
        'adressregister (Lantmäteriet, OpenStreetMap eller eget) och valfritt ett ortnamns-/platsregister, '
        'offline. Varje post får en matchningstyp och ett värde; poster sämre än "Minsta matchning" räknas '
        'som ej lokaliserade (med orsak i tabellen rejects, vid publicering i den interna filen). Därefter aggregeras brotten till delområden '
        'som i "Aggregera brott till delområden".',
        'Places incidents that only have an address (or a place description) by matching against an '
        'address register (Lantmäteriet, OpenStreetMap or your own) and optionally a place-name register, '
        'offline. Every record gets a match type and score; records below "Minimum match" count as not '
        'located (with the reason in the rejects table, in the internal file in published runs). The incidents are then aggregated to districts as '
        'in "Aggregate incidents to delområden".')
    REQUIRED_STAGES = ('read.incidents', 'read.districts', 'assign', 'aggregate', 'geocode', 'write.gpkg')

    def initAlgorithm(self, config=None):  # noqa: N802
        spine.add_parameters(self, self.advanced)
        self.addParameter(QgsProcessingParameterFeatureSource(
            'ADDRESSES', t('Adressregister (punkter)', 'Address register (points)'), [QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterField(
            'ADDRESS_FIELD', t('Adressregistrets adressfält, om hela adressen står i ett fält (tomt eller auto: hittas i lagret)',
                               'Address register\'s address field, when the whole address is one field '
                               '(empty or auto: found in the layer)'),
            defaultValue=fields_auto.AUTO, parentLayerParameterName='ADDRESSES', optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            'PLACES', t('Platser med namn (valfritt, t.ex. mötesplatser)', 'Named places (optional, e.g. meeting places)'),
            [QgsProcessing.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterField(
            'PLACE_NAME', t('Platsernas namn-fält (tomt eller auto: hittas i lagret)', 'Place name field (empty or auto: found in the layer)'),
            defaultValue=fields_auto.AUTO, parentLayerParameterName='PLACES', optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            'DISTRICT_NAMES', t('Använd delområdenas namn som sista utväg (om lagret har ett namn-fält)',
                                'Use district names as a last resort (when the layer has a name field)'),
            defaultValue=True))
        self.addParameter(QgsProcessingParameterEnum(
            'MIN_MATCH', t('Minsta matchning som räknas', 'Minimum match counted'),
            options=[t('Automatiskt: gata, för fritext plats och delområde',
                       'Automatic: street, for prose place and district')] + [t(*n) for n in MATCH_NAMES],
            defaultValue=0))
        self.addParameter(self.advanced(QgsProcessingParameterBoolean(
            'FREE_TEXT', t('Adressfältet är fritext (t.ex. polisens händelsetext)', 'The address field is prose (e.g. police texts)'),
            defaultValue=False)))
        self.addParameter(self.advanced(QgsProcessingParameterEnum(
            'PRIVACY', t('Sekretess', 'Privacy'),
            options=[t('Publicera: bara aggregat', 'Publish: aggregates only'),
                     t('Internt: även brottspunkter (personuppgifter)', 'Internal: incident points too (personal data)')],
            defaultValue=0)))
        self.addParameter(QgsProcessingParameterFileDestination(
            'OUTPUT', t('Resultat (GeoPackage)', 'Result (GeoPackage)'), 'GeoPackage (*.gpkg)'))
        self.addOutput(QgsProcessingOutputVectorLayer('DELOMRADEN', t('Delområden med nyckeltal', 'Districts with key figures'),
                                                      QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputVectorLayer('REJECTS', t('Ej använda rader', 'Rows not used'),
                                                      QgsProcessing.TypeVector))

    def address_field(self, parameters, context, feedback):
        """fields.address of the address register: the field chosen, or on "auto" a one-field
        address ('adress', ...) when the layer has no street field the engine knows (its
        Lantmäteriet and OpenStreetMap presets find those themselves)."""
        value = self.parameterAsString(parameters, 'ADDRESS_FIELD', context)
        if not fields_auto.is_auto(value):
            return value.strip()
        names = self.source_field_names(parameters, 'ADDRESSES', context) or []
        if any(fields_auto.normalise(n) in STREET_FIELDS for n in names):
            return None
        return fields_auto.resolve(value, 'full_address', names, feedback,
                                   t('Adressregister: adressfält', 'Address register: address field'))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        output = os.path.abspath(self.parameterAsFileOutput(parameters, 'OUTPUT', context))
        if not output.lower().endswith('.gpkg'):
            output += '.gpkg'
        os.makedirs(os.path.dirname(output), exist_ok=True)
        stages = spine.stages(self, parameters, context, feedback)
        gazetteers = []
        path, layer = self.source_path(parameters, 'ADDRESSES', context, feedback)
        address = dict({'path': path, 'kind': 'address'}, **({'layer': layer} if layer else {}))
        address_field = self.address_field(parameters, context, feedback)
        if address_field:
            address['fields'] = {'address': address_field}
        gazetteers.append(address)
        places, layer = self.source_path(parameters, 'PLACES', context, feedback)
        if places:
            g = {'path': places, 'kind': 'place'}
            name = fields_auto.resolve(self.parameterAsString(parameters, 'PLACE_NAME', context), 'place_name',
                                       self.source_field_names(parameters, 'PLACES', context), feedback,
                                       t('Platser: namn-fält', 'Places: name field'))
            if name:
                g['fields'] = {'name': name}
            if layer:
                g['layer'] = layer
            gazetteers.append(g)
        districts = next(s for s in stages if s['type'] == 'read.districts')
        if self.parameterAsBool(parameters, 'DISTRICT_NAMES', context) and districts.get('name'):
            g = {'path': districts['path'], 'kind': 'district', 'fields': {'name': districts['name']}}
            if districts.get('layer'):
                g['layer'] = districts['layer']
            gazetteers.append(g)
        elif self.parameterAsBool(parameters, 'DISTRICT_NAMES', context):
            # DeSO layers have codes, no names: nothing to match a place description against.
            feedback.pushInfo(t('Delområdena har inget namn-fält: deras namn används inte vid geokodningen.',
                                'The districts have no name field: their names are not used in geocoding.'))
        geocode = {'type': 'geocode', 'tag': 'geocoded', 'inputs': ['incidents'], 'gazetteers': gazetteers,
                   'free_text': self.parameterAsBool(parameters, 'FREE_TEXT', context)}
        choice = self.parameterAsEnum(parameters, 'MIN_MATCH', context)
        if choice > 0:  # 0: the engine's default, which depends on free_text (issue 16)
            geocode['min_match'] = MATCHES[choice - 1]
        i = next(k for k, s in enumerate(stages) if s['type'] == 'assign')
        stages[i]['inputs'] = ['geocoded', 'districts']
        stages.insert(i, geocode)
        stages.append({'type': 'write.gpkg', 'tag': 'write', 'path': output})
        privacy = 'internal' if self.parameterAsEnum(parameters, 'PRIVACY', context) == 1 else 'publish'
        self.run_engine({'privacy': privacy, 'pipeline': stages}, feedback)
        uris = self.hand_back_layers(output, ['delomraden', 'incident_counts', 'avvisade', 'incidents'], context)
        return {'OUTPUT': output, 'DELOMRADEN': uris.get('delomraden'), 'REJECTS': self.hand_back_rejects(output, context)}
