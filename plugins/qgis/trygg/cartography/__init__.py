# SPDX-License-Identifier: GPL-2.0-or-later
"""Cartography of the district sheets (trygg:districtmaps): number format, class limits,
background, overview inset, labels, the sex/age table. One concept per module; only selection
and formatting of the engine's published numbers happens here."""
