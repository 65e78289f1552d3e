# SPDX-License-Identifier: GPL-2.0-or-later
"""trygg:report — Lägesrapport (issue 17): the half-yearly follow-up report as self-contained
HTML and an A4 PDF, made by the engine (`trygg report PIPELINE.json`) from the same protected
publication as the pipeline's GeoPackage. The plugin only runs it and hands back the files."""
import json
import os
import time

from qgis.core import (QgsProcessingException, QgsProcessingOutputFile, QgsProcessingOutputNumber,
                       QgsProcessingOutputString, QgsProcessingParameterBoolean, QgsProcessingParameterEnum,
                       QgsProcessingParameterFile, QgsProcessingParameterFolderDestination)

from .. import engine
from ..i18n import LANGUAGES, language, t
from .base import TryggAlgorithm

LANGUAGE_NAMES = ['Svenska', 'English']   # in the order of i18n.LANGUAGES
REPORT_SUFFIXES = ('.html', '.pdf')


def _input_paths(pipeline):
    """The relative file paths a pipeline reads (every stage's `path`, `catalogue` and gazetteer
    paths, except the writers'), used to find the folder they are relative to."""
    stages = pipeline.get('pipeline', []) if isinstance(pipeline, dict) else pipeline
    paths = []
    for stage in stages if isinstance(stages, list) else []:
        if not isinstance(stage, dict) or str(stage.get('type', '')).startswith('write.'):
            continue
        for key in ('path', 'catalogue'):
            if isinstance(stage.get(key), str):
                paths.append(stage[key])
        for gazetteer in stage.get('gazetteers', []) or []:
            if isinstance(gazetteer, dict) and isinstance(gazetteer.get('path'), str):
                paths.append(gazetteer['path'])
    return [p for p in paths if p and not os.path.isabs(p)]


def working_folder(pipeline_file):
    """Where the pipeline's relative paths resolve, as `trygg run` resolves them against its
    working directory: the pipeline's own folder, else the nearest folder above it in which every
    relative input path exists (the examples are written relative to the repository root, two
    folders up). Falls back to the pipeline's folder; the engine then names the missing file."""
    folder = os.path.dirname(os.path.abspath(pipeline_file))
    try:
        with open(pipeline_file, encoding='utf-8-sig') as f:
            relative = _input_paths(json.load(f))
    except (OSError, ValueError):
        return folder
    if not relative:
        return folder
    candidate = folder
    while True:
        if all(os.path.exists(os.path.join(candidate, p)) for p in relative):
            return candidate
        parent = os.path.dirname(candidate)
        if parent == candidate:
            return folder
        candidate = parent


