# SPDX-License-Identifier: GPL-2.0-or-later
"""The heatmap (KDE raster) legend on a sheet: rounded values in the sheet's number format and
the unit the engine recorded in the raster (GDAL metadata TRYGG_UNIT), instead of
'2,873.37158' with no unit."""
import math

from qgis.core import QgsRasterLayer, QgsSingleBandPseudoColorRenderer

from ..i18n import t
from .numbers import number

UNITS = {'incidents per km²': ('brott per km²', 'incidents per km²'),
         'incidents per pixel': ('brott per rutcell', 'incidents per cell')}


def raster_metadata(layer, key):
    """A GDAL metadata item the engine wrote into a KDE raster (TRYGG_UNIT, TRYGG_GROUP,
    TRYGG_PERIOD), '' when absent."""
    try:
        from osgeo import gdal
        ds = gdal.Open(layer.source())
        value = (ds.GetMetadataItem(key) or '') if ds is not None else ''
        ds = None
    except Exception:  # noqa: BLE001  (not a file GDAL opens: nothing recorded)
        value = ''
    return value


def raster_unit(layer):
    """The unit of a Trygg KDE raster, in the current language ('' when not recorded)."""
    unit = raster_metadata(layer, 'TRYGG_UNIT')
    names = UNITS.get(unit)
    return t(*names) if names else unit


def rounded_decimals(values):
    """Decimals down to the first significant digit of the legend's smallest step (718 -> 0,
    0,05 -> 2): the limits stay distinct without digits that mean nothing."""
    values = sorted(abs(v) for v in values)
    steps = [b - a for a, b in zip(values, values[1:]) if b > a]
    scale = min(steps) if steps else (values[-1] if values and values[-1] > 0 else 1)
    return max(0, min(4, -int(math.floor(math.log10(scale)))))


def relabel(layer):
    """Relabel a KDE raster's colour-ramp legend; returns the unit ('' when none). Other
    rasters and renderers are left as they are."""
    if not isinstance(layer, QgsRasterLayer):
        return ''
    renderer = layer.renderer()
    if not isinstance(renderer, QgsSingleBandPseudoColorRenderer) or renderer.shader() is None:
        return ''
    function = renderer.shader().rasterShaderFunction()
    if not hasattr(function, 'colorRampItemList'):
        return ''
    items = function.colorRampItemList()
    if not items:
        return ''
    d = rounded_decimals([i.value for i in items])
    for item in items:
        item.label = number(item.value, d)
    function.setColorRampItemList(items)
    unit = raster_unit(layer)
    if unit:
        layer.setName('{} ({})'.format(t('Täthet', 'Density'), unit))
    return unit
