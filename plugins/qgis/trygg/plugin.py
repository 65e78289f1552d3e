# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin object: registers the Trygg Processing provider, nothing else."""
from qgis.core import QgsApplication

from .provider import TryggProvider


class TryggPlugin:
    def __init__(self, iface=None):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 (QGIS API)
        if self.provider is None:
            self.provider = TryggProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS API)
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
