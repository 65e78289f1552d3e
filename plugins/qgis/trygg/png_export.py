# SPDX-License-Identifier: GPL-2.0-or-later
"""A layout page written as PNG without GDAL. QgsLayoutExporter.exportToImage saves the image and
then opens it with GDAL in update mode to georeference it (georeferenceOutputPrivate); GDAL's
PNG driver cannot update, so every sheet logged "ERROR 6: The PNG driver does not support update
access" (issue 18). A map sheet needs no georeferencing: render the page and let Qt save it."""
from qgis.core import QgsLayoutExporter
from qgis.PyQt.QtCore import QSize

INCHES_PER_METRE = 1 / 0.0254


def export_png(layout, path, dpi):
    """Every page of `layout` (at its current atlas feature) as PNG: page 1 to `path`, page n to
    '<path without .png>_n.png' as QGIS names them. Returns the paths written; raises OSError
    when Qt cannot write one."""
    exporter = QgsLayoutExporter(layout)
    pages = layout.pageCollection().pageCount()
    written = []
    for page in range(pages):
        image = exporter.renderPageToImage(page, QSize(), dpi)
        image.setDotsPerMeterX(int(round(dpi * INCHES_PER_METRE)))
        image.setDotsPerMeterY(int(round(dpi * INCHES_PER_METRE)))
        target = path if page == 0 else '{}_{}.png'.format(path[:-4] if path.lower().endswith('.png') else path,
                                                           page + 1)
        if image.isNull() or not image.save(target, 'PNG'):
            raise OSError(target)
        written.append(target)
    return written
