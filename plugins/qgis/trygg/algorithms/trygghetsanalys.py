# SPDX-License-Identifier: GPL-2.0-or-later
"""trygg:trygghetsanalys — Trygghetsanalys: risk- och skyddsfaktorer per delområde och mål."""
import os

from qgis.core import (QgsExpressionContextUtils, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputVectorLayer, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterMatrix, QgsProcessingParameterNumber, QgsProcessingParameterString)

from .. import engine
from ..i18n import t
from ..rank_interval_style import add_rank_interval_styles
from . import spine
from .base import EmbeddedStyles, TryggAlgorithm

LAYERS = ['trygghetsanalys', 'indikatorer', 'jamlikhet', 'motesplatser', 'kanslighet', 'validering']
# The crime rates are read from the aggregate stage by this tag: the catalogue's `kalla` for them.
CRIME_TAG = 'brott'
# Tables of the default catalogue (geodata/catalog/indikatorer.csv), by its `kalla` tag:
# (parameter, tag, sv, en). Another catalogue's tables go in EXTRA_TABLES.
TABLES = [
    ('SYSSELSATTNING', 'sysselsattning', 'Sysselsättning per delområde (SCB-export eller tabell)',
     'Employment per district (SCB export or table)'),
    ('EKONOMISK_STANDARD', 'ekonomisk_standard', 'Ekonomisk standard per delområde (SCB-export eller tabell)',
     'Economic standard per district (SCB export or table)'),
    ('UTBILDNING', 'utbildning', 'Utbildningsnivå 25–64 år per delområde (SCB-export eller tabell)',
     'Education 25–64 per district (SCB export or table)'),
    ('UNDERSOKNING', 'undersokning', 'Trygghetsundersökning / invånarenkät per delområde (tabell)',
     'Safety survey per district (table)'),
    ('SKOLA', 'skola', 'Skolstatistik per delområde (tabell)', 'School statistics per district (table)'),
]
GOALS = [(1, 'Mål 1: Tillit', 'Goal 1: Trust'),
         (2, 'Mål 2: Trygga mötesplatser och utemiljöer', 'Goal 2: Safe meeting places and outdoor areas'),
         (3, 'Mål 3: Narkotika och langning', 'Goal 3: Drugs and supply to minors'),
         (4, 'Mål 4: Trygg skola', 'Goal 4: Safe school'),
         (5, 'Mål 5: Våld', 'Goal 5: Violence')]
GOAL_COLUMNS = {1: 'mal1_tillit', 2: 'mal2_motesplatser', 3: 'mal3_narkotika', 4: 'mal4_skola', 5: 'mal5_vald'}
NORMALISATIONS = ['z_score', 'percentile']
NORMALISATION_NAMES = [('z-poäng (avvikelse från medel i standardavvikelser)', 'z-score (deviation from the mean in SDs)'),
                       ('Percentil (0–100)', 'Percentile (0–100)')]


class ScoreStyles(EmbeddedStyles):
    """The embedded style shows the overall score (risk_total); one further named style per goal
    present shows that goal's score (the same style, its layer variable set to the column)."""
    _alive = []

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        layer.loadDefaultStyle()
        fields = [f.name() for f in layer.fields()]
        manager = layer.styleManager()
        default = manager.currentStyle()
        total = t('Risk totalt', 'Overall risk')
        manager.renameStyle(default, total)
        for goal, sv, en in GOALS:
            column = GOAL_COLUMNS[goal]
            if column in fields:
                QgsExpressionContextUtils.setLayerVariable(layer, 'trygg_score_field', column)
                manager.addStyleFromLayer(t(sv, en))
        QgsExpressionContextUtils.setLayerVariable(layer, 'trygg_score_field', 'risk_total')
        manager.setCurrentStyle(total)
        # With uncertainty: one style per goal (and the total) showing the median rank's quartile,
        # the 90 % interval in the labels and unstable quartiles hatched.
        add_rank_interval_styles(layer, GOALS)


