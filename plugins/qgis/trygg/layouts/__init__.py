# SPDX-License-Identifier: GPL-2.0-or-later
"""The sheet template (district_sheet.qpt), its maker and its fixed text in both languages."""
