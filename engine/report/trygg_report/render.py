"""HTML from the template, PDF from the HTML with WeasyPrint."""
from __future__ import annotations

from pathlib import Path

import jinja2

from .context import Report

HERE = Path(__file__).resolve().parent


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                              autoescape=jinja2.select_autoescape(["html", "j2"]),
                              trim_blocks=False, lstrip_blocks=False)


def render_html(doc: dict, progress=lambda s: None) -> str:
    ctx = Report(doc, progress).build()
    t = ctx["t"]
    css = (HERE / "templates" / "report.css").read_text(encoding="utf-8").replace("{{PAGE}}", t["page"])
    running = ctx["title"] if not ctx["latest"] or ctx["latest"] in ctx["title"] else f"{ctx['title']} · {ctx['latest']}"
    progress("html")
    return _env().get_template("report.html.j2").render(css=css, running=running, **ctx)


def render_pdf(html: str, out: Path) -> None:
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
