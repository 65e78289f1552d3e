# SPDX-License-Identifier: MIT
"""Reading a rendered Lägesrapport back, independently of the renderer (issue 17 end-to-end
tests): Swedish numbers parsed here, the PDF's text from pdftotext -layout, the HTML's tables with
html.parser, and the published values from the GeoPackage with sqlite3. Nothing here imports
trygg_report: a formatting bug there must show up as a mismatch here."""
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from trygg_cli import ROOT, query

WITHHELD = ".."
DASHES = ("\u2013", "\u2014", "-")
_GROUPED = re.compile(r"(?<=\d)[ \u202f\u2009\u00a0](?=\d{3}(?!\d))")
NUMBER = re.compile(r"^[+\u2212-]?\d+(?:,\d+)?$")


def parse_sv(text):
    """A Swedish number as the report prints it ('1 234', '6,6', '−38,6 %', '+7,2 %'), as
    (value, decimals); None for anything else (empty, '..', '–')."""
    t = text.strip().rstrip("%").strip().replace("\u00a0", " ")
    t = _GROUPED.sub("", t)
    if not NUMBER.match(t):
        return None
    value = float(t.replace("\u2212", "-").replace(",", "."))
    return value, (len(t.split(",")[1]) if "," in t else 0)


def shown_equals(cell, value):
    """Whether a printed number equals `value` to the decimals it shows (half a unit of the last
    shown place)."""
    parsed = parse_sv(cell)
    if parsed is None or value is None:
        return False
    shown, decimals = parsed
    return abs(shown - value) <= 0.5 * 10 ** -decimals + 1e-9


def resolve_example(name, shared_base):
    """An example pipeline of examples/lagesrapport with ${TRYGG_SHARED_DATA} resolved."""
    text = (ROOT / "examples" / "lagesrapport" / f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text.replace("${TRYGG_SHARED_DATA}", str(shared_base)))


def redirect(pipeline, out_dir, stem, privacy=None, report=True, **report_options):
    """The pipeline writing its GeoPackage and report under out_dir (names `stem`)."""
    stages = pipeline["pipeline"]
    for s in stages:
        if s["type"] == "write.gpkg":
            s["path"] = str(Path(out_dir) / f"{stem}.gpkg")
        if s["type"] == "write.report":
            s["path"] = str(Path(out_dir) / f"{stem}.html")
            s.update(report_options)
    if not report:
        pipeline["pipeline"] = [s for s in stages if s["type"] != "write.report"]
    if privacy:
        pipeline["privacy"] = privacy
    return pipeline


# ---- the published GeoPackage ---------------------------------------------------------------

class Published:
    """What the report must show, read from the GeoPackage with sqlite3."""

    def __init__(self, gpkg, table="incident_counts"):
        self.gpkg = gpkg
        self.table = table
        # `perioder`, or `perioder_<tag>` for an aggregate with its own tag.
        (perioder,) = query(gpkg, "select name from sqlite_master where type='table' and "
                                  "(name='perioder' or name like 'perioder\\_%' escape '\\')")[0]
        periods = query(gpkg, f"select period, fullstandig, senaste from {perioder} order by fid")
        self.periods = [p for p, _, _ in periods]
        self.complete = [p for p, c, _ in periods if c]
        self.latest = next(p for p, _, s in periods if s)
        before = [p for p in self.complete if p < self.latest]
        self.previous = before[-1] if before else None
        same = f"{int(self.latest[:4]) - 1}{self.latest[4:]}" if "H" in self.latest else None
        self.year_before = same if same in self.complete else None
        self.rows = {}
        for kod, grupp, period, kon, alder, antal, visning, undertryckt, per_1000, saknas in query(
                gpkg, f"select kod, grupp, period, kon, aldersgrupp, antal, antal_visning, undertryckt, per_1000, "
                      f"saknas_orsak from {table}"):
            self.rows[(kod, grupp, period, kon, alder)] = {
                "antal": antal, "visning": visning, "undertryckt": bool(undertryckt), "per_1000": per_1000,
                "saknas": saknas}
        self.groups = [g for (g,) in query(gpkg, f"select grupp from {table} group by grupp order by min(fid)")]
        self.sexes = [k for (k,) in query(gpkg, f"select kon from {table} group by kon order by min(fid)")]
        self.ages = [a for (a,) in query(gpkg, f"select aldersgrupp from {table} group by aldersgrupp "
                                               "order by min(fid)")]
        self.in_source = [g for g in self.groups
                          if any(r["saknas"] is None for k, r in self.rows.items() if k[1] == g)]

    def cell(self, key):
        """The row of a cell; a cell without a row is a published 0 (the sparse table's
        completeness rule, README): not withheld, no population, no rate."""
        return self.rows.get(key, {"antal": 0, "visning": "0", "undertryckt": False, "per_1000": None,
                                   "saknas": None})

    def districts(self, parent=None, level=None):
        """(kod, namn) of the district layer in its order; with `parent`, those nested in it."""
        rows = query(self.gpkg, "select kod, namn from delomraden order by fid")
        if parent is None:
            return rows
        inside = {k for (k,) in query(self.gpkg, "select kod from nivaindelning where niva=? and overordnad_kod=?",
                                      level, parent)}
        return [r for r in rows if r[0] in inside]