class ReportAlgorithm(TryggAlgorithm):
    ALG_ID = 'report'
    NAME = ('Lägesrapport', 'Situation report (Lägesrapport)')
    GROUP = ('Kartor och rapporter', 'Maps and reports')
    GROUP_ID = 'maps'
    HELP = (
        'Gör halvårsuppföljningens lägesrapport till nämnden som en fristående HTML-fil och en A4-PDF: '
        'vad som ändrats sedan föregående halvår och samma halvår förra året per brottsgrupp (med osäkerhet, '
        'så att slumpvariation inte redovisas som trend), trender, kartor och tabeller per delområde efter '
        'kön och ålder, hotspots, trygghetsanalys per mål, mötesplatser, datakvalitet och metod. '
        'Ange en Trygg-pipeline (JSON, t.ex. examples/lagesrapport/exempelstad.json); Trygg-motorn kör den '
        '(trygg report) och bygger rapporten av samma skyddade publicering som GeoPackage-filen, så rapporten '
        'visar aldrig mer än tabellerna: värden under sekretessgränsen visas som "..". Saknar pipelinen ett '
        'steg write.report läggs ett till efter sista write.gpkg. Relativa sökvägar i pipelinen gäller från '
        'arbetsmappen (standard: pipelinens mapp, eller närmaste mapp ovanför där alla indatafiler finns).',
        'Makes the half-yearly follow-up report for the municipal board as a self-contained HTML file and '
        'an A4 PDF: what changed since the previous half-year and the same half-year last year per crime '
        'group (with its uncertainty, so that noise is not reported as a trend), trends, maps and tables per '
        'delområde by sex and age, hotspots, the trygghetsanalys per goal, meeting places, data quality and '
        'method. Give a Trygg pipeline (JSON, e.g. examples/lagesrapport/exempelstad.json); the Trygg engine '
        'runs it (trygg report) and builds the report from the same protected publication as the GeoPackage, '
        'so the report never shows more than the tables: values below the suppression threshold show as '
        '"..". A pipeline without a write.report stage gets one after its last write.gpkg. Relative paths '
        'in the pipeline resolve from the working folder (default: the pipeline\'s folder, or the nearest '
        'folder above it in which every input file exists).')
    REQUIRED_STAGES = ('write.gpkg', 'write.report')

    PIPELINE, LANGUAGE, PDF, WORKDIR, OUTPUT = 'PIPELINE', 'LANGUAGE', 'PDF', 'WORKDIR', 'OUTPUT'

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.PIPELINE, t('Pipeline (JSON)', 'Pipeline (JSON)'), extension='json'))
        self.addParameter(QgsProcessingParameterEnum(
            self.LANGUAGE, t('Rapportens språk', 'Language of the report'), options=LANGUAGE_NAMES,
            defaultValue=LANGUAGES.index(language())))
        self.addParameter(QgsProcessingParameterBoolean(
            self.PDF, t('Även PDF (A4)', 'PDF (A4) too'), defaultValue=True))
        self.addParameter(self.advanced(QgsProcessingParameterFile(
            self.WORKDIR, t('Arbetsmapp för relativa sökvägar (tomt = hittas)',
                            'Working folder for relative paths (empty = found)'),
            behavior=QgsProcessingParameterFile.Folder, optional=True)))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT, t('Mapp för rapporten', 'Folder for the report')))
        self.addOutput(QgsProcessingOutputFile('HTML', t('Rapport (HTML)', 'Report (HTML)')))
        self.addOutput(QgsProcessingOutputFile('PDF_FILE', t('Rapport (PDF)', 'Report (PDF)')))
        self.addOutput(QgsProcessingOutputNumber('COUNT', t('Antal rapporter', 'Number of reports')))
        self.addOutput(QgsProcessingOutputString('FILES', t('Alla rapportfiler (JSON-lista)',
                                                            'Every report file (JSON list)')))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.check_engine()
        pipeline_file = self.parameterAsFile(parameters, self.PIPELINE, context)
        if not pipeline_file or not os.path.isfile(pipeline_file):
            raise QgsProcessingException(t("Pipelinefilen '{}' finns inte.",
                                           "The pipeline file '{}' does not exist.").format(pipeline_file))
        lang = LANGUAGES[self.parameterAsEnum(parameters, self.LANGUAGE, context)]
        pdf = self.parameterAsBool(parameters, self.PDF, context)
        folder = os.path.abspath(self.parameterAsString(parameters, self.OUTPUT, context))
        work_dir = self.parameterAsFile(parameters, self.WORKDIR, context) or working_folder(pipeline_file)
        os.makedirs(folder, exist_ok=True)
        feedback.pushInfo(t('Trygg-motorn gör lägesrapporten av {} (arbetsmapp {}).',
                            'The Trygg engine makes the report from {} (working folder {}).').format(
            pipeline_file, work_dir))

        started = time.time()
        result = engine.run_report(pipeline_file, feedback, language=lang, pdf=pdf, out_dir=folder,
                                   work_dir=work_dir)
        engine.report_accounting(result, feedback)
        files = report_files(result, folder, started, work_dir)
        html = [f for f in files if f.lower().endswith('.html')]
        pdfs = [f for f in files if f.lower().endswith('.pdf')]
        if not html:
            raise QgsProcessingException(t('Trygg-motorn skrev ingen rapport i {}.',
                                           'The Trygg engine wrote no report in {}.').format(folder))
        if pdf and len(pdfs) < len(html):
            feedback.pushWarning(t('{} av {} rapporter saknar PDF.', '{} of {} reports have no PDF.').format(
                len(html) - len(pdfs), len(html)))
        for f in files:
            feedback.pushInfo(t('Skrev {}', 'Wrote {}').format(f))
        return {'OUTPUT': folder, 'HTML': html[0], 'PDF_FILE': pdfs[0] if pdfs else None, 'COUNT': len(html),
                'FILES': json.dumps(files, ensure_ascii=False)}


def report_files(result, folder, started, work_dir):
    """The HTML and PDF files of this run: those the engine lists as outputs (relative to its
    working folder), else (an engine that does not list them) those written in `folder` since
    `started`."""
    listed = []
    for output in result.get('outputs', []) or []:
        path = output.get('path') if isinstance(output, dict) else None
        if path and path.lower().endswith(REPORT_SUFFIXES):
            path = os.path.normpath(os.path.join(work_dir, path))
            if os.path.isfile(path):
                listed.append(path)
    if listed:
        return listed
    found = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.lower().endswith(REPORT_SUFFIXES) and os.path.getmtime(path) >= started - 1:
            found.append(path)
    return found
