# SPDX-License-Identifier: GPL-2.0-or-later
"""trygg:gridhotspots — Hotspots i rutnät och värmekarta (Gi* på SCB-rutor, kärntäthet)."""
import os

from qgis.core import (QgsProcessing, QgsProcessingContext, QgsProcessingLayerPostProcessorInterface,
                       QgsProcessingOutputMultipleLayers, QgsProcessingOutputVectorLayer, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum, QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsProcessingUtils)

from ..i18n import t
from . import result_reader as rr
from . import spine
from .base import STYLES_DIR, TryggAlgorithm

SHAPES = ['square', 'hexagon']
SHAPE_NAMES = [('Kvadrater (SCB-rutor)', 'Squares (SCB grid)'), ('Hexagoner', 'Hexagons')]
KERNELS = ['quartic', 'triangular', 'uniform', 'triweight', 'epanechnikov', 'gaussian']
GRID_LAYER = 'hotspots_grid'


class HeatmapStyle(QgsProcessingLayerPostProcessorInterface):
    """The style the engine writes beside each raster (<name>.qml: a heat ramp stretched to that
    raster's own range)."""
    _alive = []

    def __init__(self, run_name=None):
        super().__init__()
        self.run_name = run_name

    @classmethod
    def create(cls, run_name=None):
        pp = cls(run_name)
        cls._alive.append(pp)
        return pp

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        qml = os.path.splitext(layer.source())[0] + '.qml'
        if os.path.isfile(qml):
            layer.loadNamedStyle(qml)
            # The legend's values rounded in the user's number format, with the unit (issue 18:
            # the desktop showed '2,873.37158'); the name says group and period (its GDAL
            # metadata) and the run, else it keeps the name it was loaded with.
            from ..cartography import heatmap
            from ..legend_titles import heatmap_title
            name = layer.name()
            unit = heatmap.relabel(layer)
            title = heatmap_title(layer)
            if title and self.run_name:   # 'Värmekarta · Våld · 2025H2 · brott per km² – <run>'
                layer.setName('{} – {}'.format(' · '.join([title] + ([unit] if unit else [])), self.run_name))
            else:
                layer.setName('{} ({})'.format(name, unit) if unit else name)
            layer.triggerRepaint()


