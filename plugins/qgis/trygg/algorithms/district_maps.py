# SPDX-License-Identifier: GPL-2.0-or-later
"""trygg:districtmaps — one map sheet (PDF and PNG) per delområde plus an overview sheet,
from a Trygg result GeoPackage, through the print layout template layouts/district_sheet.qpt
driven as an atlas over the delområden. Runs in the dialog and headless (qgis_process)."""
import json
import os
import re
import unicodedata

from qgis.core import (QgsExpressionContextUtils, QgsFeature, QgsField, QgsFillSymbol, QgsLayoutExporter,
                       QgsLayoutItemMap, QgsLayoutItemPicture, QgsLayoutFrame, QgsLayoutTableColumn,
                       QgsLineSymbol, QgsMarkerSymbol, QgsPrintLayout, QgsProcessing, QgsProcessingAlgorithm,
                       QgsProcessingException, QgsProcessingOutputFile, QgsProcessingOutputNumber,
                       QgsProcessingParameterEnum, QgsProcessingParameterFile, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsProject, QgsReadWriteContext, QgsRectangle,
                       QgsRuleBasedRenderer, QgsSingleSymbolRenderer, QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtXml import QDomDocument

from ..i18n import t
from ..sheets_index import export_index_pages  # issue 22: rank-interval index pages (ranks part)
from . import result_reader as rr
from .base import PLUGIN_DIR, TryggAlgorithm

TEMPLATE = os.path.join(PLUGIN_DIR, 'layouts', 'district_sheet.qpt')
NORTH_ARROW = os.path.join(PLUGIN_DIR, 'layouts', 'north_arrow.svg')
FORMATS = ['PDF', 'PNG']


def slug(text):
    text = unicodedata.normalize('NFKD', str(text)).encode('ascii', 'ignore').decode('ascii').lower()
    return re.sub(r'[^a-z0-9]+', '_', text).strip('_') or 'omrade'


def apply_qml(layer, path):
    """Apply a QML file (loadNamedStyle would prefer the style stored in the GeoPackage)."""
    doc = QDomDocument()
    with open(path, encoding='utf-8') as f:
        doc.setContent(f.read())
    ok, message = layer.importNamedStyle(doc)
    if not ok:
        raise QgsProcessingException(message)


def frame_ratio_extent(extent, item):
    """`extent` widened to the map frame's width/height ratio, same centre."""
    size = item.sizeWithUnits()
    ratio = size.width() / size.height()
    w, h = extent.width(), extent.height()
    if w / h < ratio:
        w = h * ratio
    else:
        h = w / ratio
    c = extent.center()
    return QgsRectangle(c.x() - w / 2, c.y() - h / 2, c.x() + w / 2, c.y() + h / 2)


def light_background(layer):
    """A quiet grey rendering for a background layer, whatever its style was."""
    geom = layer.geometryType()
    if geom == QgsWkbTypes.PolygonGeometry:
        sym = QgsFillSymbol.createSimple({'color': '#f0f0f0', 'outline_color': '#d9d9d9', 'outline_width': '0.2'})
    elif geom == QgsWkbTypes.LineGeometry:
        sym = QgsLineSymbol.createSimple({'color': '#d0d0d0', 'width': '0.3'})
    else:
        sym = QgsMarkerSymbol.createSimple({'name': 'circle', 'color': '#c8c8c8', 'outline_style': 'no',
                                            'size': '0.6'})
    layer.setRenderer(QgsSingleSymbolRenderer(sym))
    layer.setLabelsEnabled(False)
    return layer


def highlight_renderer():
    """The atlas district outlined in black; the others veiled in white so the eye goes home."""
    root = QgsRuleBasedRenderer.Rule(None)
    own = QgsFillSymbol.createSimple({'style': 'no', 'outline_color': '#000000', 'outline_width': '0.9'})
    other = QgsFillSymbol.createSimple({'color': '255,255,255,110', 'outline_style': 'no'})
    root.appendChild(QgsRuleBasedRenderer.Rule(own, 0, 0, '$id = @atlas_featureid', t('Delområdet', 'The district')))
    root.appendChild(QgsRuleBasedRenderer.Rule(other, 0, 0, '$id <> @atlas_featureid', ''))
    return QgsRuleBasedRenderer(root)


class DistrictMapsAlgorithm(TryggAlgorithm):
    ALG_ID = 'districtmaps'
    NAME = ('Kartblad per delområde', 'District safety maps')
    GROUP = ('Kartor och rapporter', 'Maps and reports')
    GROUP_ID = 'maps'
    HELP = (
        'Gör ett kartblad (A4 liggande, PDF och PNG) för varje delområde och ett översiktsblad, från en '
        'Trygg-GeoPackage (resultatet av t.ex. "Aggregera brott till delområden" eller hotspotanalysen). '
        'Bladet visar delområdets brott per 1 000 invånare och hotspots på en ljus bakgrundskarta, '
        'teckenförklaring, skalstock, norrpil, nyckeltal per brottsgrupp med förändring mot föregående '
        'halvår samt källa och datum. Värden under sekretessgränsen visas som "..". '
        'Mallen (layouts/district_sheet.qpt) kan redigeras i QGIS layoutfönster och anges som Mall.',
        'Makes one map sheet (A4 landscape, PDF and PNG) per delområde and an overview sheet from a '
        'Trygg GeoPackage (the result of e.g. "Aggregate incidents to delområden" or the hotspot analysis). '
        'Each sheet shows the district\'s incidents per 1,000 inhabitants and hotspots on a light background '
        'map, legend, scale bar, north arrow, key figures by crime group with the change since the previous '
        'half-year, and a source and date line. Suppressed values show as "..". The template '
        '(layouts/district_sheet.qpt) can be edited in QGIS\'s layout designer and given as Template.')
    REQUIRED_STAGES = ()

    # Parameter names. CRIME_GROUP, not GROUP: GROUP is the toolbox group (base class).
    RESULT, BACKGROUND, CRIME_GROUP, MUNICIPALITY, PERIOD, SOURCE, FORMATS, DPI, TEMPLATE, OUTPUT = (
        'RESULT', 'BACKGROUND', 'GROUP', 'MUNICIPALITY', 'PERIOD', 'SOURCE', 'FORMATS', 'DPI', 'TEMPLATE', 'OUTPUT')

    def flags(self):
        # Layout rendering stays on the main thread.
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def canExecute(self):  # noqa: N802  (reads a result; needs no engine)
        return True, ''

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.RESULT, t('Trygg-resultat (GeoPackage)', 'Trygg result (GeoPackage)'), extension='gpkg'))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.BACKGROUND, t('Bakgrundslager (t.ex. kommungräns, adresser)', 'Background layers (e.g. boundary, addresses)'),
            QgsProcessing.TypeVectorAnyGeometry, optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.CRIME_GROUP, t('Brottsgrupp på kartan (t.ex. vald, skadegorelse, tillgrepp)',
                          'Crime group on the map (e.g. vald, skadegorelse, tillgrepp)'), defaultValue='vald'))
        self.addParameter(QgsProcessingParameterString(
            self.MUNICIPALITY, t('Kommun', 'Municipality'), defaultValue='', optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.PERIOD, t('Period (tomt = senaste i resultatet, t.ex. 2024H1)', 'Period (empty = latest, e.g. 2024H1)'),
            defaultValue='', optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.SOURCE, t('Källa', 'Source line'),
            defaultValue=t('Källa: Polisen, anmälda brott; SCB, befolkning.', 'Source: police, reported crime; SCB, population.'),
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.FORMATS, t('Format', 'Formats'), options=FORMATS, allowMultiple=True, defaultValue=[0, 1]))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            self.DPI, t('Upplösning för PNG (dpi)', 'PNG resolution (dpi)'), QgsProcessingParameterNumber.Integer,
            defaultValue=150, minValue=50, maxValue=600)))
        self.addParameter(self.advanced(QgsProcessingParameterFile(
            self.TEMPLATE, t('Mall (.qpt)', 'Template (.qpt)'), extension='qpt', optional=True)))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT, t('Mapp för kartbladen', 'Folder for the map sheets')))
        self.addOutput(QgsProcessingOutputNumber('COUNT', t('Antal kartblad', 'Number of sheets')))
        self.addOutput(QgsProcessingOutputFile('INDEX', t('Förteckning (JSON)', 'Index (JSON)')))

    # ------------------------------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        gpkg = self.parameterAsFile(parameters, self.RESULT, context)
        folder = self.parameterAsString(parameters, self.OUTPUT, context)
        formats = [FORMATS[i] for i in self.parameterAsEnums(parameters, self.FORMATS, context)] or FORMATS
        dpi = self.parameterAsInt(parameters, self.DPI, context)
        template = self.parameterAsFile(parameters, self.TEMPLATE, context) or TEMPLATE
        municipality = self.parameterAsString(parameters, self.MUNICIPALITY, context)
        source = self.parameterAsString(parameters, self.SOURCE, context)
        period = self.parameterAsString(parameters, self.PERIOD, context).strip() or None
        group = self.parameterAsString(parameters, self.CRIME_GROUP, context).strip() or 'vald'
        backgrounds = self.parameterAsLayerList(parameters, self.BACKGROUND, context)
        os.makedirs(folder, exist_ok=True)

        if not os.path.isfile(gpkg):
            raise QgsProcessingException(t("Filen '{}' finns inte.", "The file '{}' does not exist.").format(gpkg))
        names = rr.sublayers(gpkg)
        if rr.DISTRICTS_LAYER not in names:
            raise QgsProcessingException(t(
                "'{}' har inget lager '{}'; ange en GeoPackage som Trygg skrivit.",
                "'{}' has no layer '{}'; give a GeoPackage written by Trygg.").format(gpkg, rr.DISTRICTS_LAYER))

        project = QgsProject()   # private project: owns every layer (exitQgis pitfall), leaves the user's alone
        coverage = rr.open_layer(gpkg, rr.DISTRICTS_LAYER, t('Delområden', 'Districts'))
        rates = rr.open_layer(gpkg, rr.DISTRICTS_LAYER, t('Brott per 1 000 invånare', 'Incidents per 1,000 inhabitants'))
        highlight = rr.open_layer(gpkg, rr.DISTRICTS_LAYER, t('Delområdet', 'The district'))
        highlight.setRenderer(highlight_renderer())
        highlight.setLabelsEnabled(False)
        hotspot_name, hotspot_kind = rr.find_hotspot_layer(gpkg)
        hotspots = None
        hotspot_heading = None
        if hotspot_name:
            title = 'Hotspots (Gi*)' if hotspot_kind == 'gistar' else t('Kluster (lokal Moran)', 'Clusters (local Moran)')
            hotspots = rr.open_layer(gpkg, hotspot_name, title)
            # Always the plugin's hotspot style: on delomraden the default style shows the rates.
            kind = 'delomraden' if hotspot_name == rr.DISTRICTS_LAYER else 'grid'
            apply_qml(hotspots, os.path.join(PLUGIN_DIR, 'styles', '{}_{}.qml'.format(hotspot_kind, kind)))
            note = ''
            if kind == 'grid':
                note = self._select_grid_surface(hotspots, group, feedback, rr.period_coverage(gpkg)[0])
            else:
                note = rr.hotspot_note(gpkg, 'gistar' if hotspot_kind == 'gistar' else 'lisa')
            heading = 'Hotspots (Getis-Ord Gi*)' if hotspot_kind == 'gistar' else t('Kluster (lokal Moran)',
                                                                                     'Clusters (local Moran)')
            hotspot_heading = heading + (': ' + note if note else '')
        groups = rr.rate_groups(rates)
        if group not in groups:
            if groups:
                feedback.pushWarning(t("Brottsgruppen '{}' finns inte i resultatet; visar '{}'. Grupper: {}",
                                       "Crime group '{}' is not in the result; showing '{}'. Groups: {}").format(
                    group, groups[0], ', '.join(groups)))
                group = groups[0]
            else:
                feedback.pushWarning(t('Lagret delomraden saknar tal per 1 000 invånare; kartan visar bara områdena.',
                                       'The delomraden layer has no rate per 1,000; the map shows the areas only.'))
        QgsExpressionContextUtils.setLayerVariable(rates, 'trygg_rate_field', group + rr.RATE_SUFFIX)
        rates.setName(t('Brott per 1 000 invånare: {}', 'Incidents per 1,000 inhabitants: {}').format(
            rr.group_label(group).lower()))
        background = []
        for layer in backgrounds:
            copy = QgsVectorLayer(layer.source(), layer.name(), layer.providerType())
            if copy.isValid():
                background.append(light_background(copy))
        layers = [coverage, rates, highlight] + ([hotspots] if hotspots else []) + background
        for layer in layers:
            project.addMapLayer(layer, False)
        coverage.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({'style': 'no', 'outline_style': 'no'})))

        codes = [str(f['kod']) for f in coverage.getFeatures()]
        period, rows = rr.key_figures(gpkg, codes, period)
        data_range = rr.period_coverage(gpkg)[1]  # 'Data: 2017-07-18 – 2024-03-28' (engine's perioder)
        figures = self._key_figure_layer(rows)
        project.addMapLayer(figures, False)

        layout = self._load_layout(project, template)
        for key, value in (('trygg_period_label', rr.period_label(period)), ('trygg_municipality', municipality),
                           ('trygg_group', rr.group_label(group).lower()), ('trygg_hotspot_heading', hotspot_heading),
                           ('trygg_source', source), ('trygg_data_range', data_range)):
            QgsExpressionContextUtils.setLayoutVariable(layout, key, value)
        self._wire(layout, coverage, rates, highlight, hotspots, background, figures)

        atlas = layout.atlas()
        atlas.setCoverageLayer(coverage)
        atlas.setEnabled(True)
        atlas.setPageNameExpression('"kod"')
        atlas.setSortFeatures(True)
        atlas.setSortExpression('"kod"')
        exporter = QgsLayoutExporter(layout)
        index = {'result': gpkg, 'period': period, 'data_range': data_range, 'sheets': []}
        maps = [m for m in (layout.itemById('map_rates'), layout.itemById('map_hotspots'))
                if isinstance(m, QgsLayoutItemMap) and m.isVisible()]
        if not atlas.beginRender():
            raise QgsProcessingException(t('Atlasen kunde inte startas.', 'The atlas could not start.'))
        total = atlas.count() + 1
        written = 0
        try:
            for i in range(atlas.count()):
                if feedback.isCanceled():
                    break
                atlas.seekTo(i)
                feature = atlas.layout().reportContext().feature()
                kod, namn = str(feature['kod']), str(feature['namn'])
                base = os.path.join(folder, '{}_{}'.format(kod, slug(namn)))
                files = self._export(exporter, base, formats, dpi)
                written += len(files)
                index['sheets'].append({
                    'kod': kod, 'namn': namn, 'files': [os.path.basename(f) for f in files],
                    'district_extent': self._box(feature.geometry().boundingBox()),
                    'map_extent': self._box(maps[0].extent()) if maps else None})
                feedback.setProgress(100.0 * (i + 1) / total)
                feedback.pushInfo('{} {}: {}'.format(kod, namn, ', '.join(os.path.basename(f) for f in files)))
        finally:
            atlas.endRender()
        if feedback.isCanceled():
            raise QgsProcessingException(t('Avbrutet.', 'Cancelled.'))

        # Overview sheet: all districts, municipality key figures.
        atlas.setEnabled(False)
        QgsExpressionContextUtils.setLayoutVariable(layout, 'trygg_title', t('Alla delområden', 'All districts'))
        QgsExpressionContextUtils.setLayoutVariable(
            layout, 'trygg_subtitle', t('Översikt', 'Overview') + (' · ' + municipality if municipality else ''))
        extent = QgsRectangle(coverage.extent())
        extent.scale(1.05)
        for m in maps:
            m.setAtlasDriven(False)
            m.setLayers([layer for layer in m.layers() if layer is not highlight])
            m.setExtent(frame_ratio_extent(extent, m))
        table = self._table(layout)
        if table is not None:
            table.setFilterToAtlasFeature(False)
            table.setFeatureFilter('"kod" = \'{}\''.format(rr.MUNICIPALITY))
            table.setFilterFeatures(True)
        layout.refresh()
        files = self._export(exporter, os.path.join(folder, '00_oversikt'), formats, dpi)
        written += len(files)
        index['overview'] = {'files': [os.path.basename(f) for f in files],
                             'map_extent': self._box(maps[0].extent()) if maps else None}
        # Issue 22: one index page per district with the goals' rank intervals ({} without them).
        index['index_pages'] = export_index_pages(gpkg, folder, formats, dpi, feedback,
                                                  lambda kod, namn: '{}_{}_index'.format(kod, slug(namn)), municipality)
        index_path = os.path.join(folder, 'kartblad.json')
        with open(index_path, 'w', encoding='utf-8') as f:
            json.dump(index, f, ensure_ascii=False, indent=2)
        feedback.setProgress(100)
        for layer in layers + [figures]:
            project.removeMapLayer(layer.id())
        return {self.OUTPUT: folder, 'COUNT': len(index['sheets']) + 1, 'INDEX': index_path}

    # ------------------------------------------------------------------------------------

    @staticmethod
    def _select_grid_surface(layer, group, feedback, latest=None):
        """A grid layer holds one surface per crime group and period: show the chosen group's
        latest complete period (`latest`, the engine's perioder.senaste, when the layer has
        it; else its last period; the field names are grid_hotspots')."""
        fields = layer.fields()
        clauses, note = [], []
        if fields.indexOf('grupp') >= 0:
            groups = {str(v) for v in layer.uniqueValues(fields.indexOf('grupp'))}
            chosen = group if group in groups else ('alla' if 'alla' in groups else sorted(groups)[0] if groups else None)
            if chosen is not None:
                clauses.append('"grupp" = \'{}\''.format(chosen.replace("'", "''")))
                note.append(rr.group_label(chosen).lower())
        if fields.indexOf('period') >= 0:
            periods = sorted(str(v) for v in layer.uniqueValues(fields.indexOf('period')) if v is not None)
            if periods:
                shown = latest if latest in periods else periods[-1]
                clauses.append('"period" = \'{}\''.format(shown.replace("'", "''")))
                note.append(shown.replace('-', '–'))
        if clauses:
            layer.setSubsetString(' AND '.join(clauses))
        return ', '.join(note)

    @staticmethod
    def _box(r):
        return [r.xMinimum(), r.yMinimum(), r.xMaximum(), r.yMaximum()]

    @staticmethod
    def _key_figure_layer(rows):
        layer = QgsVectorLayer('None', t('Nyckeltal', 'Key figures'), 'memory')
        layer.dataProvider().addAttributes([QgsField('kod', QVariant.String), QgsField('grupp', QVariant.String),
                                            QgsField('antal', QVariant.String), QgsField('forandring', QVariant.String)])
        layer.updateFields()
        feats = []
        for row in rows:
            f = QgsFeature(layer.fields())
            f.setAttributes(list(row))
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        return layer

    @staticmethod
    def _load_layout(project, template):
        doc = QDomDocument()
        with open(template, encoding='utf-8') as f:
            if not doc.setContent(f.read()):
                raise QgsProcessingException(t("Mallen '{}' går inte att läsa.", "The template '{}' cannot be read.").format(template))
        layout = QgsPrintLayout(project)
        layout.initializeDefaults()
        _, ok = layout.loadFromTemplate(doc, QgsReadWriteContext())
        if not ok:
            raise QgsProcessingException(t("Mallen '{}' går inte att läsa.", "The template '{}' cannot be read.").format(template))
        return layout

    @staticmethod
    def _table(layout):
        frame = layout.itemById('keyfigures')
        if isinstance(frame, QgsLayoutFrame):
            return frame.multiFrame()
        return None

    def _wire(self, layout, coverage, rates, highlight, hotspots, background, figures):
        map_rates = layout.itemById('map_rates')
        map_hot = layout.itemById('map_hotspots')
        if isinstance(map_rates, QgsLayoutItemMap):
            map_rates.setLayers([highlight, rates] + background)
            map_rates.setKeepLayerSet(True)
        if isinstance(map_hot, QgsLayoutItemMap):
            if hotspots is not None:
                map_hot.setLayers([highlight, hotspots] + background)
                map_hot.setKeepLayerSet(True)
            else:
                # No hotspot layer in the result: the rate map takes the whole width.
                map_hot.setVisibility(False)
                heading = layout.itemById('map_hotspots_heading')
                if heading is not None:
                    heading.setVisibility(False)
                if isinstance(map_rates, QgsLayoutItemMap):
                    size = map_rates.sizeWithUnits()
                    old_width = size.width()
                    size.setWidth(map_hot.positionWithUnits().x() + map_hot.sizeWithUnits().width()
                                  - map_rates.positionWithUnits().x())
                    map_rates.attemptResize(size)
                    north_item = layout.itemById('north')
                    if north_item is not None:   # keep the north arrow in the map's corner
                        pos = north_item.positionWithUnits()
                        pos.setX(pos.x() + size.width() - old_width)
                        north_item.attemptMove(pos)
        # The atlas keeps the ratio of the map's current extent and resizes the frame to it, so
        # give each map an extent of its own frame's ratio first.
        for m in (map_rates, map_hot):
            if isinstance(m, QgsLayoutItemMap):
                m.setExtent(frame_ratio_extent(coverage.extent(), m))
        north = layout.itemById('north')
        if isinstance(north, QgsLayoutItemPicture):
            north.setPicturePath(NORTH_ARROW)
            if isinstance(map_rates, QgsLayoutItemMap):
                north.setLinkedMap(map_rates)
        scalebar = layout.itemById('scalebar')
        if scalebar is not None and isinstance(map_rates, QgsLayoutItemMap):
            scalebar.setLinkedMap(map_rates)
            scalebar.applyDefaultSize()
        legend = layout.itemById('legend')
        if legend is not None:
            legend.setAutoUpdateModel(False)
            root = legend.model().rootGroup()
            root.removeAllChildren()
            root.addLayer(rates)
            if hotspots is not None:
                root.addLayer(hotspots)
            if isinstance(map_rates, QgsLayoutItemMap):
                legend.setLinkedMap(map_rates)
        table = self._table(layout)
        if table is not None:
            table.setVectorLayer(figures)
            columns = []
            for field, heading in (('grupp', t('Brottsgrupp', 'Crime group')), ('antal', t('Antal', 'Count')),
                                   ('forandring', t('Förändring', 'Change'))):
                col = QgsLayoutTableColumn(heading)
                col.setAttribute(field)
                columns.append(col)
            table.setColumns(columns)
            table.setFeatureFilter('"kod" = attribute(@atlas_feature, \'kod\')')
            table.setFilterFeatures(True)

    @staticmethod
    def _export(exporter, base, formats, dpi):
        files = []
        if 'PDF' in formats:
            settings = QgsLayoutExporter.PdfExportSettings()
            settings.rasterizeWholeImage = False
            path = base + '.pdf'
            if exporter.exportToPdf(path, settings) != QgsLayoutExporter.Success:
                raise QgsProcessingException(t("Kunde inte skriva '{}': {}", "Could not write '{}': {}").format(path, exporter.errorMessage()))
            files.append(path)
        if 'PNG' in formats:
            settings = QgsLayoutExporter.ImageExportSettings()
            settings.dpi = dpi
            path = base + '.png'
            if exporter.exportToImage(path, settings) != QgsLayoutExporter.Success:
                raise QgsProcessingException(t("Kunde inte skriva '{}': {}", "Could not write '{}': {}").format(path, exporter.errorMessage()))
            files.append(path)
        return files