def count_cell_ok(cell, row):
    """A count cell against its published row: '..' when withheld, else the count."""
    if row["undertryckt"]:
        return cell.strip() == WITHHELD
    if row["antal"] is None:
        return cell.strip() in ("", WITHHELD) or cell.strip() in DASHES
    return parse_sv(cell) is not None and parse_sv(cell)[0] == row["antal"] and parse_sv(cell)[1] == 0


def rate_cell_ok(cell, row):
    if row["undertryckt"]:
        return cell.strip() == WITHHELD
    if row["per_1000"] is None:
        return parse_sv(cell) is None
    return shown_equals(cell, row["per_1000"])


# ---- the PDF --------------------------------------------------------------------------------

def pdf_text(pdf):
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def cells_after(line, token):
    """The cells of a -layout line after the last occurrence of `token` (a district code):
    runs of two or more spaces separate cells."""
    rest = line[line.rindex(token) + len(token):]
    cells = []
    for cell in re.split(r"\s{2,}", rest.strip()):
        # Narrow columns may be one space apart ('0,00 0,00–0,68'); a space before three digits
        # and no more ('1 065') groups thousands and stays.
        cells += [c for c in re.split(r"\s(?!\d{3}(?![\d\u2013]))", cell) if c]
    return cells


def codes_named(text, codes):
    """Every district code the text names as a word."""
    pattern = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, codes)) + r")(?![\w])")
    return set(pattern.findall(text))


def is_district_row(cells):
    """Whether the cells after a code are a row of a per-delområde table: count, rate (a decimal
    comma, or '..' followed by a '–' change), and not the counts-only sex/age table."""
    if len(cells) < 2 or not (cells[0] == WITHHELD or parse_sv(cells[0]) is not None):
        return False
    if cells[1] == WITHHELD:
        return any(c.startswith(DASHES) for c in cells[2:])
    return "," in cells[1] and parse_sv(cells[1]) is not None


def code_lines(text, codes):
    """(code, line) for every line of a per-delområde table: a district code as a word followed by
    the row's cells (is_district_row). Västerås' DeSO are named '<RegSO> (<code>) · <DeSO code>',
    so the code also stands in wrapped names and in the sex/age table's names: not rows."""
    pattern = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, codes)) + r")(?![\w])")
    out = []
    for line in text.splitlines():
        found = pattern.findall(line)
        if found and is_district_row(cells_after(line, found[-1])):
            out.append((found[-1], line))
    return out


def district_table_rows(text, codes, n_tables):
    """The rows of the first `n_tables` per-district tables (one per crime group in the source, in
    catalogue order): each is the run of lines naming every code once, in the layer's order. A
    table split over pages keeps its order; summary and trend text hold no codes."""
    lines = code_lines(text, codes)
    tables, i = [], 0
    while len(tables) < n_tables and i < len(lines):
        block = lines[i:i + len(codes)]
        if [c for c, _ in block] != list(codes):
            raise AssertionError(f"table {len(tables) + 1}: expected the codes in layer order from line "
                                 f"{block[0][1]!r}, got {[c for c, _ in block][:5]}...")
        tables.append(block)
        i += len(codes)
    return tables


def summary_rows(text, n_rows):
    """The rows of the summary tables: lines before the first group section whose cells after the
    first are count, rate, count, rate (numbers or '..')."""
    rows = []
    for line in text.splitlines():
        cells = [c for c in re.split(r"\s{2,}", line.strip()) if c]
        if len(cells) >= 5 and all(parse_sv(c) is not None or c == WITHHELD for c in cells[1:5]):
            rows.append(cells)
        if len(rows) == n_rows:
            break
    return rows


# ---- the HTML -------------------------------------------------------------------------------

class Tables(HTMLParser):
    """Every <table id=...>: its caption and rows of cell texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.current, self.row, self.cell, self.caption = {}, None, None, None, None
        self.scoped_headers = 0
        self.img_without_alt = 0
        self.svg_without_title = 0
        self._svg_depth, self._svg_title = 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.current = a.get("id") or f"table{len(self.tables)}"
            self.tables[self.current] = {"caption": "", "rows": []}
        elif tag == "caption" and self.current:
            self.caption = ""
        elif tag == "tr" and self.current:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
            if tag == "th" and a.get("scope"):
                self.scoped_headers += 1
        elif tag == "img" and not a.get("alt"):
            self.img_without_alt += 1
        elif tag == "svg":
            if self._svg_depth == 0:
                self._svg_title = bool(a.get("aria-label"))
            self._svg_depth += 1
        elif tag == "title" and self._svg_depth:
            self._svg_title = True

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag == "caption" and self.caption is not None:
            self.tables[self.current]["caption"] = self.caption.strip()
            self.caption = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.current]["rows"].append(self.row)
            self.row = None
        elif tag == "svg":
            self._svg_depth -= 1
            if self._svg_depth == 0 and not self._svg_title:
                self.svg_without_title += 1

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        elif self.caption is not None:
            self.caption += data


def html_tables(html_text):
    parser = Tables()
    parser.feed(html_text)
    return parser


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
                      re.IGNORECASE)


def external_references(html_text):
    """Places where the HTML would fetch something (src/href/url()/@import to http(s) or //);
    namespace URIs of inline SVG (xmlns=) fetch nothing and are not counted."""
    return EXTERNAL.findall(html_text)
