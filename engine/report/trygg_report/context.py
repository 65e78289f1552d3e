# SPDX-License-Identifier: MIT
"""From the report input to what the template shows: words, formatted numbers, tables, figures.

No statistics here: every number comes from the input document (see docs/report-input.md);
this module only picks, orders, formats and labels them.
"""
from __future__ import annotations

import json

from . import charts, numfmt
from .texts import (GISTAR_BINS, LISA_CLASSES, T, VERDICT, WEEKDAYS, age_name, goal_name, group_name,
                    lang_of, sex_name)

ALLA = "alla"


class Table:
    """A table for the template: caption, column headers (label, css class), rows whose first cell is
    the row header. Cells are (text, css class)."""

    def __init__(self, caption, columns, rows=None, cls=""):
        self.caption = caption
        self.columns = columns
        self.rows = rows or []
        self.cls = cls

    def drop_empty_columns(self):
        """Leave out columns (never the row header) that are empty in every row: a published run
        withholds z and p of Gi* and LISA, and a column of blanks only takes room."""
        if not self.rows:
            return self
        keep = [0] + [i for i in range(1, len(self.columns)) if any((r[i][0] or "").strip() for r in self.rows)]
        self.columns = [self.columns[i] for i in keep]
        self.rows = [[r[i] for i in keep] for r in self.rows]
        return self


def _num_cell(text):
    return (text, "num")


def _file_name(path):
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _without_code(name, kod):
    suffix = f" \u00b7 {kod}"
    return name[:-len(suffix)] if name and kod and name.endswith(suffix) else name


def _key(*parts):
    return tuple(parts)


