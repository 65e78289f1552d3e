# SPDX-License-Identifier: GPL-2.0-or-later
"""trygg:aggregate — Aggregera brott till delområden / Aggregate incidents to delområden."""
import os

from qgis.core import (QgsProcessingOutputVectorLayer, QgsProcessingParameterEnum,
                       QgsProcessingParameterFileDestination, QgsProcessing)

from ..i18n import t
from . import spine
from .base import TryggAlgorithm

LAYERS = ['delomraden', 'incident_counts', 'avvisade', 'incidents']


class AggregateAlgorithm(TryggAlgorithm):
    ALG_ID = 'aggregate'
    NAME = ('Aggregera brott till delområden', 'Aggregate incidents to delområden')
    GROUP = ('Analys', 'Analysis')
    GROUP_ID = 'analysis'
    HELP = (
        'Räknar anmälda brott per delområde, period (halvår som standard), brottsgrupp, kön och åldersgrupp, '
        'med tal per 1 000 invånare och per km² och förändring mot föregående period. Antal under '
        'sekretessgränsen (5) redovisas som "..". Varje rad i registret hamnar i exakt en grupp: använd, '
        'utanför, ej lokaliserad eller avvisad (tabellen rejects; vid publicering i den interna filen '
        '<namn>.internal.gpkg bredvid resultatet, som aldrig ska publiceras, och räknad per orsak i '
        'tabellen avvisade). Resultatet är en GeoPackage med lagren '
        'delomraden (senaste periodens nyckeltal, färdigt symboliserat) och tabellen incident_counts. '
        'Själva beräkningen görs av Trygg-motorn.',
        'Counts reported incidents per delområde, period (half-year by default), crime group, sex and age '
        'band, with rates per 1,000 inhabitants and per km² and the change since the previous period. '
        'Counts below the suppression threshold (5) are shown as "..". Every register row ends in exactly '
        'one bucket: used, outside, not located or rejected (the rejects table; in published runs it is in '
        'the internal file <name>.internal.gpkg beside the result, never to be published, and counted by '
        'reason in the avvisade table). The result is a GeoPackage '
        'with the styled delomraden layer (latest key figures) and the incident_counts table. The '
        'computation is done by the Trygg engine.')
    REQUIRED_STAGES = ('read.incidents', 'read.districts', 'read.table', 'assign', 'aggregate', 'write.gpkg')

    def initAlgorithm(self, config=None):  # noqa: N802
        spine.add_parameters(self, self.advanced)
        self.addParameter(self.advanced(QgsProcessingParameterEnum(
            'PRIVACY', t('Sekretess', 'Privacy'),
            options=[t('Publicera: bara aggregat', 'Publish: aggregates only'),
                     t('Internt: även brottspunkter (personuppgifter)', 'Internal: incident points too (personal data)')],
            defaultValue=0)))
        self.addParameter(QgsProcessingParameterFileDestination(
            'OUTPUT', t('Resultat (GeoPackage)', 'Result (GeoPackage)'), 'GeoPackage (*.gpkg)'))
        self.addOutput(QgsProcessingOutputVectorLayer('DELOMRADEN', t('Delområden med nyckeltal', 'Districts with key figures'),
                                                      QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputVectorLayer('INCIDENT_COUNTS', t('Antal per grupp (tabell)', 'Counts (table)'),
                                                      QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputVectorLayer('REJECTS', t('Ej använda rader', 'Rows not used'),
                                                      QgsProcessing.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        output = os.path.abspath(self.parameterAsFileOutput(parameters, 'OUTPUT', context))
        if not output.lower().endswith('.gpkg'):
            output += '.gpkg'
        os.makedirs(os.path.dirname(output), exist_ok=True)
        stages = spine.stages(self, parameters, context, feedback)
        stages.append({'type': 'write.gpkg', 'tag': 'write', 'path': output})
        pipeline = {'privacy': 'internal' if self.parameterAsEnum(parameters, 'PRIVACY', context) == 1 else 'publish',
                    'pipeline': stages}
        self.run_engine(pipeline, feedback)
        uris = self.hand_back_layers(output, LAYERS, context)
        return {'OUTPUT': output, 'DELOMRADEN': uris.get('delomraden'),
                'INCIDENT_COUNTS': uris.get('incident_counts'), 'REJECTS': self.hand_back_rejects(output, context)}