class TrygghetsanalysAlgorithm(TryggAlgorithm):
    ALG_ID = 'trygghetsanalys'
    NAME = ('Trygghetsanalys (risk- och skyddsfaktorer per mål)', 'Safety analysis (risk and protective factors per goal)')
    GROUP = ('Analys', 'Analysis')
    GROUP_ID = 'analysis'
    HELP = (
        'Gör trygghetsanalysen per delområde: risk- och skyddsfaktorer ur indikatorkatalogen '
        '(indikatorer.csv) knutna till trygghetspolicyns mål 1–5, normaliserade (z-poäng eller percentil), '
        'vända så att högre = mer risk och vägda till en poäng per mål och totalt. Indikatorerna hämtas ur '
        'brottsregistret (anmälda brott per 1 000 invånare och år, med kvot mot kommunen och exakt '
        'Poisson-intervall), ur tabellerna per delområde (SCB-exporter, enkäter, skolstatistik), ur '
        'punktlager (t.ex. platser med dålig belysning), ur mötesplatser och ur en enkät per annan '
        'områdesindelning (t.ex. RegSO), som förs över till delområdena ytviktat. Tabellernas namn i katalogens '
        'kolumn "kalla" avgör vilken indikator de ger; indikatorer utan data utelämnas och listas i loggen. '
        'Antal under sekretessgränsen (5) redovisas som "..". Ett brottstal vars antal är undertryckt bygger '
        'då på skattningen ur de publicerade cellerna (markerat uppskattad), så att varje område får poäng och '
        'rang utan att ett dolt antal avslöjas; totalpoängen rangordnas bara bland områden med poäng för alla '
        'mål (mal_antal). Resultatet är en GeoPackage med lagret '
        'trygghetsanalys (poäng per mål, färdigt symboliserat; byt mål under Lager > Stilar), tabellerna '
        'indikatorer (varje värde med källa) och jamlikhet (kvinnor/män, högsta/lägsta område) och, med '
        'mötesplatser, punktlagret motesplatser. Med osäkerhet (antal dragningar > 0) varieras indexets val '
        '(normalisering, vikter, medelvärde, saknade värden) slumpvis: varje mål och totalen får medianrang och '
        '90 %-intervall, instabil kvartil markeras (stilarna "Rangintervall …"), och tabellen kanslighet visar vilket '
        'val som flyttar rangerna mest. Validering bygger indexet på tidiga perioder och jämför med brotten i senare '
        '(tabellen validering). Själva beräkningen görs av Trygg-motorn.',
        'Runs the safety analysis per district: risk and protective factors from the indicator catalogue '
        '(indikatorer.csv) tied to goals 1–5 of the safety policy, normalised (z-score or percentile), turned '
        'so that higher = more risk and weighted into a score per goal and overall. The indicators come from '
        'the incident register (reported crimes per 1,000 inhabitants and year, with the ratio to the '
        'municipality and an exact Poisson interval), from the tables per district (SCB exports, surveys, '
        'school statistics), from point layers (e.g. poorly lit places), from meeting places and from a '
        'survey by another area system (e.g. RegSO), moved onto the districts by area. The '
        'catalogue\'s "kalla" column says which table gives which indicator; indicators without data are left '
        'out and listed in the log. Counts below the suppression threshold (5) are shown as "..". A crime rate '
        'whose count is withheld then rests on the estimate from the published cells (flagged uppskattad), so '
        'every district gets a score and rank without revealing a withheld count; the overall score is ranked '
        'only among districts with a score on every goal (mal_antal). The result '
        'is a GeoPackage with the trygghetsanalys layer (score per goal, styled; switch goal under Layer > '
        'Styles), the indikatorer table (every value with its source), the jamlikhet table (women/men, '
        'highest/lowest district) and, with meeting places, the motesplatser point layer. With uncertainty '
        '(draws > 0) the index\'s choices (normalisation, weights, mean, missing data) are varied at random: every '
        'goal and the total get a median rank and a 90 % interval, unstable quartiles marked (styles "Rank '
        'interval …"), and the kanslighet table shows which choice moves the ranks most. Validation builds the '
        'index on early periods against crime in later ones (table validering). The computation is done by the '
        'Trygg engine.')
    REQUIRED_STAGES = ('read.incidents', 'read.districts', 'read.table', 'assign', 'aggregate', 'point_factors',
                       'meeting_places', 'trygghetsanalys', 'write.gpkg')

    def initAlgorithm(self, config=None):  # noqa: N802
        spine.add_parameters(self, self.advanced)
        self.addParameter(QgsProcessingParameterFile(
            'INDICATOR_CATALOGUE', t('Indikatorkatalog (CSV, tomt = den medföljande indikatorer.csv)',
                                     'Indicator catalogue (CSV, empty = the bundled indikatorer.csv)'),
            extension='csv', optional=True))
        table_filter = (t('Tabeller', 'Tables') + ' (*.csv *.xlsx *.ods *.gpkg);;' + t('Alla filer', 'All files')
                        + ' (*.*)')
        for pname, tag, sv, en in TABLES:
            self.addParameter(QgsProcessingParameterFile(
                pname, t(sv, en) + ' [' + tag + ']', fileFilter=table_filter, optional=True))
        self.addParameter(self.advanced(QgsProcessingParameterString(
            'TABLE_KEY', t('Tabellernas kod-fält (delområdeskod)', 'Key field of the tables (district code)'),
            defaultValue='kod')))
        self.addParameter(self.advanced(QgsProcessingParameterMatrix(
            'EXTRA_TABLES', t('Fler tabeller: källa (katalogens "kalla"), fil, kod-fält',
                              'Further tables: source (the catalogue\'s "kalla"), file, key field'),
            numberRows=0, hasFixedNumberRows=False,
            headers=[t('Källa', 'Source'), t('Fil', 'File'), t('Kod-fält', 'Key field')], optional=True)))
        self.addParameter(QgsProcessingParameterFeatureSource(
            'SURVEY_AREAS', t('Enkät per annan områdesindelning (polygoner med svarsandelar, t.ex. RegSO; valfritt) '
                              '[regso_enkat]',
                              'Survey by another area system (polygons with answer shares, e.g. RegSO; optional) '
                              '[regso_enkat]'),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            'SURVEY_CODE', t('Enkät: områdeskod-fält', 'Survey: area code field'), defaultValue='regsokod',
            parentLayerParameterName='SURVEY_AREAS', optional=True))
        self.addParameter(QgsProcessingParameterString(
            'SURVEY_COLUMNS', t('Enkät: fält att föra över till delområdena (andelar; "fält:antal" för antal)',
                                'Survey: fields moved onto the districts (shares; "field:count" for counts)'),
            defaultValue='Allmän_tillit,Trygg_boområde', optional=True))
        self.addParameter(self.advanced(QgsProcessingParameterString(
            'SURVEY_TAG', t('Enkät: källa i katalogen ("kalla")', 'Survey: source in the catalogue ("kalla")'),
            defaultValue='regso_enkat')))
        self.addParameter(QgsProcessingParameterFeatureSource(
            'POINT_FACTORS', t('Punktfaktorer (t.ex. dålig belysning, serveringsställen; valfritt) [punktfaktorer]',
                               'Point factors (e.g. poor lighting, licensed premises; optional) [punktfaktorer]'),
            [QgsProcessing.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterField(
            'POINT_TYPE', t('Punktfaktorer: typ-fält', 'Point factors: type field'), defaultValue='typ',
            parentLayerParameterName='POINT_FACTORS', optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            'MEETING_PLACES', t('Mötesplatser (valfritt) [motesplatser]', 'Meeting places (optional) [motesplatser]'),
            [QgsProcessing.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterField(
            'MEETING_TYPE', t('Mötesplatser: typ-fält', 'Meeting places: type field'), defaultValue='kategori',
            parentLayerParameterName='MEETING_PLACES', optional=True))
        self.addParameter(QgsProcessingParameterField(
            'MEETING_NAME', t('Mötesplatser: namn-fält', 'Meeting places: name field'), defaultValue='namn',
            parentLayerParameterName='MEETING_PLACES', optional=True))
        self.addParameter(self.advanced(QgsProcessingParameterString(
            'MEETING_GROUP', t('Mötesplatser: brottsgrupp som räknas (alla = alla brott)',
                               'Meeting places: crime group counted (alla = every incident)'), defaultValue='alla')))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'MEETING_RADIUS', t('Mötesplatser: radie (meter)', 'Meeting places: radius (metres)'),
            QgsProcessingParameterNumber.Double, defaultValue=200.0, minValue=1.0)))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'MEETING_RING', t('Mötesplatser: omgivande ring för förväntat antal (meter)',
                              'Meeting places: surrounding ring for the expected count (metres)'),
            QgsProcessingParameterNumber.Double, defaultValue=600.0, minValue=1.0)))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'WALK_DISTANCE', t('Gångavstånd för andel nära (meter)', 'Walking distance for share nearby (metres)'),
            QgsProcessingParameterNumber.Double, defaultValue=400.0, minValue=1.0)))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'DECAY', t('Avståndsavtagande för tillgång (meter)', 'Distance decay for access (metres)'),
            QgsProcessingParameterNumber.Double, defaultValue=500.0, minValue=1.0)))
        self.addParameter(QgsProcessingParameterEnum(
            'GOALS', t('Mål som ingår', 'Goals included'), options=[t(sv, en) for _g, sv, en in GOALS],
            allowMultiple=True, defaultValue=list(range(len(GOALS)))))
        self.addParameter(QgsProcessingParameterEnum(
            'NORMALISATION', t('Poängsättning', 'Scoring'), options=[t(*n) for n in NORMALISATION_NAMES],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            'ANALYSIS_PERIOD', t('Brottstal över: all (hela perioden), latest (senaste), ett år (2024) eller t.ex. 2024H1',
                                 'Crime rates over: all (whole range), latest, a year (2024) or e.g. 2024H1'),
            defaultValue='all'))
        self.addParameter(self.advanced(QgsProcessingParameterString(
            'INDICATORS', t('Bara dessa indikatorer (id, kommaseparerade; tomt = alla)',
                            'Only these indicators (ids, comma separated; empty = all)'), optional=True)))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'MIN_WEIGHT_SHARE', t('Minsta andel av målets vikt med data för en poäng',
                                  'Least share of the goal\'s weight with data for a score'),
            QgsProcessingParameterNumber.Double, defaultValue=0.5, minValue=0.0, maxValue=1.0)))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'CONFIDENCE', t('Konfidensnivå för kvoterna', 'Confidence level of the ratios'),
            QgsProcessingParameterNumber.Double, defaultValue=0.95, minValue=0.5, maxValue=0.999)))
        self.addParameter(QgsProcessingParameterNumber(
            'UNCERTAINTY_DRAWS', t('Osäkerhet i rangordningen: antal slumpdragningar (0 = ingen; t.ex. 1000)',
                                   'Rank uncertainty: number of random draws (0 = none; e.g. 1000)'),
            QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0, maxValue=1000000))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'UNCERTAINTY_SEED', t('Osäkerhet: slumpfrö (tomt = körningens)', 'Uncertainty: seed (empty = the run\'s)'),
            QgsProcessingParameterNumber.Integer, minValue=0, optional=True)))
        self.addParameter(QgsProcessingParameterString(
            'VALIDATION_SPLIT', t('Validering mot senare brott: delning (middle = mitten, eller sista tidiga perioden, '
                                  't.ex. 2023H2; tomt = ingen)',
                                  'Validation against later crime: split (middle, or the last earlier period, e.g. '
                                  '2023H2; empty = none)'), optional=True))
        self.addParameter(self.advanced(QgsProcessingParameterEnum(
            'PRIVACY', t('Sekretess', 'Privacy'),
            options=[t('Publicera: små antal redovisas som ".."', 'Publish: small counts shown as ".."'),
                     t('Internt: alla antal (personuppgifter)', 'Internal: every count (personal data)')],
            defaultValue=0)))
        self.addParameter(QgsProcessingParameterFileDestination(
            'OUTPUT', t('Resultat (GeoPackage)', 'Result (GeoPackage)'), 'GeoPackage (*.gpkg)'))
        self.addOutput(QgsProcessingOutputVectorLayer(
            'TRYGGHETSANALYS', t('Trygghetsanalys per delområde', 'Safety analysis per district'),
            QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputVectorLayer(
            'INDIKATORER', t('Indikatorer (tabell)', 'Indicators (table)'), QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputVectorLayer(
            'JAMLIKHET', t('Jämlikhet (tabell)', 'Equality (table)'), QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputVectorLayer(
            'MOTESPLATSER', t('Mötesplatser', 'Meeting places'), QgsProcessing.TypeVectorPoint))
        self.addOutput(QgsProcessingOutputVectorLayer(
            'KANSLIGHET', t('Känslighet för indexets val (tabell)', 'Sensitivity to the index\'s choices (table)'),
            QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputVectorLayer(
            'VALIDERING', t('Validering (tabell)', 'Validation (table)'), QgsProcessing.TypeVector))

    # -- parameters -> stages ---------------------------------------------------------------

    def _text(self, parameters, name, context):
        return (self.parameterAsString(parameters, name, context) or '').strip()

    def _tables(self, parameters, context):
        """[(tag, path, key)] of the area tables given."""
        key = self._text(parameters, 'TABLE_KEY', context) or 'kod'
        out = []
        for pname, tag, _sv, _en in TABLES:
            path = self.parameterAsFile(parameters, pname, context)
            if path:
                out.append((tag, os.path.abspath(path), key))
        extra = self.parameterAsMatrix(parameters, 'EXTRA_TABLES', context) or []
        if not any(str(v or '').strip() for v in extra):
            extra = []                                   # not given (Processing passes [''])
        if len(extra) % 3:
            raise QgsProcessingException(t(
                'Fler tabeller: ange tre värden per rad (källa, fil, kod-fält), fick {}',
                'Further tables: give three values per row (source, file, key field), got {}').format(len(extra)))
        for i in range(0, len(extra), 3):
            tag, path, row_key = (str(v or '').strip() for v in extra[i:i + 3])
            if tag and path:
                out.append((tag, os.path.abspath(path), row_key or key))
        return out

    def _point_stage(self, parameters, name, tag, type_param, context, feedback, name_param=None):
        path, layer = self.source_path(parameters, name, context, feedback)
        if not path:
            return None
        stage = {'type': 'point_factors', 'tag': tag, 'inputs': ['districts'], 'path': path,
                 'walk_distance': self.parameterAsDouble(parameters, 'WALK_DISTANCE', context),
                 'decay': self.parameterAsDouble(parameters, 'DECAY', context)}
        if layer:
            stage['layer'] = layer
        crs = self.source_crs(parameters, name, context)
        if crs:
            stage['crs'] = crs
        type_field = self._text(parameters, type_param, context)
        if type_field:
            stage['type_field'] = type_field
        if name_param and self._text(parameters, name_param, context):
            stage['name_field'] = self._text(parameters, name_param, context)
        return stage

    def _survey_stages(self, parameters, context, feedback):
        """A survey keyed by other areas (e.g. RegSO), moved onto the districts by area-weighted
        overlay (`reallocate`); its polygons are both the table and the source areas."""
        path, layer = self.source_path(parameters, 'SURVEY_AREAS', context, feedback)
        if not path:
            return []
        code = self._text(parameters, 'SURVEY_CODE', context) or 'regsokod'
        columns = {}
        for item in self._text(parameters, 'SURVEY_COLUMNS', context).split(','):
            name, _, how = item.strip().partition(':')
            if name.strip():
                columns[name.strip()] = 'count' if how.strip().lower() in ('antal', 'count') else 'share'
        if not columns:
            raise QgsProcessingException(t('Enkät: ange minst ett fält att föra över',
                                           'Survey: give at least one field to move'))
        areas = {'type': 'read.districts', 'tag': 'enkat_omraden', 'path': path, 'code': code}
        table = {'type': 'read.table', 'tag': 'enkat_svar', 'path': path, 'key': code}
        if layer:
            areas['layer'] = table['layer'] = layer
        crs = self.source_crs(parameters, 'SURVEY_AREAS', context)
        if crs:
            areas['crs'] = crs
        return [areas, table,
                {'type': 'reallocate', 'tag': self._text(parameters, 'SURVEY_TAG', context) or 'regso_enkat',
                 'inputs': ['enkat_svar', 'enkat_omraden', 'districts'], 'columns': columns, 'weight': 'area'}]

    def pipeline(self, parameters, context, feedback, output):
        stages = spine.stages(self, parameters, context, feedback)
        for s in stages:
            if s['type'] == 'aggregate':
                s['tag'] = CRIME_TAG
        for tag, path, key in self._tables(parameters, context):
            stages.append({'type': 'read.table', 'tag': tag, 'path': path, 'key': key})
        stages += self._survey_stages(parameters, context, feedback)
        points = self._point_stage(parameters, 'POINT_FACTORS', 'punktfaktorer', 'POINT_TYPE', context, feedback)
        if points:
            stages.append(points)
        meeting = self._point_stage(parameters, 'MEETING_PLACES', 'motesplatser', 'MEETING_TYPE', context, feedback,
                                    name_param='MEETING_NAME')
        if meeting:
            stages.append(meeting)
            stages.append({'type': 'meeting_places', 'tag': 'motesplatser_profil', 'inputs': ['motesplatser', 'assign'],
                           'group': self._text(parameters, 'MEETING_GROUP', context) or 'alla',
                           'radius': self.parameterAsDouble(parameters, 'MEETING_RADIUS', context),
                           'ring': self.parameterAsDouble(parameters, 'MEETING_RING', context),
                           'suppress_below': self.parameterAsInt(parameters, 'SUPPRESS_BELOW', context)})
        analysis = {'type': 'trygghetsanalys', 'tag': 'trygghetsanalys', 'inputs': ['districts', CRIME_TAG],
                    'normalisation': NORMALISATIONS[self.parameterAsEnum(parameters, 'NORMALISATION', context)],
                    'period': self._text(parameters, 'ANALYSIS_PERIOD', context) or 'all',
                    'min_weight_share': self.parameterAsDouble(parameters, 'MIN_WEIGHT_SHARE', context),
                    'confidence': self.parameterAsDouble(parameters, 'CONFIDENCE', context)}
        catalogue = self.parameterAsFile(parameters, 'INDICATOR_CATALOGUE', context) or engine.default_indicator_catalogue()
        if catalogue:
            analysis['catalogue'] = os.path.abspath(catalogue)
        goals = sorted(GOALS[i][0] for i in self.parameterAsEnums(parameters, 'GOALS', context))
        if not goals:
            raise QgsProcessingException(t('Välj minst ett mål', 'Choose at least one goal'))
        if len(goals) < len(GOALS):
            analysis['goals'] = goals
        indicators = [i.strip() for i in self._text(parameters, 'INDICATORS', context).split(',') if i.strip()]
        if indicators:
            analysis['indicators'] = indicators
        draws = self.parameterAsInt(parameters, 'UNCERTAINTY_DRAWS', context)
        if draws > 0:
            analysis['uncertainty'] = {'draws': draws}
            if parameters.get('UNCERTAINTY_SEED') not in (None, ''):
                analysis['uncertainty']['seed'] = self.parameterAsInt(parameters, 'UNCERTAINTY_SEED', context)
        split = self._text(parameters, 'VALIDATION_SPLIT', context)
        if split:
            analysis['validation'] = {'split': split}
        stages.append(analysis)
        stages.append({'type': 'write.gpkg', 'tag': 'write', 'path': output})
        privacy = 'internal' if self.parameterAsEnum(parameters, 'PRIVACY', context) == 1 else 'publish'
        return {'privacy': privacy, 'pipeline': stages}

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        output = os.path.abspath(self.parameterAsFileOutput(parameters, 'OUTPUT', context))
        if not output.lower().endswith('.gpkg'):
            output += '.gpkg'
        os.makedirs(os.path.dirname(output), exist_ok=True)
        self.run_engine(self.pipeline(parameters, context, feedback, output), feedback)
        uris = self.hand_back_layers(
            output, LAYERS, context,
            display_names={'trygghetsanalys': t('Trygghetsanalys', 'Safety analysis'),
                           'motesplatser': t('Mötesplatser', 'Meeting places')},
            post_processors={'trygghetsanalys': ScoreStyles.create([])})
        return {'OUTPUT': output, 'TRYGGHETSANALYS': uris.get('trygghetsanalys'),
                'INDIKATORER': uris.get('indikatorer'), 'JAMLIKHET': uris.get('jamlikhet'),
                'MOTESPLATSER': uris.get('motesplatser'), 'KANSLIGHET': uris.get('kanslighet'),
                'VALIDERING': uris.get('validering')}
