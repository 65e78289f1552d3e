# SPDX-License-Identifier: GPL-2.0-or-later
"""trygg:evaluatemeasure — Utvärdera åtgärd (before/after with a buffer zone and a control area)."""
import os

from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputVectorLayer,
                       QgsProcessingOutputString, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber, QgsProcessingParameterString)

from ..i18n import t
from . import spine
from .base import STYLES_DIR, TryggAlgorithm


def _codes(text):
    return [c.strip() for c in (text or '').replace(';', ',').split(',') if c.strip()]


class EvaluateMeasureAlgorithm(TryggAlgorithm):
    ALG_ID = 'evaluatemeasure'
    NAME = ('Utvärdera åtgärd (före/efter)', 'Evaluate a measure (before/after)')
    GROUP = ('Utvärdering', 'Evaluation')
    GROUP_ID = 'evaluation'
    HELP = (
        'Jämför brotten i ett målområde (delområdeskoder, eller ritat som polygonlager: de delområden vars inre punkt ligger i det) före och efter att en åtgärd började (datum), '
        'i lika långa fönster som täcker samma månader (säsongsmatchade), med en buffertzon runt målområdet '
        '(förflyttning eller spridning av nytta) och ett kontrollområde (angivna koder eller ritat lager, annars de delområden '
        'bortom buffertzonen som liknar målområdet mest före åtgärden). Resultatet: oddskvoten enligt Welsh & '
        'Farrington (2009) med 95 % konfidensintervall (över 1: målområdet minskade jämfört med kontrollen), '
        'den relativa förändringen och den viktade förflyttningskvoten WDQ (Bowers & Johnson 2003). '
        'Tabellerna <prefix>_omraden och <prefix>_effekt och delområdenas roll (mål, buffertzon, kontroll) '
        'i en GeoPackage. I publicerade körningar redovisas antalen exakt, utom antal under 5 och antal som '
        'skulle röja en undertryckt cell i incident_counts; det som vilar på ett sådant antal redovisas inte heller.',
        'Compares the incidents in a target area (district codes, or drawn as a polygon layer: the districts whose inner point lies in it) before and after a measure started (date), '
        'in equal windows over the same months (seasonally matched), with a buffer zone around the target '
        '(displacement or diffusion of benefits) and a control area (given codes or a drawn layer, else the districts beyond '
        'the buffer most like the target before the measure). Result: the odds ratio of Welsh & Farrington '
        '(2009) with its 95 % confidence interval (above 1: the target fell relative to the control), the '
        'relative change and the weighted displacement quotient WDQ (Bowers & Johnson 2003). Tables '
        '<prefix>_omraden and <prefix>_effekt and the districts\' roles (target, buffer, control) in a '
        'GeoPackage. Published runs show the exact counts except counts below 5 and counts that would give back a '
        'withheld cell of incident_counts; nothing resting on such a count is shown either.')
    REQUIRED_STAGES = ('read.incidents', 'read.districts', 'assign', 'evaluate_measure', 'write.gpkg')

    def initAlgorithm(self, config=None):  # noqa: N802
        spine.add_parameters(self, self.advanced)
        self.addParameter(QgsProcessingParameterString(
            'TARGET', t('Målområde: delområdeskoder, kommaseparerade', 'Target area: district codes, comma-separated'),
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            'TARGET_AREA', t('…eller målområdet ritat som polygonlager', '…or the target area drawn as a polygon layer'),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterString(
            'MEASURE_DATE', t('Åtgärden började (ÅÅÅÅ-MM-DD)', 'The measure started (YYYY-MM-DD)')))
        self.addParameter(QgsProcessingParameterString(
            'CRIME_GROUP', t('Brottsgrupp (alla = alla brott)', 'Crime group (alla = every incident)'), defaultValue='alla'))
        self.addParameter(QgsProcessingParameterNumber(
            'WINDOW_MONTHS', t('Fönster före och efter (månader)', 'Window before and after (months)'),
            QgsProcessingParameterNumber.Integer, defaultValue=12, minValue=1, maxValue=60))
        self.addParameter(QgsProcessingParameterNumber(
            'BUFFER_M', t('Buffertzon: delområden inom (meter; 0 = grannar)', 'Buffer zone: districts within (metres; 0 = neighbours)'),
            QgsProcessingParameterNumber.Double, defaultValue=0, minValue=0))
        self.addParameter(QgsProcessingParameterString(
            'CONTROL', t('Kontrollområde: delområdeskoder (tomt = välj liknande)',
                         'Control area: district codes (empty = choose similar ones)'), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            'CONTROL_AREA', t('…eller kontrollområdet ritat som polygonlager', '…or the control area drawn as a polygon layer'),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'CONTROL_COUNT', t('Antal delområden i ett valt kontrollområde', 'Districts in a chosen control area'),
            QgsProcessingParameterNumber.Integer, defaultValue=5, minValue=1)))
        self.addParameter(QgsProcessingParameterFileDestination(
            'OUTPUT', t('Resultat (GeoPackage)', 'Result (GeoPackage)'), 'GeoPackage (*.gpkg)'))
        self.addOutput(QgsProcessingOutputVectorLayer('DELOMRADEN', t('Delområden med roll', 'Districts with role'),
                                                      QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputString('ODDS_RATIO', t('Oddskvot', 'Odds ratio')))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        output = os.path.abspath(self.parameterAsFileOutput(parameters, 'OUTPUT', context))
        if not output.lower().endswith('.gpkg'):
            output += '.gpkg'
        os.makedirs(os.path.dirname(output), exist_ok=True)
        target = _codes(self.parameterAsString(parameters, 'TARGET', context))
        drawn_target = parameters.get('TARGET_AREA') not in (None, '')
        if bool(target) == drawn_target:
            raise QgsProcessingException(t('Ange målområdet antingen som delområdeskoder eller som ritat polygonlager',
                                           'Give the target area either as district codes or as a drawn polygon layer'))
        date = (self.parameterAsString(parameters, 'MEASURE_DATE', context) or '').strip()
        stages = [s for s in spine.stages(self, parameters, context, feedback) if s['type'] != 'aggregate']
        stage = {'type': 'evaluate_measure', 'tag': 'atgard', 'inputs': ['assign'], 'date': date,
                 'group': (self.parameterAsString(parameters, 'CRIME_GROUP', context) or '').strip() or 'alla',
                 'window_months': self.parameterAsInt(parameters, 'WINDOW_MONTHS', context),
                 'buffer_m': self.parameterAsDouble(parameters, 'BUFFER_M', context),
                 'control_count': self.parameterAsInt(parameters, 'CONTROL_COUNT', context)}
        if target:
            stage['target'] = target
        else:
            stages.insert(1, self._drawn_area(parameters, 'TARGET_AREA', 'atgard_mal', context, feedback))
            stage['target_area'] = 'atgard_mal'
        control = _codes(self.parameterAsString(parameters, 'CONTROL', context))
        if control:
            stage['control'] = control
        elif parameters.get('CONTROL_AREA') not in (None, ''):
            stages.insert(1, self._drawn_area(parameters, 'CONTROL_AREA', 'atgard_kontroll', context, feedback))
            stage['control_area'] = 'atgard_kontroll'
        stages += [stage, {'type': 'write.gpkg', 'tag': 'write', 'path': output,
                           'inputs': ['districts', 'incidents', 'assign', 'atgard']}]
        self.run_engine({'pipeline': stages}, feedback)
        odds = self._effect(output)
        if odds:
            feedback.pushInfo(odds)
        styles = [(t('Åtgärdens områden', 'Areas of the measure'), os.path.join(STYLES_DIR, 'atgard_delomraden.qml'))]
        uris = self.hand_back_layers(output, ['delomraden', 'atgard_omraden', 'atgard_effekt'], context,
                                     extra_styles={'delomraden': styles},
                                     display_names={'delomraden': t('Utvärdering: områden', 'Evaluation: areas'),
                                                    'atgard_omraden': t('Utvärdering: antal', 'Evaluation: counts'),
                                                    'atgard_effekt': t('Utvärdering: effekt', 'Evaluation: effect')})
        return {'OUTPUT': output, 'DELOMRADEN': uris.get('delomraden'), 'ODDS_RATIO': odds}

    def _drawn_area(self, parameters, name, tag, context, feedback):
        """A read.districts stage for a drawn polygon layer (its first field as the code; only
        the polygons matter). Written with the districts it is not: the writer gets explicit inputs."""
        layer = self.parameterAsVectorLayer(parameters, name, context)
        if layer is None or not layer.fields().count():
            raise QgsProcessingException(t('Det ritade lagret behöver minst ett fält (t.ex. id)',
                                           'The drawn layer needs at least one field (e.g. id)'))
        path, layer_name = self.source_path(parameters, name, context, feedback)
        stage = {'type': 'read.districts', 'tag': tag, 'path': path, 'code': layer.fields().at(0).name()}
        if layer_name:
            stage['layer'] = layer_name
        return stage

    @staticmethod
    def _effect(gpkg):
        import sqlite3
        try:
            with sqlite3.connect(gpkg) as db:
                row = db.execute('select odds_ratio, or_lag, or_hog, wdq, wdq_tolkning from atgard_effekt').fetchone()
        except sqlite3.Error:
            return ''
        if not row or row[0] is None:
            return t('Oddskvoten redovisas inte (för få brott i något fönster)',
                     'The odds ratio is not shown (too few incidents in a window)')
        text = t('Oddskvot {:.2f} (95 % KI {:.2f}–{:.2f})', 'Odds ratio {:.2f} (95 % CI {:.2f}–{:.2f})').format(*row[:3])
        if row[3] is not None:
            text += t('; WDQ {:.2f}: {}', '; WDQ {:.2f}: {}').format(row[3], row[4] or '')
        return text
