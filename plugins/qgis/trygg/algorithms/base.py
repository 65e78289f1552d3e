# SPDX-License-Identifier: GPL-2.0-or-later
"""What every Trygg algorithm shares: names in Swedish/English, the engine check, running a
pipeline with progress/cancel/errors, and handing the output GeoPackage's layers back."""
import functools
import os

from qgis.core import (QgsMapLayerStyle, QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingException,
                       QgsProcessingLayerPostProcessorInterface, QgsProcessingParameterDefinition,
                       QgsProcessingUtils, QgsVectorLayer)
from qgis.PyQt.QtGui import QIcon

from .. import engine
from ..i18n import t

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STYLES_DIR = os.path.join(PLUGIN_DIR, 'styles')


# The class attributes every algorithm describes itself with, and the shape each must have.
# Parameter-name constants must not reuse these names: a subclass that set GROUP = 'GROUP'
# made group() fail on every toolbox refresh in the desktop (issue 18).
_TEXT_PAIR = 'a (Swedish, English) pair of strings'
DESCRIPTION_ATTRIBUTES = {'ALG_ID': 'a non-empty string', 'NAME': _TEXT_PAIR, 'GROUP': _TEXT_PAIR,
                          'GROUP_ID': 'a non-empty string', 'HELP': _TEXT_PAIR,
                          'REQUIRED_STAGES': 'a tuple of stage names'}


def _description_ok(attribute, value):
    if attribute in ('ALG_ID', 'GROUP_ID'):
        return isinstance(value, str) and bool(value)
    if attribute == 'REQUIRED_STAGES':
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)


def _plain_processing_errors(process_algorithm):
    """processAlgorithm raising only plain QgsProcessingException. QGIS 3.22 shows the whole
    Python traceback for a *subclass* of it (EngineCancelled on cancel, EngineNotFound), and only
    the message for the class itself."""
    @functools.wraps(process_algorithm)
    def wrapper(self, parameters, context, feedback):
        try:
            return process_algorithm(self, parameters, context, feedback)
        except QgsProcessingException as e:
            if type(e) is QgsProcessingException:
                raise
            raise QgsProcessingException(str(e)) from None
    return wrapper


