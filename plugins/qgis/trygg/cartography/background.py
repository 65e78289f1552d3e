# SPDX-License-Identifier: GPL-2.0-or-later
"""The sheet's background: the layers the user picked (vector layers drawn quietly grey,
rasters as they are), OpenStreetMap's tiles when the machine reaches the tile server (checked
once, with a short timeout, never blocking the run), else a clean sheet with a note."""
import os
import socket
import threading

from qgis.core import (QgsFillSymbol, QgsLineSymbol, QgsMarkerSymbol, QgsRasterLayer, QgsSingleSymbolRenderer,
                       QgsVectorLayer, QgsWkbTypes)

from ..i18n import t

OSM_HOST = 'tile.openstreetmap.org'
OSM_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
OSM_ATTRIBUTION = '© OpenStreetMap-bidragsgivare (ODbL)'
OFFLINE_ENV = 'TRYGG_OFFLINE'   # '1': never try the network (tests, air-gapped machines)
TIMEOUT_S = 2.0


def online(host=OSM_HOST, port=443, timeout=TIMEOUT_S):
    """True when a TCP connection to the tile server opens within `timeout` seconds. The name
    lookup is not covered by a socket timeout, so the check runs in a thread that is given up
    on after `timeout`: the run never waits longer."""
    if os.environ.get(OFFLINE_ENV, '').strip() not in ('', '0'):
        return False
    result = []

    def probe():
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result) and result[0]


def osm_layer():
    uri = 'type=xyz&url={}&zmax=19&zmin=0'.format(OSM_URL.replace('&', '%26'))
    layer = QgsRasterLayer(uri, 'OpenStreetMap', 'wms')
    if not layer.isValid():
        return None
    layer.setOpacity(0.6)    # light: the districts and hotspots stay the subject
    return layer


def quiet(layer):
    """A grey rendering for a vector background layer, whatever its style was."""
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


def user_layers(layers):
    """Copies of the picked layers (the user's own stay untouched): vectors quiet, rasters
    (a KDE surface, an orthophoto, a WMS) with their own style."""
    copies = []
    for layer in layers:
        if isinstance(layer, QgsVectorLayer):
            copy = QgsVectorLayer(layer.source(), layer.name(), layer.providerType())
            if copy.isValid():
                copies.append(quiet(copy))
        elif isinstance(layer, QgsRasterLayer):
            copy = layer.clone()
            if copy is not None and copy.isValid():
                copies.append(copy)
    return copies


def basemap(use_osm):
    """(layer or None, note for the sheet). `use_osm` False: no web map, no note about it."""
    if not use_osm:
        return None, ''
    if online():
        layer = osm_layer()
        if layer is not None:
            return layer, OSM_ATTRIBUTION
    return None, t('Bakgrundskarta saknas (offline)', 'No background map (offline)')
