# SPDX-License-Identifier: GPL-2.0-or-later
"""The Processing provider `trygg`: one algorithm per file under algorithms/."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from . import engine
from .algorithms import ALGORITHMS
from .i18n import LANGUAGE_OPTIONS, t

PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))


def _processing_config():
    """ProcessingConfig when the Processing plugin's Python side is loaded (GUI, qgis_process)."""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig, Setting
        return ProcessingConfig, Setting
    except ImportError:
        return None, None


class TryggProvider(QgsProcessingProvider):
    def __init__(self):
        super().__init__()
        self._settings = []

    def id(self):
        return 'trygg'

    def name(self):
        return 'Trygg'

    def longName(self):  # noqa: N802
        return t('Trygg – trygghetsanalys', 'Trygg – safety analysis')

    def icon(self):
        return QIcon(os.path.join(PLUGIN_DIR, 'icon.svg'))

    def svgIconPath(self):  # noqa: N802
        return os.path.join(PLUGIN_DIR, 'icon.svg')

    def load(self):
        config, setting = _processing_config()
        if config is not None:
            self._settings = [
                setting(self.name(), 'TRYGG_EXECUTABLE',
                        t('Trygg-motorn (sökväg till programmet trygg; tomt = PATH, sedan bredvid insticksprogrammet)',
                          'Trygg engine (path to the trygg program; empty = PATH, then next to the plugin)'),
                        '', valuetype=setting.FILE),
                setting(self.name(), 'TRYGG_LANGUAGE', 'Språk / Language', LANGUAGE_OPTIONS[0],
                        valuetype=setting.SELECTION, options=LANGUAGE_OPTIONS),
            ]
            for s in self._settings:
                config.addSetting(s)
            config.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        config, _ = _processing_config()
        if config is not None:
            for s in self._settings:
                if s.name in config.settings:
                    config.removeSetting(s.name)
        self._settings = []

    def loadAlgorithms(self):  # noqa: N802
        # Every algorithm, always: one whose engine or engine stages are missing says so when
        # opened or run (canExecute) instead of vanishing from the toolbox. The stage list is
        # read again here so a newly installed engine counts.
        engine.engine_stages(refresh=True)
        for cls in ALGORITHMS:
            self.addAlgorithm(cls())