class TryggAlgorithm(QgsProcessingAlgorithm):
    ALG_ID = ''
    NAME = ('', '')            # (Swedish, English)
    GROUP = ('Analys', 'Analysis')
    GROUP_ID = 'analysis'
    HELP = ('', '')
    REQUIRED_STAGES = ()

    def __init_subclass__(cls, **kwargs):
        # Refuse, when the module is imported, an algorithm whose description attributes were
        # overwritten (e.g. by a parameter-name constant), instead of failing later in the toolbox.
        super().__init_subclass__(**kwargs)
        for attribute, shape in DESCRIPTION_ATTRIBUTES.items():
            value = getattr(cls, attribute)
            if not _description_ok(attribute, value):
                raise TypeError('{}.{} must be {}, not {!r} (is a parameter-name constant reusing the name?)'.format(
                    cls.__name__, attribute, shape, value))
        if 'processAlgorithm' in cls.__dict__:
            cls.processAlgorithm = _plain_processing_errors(cls.__dict__['processAlgorithm'])

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.ALG_ID

    def displayName(self):  # noqa: N802
        return t(*self.NAME)

    def group(self):
        return t(*self.GROUP)

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def shortHelpString(self):  # noqa: N802
        return t(*self.HELP)

    def icon(self):
        return QIcon(os.path.join(PLUGIN_DIR, 'icon.svg'))

    def tags(self):
        return ['trygg', 'trygghet', 'brott', 'crime', 'delområde', 'district']

    def canExecute(self):  # noqa: N802
        try:
            engine.find_executable()
        except engine.EngineNotFound as e:
            return False, str(e)
        stages = engine.engine_stages()
        missing = [s for s in self.REQUIRED_STAGES if stages and s not in stages]
        if missing:
            return False, t('Den installerade Trygg-motorn saknar steget/stegen: {}',
                            'The installed Trygg engine lacks the stage(s): {}').format(', '.join(missing))
        return True, ''

    # -- helpers for subclasses ----------------------------------------------------------

    @staticmethod
    def advanced(param):
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        return param

    def check_engine(self):
        ok, message = self.canExecute()
        if not ok:
            raise QgsProcessingException(message)

    def source_path(self, parameters, name, context, feedback):
        """(path, layer name or '') of a file the engine can read for a source parameter.
        Files GDAL opens are passed as they are; a delimited-text layer passes its CSV file (so
        rows without coordinates still reach the engine and are accounted for); memory,
        filtered or selected-only layers are exported to a temporary GeoPackage first."""
        if parameters.get(name) in (None, ''):
            return None, ''
        layer = self.parameterAsVectorLayer(parameters, name, context)
        if layer is not None and layer.providerType() == 'delimitedtext' and not layer.subsetString():
            from qgis.PyQt.QtCore import QUrl
            local = QUrl(layer.source()).toLocalFile()
            if local and os.path.isfile(local):
                return local, ''
        path, layer_name = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, name, context, ['gpkg', 'csv', 'xlsx', 'shp', 'geojson', 'json', 'fgb', 'sqlite'],
            'gpkg', feedback)
        if not path:
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        return os.path.abspath(path), layer_name or ''

    def source_crs(self, parameters, name, context):
        layer = self.parameterAsVectorLayer(parameters, name, context)
        if layer is not None and layer.crs().isValid():
            return layer.crs().authid()
        return ''

    def run_engine(self, pipeline, feedback, work_dir=None):
        self.check_engine()
        # One line, not the whole pipeline JSON (which held every path and option twice over).
        stages = pipeline['pipeline'] if isinstance(pipeline, dict) else pipeline
        feedback.pushInfo(t('Trygg-motorn kör {} steg: {}', 'The Trygg engine runs {} steps: {}').format(
            len(stages), ', '.join(str(s.get('tag', s.get('type', '?'))) for s in stages)))
        result = engine.run_pipeline(pipeline, feedback, work_dir=work_dir)
        engine.report_accounting(result, feedback)
        return result

    @staticmethod
    def gpkg_layer_names(gpkg):
        layer = QgsVectorLayer(gpkg, 'probe', 'ogr')
        names = [s.split('!!::!!')[1] for s in layer.dataProvider().subLayers()] if layer.isValid() else []
        del layer
        return names

    def hand_back_layers(self, gpkg, wanted, context, output_names=None, extra_styles=None, display_names=None,
                         post_processors=None):
        """Load `wanted` layers (those present) of `gpkg` into the project when the algorithm
        finishes; their embedded default styles (layer_styles) apply. `extra_styles` maps a
        layer to [(style name, plugin qml file)]: added as named styles (Layers panel >
        Styles), the first made current; `post_processors` maps a layer to its own post-processor
        instead. Returns {layer: uri}."""
        present = self.gpkg_layer_names(gpkg)
        uris = {}
        for name in wanted:
            if name not in present:
                continue
            uri = '{}|layername={}'.format(gpkg, name)
            uris[name] = uri
            if context.project() is not None and not context.willLoadLayerOnCompletion(uri):
                details = QgsProcessingContext.LayerDetails((display_names or {}).get(name, name), context.project(),
                                                            (output_names or {}).get(name, name))
                details.layerTypeHint = QgsProcessingUtils.LayerHint.Vector
                # Processing loads result layers without their default style: apply the
                # GeoPackage's embedded style (and any further named styles) afterwards.
                default_name = (t('Brott per 1 000 invånare', 'Incidents per 1,000 inhabitants')
                                if name == 'delomraden' else None)
                pp = (post_processors or {}).get(name) or EmbeddedStyles.create((extra_styles or {}).get(name, []),
                                                                                default_name)
                details.setPostProcessor(pp)
                context.addLayerToLoadOnCompletion(uri, details)
        return uris

    def hand_back_rejects(self, gpkg, context):
        """The rows not used (`rejects`): an internal run keeps them in the GeoPackage; a
        published run writes them to `<stem>.internal.gpkg` beside it (record-level data, never
        publish), which is loaded from there. Returns its uri or None."""
        source = gpkg
        if 'rejects' not in self.gpkg_layer_names(gpkg):
            internal = os.path.splitext(gpkg)[0] + '.internal.gpkg'
            if not os.path.exists(internal):
                return None
            source = internal
        return self.hand_back_layers(source, ['rejects'], context).get('rejects')


class EmbeddedStyles(QgsProcessingLayerPostProcessorInterface):
    """Applies the style embedded in the GeoPackage (layer_styles) to a loaded result layer and
    adds the plugin's further styles as named styles; the first of those becomes current, the
    embedded one stays available under its own name (Layers panel > Styles)."""
    _alive = []   # post-processors must outlive processAlgorithm

    def __init__(self, styles, default_name=None):
        super().__init__()
        self.styles = styles
        self.default_name = default_name

    @classmethod
    def create(cls, styles, default_name=None):
        pp = cls(styles, default_name)
        cls._alive.append(pp)
        return pp

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        layer.loadDefaultStyle()
        if not self.styles:
            return
        manager = layer.styleManager()
        if self.default_name:
            manager.renameStyle(manager.currentStyle(), self.default_name)
        for name, path in self.styles:
            with open(path, encoding='utf-8') as f:
                manager.addStyle(name, QgsMapLayerStyle(f.read()))
        manager.setCurrentStyle(self.styles[0][0])
