# SPDX-License-Identifier: GPL-2.0-or-later
"""The fixed text of the sheet template (district_sheet.qpt) in both languages (issue 18,
sheets28). The template keeps the Swedish text (make_layout.py writes it); `localise` swaps in
the English text when the plugin's language is English. Only text that is still the shipped
Swedish text is changed, so a template a user edited in the layout designer keeps its words."""
from qgis.core import QgsLayoutFrame, QgsLayoutItemLabel, QgsLayoutItemLegend

from ..i18n import t

# item id -> (Swedish as in district_sheet.qpt, English)
LABELS = {
    'subtitle': (
        "[% coalesce(@trygg_subtitle, 'Delområde ' || attribute(@atlas_feature, 'kod') || ' · ' || "
        "@trygg_municipality) %]",
        "[% coalesce(@trygg_subtitle, 'District ' || attribute(@atlas_feature, 'kod') || ' · ' || "
        "@trygg_municipality) %]"),
    'keyfigures_title': (
        'Nyckeltal [% @trygg_period_label %]\n(förändring mot föregående halvår)',
        'Key figures [% @trygg_period_label %]\n(change since the previous half-year)'),
    'source': (
        "[% coalesce(@trygg_source, 'Källa: anmälda brott; befolkning SCB.') %] Sekretess: '..' = uppgift "
        "undertryckt för att skydda enskilda. Framställd [% coalesce(@trygg_made, format_date(now(), 'yyyy-MM-dd')) %] "
        "med Trygg. [% coalesce(@trygg_data_range, '') %]",
        "[% coalesce(@trygg_source, 'Source: reported crime; population SCB.') %] Confidentiality: '..' = value "
        "withheld to protect individuals. Made [% coalesce(@trygg_made, format_date(now(), 'yyyy-MM-dd')) %] "
        "with Trygg. [% coalesce(@trygg_data_range, '') %]"),
}
LEGEND_TITLE = ('Teckenförklaring', 'Legend')
# table frame id -> (Swedish empty-table message, English)
EMPTY_TABLES = {
    'keyfigures': ('Inga anmälda brott', 'No reported crimes'),
    'breakdown': ('Ingen uppdelning efter kön och ålder', 'No breakdown by sex and age'),
}


def localise(layout):
    """Every shipped fixed text of `layout` in the plugin's language; returns the ids changed."""
    changed = []
    for item_id, texts in LABELS.items():
        item = layout.itemById(item_id)
        if isinstance(item, QgsLayoutItemLabel) and item.text() in texts:
            item.setText(t(*texts))
            changed.append(item_id)
    legend = layout.itemById('legend')
    if isinstance(legend, QgsLayoutItemLegend) and legend.title() in LEGEND_TITLE:
        legend.setTitle(t(*LEGEND_TITLE))
        changed.append('legend')
    for item_id, texts in EMPTY_TABLES.items():
        frame = layout.itemById(item_id)
        table = frame.multiFrame() if isinstance(frame, QgsLayoutFrame) else None
        if table is not None and table.emptyTableMessage() in texts:
            table.setEmptyTableMessage(t(*texts))
            changed.append(item_id)
    return changed
