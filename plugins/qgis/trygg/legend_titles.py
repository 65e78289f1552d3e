# SPDX-License-Identifier: GPL-2.0-or-later
"""What a result layer maps, as its name in the Layers panel (the desktop's legend) says it:
crime group, period and unit, e.g. "Våld · 2025H2 · anmälda brott per 1 000 inv. – <run>"
(issue 18: the legend never said what is mapped). A layer with several named styles (rates,
Gi*, LISA) is renamed when the user picks another under Layer > Styles, since each maps
something else. A saved project keeps the names last shown."""
from qgis.core import QgsExpressionContextUtils

from .algorithms import result_reader as rr
from .i18n import t

SEP = ' · '


def rates_title(group, period):
    """'Våld · 2025H2 · anmälda brott per 1 000 inv.' (no period part when it is not known)."""
    parts = [rr.group_label(group), period, t('anmälda brott per 1 000 inv.', 'reported crimes per 1,000 inh.')]
    return SEP.join(p for p in parts if p)


def hotspot_title(kind, group_text, period):
    """'Hotspots (Gi*) · Våld · 2025H2' or 'Kluster (LISA) · …' for `kind` 'gistar' / 'lisa';
    `group_text` is the group's display name (or names)."""
    head = t('Hotspots (Gi*)', 'Hot spots (Gi*)') if kind == 'gistar' else t('Kluster (LISA)', 'Clusters (LISA)')
    return SEP.join(p for p in [head, group_text, period] if p)


def heatmap_title(layer):
    """'Värmekarta · Våld · 2025H2' of a Trygg KDE raster (its GDAL metadata TRYGG_GROUP and
    TRYGG_PERIOD), '' when the raster records neither."""
    from .cartography.heatmap import raster_metadata
    group, period = raster_metadata(layer, 'TRYGG_GROUP'), raster_metadata(layer, 'TRYGG_PERIOD')
    if not group and not period:
        return ''
    return SEP.join(p for p in [t('Värmekarta', 'Heatmap'), rr.group_label(group) if group else '',
                                _period(period)] if p)


def _period(value):
    return str(value).replace('-', '–') if value not in (None, '') and str(value) != 'NULL' else ''


def rate_subject(layer, gpkg):
    """(group, period) the district layer's rate style maps: the group its style variable
    trygg_rate_field names (the style's default: vald), the period its 'period' column holds,
    else the engine's latest complete period (perioder.senaste)."""
    field = QgsExpressionContextUtils.layerScope(layer).variable('trygg_rate_field') or 'vald' + rr.RATE_SUFFIX
    group = str(field)[:-len(rr.RATE_SUFFIX)] if str(field).endswith(rr.RATE_SUFFIX) else str(field)
    period = None
    if layer.fields().indexOf('period') >= 0:
        values = {str(v) for v in layer.uniqueValues(layer.fields().indexOf('period')) if _period(v)}
        period = ', '.join(sorted(values)) or None
    return group, _period(period or rr.period_coverage(gpkg)[0])


def grid_subject(layer):
    """(group, period) of a grid layer from its 'grupp' and 'period' columns (every surface it
    holds, comma separated; '' when the column is absent)."""
    out = []
    for name in ('grupp', 'period'):
        index = layer.fields().indexOf(name)
        values = sorted({str(v) for v in layer.uniqueValues(index) if _period(v)}) if index >= 0 else []
        out.append(values)
    groups, periods = out
    return (', '.join(rr.group_label(g) for g in groups), ', '.join(_period(p) for p in periods))


def titles(layer, gpkg, table, default_style=None):
    """{style name: title} for the styles `layer` (table `table` of `gpkg`) offers."""
    from .algorithms.base import STORED_STYLE_NAMES
    gi_name, lisa_name = t(*STORED_STYLE_NAMES['gistar_bin']), t(*STORED_STYLE_NAMES['lisa_class'])
    found = {}
    if table == rr.DISTRICTS_LAYER:
        if default_style:
            found[default_style] = rates_title(*rate_subject(layer, gpkg))
        for kind, name, column in (('gistar', gi_name, 'gistar_bin'), ('lisa', lisa_name, 'lisa_class')):
            if layer.fields().indexOf(column) < 0:
                continue
            group, period = rr.hotspot_subject(gpkg, kind)
            found[name] = hotspot_title(kind, rr.group_label(group) if group else '', _period(period))
    else:   # a grid layer: its default style is its hotspot style (gistar_grid or lisa_grid)
        fields = layer.fields()
        group, period = grid_subject(layer)
        for kind, name, columns in (('lisa', lisa_name, ['lisa_class']), ('gistar', gi_name, ['gistar_bin', 'gi_bin'])):
            if any(fields.indexOf(c) >= 0 for c in columns):
                found[name] = hotspot_title(kind, group, period)
                if default_style:
                    found[default_style] = found[name]
    return found


def follow(layer, found, run_name):
    """Name `layer` '<title> – <run>' after what its current style maps, now and whenever the
    current style changes. The titles live in the connection, not in the layer's custom
    properties: those belong to the style and are replaced when the style is switched."""
    def rename(style=None):
        title = found.get(style if style is not None else layer.styleManager().currentStyle())
        if title:
            layer.setName('{} – {}'.format(title, run_name) if run_name else title)
    rename()
    layer.styleManager().currentStyleChanged.connect(rename)


def apply(layer, run_name, default_style=None):
    """Name `layer` (a layer of a Trygg GeoPackage) after what its current style maps, and keep
    doing so when the style changes. Layers that are not a district or hotspot layer keep their
    name."""
    source = layer.source()
    if '|layername=' not in source:
        return
    gpkg, rest = source.split('|layername=', 1)
    found = titles(layer, gpkg, rest.split('|')[0], default_style)
    if found:
        follow(layer, found, run_name)
