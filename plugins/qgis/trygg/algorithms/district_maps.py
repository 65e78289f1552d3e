# SPDX-License-Identifier: GPL-2.0-or-later
"""trygg:districtmaps — one map sheet (PDF and PNG) per delområde plus an overview sheet,
from a Trygg result GeoPackage, through the print layout template layouts/district_sheet.qpt
driven as an atlas over the delområden. Runs in the dialog and headless (qgis_process)."""
import json
import os
import re
import unicodedata

from qgis.core import (QgsExpressionContextUtils, QgsFeature, QgsField, QgsFillSymbol, QgsLayoutExporter,
                       QgsLayoutItemLabel, QgsLayoutItemMap, QgsLayoutItemPicture, QgsLayoutFrame, QgsLayoutTableColumn,
                       QgsPrintLayout, QgsProcessing, QgsProcessingAlgorithm,
                       QgsProcessingException, QgsProcessingOutputFile, QgsProcessingOutputNumber,
                       QgsProcessingParameterEnum, QgsProcessingParameterFile, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsProject, QgsReadWriteContext, QgsRectangle,
                       QgsRuleBasedRenderer, QgsSingleSymbolRenderer, QgsVectorLayer)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtXml import QDomDocument

from ..cartography import background as bg
from ..cartography import breakdown, classes, heatmap, labels, overview, overview_labels, title_fit
from ..cartography.numbers import number
from ..i18n import t
from ..layouts import template_text
from ..png_export import export_png
from ..sheets_index import export_index_pages  # issue 22: rank-interval index pages (ranks part)
from . import result_reader as rr
from .base import PLUGIN_DIR, TryggAlgorithm
from .result_check import check_group, check_result

TEMPLATE = os.path.join(PLUGIN_DIR, 'layouts', 'district_sheet.qpt')
NORTH_ARROW = os.path.join(PLUGIN_DIR, 'layouts', 'north_arrow.svg')
FORMATS = ['PDF', 'PNG']
BASEMAPS = [('OpenStreetMap när datorn är uppkopplad', 'OpenStreetMap when online'),
            ('Ingen webbkarta', 'No web map')]


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
    """Kept for templates and scripts that called it: see cartography.background.quiet."""
    return bg.quiet(layer)


def dots_note():
    return t('".." = uppgift undertryckt för att skydda enskilda.', '".." = value withheld to protect individuals.')


def beside_note():
    return t(' Hotspotklassen visas ändå: den beskriver området tillsammans med grannarna, inte antalet brott.',
             ' The hotspot class is still shown: it describes the area with its neighbours, not the count.')


