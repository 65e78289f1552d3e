# SPDX-License-Identifier: GPL-2.0-or-later
"""What every Trygg algorithm shares: names in Swedish/English, the engine check, running a
pipeline with progress/cancel/errors, and handing the output GeoPackage's layers back."""
import functools
import os

from qgis.core import (QgsMapLayerStyle, QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingException,
                       QgsProcessingLayerPostProcessorInterface, QgsProcessingParameterDefinition,
                       QgsProcessingUtils, QgsVectorLayer)
from qgis.PyQt.QtGui import QIcon

from .. import engine, messages
from ..i18n import t

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STYLES_DIR = os.path.join(PLUGIN_DIR, 'styles')
# Tables given as a plain file go to the engine as they are: read.table reads SCB exports as
# downloaded (title line, header rows), which QGIS cannot load as a layer ("Could not load
# source layer", issue 18).
PLAIN_TABLE_EXTENSIONS = ('.csv', '.txt', '.tsv', '.xlsx', '.xls', '.ods')


# The class attributes every algorithm describes itself with, and the shape each must have.
# Parameter-name constants must not reuse these names: a subclass that set GROUP = 'GROUP'
# made group() fail on every toolbox refresh in the desktop (issue 18).
_TEXT_PAIR = 'a (Swedish, English) pair of strings'
DESCRIPTION_ATTRIBUTES = {'ALG_ID': 'a non-empty string', 'NAME': _TEXT_PAIR, 'GROUP': _TEXT_PAIR,
                          'GROUP_ID': 'a non-empty string', 'HELP': _TEXT_PAIR,
                          'REQUIRED_STAGES': 'a tuple of stage names'}


