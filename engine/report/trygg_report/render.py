# SPDX-License-Identifier: MIT
"""HTML from the template; PDF from the HTML with WeasyPrint or headless Chromium."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import jinja2

from .context import Report

HERE = Path(__file__).resolve().parent
ENGINES = ("auto", "weasyprint", "chromium")
# WeasyPrint 57 (Debian 12) lays out about 1 ms of CPU per table cell; Chromium about a tenth of
# that. "auto" keeps WeasyPrint (page numbers in the contents) for reports up to this many
# cells and prints bigger ones with Chromium so that 100 districts × 5 groups stays under 10 s.
AUTO_WEASYPRINT_MAX_CELLS = 2500


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                              autoescape=jinja2.select_autoescape(["html", "j2"]))


def _css_string(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def render_html(doc: dict, progress=lambda s: None) -> str:
    ctx = Report(doc, progress).build()
    t = ctx["t"]
    running = ctx["title"] if not ctx["latest"] or ctx["latest"] in ctx["title"] else f"{ctx['title']} · {ctx['latest']}"
    if ctx["internal"]:
        running += f" · {t['privacy_internal']}"
    css = (HERE / "templates" / "report.css").read_text(encoding="utf-8")
    css = css.replace("{{PAGE}}", _css_string(t["page"])).replace("{{RUNNING}}", _css_string(running))
    progress("html")
    return _env().get_template("report.html.j2").render(css=css, **ctx)


def table_cells(html: str) -> int:
    return len(re.findall(r"<t[dh][ >]", html))


def choose_engine(html: str, engine: str = "auto") -> str:
    if engine != "auto":
        return engine
    if table_cells(html) > AUTO_WEASYPRINT_MAX_CELLS and shutil.which("chromium"):
        return "chromium"
    return "weasyprint"


def render_pdf(html: str, out: Path, engine: str = "auto") -> str:
    """Writes the PDF; returns the engine used."""
    engine = choose_engine(html, engine)
    if engine == "chromium":
        _pdf_chromium(html, out)
    else:
        _pdf_weasyprint(html, out)
    return engine


def _pdf_weasyprint(html: str, out: Path) -> None:
    # Imported here: the HTML needs no PDF engine, and WeasyPrint takes ~0.5 s to import.
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    def no_fetch(url, *args, **kwargs):
        # The report is self-contained; data: URIs are all it may load.
        if url.startswith("data:"):
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"external resource refused: {url}")

    weasyprint.HTML(string=html, base_url=str(HERE), url_fetcher=no_fetch).write_pdf(str(out))


def _pdf_chromium(html: str, out: Path) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        raise RuntimeError("PDF engine 'chromium' is not installed (scripts/setup installs it)")
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="trygg-report-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        # --no-sandbox: runs as root in containers; the page is our own, self-contained file.
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
               "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
               f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", f"--print-to-pdf={out}",
               page.as_uri()]
        try:
            res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
        except subprocess.TimeoutExpired as e:
            raise RuntimeError("chromium did not finish the PDF within 300 s") from e
        if res.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            last = [ln for ln in res.stderr.splitlines() if ln.strip() and "dbus" not in ln]
            raise RuntimeError(f"chromium could not write '{out}': {last[-1] if last else 'exit ' + str(res.returncode)}")