class GridHotspotsAlgorithm(TryggAlgorithm):
    ALG_ID = 'gridhotspots'
    NAME = ('Hotspots i rutnät och värmekarta', 'Grid hotspots and heatmap')
    GROUP = ('Hotspots', 'Hotspots')
    GROUP_ID = 'hotspots'
    HELP = (
        'Söker hot- och kallpunkter (Getis-Ord Gi*, FDR-korrigerat) i ett rutnät som följer SCB:s rutor '
        '(eller hexagoner) och gör värmekartor (kärntäthet, GeoTIFF) per brottsgrupp. Rutor med färre än '
        '5 händelser redovisas inte (och en ruta till när det annars kunde räknas fram ur summan); i en '
        'yta med dolda antal visas hot- och kallpunktsklasserna men inte z och p. Värmekartans pixlar med '
        'färre än 5 händelser inom radien redovisas inte. Intern körning visar allt. Resultatet är en GeoPackage med lagret hotspots_grid (blå–vit–röd) '
        'och rasterfiler bredvid den.',
        'Finds hot and cold spots (Getis-Ord Gi*, FDR-corrected) on a grid aligned with SCB\'s squares (or '
        'hexagons) and makes heatmaps (kernel density, GeoTIFF) per crime group. Cells with fewer than 5 '
        'incidents are not published (nor one more cell where the total would reveal it); a surface with '
        'withheld counts shows its hot/cold classes but not z and p. Heatmap pixels with fewer than 5 '
        'incidents within the radius are not published. An internal run shows everything. The result is a GeoPackage with the hotspots_grid layer '
        '(blue–white–red) and rasters beside it.')
    REQUIRED_STAGES = ('read.incidents', 'read.districts', 'assign', 'kde', 'grid_hotspots', 'write.gpkg')

    def initAlgorithm(self, config=None):  # noqa: N802
        spine.add_parameters(self, self.advanced)
        self.addParameter(QgsProcessingParameterString(
            'GROUPS', t('Brottsgrupper, kommaseparerade (tomt = alla grupper och "alla")',
                        'Crime groups, comma separated (empty = every group and "alla")'),
            defaultValue='vald', optional=True))
        self.addParameter(QgsProcessingParameterString(
            'HOTSPOT_PERIOD', t('Tid: all (hela perioden), latest (senaste), each (varje) eller t.ex. 2024H2',
                                'Time: all (whole range), latest, each, or e.g. 2024H2'), defaultValue='all'))
        self.addParameter(QgsProcessingParameterNumber(
            'CELL_SIZE', t('Rutstorlek (meter)', 'Cell size (metres)'), QgsProcessingParameterNumber.Double,
            defaultValue=250.0, minValue=1.0))
        self.addParameter(self.advanced(QgsProcessingParameterEnum(
            'SHAPE', t('Rutform', 'Cell shape'), options=[t(*n) for n in SHAPE_NAMES], defaultValue=0)))
        self.addParameter(self.advanced(QgsProcessingParameterBoolean(
            'FDR', t('FDR-korrektion', 'FDR correction'), defaultValue=True)))
        self.addParameter(QgsProcessingParameterBoolean(
            'HEATMAP', t('Gör värmekarta (kärntäthet)', 'Make heatmap (kernel density)'), defaultValue=True))
        self.addParameter(QgsProcessingParameterNumber(
            'RADIUS', t('Sökradie för värmekartan (meter, 0 = automatisk)', 'Heatmap search radius (metres, 0 = automatic)'),
            QgsProcessingParameterNumber.Double, defaultValue=300.0, minValue=0.0))
        self.addParameter(self.advanced(QgsProcessingParameterNumber(
            'PIXEL_SIZE', t('Pixelstorlek (meter)', 'Pixel size (metres)'), QgsProcessingParameterNumber.Double,
            defaultValue=25.0, minValue=1.0)))
        self.addParameter(self.advanced(QgsProcessingParameterEnum(
            'KERNEL', t('Kärna', 'Kernel'), options=KERNELS, defaultValue=0)))
        self.addParameter(QgsProcessingParameterFileDestination(
            'OUTPUT', t('Resultat (GeoPackage)', 'Result (GeoPackage)'), 'GeoPackage (*.gpkg)'))
        self.addOutput(QgsProcessingOutputVectorLayer('GRID', t('Hotspots i rutnät', 'Grid hotspots'),
                                                      QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputMultipleLayers('RASTERS', t('Värmekartor', 'Heatmaps')))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        output = os.path.abspath(self.parameterAsFileOutput(parameters, 'OUTPUT', context))
        if not output.lower().endswith('.gpkg'):
            output += '.gpkg'
        os.makedirs(os.path.dirname(output), exist_ok=True)
        stages = spine.stages(self, parameters, context, feedback)
        groups = [g.strip() for g in self.parameterAsString(parameters, 'GROUPS', context).split(',') if g.strip()]
        selection = {'groups': groups,
                     'period': self.parameterAsString(parameters, 'HOTSPOT_PERIOD', context).strip() or 'all',
                     'period_kind': spine.PERIODS[self.parameterAsEnum(parameters, 'PERIOD', context)]}
        stages.append(dict(selection, type='grid_hotspots', tag='grid_hotspots', inputs=['assign'],
                           cell_size=self.parameterAsDouble(parameters, 'CELL_SIZE', context),
                           shape=SHAPES[self.parameterAsEnum(parameters, 'SHAPE', context)],
                           fdr=self.parameterAsBool(parameters, 'FDR', context),
                           suppress_below=self.parameterAsInt(parameters, 'SUPPRESS_BELOW', context),
                           layer=GRID_LAYER))
        if self.parameterAsBool(parameters, 'HEATMAP', context):
            stages.append(dict(selection, type='kde', tag='kde', inputs=['assign'],
                               kernel=KERNELS[self.parameterAsEnum(parameters, 'KERNEL', context)],
                               radius=self.parameterAsDouble(parameters, 'RADIUS', context),
                               pixel_size=self.parameterAsDouble(parameters, 'PIXEL_SIZE', context)))
        stages.append({'type': 'write.gpkg', 'tag': 'write', 'path': output})
        result = self.run_engine({'pipeline': stages}, feedback)
        # Named after the run's file; what each layer maps (group, period) is in the name too,
        # from the layers themselves (legend_titles).
        run_name = os.path.splitext(os.path.basename(output))[0]
        uris = self.hand_back_layers(
            output, [GRID_LAYER, 'delomraden'], context,
            display_names={GRID_LAYER: t('Hotspots i rutnät', 'Grid hotspots')}, run_name=run_name,
            extra_styles={GRID_LAYER: [(t('Hotspots (Gi*)', 'Hot spots (Gi*)'), os.path.join(STYLES_DIR, 'gistar_grid.qml'))]})
        rasters = self._rasters(result, output)
        if context.project() is not None:
            for path in rasters:
                if not context.willLoadLayerOnCompletion(path):
                    details = QgsProcessingContext.LayerDetails(os.path.splitext(os.path.basename(path))[0],
                                                                context.project(), 'RASTERS')
                    details.layerTypeHint = QgsProcessingUtils.LayerHint.Raster
                    details.setPostProcessor(HeatmapStyle.create(run_name))
                    context.addLayerToLoadOnCompletion(path, details)
        return {'OUTPUT': output, 'GRID': uris.get(GRID_LAYER), 'RASTERS': rasters}

    @staticmethod
    def _rasters(result, gpkg):
        """GeoTIFFs the engine reported, else those listed in its kde_rasters table."""
        folder = os.path.dirname(gpkg)
        paths = []
        for o in result.get('outputs', []) or []:
            p = o.get('path', '')
            if p.lower().endswith(('.tif', '.tiff')):
                paths.append(p if os.path.isabs(p) else os.path.join(folder, os.path.basename(p)))
        if not paths and 'kde_rasters' in rr.sublayers(gpkg):
            table = rr.open_layer(gpkg, 'kde_rasters')
            if table is not None and table.fields().indexOf('fil') >= 0:
                paths = [os.path.join(folder, str(f['fil'])) for f in table.getFeatures()]
        return [p for p in paths if os.path.isfile(p)]
