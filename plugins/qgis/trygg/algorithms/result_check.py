# SPDX-License-Identifier: GPL-2.0-or-later
"""Is a GeoPackage a Trygg result the sheets can draw? One clear line when not (a district
layer copied from elsewhere made 26 grey "Inga anmälda brott" sheets, issue 18)."""
from qgis.core import QgsProcessingException

from ..i18n import t
from . import result_reader as rr


def check_result(gpkg):
    """Raise QgsProcessingException naming the file and what is missing, else return the
    GeoPackage's layer names."""
    import os
    if not os.path.isfile(gpkg):
        raise QgsProcessingException(t("Filen '{}' finns inte.", "The file '{}' does not exist.").format(gpkg))
    names = rr.sublayers(gpkg)
    if not names:
        raise QgsProcessingException(t("'{}' är ingen GeoPackage som går att läsa.",
                                       "'{}' is not a readable GeoPackage.").format(gpkg))
    if rr.DISTRICTS_LAYER not in names:
        raise QgsProcessingException(t(
            "'{}' är inget Trygg-resultat: lagret '{}' saknas; ange en GeoPackage som Trygg skrivit.",
            "'{}' is not a Trygg result: it has no layer '{}'; give a GeoPackage written by Trygg.").format(
                gpkg, rr.DISTRICTS_LAYER))
    layer = rr.open_layer(gpkg, rr.DISTRICTS_LAYER)
    has_code = layer is not None and layer.fields().indexOf('kod') >= 0
    has_rates = layer is not None and bool(rr.rate_groups(layer))
    del layer
    if not has_code or not (has_rates or rr.COUNTS_TABLE in names):
        raise QgsProcessingException(t(
            "'{}' är inget Trygg-resultat: lagret '{}' har inga brottstal (kolumner <grupp>_per_1000) och "
            "tabellen '{}' saknas; ange en GeoPackage som Trygg skrivit.",
            "'{}' is not a Trygg result: layer '{}' has no crime rates (columns <group>_per_1000) and there is no "
            "table '{}'; give a GeoPackage written by Trygg.").format(gpkg, rr.DISTRICTS_LAYER, rr.COUNTS_TABLE))
    return names


def check_group(gpkg, group, groups):
    """Raise when `group` has no rate column in the result (never fall back to another group)."""
    if group in groups:
        return
    if groups:   # no rate columns at all: the caller draws the areas only, with a warning
        raise QgsProcessingException(t(
            "Brottsgruppen '{}' finns inte i '{}'; välj en av: {}.",
            "Crime group '{}' is not in '{}'; choose one of: {}.").format(group, gpkg, ', '.join(groups)))
