# SPDX-License-Identifier: GPL-2.0-or-later
"""trygg:districthotspots — Hotspots per delområde (Getis-Ord Gi*, lokal Moran)."""
import os

from qgis.core import (QgsProcessing, QgsProcessingOutputVectorLayer, QgsProcessingParameterEnum,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString)

from ..i18n import t
from . import spine
from .base import STYLES_DIR, TryggAlgorithm

WEIGHTS = ['queen', 'rook', 'knn', 'distance_band']
WEIGHT_NAMES = [('Gemensam gräns eller hörn (queen)', 'Shared edge or corner (queen)'),
                ('Gemensam gräns (rook)', 'Shared edge (rook)'),
                ('k närmaste grannar', 'k nearest neighbours'),
                ('Avståndsband', 'Distance band')]
ISLANDS = ['error', 'nearest', 'leave_out']
ISLAND_NAMES = [('Fel (stoppa)', 'Error (stop)'), ('Koppla till närmaste delområde', 'Join to the nearest district'),
                ('Utelämna (med varning)', 'Leave out (warned)')]
MEASURES = ['rate', 'count']
MEASURE_NAMES = [('Tal per 1 000 invånare', 'Rate per 1,000 inhabitants'), ('Antal', 'Count')]
SMOOTHING = ['none', 'eb', 'spatial_eb']
SMOOTHING_NAMES = [('Ingen', 'None'), ('Empirisk Bayes', 'Empirical Bayes'), ('Rumslig empirisk Bayes', 'Spatial empirical Bayes')]
CORRECTIONS = ['none', 'fdr', 'bonferroni']
CORRECTION_NAMES = [('Ingen', 'None'), ('FDR (Benjamini–Hochberg)', 'FDR (Benjamini–Hochberg)'), ('Bonferroni', 'Bonferroni')]


