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
