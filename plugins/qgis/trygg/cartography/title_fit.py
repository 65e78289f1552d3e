# SPDX-License-Identifier: GPL-2.0-or-later
"""A sheet's title on one line: a long district name is set smaller instead of wrapping out of
its box over the subtitle (legend18's look at all 84 Västerås sheets: "Hammarby Stadshage-Östra
Hammarby-Södra Vetterstorp (1833)" is 263 mm wide at 20 pt in a 200 mm box)."""
from qgis.core import QgsLayoutUtils

SMALLEST_PT = 11   # two lines of this still fit the 12 mm title box


def fitted_size(width_mm, box_mm, size_pt, smallest=SMALLEST_PT):
    """The font size (pt) at which a text `width_mm` wide at `size_pt` fits `box_mm`: text width
    scales with the size; never larger than `size_pt` nor smaller than `smallest`."""
    if width_mm <= box_mm or width_mm <= 0:
        return size_pt
    return max(smallest, int(size_pt * box_mm / width_mm * 10) / 10.0)


def fit(item, size_pt):
    """Set the layout label `item` (its text evaluated for the current atlas feature) at the
    largest size up to `size_pt` at which it fits its box on one line."""
    font = item.font()
    font.setPointSizeF(size_pt)
    box = item.sizeWithUnits().width() - 2 * item.marginX() - 1   # a little slack for hinting
    font.setPointSizeF(fitted_size(QgsLayoutUtils.textWidthMM(font, item.currentText()), box, size_pt))
    item.setFont(font)