def is_plain_table(value):
    """A parameter value that is the path of a table file (CSV, XLSX, ...), not a layer."""
    return isinstance(value, str) and value.lower().endswith(PLAIN_TABLE_EXTENSIONS) and os.path.isfile(value)


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

    def checkParameterValues(self, parameters, context):  # noqa: N802
        # QGIS checks a source parameter by loading it as a layer, which an SCB export as
        # downloaded is not ("Could not load source layer"); such a file goes to the engine as
        # it is (source_path), so it is not QGIS's to check. Optional ones only: a required input
        # still has to be a layer.
        checked = dict(parameters)
        for name, value in parameters.items():
            definition = self.parameterDefinition(name)
            if (definition is not None and definition.type() == 'source' and
                    definition.flags() & QgsProcessingParameterDefinition.FlagOptional and is_plain_table(value)):
                checked[name] = None
        return super().checkParameterValues(checked, context)

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
        value = parameters.get(name)
        if value in (None, ''):
            return None, ''
        if is_plain_table(value):
            return os.path.abspath(value), ''
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

    def source_field_names(self, parameters, name, context):
        """Field names of a source parameter's layer (for "auto" fields), None if it has none
        QGIS can read (an SCB export as downloaded: the engine finds its columns)."""
        if parameters.get(name) in (None, ''):
            return None
        try:
            layer = self.parameterAsVectorLayer(parameters, name, context)
        except QgsProcessingException:
            return None
        if layer is None or not layer.isValid():
            return None
        return [f.name() for f in layer.fields()]

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
            len(stages), ', '.join(messages.step_name(str(s.get('tag', s.get('type', '?')))) for s in stages)))
        result = engine.run_pipeline(pipeline, feedback, work_dir=work_dir)
        written = [s.get('path') for s in stages if s.get('type') == 'write.gpkg']
        engine.report_accounting(result, feedback, written[-1] if written else None)
        return result

    @staticmethod
    def gpkg_layer_names(gpkg):
        layer = QgsVectorLayer(gpkg, 'probe', 'ogr')
        names = [s.split('!!::!!')[1] for s in layer.dataProvider().subLayers()] if layer.isValid() else []
        del layer
        return names

    def hand_back_layers(self, gpkg, wanted, context, output_names=None, extra_styles=None, display_names=None,
                         post_processors=None, run_name=None):
        """Load `wanted` layers (those present) of `gpkg` into the project when the algorithm
        finishes; their embedded default styles (layer_styles) apply. `extra_styles` maps a
        layer to [(style name, plugin qml file)]: added as named styles (Layers panel >
        Styles), the first made current; `post_processors` maps a layer to its own post-processor
        instead. Each layer's name says which run it is from (`run_name`, default the file's
        name), so a second run does not add layers with the same names. Returns {layer: uri}."""
        run_name = run_name or os.path.splitext(os.path.basename(gpkg))[0]
        present = self.gpkg_layer_names(gpkg)
        uris = {}
        for name in wanted:
            if name not in present:
                continue
            uri = '{}|layername={}'.format(gpkg, name)
            uris[name] = uri
            if context.project() is not None and not context.willLoadLayerOnCompletion(uri):
                label = '{} – {}'.format((display_names or {}).get(name, name), run_name)
                details = QgsProcessingContext.LayerDetails(label, context.project(), (output_names or {}).get(name, name))
                details.layerTypeHint = QgsProcessingUtils.LayerHint.Vector
                # Processing loads result layers without their default style: apply the
                # GeoPackage's embedded style (and any further named styles) afterwards.
                default_name = (t('Brott per 1 000 invånare', 'Incidents per 1,000 inhabitants')
                                if name == 'delomraden' else None)
                pp = (post_processors or {}).get(name) or EmbeddedStyles.create((extra_styles or {}).get(name, []),
                                                                                default_name, run_name)
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

    def __init__(self, styles, default_name=None, run_name=None):
        super().__init__()
        self.styles = styles
        self.default_name = default_name
        self.run_name = run_name

    @classmethod
    def create(cls, styles, default_name=None, run_name=None):
        pp = cls(styles, default_name, run_name)
        cls._alive.append(pp)
        return pp

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        layer.loadDefaultStyle()
        manager = layer.styleManager()
        if self.default_name:
            manager.renameStyle(manager.currentStyle(), self.default_name)
        default_style = manager.currentStyle()
        for name, path in self.styles:
            with open(path, encoding='utf-8') as f:
                manager.addStyle(name, QgsMapLayerStyle(f.read()))
        add_stored_styles(layer)
        # The name says what the current style maps (group, period, unit) and follows a change
        # of style under Layer > Styles (issue 18: the legend never said what is mapped).
        if self.run_name:
            from .. import legend_titles
            legend_titles.apply(layer, self.run_name, default_style)
        if self.styles:
            manager.setCurrentStyle(self.styles[0][0])
        # Rounded numbers in the attribute table and identify results (issue 18, sheets28).
        from ..field_rounding import round_real_fields
        round_real_fields(layer)


# Styles the engine stores in layer_styles beside a layer's default, by the stored name.
STORED_STYLE_NAMES = {'gistar_bin': ('Hotspots (Gi*)', 'Hot spots (Gi*)'),
                      'lisa_class': ('Kluster (LISA)', 'Clusters (LISA)')}


def stored_styles(gpkg, table):
    """[(name shown, QML)] of the styles `gpkg` stores for `table` besides its default one."""
    import sqlite3
    try:
        with sqlite3.connect('file:{}?mode=ro'.format(gpkg), uri=True) as db:
            rows = db.execute('select styleName, styleQML from layer_styles where f_table_name = ? '
                              'and not useAsDefault order by id', (table,)).fetchall()
    except sqlite3.Error:
        return []
    return [(t(*STORED_STYLE_NAMES[name]) if name in STORED_STYLE_NAMES else name, qml) for name, qml in rows if qml]


def add_stored_styles(layer):
    """Offers every other style the GeoPackage stores for `layer` in layer_styles (Gi*, LISA) as a
    named style (Layer > Styles): QGIS applies only the default one when loading (issue 18)."""
    source = layer.source()
    if '|layername=' not in source:
        return
    gpkg, rest = source.split('|layername=', 1)
    manager = layer.styleManager()
    current = manager.currentStyle()
    for name, qml in stored_styles(gpkg, rest.split('|')[0]):
        if name not in manager.styles():
            manager.addStyle(name, QgsMapLayerStyle(qml))
    manager.setCurrentStyle(current)
