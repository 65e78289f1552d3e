# SPDX-License-Identifier: GPL-2.0-or-later
"""Trygg QGIS plugin: Processing algorithms that run the Trygg engine."""


def classFactory(iface):  # noqa: N802 (QGIS plugin entry point)
    from .plugin import TryggPlugin
    return TryggPlugin(iface)