class DistrictHotspotsAlgorithm(TryggAlgorithm):
    ALG_ID = 'districthotspots'
    NAME = ('Hotspots per delområde (Gi*, lokal Moran)', 'District hotspots (Gi*, local Moran)')
    GROUP = ('Hotspots', 'Hotspots')
    GROUP_ID = 'hotspots'
    HELP = (
        'Aggregerar brotten till delområden och söker hot- och kallpunkter med Getis-Ord Gi* och kluster '
        'med lokal Moran (LISA) för en brottsgrupp. Grannskapet mellan delområdena (vikter) kan vara '
        'gemensam gräns, k närmaste grannar eller ett avståndsband. Signifikans med analytiska eller '
        'permutationsbaserade p-värden, valfritt FDR-korrigerade. Resultatet är en GeoPackage där '
        'delomraden har kolumnerna gistar_* och lisa_*; lagret läses in med stilarna "Hotspots (Gi*)" '
        '(blå–vit–röd), "Kluster (LISA)" och "Brott per 1 000 invånare" (byt under Lager > Stilar).',
        'Aggregates the incidents to districts and finds hot and cold spots with Getis-Ord Gi* and clusters '
        'with local Moran (LISA) for one crime group. The neighbourhood (weights) can be shared borders, k '
        'nearest neighbours or a distance band. Significance from analytic or permutation p-values, '
        'optionally FDR-corrected. The result is a GeoPackage whose delomraden layer has gistar_* and lisa_* '
        'columns; it is loaded with the styles "Hotspots (Gi*)" (blue–white–red), "Clusters (LISA)" and '
        '"Incidents per 1,000 inhabitants" (switch under Layer > Styles).')
    REQUIRED_STAGES = ('read.incidents', 'read.districts', 'assign', 'aggregate', 'weights', 'gistar',
                       'local_moran', 'write.gpkg')

    def initAlgorithm(self, config=None):  # noqa: N802
        spine.add_parameters(self, self.advanced)
        self.addParameter(QgsProcessingParameterString(
            'GROUP', t('Brottsgrupp (t.ex. vald, skadegorelse, tillgrepp)', 'Crime group (e.g. vald, skadegorelse, tillgrepp)'),
            defaultValue='vald'))
        self.addParameter(QgsProcessingParameterString(
            'ANALYSIS_PERIOD', t('Period som analyseras: latest (senaste), all (alla) eller t.ex. 2024H2',
                                 'Period analysed: latest, all, or e.g. 2024H2'), defaultValue='latest'))
        self.addParameter(QgsProcessingParameterEnum(
            'MEASURE', t('Mått', 'Measure'), options=[t(*n) for n in MEASURE_NAMES], defaultValue=0))
        self.addParameter(self.advanced(QgsProcessingParameterEnum(
            'SMOOTHING', t('Utjämning av tal', 'Rate smoothing'), options=[t(*n) for n in SMOOTHING_NAMES], defaultValue=0)))
        self.addParameter(QgsProcessingParameterEnum(
            'WEIGHTS', t('Grannskap (vikter)', 'Neighbourhood (weights)'), options=[t(*n) for n in WEIGHT_NAMES],
            defaultValue=0))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'K', t('k (för k närmaste grannar)', 'k (for k nearest neighbours)'), QgsProcessingParameterNumber.Integer,
            defaultValue=6, minValue=1)))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'THRESHOLD', t('Avståndsband (meter)', 'Distance band (metres)'), QgsProcessingParameterNumber.Double,
            optional=True, minValue=0)))
        self.addParameter(self.advanced(QgsProcessingParameterEnum(
            'ISLANDS', t('Delområden utan grannar', 'Districts without neighbours'),
            options=[t(*n) for n in ISLAND_NAMES], defaultValue=0)))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'PERMUTATIONS', t('Permutationer (0 = bara analytiska p-värden)', 'Permutations (0 = analytic p only)'),
            QgsProcessingParameterNumber.Integer, defaultValue=999, minValue=0)))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'ALPHA', t('Signifikansnivå', 'Significance level'), QgsProcessingParameterNumber.Double,
            defaultValue=0.05, minValue=0.0001, maxValue=0.5)))
        self.addParameter(self.advanced(QgsProcessingParameterEnum(
            'CORRECTION', t('Korrektion för många test', 'Multiple-testing correction'),
            options=[t(*n) for n in CORRECTION_NAMES], defaultValue=0)))
        self.addParameter(QgsProcessingParameterFileDestination(
            'OUTPUT', t('Resultat (GeoPackage)', 'Result (GeoPackage)'), 'GeoPackage (*.gpkg)'))
        self.addOutput(QgsProcessingOutputVectorLayer('DELOMRADEN', t('Delområden med hotspots', 'Districts with hotspots'),
                                                      QgsProcessing.TypeVectorPolygon))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        output = os.path.abspath(self.parameterAsFileOutput(parameters, 'OUTPUT', context))
        if not output.lower().endswith('.gpkg'):
            output += '.gpkg'
        os.makedirs(os.path.dirname(output), exist_ok=True)
        stages = spine.stages(self, parameters, context, feedback)
        weights = {'type': 'weights', 'tag': 'weights', 'inputs': ['districts'],
                   'method': WEIGHTS[self.parameterAsEnum(parameters, 'WEIGHTS', context)],
                   'islands': ISLANDS[self.parameterAsEnum(parameters, 'ISLANDS', context)]}
        if weights['method'] == 'knn':
            weights['k'] = self.parameterAsInt(parameters, 'K', context)
        if parameters.get('THRESHOLD') not in (None, ''):
            weights['threshold'] = self.parameterAsDouble(parameters, 'THRESHOLD', context)
        stat = {'inputs': ['weights', 'aggregate'],
                'group': self.parameterAsString(parameters, 'GROUP', context).strip() or 'vald',
                'period': self.parameterAsString(parameters, 'ANALYSIS_PERIOD', context).strip() or 'latest',
                'measure': MEASURES[self.parameterAsEnum(parameters, 'MEASURE', context)],
                'smoothing': SMOOTHING[self.parameterAsEnum(parameters, 'SMOOTHING', context)],
                'permutations': self.parameterAsInt(parameters, 'PERMUTATIONS', context),
                'alpha': self.parameterAsDouble(parameters, 'ALPHA', context),
                'correction': CORRECTIONS[self.parameterAsEnum(parameters, 'CORRECTION', context)]}
        stages += [weights,
                   dict(stat, type='gistar', tag='gistar'),
                   dict(stat, type='local_moran', tag='lisa'),
                   {'type': 'write.gpkg', 'tag': 'write', 'path': output}]
        self.run_engine({'pipeline': stages}, feedback)
        styles = [(t('Hotspots (Gi*)', 'Hot spots (Gi*)'), os.path.join(STYLES_DIR, 'gistar_delomraden.qml')),
                  (t('Kluster (LISA)', 'Clusters (LISA)'), os.path.join(STYLES_DIR, 'lisa_delomraden.qml'))]
        uris = self.hand_back_layers(output, ['delomraden'], context, extra_styles={'delomraden': styles},
                                     display_names={'delomraden': t('Hotspots per delområde', 'District hotspots')},
                                     run_name=os.path.splitext(os.path.basename(output))[0])
        return {'OUTPUT': output, 'DELOMRADEN': uris.get('delomraden')}
