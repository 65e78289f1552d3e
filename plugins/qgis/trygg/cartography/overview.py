# SPDX-License-Identifier: GPL-2.0-or-later
"""The overview's inset of the dense centre, chosen from the districts themselves: the
smallest square (in map units) centred on a district's centroid that holds at least half of
all district centroids. Worth an inset only when that square is a small part of the whole
extent (in a municipality with a town and wide countryside the town is a smudge otherwise)."""


def dense_box(points, fraction=0.5):
    """(cx, cy, half side) of the smallest square centred on one of `points` that holds at
    least `fraction` of them (Chebyshev distance), or None for fewer than 4 points. Ties go to
    the first point in the given order, so the choice is deterministic."""
    pts = [(float(x), float(y)) for x, y in points]
    n = len(pts)
    if n < 4:
        return None
    need = max(1, int(-(-fraction * n // 1)))   # ceil
    best = None
    for cx, cy in pts:
        d = sorted(max(abs(x - cx), abs(y - cy)) for x, y in pts)
        r = d[need - 1]
        if best is None or r < best[2]:
            best = (cx, cy, r)
    return best


def inset_extent(points, full_width, full_height, fraction=0.5, max_share=0.12, margin=1.15):
    """(xmin, ymin, xmax, ymax) of the inset, or None when the dense square (with a margin)
    covers more than `max_share` of the full extent's area, i.e. the overview shows it well."""
    box = dense_box(points, fraction)
    if box is None or full_width <= 0 or full_height <= 0:
        return None
    cx, cy, r = box
    r = max(r * margin, 1.0)
    if (2 * r) * (2 * r) > max_share * full_width * full_height:
        return None
    return (cx - r, cy - r, cx + r, cy + r)


# Issue 18 (sheets28): the Västerås inset was still crowded — half of the 84 DeSO in a 6 cm
# square, their codes on top of each other. A district whose label does not fit inside it at the
# inset's scale is labelled with a number instead, and a key beside the inset gives the numbers'
# names.
POINT_MM = 25.4 / 72
CHAR_WIDTH = 0.6      # average glyph width of the sans serif labels, in font sizes
LINE_HEIGHT = 1.2


def label_size_mm(text, size_pt):
    """(width, height) of a one-line label of `text` at `size_pt`, estimated."""
    return len(str(text)) * CHAR_WIDTH * size_pt * POINT_MM, LINE_HEIGHT * size_pt * POINT_MM


def numbered_districts(districts, box, frame_width_mm, size_pt):
    """{kod: number} for the districts inside the inset `box` (xmin, ymin, xmax, ymax) whose
    label does not fit inside them at the inset's scale (frame width in mm over the box's width):
    numbered 1, 2, ... from north-west to south-east (rows of a tenth of the box, then x).
    `districts` is [(kod, label text, (x, y) point on surface, radius of the largest circle
    inside the district)] in map units."""
    xmin, ymin, xmax, ymax = box
    if xmax <= xmin or frame_width_mm <= 0:
        return {}
    mm_per_unit = frame_width_mm / (xmax - xmin)
    crowded = []
    for kod, text, (x, y), radius in districts:
        if not (xmin <= x <= xmax and ymin <= y <= ymax):
            continue
        w, h = label_size_mm(text, size_pt)
        r = radius * mm_per_unit
        if w / 2 > r * 1.3 or h / 2 > r:     # a label may reach a little past the inscribed circle
            crowded.append((kod, x, y))
    row = (ymax - ymin) / 10.0
    crowded.sort(key=lambda d: (int((ymax - d[2]) // row), d[1], d[0]))
    return {kod: i + 1 for i, (kod, _, _) in enumerate(crowded)}


def key_text(numbers, names, columns=3):
    """The key of the numbered districts: 'n name' in `columns` columns (tab-free, one line per
    row; the columns are padded with figure spaces so they line up in a proportional font
    closely enough)."""
    items = ['{} {}'.format(n, names.get(kod, kod)) for kod, n in sorted(numbers.items(), key=lambda kv: kv[1])]
    if not items:
        return ''
    rows = -(-len(items) // columns)
    lines = []
    for r in range(rows):
        cells = [items[c * rows + r] for c in range(columns) if c * rows + r < len(items)]
        lines.append('   '.join(cells))
    return '\n'.join(lines)
