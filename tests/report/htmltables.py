# SPDX-License-Identifier: MIT
"""A small reader of the report's HTML (html.parser): tables by caption, images, svgs, links."""
from __future__ import annotations

from html.parser import HTMLParser


def norm(s: str) -> str:
    """Whitespace folded to single spaces (the narrow no-break space included)."""
    return " ".join(s.replace("\u202f", " ").replace("\u00a0", " ").split())


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables, self.imgs, self.svgs, self.attrs = [], [], [], []
        self.lang = None
        self._table = self._cell = self._row = None
        self._in_caption = False
        self._svg = None
        self._svg_title = False
        self.text = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.attrs.append((tag, a))
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "table":
            self._table = {"caption": "", "head": [], "rows": [], "scopes": [], "id": a.get("id")}
            self.tables.append(self._table)
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = [tag, a.get("scope"), ""]
        elif tag == "img":
            self.imgs.append(a)
        elif tag == "svg":
            self._svg = dict(a, title="")
            self.svgs.append(self._svg)
        elif tag == "title" and self._svg is not None:
            self._svg_title = True

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if all(c[0] == "th" and c[1] == "col" for c in self._row):
                self._table["head"] = [norm(c[2]) for c in self._row]
            else:
                self._table["rows"].append([norm(c[2]) for c in self._row])
                self._table["scopes"].append([(c[0], c[1]) for c in self._row])
            self._row = None
        elif tag == "svg":
            self._svg = None
        elif tag == "title":
            self._svg_title = False

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell[2] += data
        if self._in_caption and self._table is not None:
            self._table["caption"] += data
        if self._svg_title and self._svg is not None:
            self._svg["title"] += data

    def table(self, caption_start: str):
        found = [t for t in self.tables if norm(t["caption"]).startswith(norm(caption_start))]
        assert len(found) == 1, f"{len(found)} tables with a caption starting {caption_start!r}: " \
                                f"{[norm(t['caption']) for t in self.tables]}"
        return found[0]

    def cell(self, caption_start: str, row: str, column: str) -> str:
        t = self.table(caption_start)
        col = t["head"].index(norm(column))
        rows = [r for r in t["rows"] if r[0] == norm(row)]
        assert len(rows) == 1, f"row {row!r} in {caption_start!r}: {[r[0] for r in t['rows']]}"
        return rows[0][col]