class Report:
    def __init__(self, doc: dict, progress=lambda s: None):
        self.doc = doc
        self.lang = lang_of(doc)
        self.t = T[self.lang]
        self.progress = progress
        p = doc.get("periods") or {}
        self.periods = p
        self.latest = p.get("latest")
        self.previous = p.get("previous")
        self.year_before = p.get("year_before")
        self.area = (doc.get("area") or {}).get("name") or ""
        self.groups = doc.get("groups") or []
        self.sexes = doc.get("sexes") or [ALLA]
        self.ages = doc.get("age_bands") or [ALLA]
        self.k = doc.get("suppress_below") or (doc.get("disclosure") or {}).get("suppress_below")
        self.totals = {_key(r.get("grupp"), r.get("period"), r.get("kon"), r.get("aldersgrupp")): r
                       for r in doc.get("totals") or []}
        self.dcounts = {_key(r.get("kod"), r.get("grupp"), r.get("period"), r.get("kon"), r.get("aldersgrupp")): r
                        for r in doc.get("district_counts") or []}
        self.changes = {_key(r.get("kod"), r.get("grupp"), r.get("kon"), r.get("aldersgrupp"), r.get("jamfort_med")): r
                        for r in doc.get("changes") or []}
        self.features = ((doc.get("districts") or {}).get("features")) or []
        # A name taken from an enclosing layer ends in " · <kod>" (the map sheets' form); the
        # tables give the code a column of its own, so the name drops it (long rows overran A4).
        self.names = {f.get("kod"): _without_code(f.get("namn"), f.get("kod")) or f.get("kod") for f in self.features}
        self._mapbase = None

    # --- formatting helpers -------------------------------------------------------------

    def n(self, x, d=0):
        return numfmt.number(x, d, self.lang)

    def count_of(self, row):
        if row is None:
            return ""
        if row.get("saknas_orsak"):
            return ""
        return numfmt.count(row.get("antal"), row.get("visning"), self.lang)

    def dcount(self, kod, gid, period, kon, alder):
        """A district's row of incident_counts; incident_counts is sparse (a missing row is a
        count of 0), so a missing row of a district whose total row is there reads as 0."""
        row = self.dcounts.get(_key(kod, gid, period, kon, alder))
        if row is None and _key(kod, gid, period, ALLA, ALLA) in self.dcounts:
            return {"antal": 0, "visning": "0"}
        return row

    def rate_of(self, row, field="per_1000"):
        if row is None or row.get("saknas_orsak"):
            return ""
        return numfmt.rate(row.get(field), self.lang, withheld=row.get("antal") is None)

    @staticmethod
    def withheld(row):
        return row is not None and row.get("antal") is None and not row.get("saknas_orsak") and \
            row.get("visning") not in (None, "")

    def gname(self, gid):
        return group_name(gid, self.lang)

    def ratio_text(self, ch):
        """"0,93 (0,74–1,16)", "–" over a withheld value, "" for no value."""
        if ch is None:
            return ""
        if ch.get("utfall") == "undertryckt":
            return numfmt.CHANGE_WITHHELD
        if numfmt.is_missing(ch.get("kvot")):
            return ""
        iv = numfmt.interval(ch.get("kvot_lag"), ch.get("kvot_hog"), self.lang)
        return f"{numfmt.ratio(ch['kvot'], self.lang)} ({iv})" if iv else numfmt.ratio(ch["kvot"], self.lang)

    def verdict(self, ch, in_source=True):
        if not in_source:
            return self.t["not_in_source"]
        if ch is None:
            return VERDICT[self.lang]["saknas"]
        return VERDICT[self.lang].get(ch.get("utfall"), ch.get("utfall") or "")

    def mapbase(self):
        if self._mapbase is None:
            self._mapbase = charts.MapBase(self.features, self.doc.get("context_districts") or [])
        return self._mapbase

    # --- sections -----------------------------------------------------------------------

    def title(self):
        if self.doc.get("title"):
            return self.doc["title"]
        return f"{self.t['report']} {self.latest or ''} \u2013 {self.area}".strip()

    def comparisons(self):
        out = []
        if self.previous:
            out.append(("previous", self.previous, self.t["compared_previous"]))
        if self.year_before:
            out.append(("year_before", self.year_before, self.t["compared_year_before"]))
        return out

    def summary(self):
        t = self.t
        tables, headlines = [], []
        for which, period, label in self.comparisons():
            cols = [(t["group"], ""), (f"{t['count']} {period}", "num"), (f"{t['rate']} {period}", "num"),
                    (f"{t['count']} {self.latest}", "num"), (f"{t['rate']} {self.latest}", "num"),
                    (f"{t['ratio']} ({t['ratio_interval']})", "num"), (t["verdict"], "")]
            table = Table(f"{t['summary']}: {self.latest} {label} ({period}).", cols, cls="summary")
            for g in self.groups:
                gid = g.get("id")
                ch = self.changes.get(_key("totalt", gid, ALLA, ALLA, which))
                src = g.get("in_source", True)
                frm = self.totals.get(_key(gid, period, ALLA, ALLA))
                to = self.totals.get(_key(gid, self.latest, ALLA, ALLA))
                verdict = self.verdict(ch, src)
                table.rows.append([(self.gname(gid), ""), _num_cell(self.count_of(frm)), _num_cell(self.rate_of(frm)),
                                   _num_cell(self.count_of(to)), _num_cell(self.rate_of(to)),
                                   _num_cell(self.ratio_text(ch) if src else ""),
                                   (verdict, "verdict " + ((ch or {}).get("utfall") or "saknas"))])
            tables.append(table)
        for g in self.groups:
            if not g.get("in_source", True):
                continue
            parts = []
            for which, period, label in self.comparisons():
                ch = self.changes.get(_key("totalt", g.get("id"), ALLA, ALLA, which))
                if ch is None:
                    continue
                text = f"{self.verdict(ch)} {label} ({period})"
                if ch.get("utfall") in ("okning", "minskning", "osaker") and not numfmt.is_missing(ch.get("kvot")):
                    text += f", {t['ratio'].lower()} {self.ratio_text(ch)}"
                parts.append(text)
            if parts:
                headlines.append((self.gname(g.get("id")), "; ".join(parts) + "."))
        return {"tables": tables, "headlines": headlines}

    def group_sections(self):
        out = []
        for g in self.groups:
            self.progress(f"group {g.get('id')}")
            out.append(self.group_section(g))
        return out

    def group_section(self, g):
        t = self.t
        gid = g.get("id")
        name = self.gname(gid)
        sec = {"id": f"grupp-{gid}", "name": name, "in_source": g.get("in_source", True)}
        if not sec["in_source"]:
            return sec
        # Trend over every period; incomplete ones marked.
        allp = self.periods.get("all") or []
        complete = set(self.periods.get("complete") or allp)
        rows = [self.totals.get(_key(gid, p, ALLA, ALLA)) or {} for p in allp]
        if allp and any(rows):
            def col(f):
                return [r.get(f) if not numfmt.is_missing(r.get(f)) else None for r in rows]
            counts = col("antal")
            incomplete = [p not in complete for p in allp]
            fig = charts.trend_chart(allp, counts, col("antal_lag"), col("antal_hog"), col("per_1000"),
                                     col("per_1000_lag"), col("per_1000_hog"), incomplete,
                                     {"count": t["count"], "rate": t["rate"], "incomplete": t["incomplete_legend"].format(
                                         periods=", ".join(p for p, i in zip(allp, incomplete) if i))}, self.lang)
            alt = t["trend_alt"].format(group=name, first=allp[0], last=allp[-1])
            shown = [(c, p) for c, p in zip(counts, allp) if c is not None]
            if shown:
                c, p = max(shown, key=lambda cp: cp[0])
                alt += t["trend_alt_max"].format(period=p, count=self.n(c))
            latest = self.totals.get(_key(gid, self.latest, ALLA, ALLA))
            if latest is not None:
                alt += f" {self.latest}: {self.count_of(latest)} ({self.rate_of(latest)} {t['map_unit']})."
            inc = [p for p, i in zip(allp, incomplete) if i]
            if inc:
                alt += " " + t["trend_incomplete"].format(periods=", ".join(inc))
            sec["trend"] = {"svg": charts.svg_inline(fig, alt), "alt": alt,
                            "note": t["trend_incomplete"].format(periods=", ".join(inc)) if inc else ""}
        # Map of the latest rate per district.
        if self.features and self.mapbase().bounds is not None and self.latest:
            rates, withheld = {}, set()
            for f in self.features:
                r = self.dcounts.get(_key(f.get("kod"), gid, self.latest, ALLA, ALLA))
                if r is None:
                    continue
                if self.withheld(r):
                    withheld.add(f.get("kod"))
                elif not numfmt.is_missing(r.get("per_1000")):
                    rates[f.get("kod")] = r.get("per_1000")
            fig = charts.choropleth(self.mapbase(), rates, withheld,
                                    {"withheld": t["withheld_legend"], "no_value": t["no_value_legend"],
                                     "unit": t["map_unit"], "zero": t["zero_legend"]}, self.lang)
            alt = t["map_alt"].format(n=len(self.features), group=name, period=self.latest)
            if rates and max(rates.values()) == 0:
                alt += t["map_alt_zero"]
            elif rates:
                kod = max(rates, key=rates.get)
                alt += t["map_alt_max"].format(name=self.names.get(kod, kod), rate=numfmt.rate(rates[kod], self.lang))
            if withheld:
                alt += t["map_alt_withheld"].format(n=len(withheld))
            sec["map"] = {"src": charts.png_data_uri(fig), "alt": alt}
        # Table per district.
        if self.features and self.latest:
            prev = self.previous
            cols = [(t["district"], ""), (t["code"], ""), (t["count"], "num"), (t["rate"], "num"),
                    (t["rate_interval"], "num")]
            if prev:
                cols += [(t["change_since"].format(period=prev), "num"), (f"{t['ratio']} ({t['ratio_interval']})", "num"),
                         (t["verdict"], "")]
            table = Table(t["by_district_caption"].format(group=name, period=self.latest, previous=prev or "\u2013"),
                          cols, cls="districts")
            for f in self.features:
                kod = f.get("kod")
                r = self.dcounts.get(_key(kod, gid, self.latest, ALLA, ALLA))
                row = [(self.names.get(kod, kod), ""), (kod, "code"), _num_cell(self.count_of(r)),
                       _num_cell(self.rate_of(r)),
                       _num_cell("" if r is None else numfmt.interval(r.get("per_1000_lag"), r.get("per_1000_hog"),
                                                                       self.lang, "rate"))]
                if prev:
                    rp = self.dcounts.get(_key(kod, gid, prev, ALLA, ALLA))
                    over_withheld = self.withheld(r) or self.withheld(rp)
                    pct = None if r is None else r.get("forandring_pct")
                    ch = self.changes.get(_key(kod, gid, ALLA, ALLA, "previous"))
                    row += [_num_cell(numfmt.percent_change(pct, self.lang, withheld=over_withheld)),
                            _num_cell(self.ratio_text(ch)), (self.verdict(ch), "verdict " + ((ch or {}).get("utfall") or ""))]
                table.rows.append(row)
            sec["districts"] = table
        # Sex and age for the whole area (latest), count (rate). A dimension the source does not
        # record (every incident "okänd", as the police register by DeSO) would only show zeros.
        sex_unknown, age_unknown = self.all_unknown(gid, "kon"), self.all_unknown(gid, "aldersgrupp")
        sexes = [ALLA] if sex_unknown else self.sexes
        ages = [ALLA] if age_unknown else self.ages
        if sex_unknown or age_unknown:
            sec["sexage_note"] = t["sex_age_unknown"][(sex_unknown, age_unknown)]
        if self.latest and (len(sexes) > 1 or len(ages) > 1):
            cols = [(t["age"], "")] + [(sex_name(s, self.lang), "num") for s in sexes]
            table = Table(t["by_sex_age_caption"].format(group=name, area=self.area, period=self.latest), cols,
                          cls="sexage")
            for a in ages:
                row = [(age_name(a, self.lang), "")]
                for s in sexes:
                    r = self.totals.get(_key(gid, self.latest, s, a))
                    c, rt = self.count_of(r), self.rate_of(r)
                    row.append(_num_cell(f"{c} ({rt})" if rt and rt != numfmt.WITHHELD else c))
                table.rows.append(row)
            sec["sexage"] = table
            # Per district: counts only, the margins (each sex over all ages, each age over both sexes).
            if self.features:
                s_cols = [s for s in sexes if s != ALLA]
                a_cols = [a for a in ages if a != ALLA]
                cols = [(t["district"], "")] + [(sex_name(s, self.lang), "num") for s in s_cols] + \
                       [(age_name(a, self.lang), "num") for a in a_cols]
                table = Table(t["district_sex_age_caption"].format(group=name, period=self.latest), cols,
                              cls="compact")
                for f in self.features:
                    kod = f.get("kod")
                    row = [(self.names.get(kod, kod), "")]
                    row += [_num_cell(self.count_of(self.dcount(kod, gid, self.latest, s, ALLA))) for s in s_cols]
                    row += [_num_cell(self.count_of(self.dcount(kod, gid, self.latest, ALLA, a))) for a in a_cols]
                    table.rows.append(row)
                sec["district_sexage"] = table
        return sec

    def all_unknown(self, gid, field):
        """True when the group's published totals put every incident in "okänd" for `field` (kon or
        aldersgrupp): each published known category is 0 in every period. A withheld known cell is
        accepted only in a period whose whole count (alla × alla) is withheld too (secondary
        suppression of a tiny period); anywhere else it may hide known incidents."""
        rows = [r for r in self.doc.get("totals") or [] if r.get("grupp") == gid and not r.get("saknas_orsak")]
        known = [r for r in rows if r.get(field) not in (ALLA, "okänd")]
        if not known or not any(r.get(field) == "okänd" for r in rows):
            return False
        for r in known:
            if r.get("antal") is None:
                whole = self.totals.get(_key(gid, r.get("period"), ALLA, ALLA))
                if whole is None or whole.get("antal") is not None:
                    return False
            elif r.get("antal") != 0:
                return False
        return any(r.get("antal") == 0 for r in known)

    def hotspots(self):
        h = self.doc.get("hotspots")
        if not h or not (h.get("gistar") or h.get("lisa") or h.get("grid")):
            return None
        t = self.t
        var = h.get("variable") or ""
        out = {"variable": var}
        have_map = self.features and self.mapbase().bounds is not None
        if h.get("gistar"):
            bins = {r.get("kod"): r.get("gistar_bin") for r in h["gistar"]}
            hot = sum(1 for b in bins.values() if b and b > 0)
            cold = sum(1 for b in bins.values() if b and b < 0)
            alt = t["gistar_alt"].format(variable=var, hot=hot, cold=cold)
            if have_map:
                fig = charts.categorical_map(self.mapbase(), bins, charts.GISTAR_COLOURS, GISTAR_BINS[self.lang], "Gi*")
                out["gistar_map"] = {"src": charts.png_data_uri(fig), "alt": alt}
            table = Table(t["hotspot_caption"].format(method="Gi*", variable=var),
                          [(t["district"], ""), (t["code"], ""), (t["z"], "num"), (t["p"], "num"), (t["class"], "")])
            for r in sorted(h["gistar"], key=lambda r: -(r.get("gistar_z") or 0)):
                if r.get("gistar_bin"):
                    kod = r.get("kod")
                    table.rows.append([(self.names.get(kod, kod), ""), (kod, "code"), _num_cell(self.n(r.get("gistar_z"), 2)),
                                       _num_cell(self.n(r.get("gistar_p"), 3)),
                                       (GISTAR_BINS[self.lang].get(r.get("gistar_bin"), str(r.get("gistar_bin"))), "")])
            out["gistar_table"] = table.drop_empty_columns()
        if h.get("lisa"):
            classes = {r.get("kod"): r.get("lisa_class") for r in h["lisa"]}
            names = dict(LISA_CLASSES[self.lang])
            alt = t["lisa_alt"].format(variable=var, hh=sum(1 for c in classes.values() if c == 1),
                                       ll=sum(1 for c in classes.values() if c == 2))
            if have_map:
                fig = charts.categorical_map(self.mapbase(), classes, charts.LISA_COLOURS, names, "LISA")
                out["lisa_map"] = {"src": charts.png_data_uri(fig), "alt": alt}
            table = Table(t["hotspot_caption"].format(method="LISA", variable=var),
                          [(t["district"], ""), (t["code"], ""), (t["class"], ""), (t["p"], "num")])
            for r in h["lisa"]:
                if r.get("lisa_class"):
                    kod = r.get("kod")
                    # The class number, labelled in the report's language (lisa_label is the engine's English).
                    label = names.get(r.get("lisa_class"), str(r.get("lisa_class")))
                    table.rows.append([(self.names.get(kod, kod), ""), (kod, "code"), (label, ""),
                                       _num_cell(self.n(r.get("lisa_p_sim"), 3))])
            out["lisa_table"] = table.drop_empty_columns()
        grid = h.get("grid")
        if grid:
            fdr = t["fdr"] if grid.get("fdr") else ""
            out["grid_intro"] = t["grid_intro"].format(size=self.n(grid.get("cell_size")),
                                                       dist=self.n(grid.get("distance_m"), 1), fdr=fdr)
            table = Table(t["grid_caption"], [(t["group"], ""), (t["period"], ""), (t["hot_cells"], "num"),
                                               (t["cold_cells"], "num"), (t["withheld_cells"], "num")])
            maps = []
            cells = grid.get("cells") or []
            for s in grid.get("surfaces") or []:
                gid, per = s.get("grupp"), s.get("period")
                per_text = t["all_periods"] if per == ALLA else per
                table.rows.append([(self.gname(gid), ""), (per_text, ""), _num_cell(self.n(s.get("hot_cells_95"))),
                                   _num_cell(self.n(s.get("cold_cells_95"))), _num_cell(self.n(s.get("withheld_cells")))])
                mine = [(c.get("geometry"), c.get("gi_bin")) for c in cells if c.get("grupp") == gid and c.get("period") == per]
                if mine and have_map:
                    fig = charts.categorical_map(self.mapbase(), {}, charts.GISTAR_COLOURS, GISTAR_BINS[self.lang],
                                                 "Gi*", cells=mine)
                    alt = t["grid_alt"].format(group=self.gname(gid), period=per_text,
                                               hot=sum(1 for _, b in mine if b and b > 0),
                                               cold=sum(1 for _, b in mine if b and b < 0))
                    maps.append({"src": charts.png_data_uri(fig, dpi=120), "alt": alt,
                                 "caption": f"{self.gname(gid)}, {per_text}"})
            out["grid_table"] = table
            out["grid_maps"] = maps
        return out

    def trygghetsanalys(self):
        a = self.doc.get("trygghetsanalys")
        if not a:
            return None
        t = self.t
        goals = a.get("goals") or []
        cols = [(t["district"], "")] + [(f"{goal_name(g.get('id'), self.lang)} ({t['rank'].lower()})", "num")
                                          for g in goals] + [(t["risk_total"], "num"), (t["rank"], "num")]
        table = Table(t["tsa_caption"], cols, cls="compact")
        for d in a.get("districts") or []:
            row = [(_without_code(d.get("namn"), d.get("kod")) or self.names.get(d.get("kod"), d.get("kod")), "")]
            for g in goals:
                v = (d.get("goals") or {}).get(g.get("id")) or {}
                risk = v.get("risk")
                row.append(_num_cell("" if numfmt.is_missing(risk) else
                                     f"{self.n(risk, 2)} ({self.n(v.get('rang'))})" if v.get("rang") is not None
                                     else self.n(risk, 2)))
            row += [_num_cell(self.n(d.get("risk_total"), 2)), _num_cell(self.n(d.get("risk_total_rang")))]
            table.rows.append(row)
        ind = Table(t["indicators_caption"], [(t["goal"], ""), (t["indicator"], ""), (t["direction"], ""),
                                              (t["source"], ""), (t["coverage"], "num")])
        goal_order = {g.get("id"): i for i, g in enumerate(goals)}
        for r in sorted(a.get("indicators") or [], key=lambda r: goal_order.get(r.get("mal"), 99)):
            ind.rows.append([(goal_name(r.get("mal"), self.lang), ""), (r.get("namn_sv") or r.get("indikator") or "", ""),
                             (r.get("riktning") or "", ""), (r.get("kalla") or "", ""),
                             _num_cell(numfmt.share(r.get("tackning"), self.lang, 0))])
        out = {"table": table, "indicators": ind}
        out.update(self.rank_intervals(a, goals))
        if a.get("validation"):
            out["validation"] = self.validation_table(a["validation"])
        return out

    def rank_intervals(self, a, goals):
        """The Monte Carlo's 90 % rank intervals (optional input fields): a table per district with
        median (5th–95th percentile) per goal and for the total, unstable classes marked, and one
        interval chart per goal. {} when the run had no "uncertainty"."""
        t = self.t
        districts = a.get("districts") or []
        if not any("risk_total_rang_median" in d or any("rang_median" in v for v in (d.get("goals") or {}).values())
                   for d in districts):
            return {}
        rankings = [(g.get("id"), goal_name(g.get("id"), self.lang)) for g in goals] + [(None, t["risk_total"])]

        def interval(d, gid):
            v = ((d.get("goals") or {}).get(gid) or {}) if gid else \
                {k.removeprefix("risk_total_"): d.get(k) for k in d if k.startswith("risk_total_")}
            if v.get("rang_median") is None:
                return None
            return v["rang_median"], v.get("rang_p05"), v.get("rang_p95"), bool(v.get("instabil"))

        table = Table(t["tsa_interval_caption"].format(draws=self.n((a.get("uncertainty") or {}).get("draws"))),
                      [(t["district"], "")] + [(name, "num") for _, name in rankings], cls="compact")
        for d in districts:
            row = [(_without_code(d.get("namn"), d.get("kod")) or self.names.get(d.get("kod"), d.get("kod")), "")]
            for gid, _ in rankings:
                iv = interval(d, gid)
                if iv is None:
                    row.append(_num_cell(""))
                    continue
                text = f"{self.n(iv[0])} ({self.n(iv[1])}–{self.n(iv[2])})"
                row.append((text + " *", "num unstable") if iv[3] else _num_cell(text))
            table.rows.append(row)
        charts_out = []
        labels = {"stable": t["interval_stable"], "unstable": t["interval_unstable"], "x": t["interval_x"],
                  "y": t["interval_y"]}
        for gid, name in rankings:
            rows = [(iv, d) for d in districts if (iv := interval(d, gid)) is not None]
            if not rows:
                continue
            ranked = len(rows)
            unstable = sum(1 for iv, _ in rows if iv[3])
            # Stably in the top quartile: the whole interval inside it.
            top = [_without_code(d.get("namn"), d.get("kod")) or d.get("kod") for iv, d in
                   sorted(rows, key=lambda x: x[0][0]) if iv[2] is not None and 4 * (iv[2] - 1) // ranked == 0]
            alt = t["interval_alt"].format(goal=name, n=ranked, unstable=unstable,
                                           top=", ".join(top) if top else t["none"])
            fig = charts.rank_interval_chart([iv for iv, _ in rows], ranked, labels, self.lang, name)
            charts_out.append({"svg": charts.svg_inline(fig, alt), "caption": alt})
        return {"intervals": table, "interval_charts": charts_out,
                "interval_intro": t["interval_intro"].format(draws=self.n((a.get("uncertainty") or {}).get("draws")))}

    def validation_table(self, rows):
        t = self.t
        table = Table(t["validation_caption"], [(t["ranking"], ""), (t["method_col"], ""), (t["early"], ""),
                                                (t["late"], ""), (t["districts_n"], "num"), ("Spearman", "num"),
                                                ("AUC", "num")])
        for r in rows:
            rk = r.get("rangordning") or ""
            name = t["risk_total"] if rk == "risk_total" else goal_name(rk.split("_")[0], self.lang)
            table.rows.append([(name, ""), (t["validation_methods"].get(r.get("metod"), r.get("metod") or ""), ""),
                               (r.get("tidiga_perioder") or "", ""), (r.get("senare_perioder") or "", ""),
                               _num_cell(self.n(r.get("omraden"))), _num_cell(self.n(r.get("spearman"), 2)),
                               _num_cell(self.n(r.get("auc_topp_kvartil"), 2))])
        return table

    def meeting_places(self):
        m = self.doc.get("meeting_places")
        if not m or not m.get("rows"):
            return None
        t = self.t
        gname = self.gname(m.get("group")) if m.get("group") else ""
        rows = sorted(m["rows"], key=lambda r: (r.get("rang") is None, r.get("rang") or 0))[:10]
        table = Table(t["mp_caption"].format(n=len(rows), group=gname),
                      [(t["place"], ""), (t["rank"], "num"), (t["type"], ""), (t["district"], ""), (t["count"], "num"),
                       (t["expected"], "num"), (f"{t['ratio']} ({t['ratio_interval']})", "num"),
                       (t["peak_hour"], "num"), (t["peak_day"], "")])
        for r in rows:
            kvot = "" if numfmt.is_missing(r.get("kvot")) else numfmt.ratio(r.get("kvot"), self.lang)
            iv = numfmt.interval(r.get("kvot_lag"), r.get("kvot_hog"), self.lang)
            kod = r.get("kod")
            table.rows.append([(r.get("namn") or "", ""), _num_cell(self.n(r.get("rang"))), (r.get("typ") or "", ""),
                               (self.names.get(kod, kod or ""), ""),
                               _num_cell(numfmt.count(r.get("antal"), None, self.lang)),
                               _num_cell(self.n(r.get("forvantat"), 1)), _num_cell(f"{kvot} ({iv})" if iv else kvot),
                               _num_cell("" if r.get("topp_timme") is None else f"{int(r['topp_timme']):02d}"),
                               (r.get("topp_veckodag") or "", "")])
        profiles = []
        days = WEEKDAYS[self.lang]
        for r in rows[:3]:
            h = r.get("timmar") or []
            w = r.get("veckodagar") or []
            if len(h) != 24 or len(w) != 7 or not any(v for v in h + w if v is not None):
                continue
            fig = charts.profile_chart(h, w, days, {"hour": t["hour"], "weekday": t["weekday"]}, self.lang)
            hi = max(range(24), key=lambda i: h[i] if h[i] is not None else -1)
            di = max(range(7), key=lambda i: w[i] if w[i] is not None else -1)
            alt = t["mp_profile_alt"].format(place=r.get("namn") or "", hour=f"{hi:02d}", day=days[di])
            profiles.append({"name": r.get("namn") or "", "svg": charts.svg_inline(fig, alt), "alt": alt})
        return {"intro": t["mp_intro"].format(group=gname, radius=self.n(m.get("radius_m")), ring=self.n(m.get("ring_m"))),
                "table": table, "profiles": profiles}

    def generic_table(self, rows, caption, labels=None):
        """A table of "as is" records (manifest sections): columns in order of first appearance."""
        labels = labels or {}
        # Known keys first, in the labels' order (the manifest's keys come sorted), then the rest.
        present = {k for r in rows for k in r}
        keys = [k for k in labels if k in present]
        for r in rows:
            for k in r:
                if k not in keys:
                    keys.append(k)
        cols = [(labels.get(k, k), "") for k in keys]
        table = Table(caption, cols, cls="compact")
        for r in rows:
            cells = []
            for k in keys:
                v = r.get(k)
                cells.append(self.value_cell(v))
            table.rows.append(cells)
        for i, k in enumerate(keys):
            if all(c[i][1] == "num" for c in table.rows if c[i][0] != ""):
                table.columns[i] = (table.columns[i][0], "num")
        return table

    def value_cell(self, v):
        if isinstance(v, bool):
            return (self.t["yes"] if v else self.t["no"], "")
        if isinstance(v, int):
            return _num_cell(self.n(v))
        if isinstance(v, float):
            return _num_cell(numfmt.number(v, 0 if v.is_integer() else 3, self.lang))
        if v is None:
            return ("", "")
        if isinstance(v, (dict, list)):
            return (json.dumps(v, ensure_ascii=False, separators=(", ", ": ")), "json")
        return (str(v), "")

    def labelled(self, d, labels):
        """A manifest section as label → text in the report's language (keys and known values)."""
        out = {}
        for k, v in d.items():
            if isinstance(v, (dict, list)):
                v = self.options_text(v)
            elif isinstance(v, str):
                v = labels.get(v, v)
            elif isinstance(v, bool) or v is None:
                v = self.value_cell(v)[0] or "–"
            elif isinstance(v, (int, float)):
                v = self.value_cell(v)[0]
            out[labels.get(k, k)] = v
        return out

    def options_text(self, v):
        if isinstance(v, dict):
            return ", ".join(f"{k}: {self.options_text(x)}" for k, x in v.items() if x is not None)
        if isinstance(v, list):
            return ", ".join(self.options_text(x) for x in v)
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return self.value_cell(v)[0]
        return "" if v is None else str(v)

    def population_years_table(self, py):
        t = self.t
        table = Table(t["population_years"], [(t["period"], "")], cls="compact")
        sources = [(k, v) for k, v in py.items() if isinstance(v, dict)]
        if not sources:
            return self.labelled(py, {})
        periods = []
        for _, v in sources:
            periods += [p for p in v if p not in periods]
        for k, _ in sources:
            name = k.split(":", 1)[1] if ":" in k else k
            table.columns.append((t["population_year"] + (f" ({name})" if len(sources) > 1 else ""), "num"))
        for p in periods:
            table.rows.append([(p, "")] + [(str(v.get(p, "")), "num") for _, v in sources])
        return table

    def levels_parts(self, levels):
        t = self.t
        labels = t["levels_labels"]
        if not isinstance(levels, dict):
            return {"kv": {t["levels"]: self.options_text(levels)}}
        out = {"kv": {}}
        for k, v in levels.items():
            if k == "levels" and isinstance(v, list) and all(isinstance(r, dict) for r in v):
                rows = [dict(r, share_published=numfmt.share(r.get("share_published"), self.lang))
                        if "share_published" in r else r for r in v]
                out["table"] = self.generic_table(rows, t["levels_caption"], labels)
            else:
                out["kv"].update(self.labelled({k: v}, labels))
        if "recommend_share" in levels and not isinstance(levels["recommend_share"], bool):
            out["kv"][labels["recommend_share"]] = numfmt.share(levels["recommend_share"], self.lang)
        return out

    def data_quality(self):
        q = self.doc.get("data_quality") or {}
        t = self.t
        out = {}
        if q.get("accounting"):
            # The source by its file name: an absolute path names the analyst's machine, not the data.
            rows = [dict(r, source=_file_name(r["source"])) if isinstance(r.get("source"), str) else r
                    for r in q["accounting"]]
            out["accounting"] = self.generic_table(rows, t["accounting_caption"], t["accounting_labels"])
        if q.get("rejects"):
            table = Table(t["rejects_caption"], [(t["reason"], ""), (t["stage"], ""), (t["outcome"], ""), (t["rows"], "num")])
            for r in q["rejects"]:
                table.rows.append([(r.get("orsak") or "", ""), (r.get("steg") or "", ""),
                                   (t["outcome_names"].get(r.get("utfall"), r.get("utfall") or ""), ""),
                                   _num_cell(numfmt.count(r.get("antal"), r.get("visning"), self.lang))])
            out["rejects"] = table
        if "duplicates_dropped" in q:
            d = q.get("duplicates_dropped")
            dup_withheld = any(r.get("orsak") == "duplicate" and r.get("antal") is None for r in q.get("rejects") or [])
            out["duplicates"] = t["duplicates_withheld"] if d is None and dup_withheld else \
                t["duplicates_none"] if not d else t["duplicates"].format(n=self.n(d))
        if q.get("geocoding"):
            table = Table(t["geocoding_caption"], [(t["kind"], ""), (t["key"], ""), (t["rows"], "num"), (t["share"], "num")])
            for r in q["geocoding"]:
                table.rows.append([(r.get("typ") or "", ""), (r.get("nyckel") or "", ""),
                                   _num_cell(numfmt.count(r.get("antal"), r.get("visning"), self.lang)),
                                   _num_cell(numfmt.share(r.get("andel"), self.lang))])
            out["geocoding"] = table
        cov = q.get("coverage")
        if cov:
            rng = t["range"].get(cov.get("range"), cov.get("range") or "")
            text = t["coverage_text"].format(**{"from": cov.get("from") or "", "to": cov.get("to") or "", "range": rng})
            inc = cov.get("incomplete_periods") or []
            text += " " + (t["incomplete_periods"].format(periods=", ".join(inc)) if inc else t["no_incomplete"])
            out["coverage"] = text
        w = q.get("withheld")
        if w or self.k:
            w = w or {}
            out["withheld"] = t["withheld_text"].format(k=self.n((self.k or 1) - 1), of=self.n(w.get("of")),
                                                        cells=self.n(w.get("cells")),
                                                        share=numfmt.share(w.get("share"), self.lang))
        out["warnings"] = q.get("warnings") or []
        return out

    def method(self):
        m = self.doc.get("method") or {}
        t = self.t
        out = {}
        length = self.periods.get("length") or ""
        out["definitions"] = t["definitions_text"].format(length=t["period_length"].get(length, length),
                                                          latest=self.latest or "")
        out["groups"] = [(self.gname(g.get("id")), g.get("id"), g.get("in_source", True)) for g in self.groups]
        cat = m.get("catalogue")
        if cat:
            out["catalogue"] = cat
        py = m.get("population_years")
        if py:
            out["population_years"] = self.population_years_table(py if isinstance(py, dict) else {"": py})
        if m.get("levels"):
            out["levels"] = self.levels_parts(m["levels"])
        out["suppression"] = t["suppression_text"].format(k=self.n((self.k or 1) - 1))
        disc = self.doc.get("disclosure")
        if disc:
            out["disclosure"] = self.labelled(disc, t["disclosure_labels"]) if isinstance(disc, dict) else disc
        if m.get("statistics"):
            # Statistic names in words, options as the pipeline's own "key: value" (not JSON); the
            # engine's variable label is English and repeats the options, so it is left out.
            names = t["statistic_names"]
            rows = [{"stage": r.get("stage"), "statistic": names.get(r.get("statistic"), r.get("statistic")),
                     "value": r.get("value"), "p_sim": r.get("p_sim"), "options": self.options_text(r.get("options"))}
                    for r in m["statistics"]]
            out["statistics"] = self.generic_table(rows, t["statistics"],
                                                   {"stage": t["stage"], "statistic": t["statistic"],
                                                    "value": t["value"], "p_sim": "p (perm.)", "options": t["options"]}).drop_empty_columns()
        gen = self.doc.get("generated") or {}
        out["generated"] = t["generated"].format(version=gen.get("trygg") or "")
        out["pipeline"] = gen.get("pipeline")
        return out

    def build(self) -> dict:
        t = self.t
        self.progress("summary")
        summary = self.summary() if self.latest else {"tables": [], "headlines": []}
        groups = self.group_sections()
        self.progress("hotspots")
        hot = self.hotspots()
        self.progress("trygghetsanalys")
        tsa = self.trygghetsanalys()
        self.progress("meeting places")
        mp = self.meeting_places()
        dq = self.data_quality()
        method = self.method()
        toc = [("sammanfattning", t["summary"])] + [(g["id"], g["name"]) for g in groups]
        left_out = []
        for key, value, sid in (("hotspots", hot, "hotspots"), ("tsa", tsa, "trygghetsanalys"), ("mp", mp, "motesplatser")):
            if value is None:
                left_out.append(t[key])
            else:
                toc.append((sid, t[key]))
        toc += [("datakvalitet", t["dq"]), ("metod", t["method"])]
        return {
            "lang": self.lang, "t": t, "title": self.title(), "area": self.area, "latest": self.latest,
            "internal": self.doc.get("privacy") == "internal",
            "level": (self.doc.get("area") or {}).get("level"), "kod": (self.doc.get("area") or {}).get("kod"),
            "periods": self.periods, "toc": toc,
            "left_out": t["left_out"].format(sections=", ".join(left_out)) if left_out else "",
            "summary": summary, "groups": groups, "hotspots": hot, "tsa": tsa, "mp": mp, "dq": dq, "method": method,
            "n_districts": len(self.features),
        }