def made_date():
    """The sheet's date: SOURCE_DATE_EPOCH when set (reproducible builds, golden images), else today."""
    import datetime
    epoch = os.environ.get('SOURCE_DATE_EPOCH', '').strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime('%Y-%m-%d')
    return None


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
        'Bladet visar delområdets anmälda brott per 1 000 invånare i klasser med talgränser och hotspots, '
        'teckenförklaring med brottsgrupp, period och enhet, skalstock, norrpil, nyckeltal per brottsgrupp med '
        'förändring mot föregående halvår, en tabell efter kön och ålder och den period uppgifterna täcker. '
        'Bakgrund: lager du väljer (vektor eller raster, t.ex. en värmekarta) och OpenStreetMap när datorn är '
        'uppkopplad; annars en ren karta med noten "Bakgrundskarta saknas (offline)". Översiktsbladet har en '
        'inzoomad ruta över den täta stadskärnan. Värden under sekretessgränsen visas som ".." med förklaring. '
        'En GeoPackage som inte är ett Trygg-resultat och en okänd brottsgrupp avvisas. '
        'Mallen (layouts/district_sheet.qpt) kan redigeras i QGIS layoutfönster och anges som Mall.',
        'Makes one map sheet (A4 landscape, PDF and PNG) per delområde and an overview sheet from a '
        'Trygg GeoPackage (the result of e.g. "Aggregate incidents to delområden" or the hotspot analysis). '
        'Each sheet shows the district\'s reported crimes per 1,000 inhabitants in classes with numeric limits and '
        'its hotspots, a legend naming crime group, period and unit, scale bar, north arrow, key figures by crime '
        'group with the change since the previous half-year, a table by sex and age, and the period the data '
        'cover. Background: layers you pick (vector or raster, e.g. a heatmap) and OpenStreetMap when the machine '
        'is online; otherwise a clean map with the note "No background map (offline)". The overview has an inset '
        'of the dense town centre. Values below the disclosure threshold show as ".." with an explanation. A '
        'GeoPackage that is not a Trygg result and an unknown crime group are refused. The template '
        '(layouts/district_sheet.qpt) can be edited in QGIS\'s layout designer and given as Template.')
    REQUIRED_STAGES = ()

    # Parameter names. CRIME_GROUP, not GROUP: GROUP is the toolbox group (base class).
    RESULT, BACKGROUND, BASEMAP, CRIME_GROUP, MUNICIPALITY, PERIOD, SOURCE, FORMATS, DPI, TEMPLATE, OUTPUT = (
        'RESULT', 'BACKGROUND', 'BASEMAP', 'GROUP', 'MUNICIPALITY', 'PERIOD', 'SOURCE', 'FORMATS', 'DPI', 'TEMPLATE',
        'OUTPUT')
    DISTRICTS = 'DISTRICTS'

    def flags(self):
        # Layout rendering stays on the main thread.
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def canExecute(self):  # noqa: N802  (reads a result; needs no engine)
        return True, ''

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.RESULT, t('Trygg-resultat (GeoPackage)', 'Trygg result (GeoPackage)'), extension='gpkg'))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.BACKGROUND, t('Bakgrundslager (valfria lager eller raster, t.ex. kommungräns, vägar, värmekarta)',
                               'Background layers (any layers or rasters, e.g. boundary, roads, heatmap)'),
            QgsProcessing.TypeMapLayer, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.BASEMAP, t('Webbkarta i bakgrunden', 'Web map in the background'),
            options=[t(*b) for b in BASEMAPS], defaultValue=0))
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
        self.addParameter(self.advanced(QgsProcessingParameterString(
            self.DISTRICTS, t('Bara dessa delområden (koder med komma; tomt = alla)',
                              'Only these districts (codes, comma-separated; empty = all)'),
            defaultValue='', optional=True)))
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
        use_osm = self.parameterAsEnum(parameters, self.BASEMAP, context) == 0
        only = [c.strip() for c in (self.parameterAsString(parameters, self.DISTRICTS, context) or '').split(',')
                if c.strip()]

        # Refuse, with one line, what is not a Trygg result and a group it does not hold.
        check_result(gpkg)
        os.makedirs(folder, exist_ok=True)

        project = QgsProject()   # private project: owns every layer (exitQgis pitfall), leaves the user's alone
        coverage = rr.open_layer(gpkg, rr.DISTRICTS_LAYER, t('Delområden', 'Districts'))
        rates = rr.open_layer(gpkg, rr.DISTRICTS_LAYER, t('Brott per 1 000 invånare', 'Incidents per 1,000 inhabitants'))
        highlight = rr.open_layer(gpkg, rr.DISTRICTS_LAYER, t('Delområdet', 'The district'))
        highlight.setRenderer(highlight_renderer())
        highlight.setLabelsEnabled(False)
        groups = rr.rate_groups(rates)
        check_group(gpkg, group, groups)
        if not groups:
            feedback.pushWarning(t('Lagret delomraden saknar tal per 1 000 invånare; kartan visar bara områdena.',
                                   'The delomraden layer has no rate per 1,000; the map shows the areas only.'))
        latest = rr.period_coverage(gpkg)[0]
        hotspot_name, hotspot_kind = rr.find_hotspot_layer(gpkg)
        hotspots = None
        hotspot_heading = None
        if hotspot_name:
            title = 'Hotspots (Gi*)' if hotspot_kind == 'gistar' else t('Kluster (lokal Moran)', 'Clusters (local Moran)')
            hotspots = rr.open_layer(gpkg, hotspot_name, title)
            # Always the plugin's hotspot style: on delomraden the default style shows the rates.
            kind = 'delomraden' if hotspot_name == rr.DISTRICTS_LAYER else 'grid'
            apply_qml(hotspots, os.path.join(PLUGIN_DIR, 'styles', '{}_{}.qml'.format(hotspot_kind, kind)))
            classes.relabel_hotspot_classes(hotspots)
            note = ''
            if kind == 'grid':
                note = self._select_grid_surface(hotspots, group, feedback, latest)
            else:
                note = rr.hotspot_note(gpkg, 'gistar' if hotspot_kind == 'gistar' else 'lisa')
            heading = 'Hotspots (Getis-Ord Gi*)' if hotspot_kind == 'gistar' else t('Kluster (lokal Moran, LISA)',
                                                                                     'Clusters (local Moran, LISA)')
            hotspot_heading = heading + (': ' + note if note else '')
            hotspots.setName(hotspot_heading.replace(': ', ':|', 1))   # legend group title (| wraps)
            if kind == 'delomraden':
                hotspots.setLabeling(labels.always_placed(self._district_label_expression(hotspots),
                                                          always=labels.ATLAS_DISTRICT))
                hotspots.setLabelsEnabled(True)

        # Background: the user's layers, OpenStreetMap when online, else a note on the sheet.
        background = bg.user_layers(backgrounds)
        basemap, basemap_note = bg.basemap(use_osm)
        if basemap is not None:
            background.append(basemap)
        elif background:
            basemap_note = ''   # the user's background is there; no need to say the web map is not
        for layer in background:
            unit = heatmap.relabel(layer)
            if unit:
                feedback.pushInfo(t('Värmekartans enhet: {}', 'Heatmap unit: {}').format(unit))
        alpha = classes.FILL_ALPHA_OVER_BACKGROUND if background else 255

        rate_field = group + rr.RATE_SUFFIX
        display_field = group + '_visning'
        rates_period = self._layer_period(rates) or latest
        renderer, rate_rules, _, group_not_in_source = classes.rate_renderer(
            rates, rate_field, display_field if rates.fields().indexOf(display_field) >= 0 else None, alpha)
        rates.setRenderer(renderer)
        QgsExpressionContextUtils.setLayerVariable(rates, 'trygg_rate_field', rate_field)
        unit = t('anmälda brott per 1 000 invånare', 'reported crimes per 1,000 inhabitants')
        rates_heading = '{}, {}: {}'.format(rr.group_label(group), rr.period_label(rates_period), unit) \
            if rates_period else '{}: {}'.format(rr.group_label(group), unit)
        rates.setName(rates_heading.replace(': ', ':|', 1))          # legend group title: group, period, unit
        rate_texts = self._rate_texts(rates, rate_field, display_field)
        sheet_labels = labels.always_placed("{} || '\\n' || map_get({}, \"kod\")".format(
            self._district_label_expression(rates), self._map_literal(rate_texts)), always=labels.ATLAS_DISTRICT)
        rates.setLabeling(sheet_labels)
        rates.setLabelsEnabled(True)

        layers = [coverage, rates, highlight] + ([hotspots] if hotspots else []) + background
        for layer in layers:
            project.addMapLayer(layer, False)
        coverage.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({'style': 'no', 'outline_style': 'no'})))

        codes = [str(f['kod']) for f in coverage.getFeatures()]
        period, rows = rr.key_figures(gpkg, codes, period)
        data_range = rr.period_coverage(gpkg)[1]  # 'Data: 2017-07 – 2024-03' (engine's perioder)
        figures = self._key_figure_layer(rows)
        project.addMapLayer(figures, False)
        # Sex/age: counts with rates per 1,000 of that sex and age; what the sources lack, said once.
        gaps = breakdown.source_gaps(gpkg)
        columns, age_rows, _, missing, rate_missing = breakdown.sex_age_rows(gpkg, codes, group, period, gaps)
        gaps_note = breakdown.gaps_note(gaps[0], gaps[1], rate_missing) if not missing else ''
        age_table = self._breakdown_layer(columns, age_rows)
        project.addMapLayer(age_table, False)
        notes = self._withheld_notes(coverage, rates, rate_field, display_field, hotspots if hotspot_name ==
                                     rr.DISTRICTS_LAYER else None, hotspot_kind, rows, age_rows)

        withheld = {str(f['kod']): f.geometry().boundingBox() for f in rates.getFeatures()
                    if self._rate_texts_one(f, rate_field, display_field) == '..'}
        classed = self._classed(hotspots if hotspot_name == rr.DISTRICTS_LAYER else None, hotspot_kind)
        withheld_boxes = list(withheld.values())
        classed_withheld_boxes = [box for kod, box in withheld.items() if kod in classed]
        layout = self._load_layout(project, template)
        breakdown_title = t('{} efter kön och ålder:|antal (per 1 000 invånare)',
                            '{} by sex and age:|count (per 1,000 inhabitants)').format(
            rr.group_label(group)).replace('|', '\n')
        for key, value in (('trygg_period_label', rr.period_label(period)), ('trygg_municipality', municipality),
                           ('trygg_group', rr.group_label(group).lower()), ('trygg_hotspot_heading', hotspot_heading),
                           ('trygg_rates_heading', rates_heading),
                           ('trygg_source', source), ('trygg_data_range', data_range),
                           ('trygg_basemap_note', basemap_note), ('trygg_breakdown_title', breakdown_title),
                           ('trygg_made', made_date())):
            QgsExpressionContextUtils.setLayoutVariable(layout, key, value)
        self._wire(layout, coverage, rates, highlight, hotspots, background, figures)
        self._wire_breakdown(layout, age_table, columns, missing, group)

        atlas = layout.atlas()
        atlas.setCoverageLayer(coverage)
        atlas.setEnabled(True)
        atlas.setPageNameExpression('"kod"')
        atlas.setSortFeatures(True)
        atlas.setSortExpression('"kod"')
        if only:
            unknown = sorted(set(only) - set(codes))
            if unknown:
                raise QgsProcessingException(t("Delområdet/delområdena {} finns inte i '{}'.",
                                               "District(s) {} not in '{}'.").format(', '.join(unknown), gpkg))
            atlas.setFilterFeatures(True)
            atlas.setFilterExpression('"kod" IN ({})'.format(', '.join("'" + c.replace("'", "''") + "'" for c in only)))
        exporter = QgsLayoutExporter(layout)
        index = {'result': gpkg, 'group': group, 'period': period, 'data_range': data_range,
                 'background': [layer.name() for layer in background], 'basemap_note': basemap_note,
                 'legend': [label for _, _, label in rate_rules], 'sheets': []}
        maps = [m for m in (layout.itemById('map_rates'), layout.itemById('map_hotspots'))
                if isinstance(m, QgsLayoutItemMap) and m.isVisible()]
        title_item = layout.itemById('title')
        title_item = title_item if isinstance(title_item, QgsLayoutItemLabel) else None
        title_size = title_item.font().pointSizeF() if title_item is not None else None
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
                kod, namn = str(feature['kod']), feature['namn']
                namn = '' if namn is None or str(namn) == 'NULL' else str(namn)
                # Its own '..' and those of withheld neighbours on the map: the fuller explanation.
                note = max(notes.get(kod, ''), self._neighbour_note(maps, withheld_boxes, classed_withheld_boxes),
                           key=len)
                note = (note + ' ' + gaps_note).strip()
                QgsExpressionContextUtils.setLayoutVariable(layout, 'trygg_note', note)
                layout.refresh()
                if title_item is not None:
                    title_fit.fit(title_item, title_size)
                base = os.path.join(folder, '{}_{}'.format(kod, slug(namn or kod)))
                files = self._export(exporter, base, formats, dpi)
                written += len(files)
                index['sheets'].append({
                    'kod': kod, 'namn': namn, 'files': [os.path.basename(f) for f in files],
                    'note': note,
                    'district_extent': self._box(feature.geometry().boundingBox()),
                    'map_extent': self._box(maps[0].extent()) if maps else None})
                feedback.setProgress(100.0 * (i + 1) / total)
                feedback.pushInfo('{} {}: {}'.format(kod, namn, ', '.join(os.path.basename(f) for f in files)))
        finally:
            atlas.endRender()
        if feedback.isCanceled():
            raise QgsProcessingException(t('Avbrutet.', 'Cancelled.'))

        # Overview sheet: all districts, municipality key figures, the dense centre as an inset.
        atlas.setEnabled(False)
        QgsExpressionContextUtils.setLayoutVariable(layout, 'trygg_title', t('Alla delområden', 'All districts'))
        if title_item is not None:
            title_item.refresh()
            title_fit.fit(title_item, title_size)
        QgsExpressionContextUtils.setLayoutVariable(
            layout, 'trygg_subtitle', t('Översikt', 'Overview') + (' · ' + municipality if municipality else ''))
        QgsExpressionContextUtils.setLayoutVariable(layout, 'trygg_note',
                                                    (notes.get(rr.MUNICIPALITY, '') + ' ' + gaps_note).strip())
        extent = QgsRectangle(coverage.extent())
        extent.scale(1.05)
        for m in maps:
            m.setAtlasDriven(False)
            m.setLayers([layer for layer in m.layers() if layer is not highlight])
            m.setExtent(frame_ratio_extent(extent, m))
        inset_box = self._dense_centre(coverage, maps)
        label_expression = self._overview_label_expression(coverage)
        numbers, main_numbers, main_hidden, far = {}, {}, set(), {}
        if inset_box is not None:
            self._wire_insets(layout, inset_box, [('map_rates', 'map_inset', [rates] + background),
                                                  ('map_hotspots', 'map_inset_hotspots',
                                                   ([hotspots] if hotspots else []) + background)])
            # Districts too small for their label in the inset get a number and a key (issue 18).
            numbers, names = overview_labels.inset_numbers(layout, coverage, label_expression)
            overview_labels.add_number_keys(layout, numbers, names)
            # On the main maps, a label that finds no room beside the inset's box (QGIS's own
            # placement, tried once) is left to the inset when the inset shows its district, else
            # numbered in the same key (legend18: the districts just outside the box overlapped).
            main_numbers, main_hidden, far = overview_labels.main_map_room(layout, rates, label_expression, inset_box, numbers,
                                                                 dpi)
            if main_numbers:
                overview_labels.add_number_keys(layout, dict(numbers, **main_numbers), names, on_main=True)
        overview_label = labels.overview_label(label_expression, inset_box, numbers, main_numbers, main_hidden)
        rates.setLabeling(labels.always_placed(overview_label, size=6, distances=far))
        if hotspots is not None and hotspot_name == rr.DISTRICTS_LAYER:
            hotspots.setLabeling(labels.always_placed(overview_label, size=6, distances=far))
        for table in (self._table(layout), self._table(layout, 'breakdown')):
            if table is not None:
                table.setFilterToAtlasFeature(False)
                table.setFeatureFilter('"kod" = \'{}\''.format(rr.MUNICIPALITY))
                table.setFilterFeatures(True)
        layout.refresh()
        files = self._export(exporter, os.path.join(folder, '00_oversikt'), formats, dpi)
        written += len(files)
        index['overview'] = {'files': [os.path.basename(f) for f in files],
                             'map_extent': self._box(maps[0].extent()) if maps else None,
                             'inset_extent': list(inset_box) if inset_box else None,
                             'note': (notes.get(rr.MUNICIPALITY, '') + ' ' + gaps_note).strip()}
        # Issue 22: one index page per district with the goals' rank intervals ({} without them).
        index['index_pages'] = export_index_pages(gpkg, folder, formats, dpi, feedback,
                                                  lambda kod, namn: '{}_{}_index'.format(kod, slug(namn)), municipality)
        index_path = os.path.join(folder, 'kartblad.json')
        with open(index_path, 'w', encoding='utf-8') as f:
            json.dump(index, f, ensure_ascii=False, indent=2)
        feedback.setProgress(100)
        for layer in layers + [figures, age_table]:
            project.removeMapLayer(layer.id())
        return {self.OUTPUT: folder, 'COUNT': len(index['sheets']) + 1, 'INDEX': index_path}

    # ------------------------------------------------------------------------------------

    @staticmethod
    def _layer_period(layer):
        """The period the district layer's rates are for (its 'period' column), or None."""
        if layer.fields().indexOf('period') < 0:
            return None
        for f in layer.getFeatures():
            if f['period'] not in (None, '') and str(f['period']) != 'NULL':
                return str(f['period'])
        return None

    @staticmethod
    def _rate_texts(layer, rate_field, display_field):
        """{kod: '2,4' | '..' | 'finns ej i källan'}: the rate under each district's name."""
        fields = layer.fields()
        ri, di = fields.indexOf(rate_field), fields.indexOf(display_field)
        texts = {}
        for f in layer.getFeatures():
            v = f[ri] if ri >= 0 else None
            if v is not None and str(v) != 'NULL':
                texts[str(f['kod'])] = number(v, 1)
            elif di >= 0 and str(f[di]) == classes.NOT_IN_SOURCE:
                texts[str(f['kod'])] = classes.not_in_source_text()
            else:
                texts[str(f['kod'])] = '..'
        return texts

    @staticmethod
    def _rate_texts_one(feature, rate_field, display_field):
        fields = feature.fields()
        v = feature[rate_field] if fields.indexOf(rate_field) >= 0 else None
        if v is not None and str(v) != 'NULL':
            return 'value'
        if fields.indexOf(display_field) >= 0 and str(feature[display_field]) == classes.NOT_IN_SOURCE:
            return classes.NOT_IN_SOURCE
        return '..'

    @staticmethod
    def _neighbour_note(maps, withheld_boxes, classed_withheld_boxes):
        """What '..' means, when a withheld district shows on this sheet's map (and why its hotspot
        class is shown, when one of them has a class)."""
        if not maps or not withheld_boxes:
            return ''
        extent = maps[0].extent()
        if not any(extent.intersects(b) for b in withheld_boxes):
            return ''
        return dots_note() + (beside_note() if any(extent.intersects(b) for b in classed_withheld_boxes) else '')

    @staticmethod
    def _classed(hotspots, hotspot_kind):
        """Codes of the districts the district hotspot layer gives a class (not 'not significant')."""
        classed = set()
        if hotspots is None:
            return classed
        field = 'gistar_bin' if hotspot_kind == 'gistar' else 'lisa_class'
        if hotspots.fields().indexOf(field) >= 0:
            for f in hotspots.getFeatures():
                v = f[field]
                if v is not None and str(v) not in ('NULL', '0', 'ns', '5'):
                    classed.add(str(f['kod']))
        return classed

    @staticmethod
    def _map_literal(mapping):
        def q(text):
            return "'" + str(text).replace("'", "''") + "'"
        if not mapping:
            return 'map()'
        return 'map(' + ', '.join('{}, {}'.format(q(k), q(v)) for k, v in sorted(mapping.items())) + ')'

    @staticmethod
    def _names_unique(layer):
        names = [str(f['namn']) for f in layer.getFeatures()] if layer.fields().indexOf('namn') >= 0 else []
        short = [n.split(' · ')[0] for n in names]
        return bool(names) and len(set(short)) == len(short) and all(n and n != 'NULL' for n in short)

    def _district_label_expression(self, layer):
        """A district sheet's label: the short name when the names tell the districts apart, else
        the code (Västerås' DeSO are named after their RegSO: several share a name)."""
        return labels.SHORT_NAME if self._names_unique(layer) else '"kod"'

    def _overview_label_expression(self, layer):
        """The overview's label: the short name, or the code without the municipality's prefix
        when all codes share it (DeSO: '1980C1160' -> 'C1160'; the subtitle names the municipality)."""
        if self._names_unique(layer):
            return labels.SHORT_NAME
        codes = [str(f['kod']) for f in layer.getFeatures()]
        if codes and all(len(c) == 9 and c[:4] == codes[0][:4] and c[:4].isdigit() for c in codes):
            return 'substr("kod", 5)'
        return '"kod"'

    @staticmethod
    def _withheld_notes(coverage, rates, rate_field, display_field, hotspots, hotspot_kind, rows, age_rows):
        """{kod: note} for every sheet that shows '..' (its rate, key figures or sex/age table), and
        the overview (kod MUNICIPALITY) when any district's rate is withheld. The note says what '..'
        means, and where the district's hotspot class is shown beside its withheld rate, why."""
        dots, beside = dots_note(), beside_note()
        fields = rates.fields()
        ri, di = fields.indexOf(rate_field), fields.indexOf(display_field)
        withheld_rate = set()
        for f in rates.getFeatures():
            v = f[ri] if ri >= 0 else None
            if (v is None or str(v) == 'NULL') and not (di >= 0 and str(f[di]) == classes.NOT_IN_SOURCE):
                withheld_rate.add(str(f['kod']))
        classed = DistrictMapsAlgorithm._classed(hotspots, hotspot_kind)
        with_dots = set(withheld_rate)
        for row in list(rows) + list(age_rows):
            if '..' in row[1:]:
                with_dots.add(str(row[0]))
        notes = {}
        for kod in with_dots:
            notes[kod] = dots + (beside if kod in withheld_rate and kod in classed else '')
        if withheld_rate or rr.MUNICIPALITY in with_dots:
            notes[rr.MUNICIPALITY] = dots + (beside if withheld_rate & classed else '')
        return notes

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
        template_text.localise(layout)   # the template's fixed text in the plugin's language
        return layout

    @staticmethod
    def _breakdown_layer(columns, rows):
        """A memory table of the sex/age counts: kod, alder, c0..c<n> (text, '..' kept)."""
        layer = QgsVectorLayer('None', t('Kön och ålder', 'Sex and age'), 'memory')
        fields = [QgsField('kod', QVariant.String), QgsField('alder', QVariant.String)]
        fields += [QgsField('c{}'.format(i), QVariant.String) for i in range(len(columns))]
        layer.dataProvider().addAttributes(fields)
        layer.updateFields()
        feats = []
        for row in rows:
            f = QgsFeature(layer.fields())
            f.setAttributes(list(row))
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        return layer

    def _wire_breakdown(self, layout, age_table, columns, missing, group):
        table = self._table(layout, 'breakdown')
        if table is None:
            return
        table.setVectorLayer(age_table)
        cols = []
        for field, heading in [('alder', t('Ålder', 'Age'))] + [('c{}'.format(i), c) for i, c in enumerate(columns)]:
            col = QgsLayoutTableColumn(heading)
            col.setAttribute(field)
            cols.append(col)
        table.setColumns(cols)
        table.setFeatureFilter('"kod" = attribute(@atlas_feature, \'kod\')')
        table.setFilterFeatures(True)
        if missing:
            table.setEmptyTableMessage('{}: {}'.format(rr.group_label(group), rr.missing_label(missing)))
        else:
            table.setEmptyTableMessage(t('Ingen uppdelning efter kön och ålder i resultatet',
                                         'No breakdown by sex and age in the result'))

    @staticmethod
    def _dense_centre(coverage, maps):
        """The overview's inset box (xmin, ymin, xmax, ymax) of the dense centre, or None."""
        if not maps:
            return None
        points = []
        for f in coverage.getFeatures():
            g = f.geometry()
            if g is not None and not g.isEmpty():
                p = g.pointOnSurface().asPoint()
                points.append((p.x(), p.y()))
        full = coverage.extent()   # the districts' own extent, not the (possibly widened) frame's
        return overview.inset_extent(points, full.width(), full.height())

    @staticmethod
    def _wire_insets(layout, box, pairs):
        """Show each main map's inset (item id, layers) on the dense centre `box` and draw its
        frame on the main map."""
        for main_id, inset_id, inset_layers in pairs:
            main, inset = layout.itemById(main_id), layout.itemById(inset_id)
            if not isinstance(main, QgsLayoutItemMap) or not isinstance(inset, QgsLayoutItemMap) \
                    or not main.isVisible():
                continue
            inset.setVisibility(True)
            inset.setLayers(inset_layers)
            inset.setKeepLayerSet(True)
            inset.setExtent(frame_ratio_extent(QgsRectangle(*box), inset))
            frame = main.overview()
            frame.setLinkedMap(inset)
            frame.setFrameSymbol(QgsFillSymbol.createSimple({'style': 'no', 'outline_color': '#252525',
                                                             'outline_width': '0.5'}))
            frame.setEnabled(True)

    @staticmethod
    def _table(layout, item_id='keyfigures'):
        frame = layout.itemById(item_id)
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
                    inset = layout.itemById('map_inset')
                    if inset is not None:   # the overview's inset stays in the map's lower right corner
                        pos = inset.positionWithUnits()
                        pos.setX(pos.x() + size.width() - old_width)
                        inset.attemptMove(pos)
                    north_item = layout.itemById('north')
                    if north_item is not None and north_item.positionWithUnits().y() < \
                            map_rates.positionWithUnits().y() + size.height():
                        # a template with the north arrow in the map's corner: keep it there
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
            for layer in background:    # a heatmap (or other raster) below: its legend with unit
                if layer.type() == layer.RasterLayer and layer.name() != 'OpenStreetMap':
                    root.addLayer(layer)
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
            path = base + '.png'
            try:   # not exportToImage: its georeferencing step made GDAL log ERROR 6 (png_export.py)
                export_png(exporter.layout(), path, dpi)
            except OSError:
                raise QgsProcessingException(t("Kunde inte skriva '{}'", "Could not write '{}'").format(path))
            files.append(path)
        return files
