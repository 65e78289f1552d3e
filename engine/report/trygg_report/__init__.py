# SPDX-License-Identifier: MIT
"""trygg_report: the Lägesrapport renderer (HTML and A4 PDF) of a trygg-report-input document."""
