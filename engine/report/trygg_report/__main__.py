# SPDX-License-Identifier: MIT
"""python3 -m trygg_report --input IN.json --html OUT.html [--pdf OUT.pdf]

Exit 0 on success; on failure one line on stderr starting "report: " and exit 6.
Progress: lines "report: <what>" on stderr.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

EXIT_OUTPUT = 6


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        print(f"report: {message}", file=sys.stderr)
        sys.exit(EXIT_OUTPUT)


def main(argv=None) -> int:
    ap = _Parser(prog="python3 -m trygg_report", description="Render a Lägesrapport from a report input document.")
    ap.add_argument("--input", required=True, help="report input JSON (trygg-report-input, version 1)")
    ap.add_argument("--html", required=True, help="self-contained HTML output")
    ap.add_argument("--pdf", help="A4 PDF output")
    ap.add_argument("--pdf-engine", choices=("auto", "weasyprint", "chromium"), default="auto",
                    help="auto (default): WeasyPrint for ordinary reports, Chromium for very large ones")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    args = ap.parse_args(argv)
    start = time.monotonic()

    def progress(what):
        if not args.quiet:
            print(f"report: {what} ({time.monotonic() - start:.1f} s)", file=sys.stderr, flush=True)

    try:
        try:
            doc = json.loads(Path(args.input).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise RuntimeError(f"cannot read the report input '{args.input}': {e}") from e
        if not isinstance(doc, dict) or doc.get("format") != "trygg-report-input":
            raise RuntimeError(f"'{args.input}' is not a report input (field 'format' must be 'trygg-report-input')")
        if doc.get("version") != 1:
            raise RuntimeError(f"'{args.input}': report input version {doc.get('version')!r} is not supported (field 'version': 1)")
        from .render import render_html, render_pdf

        progress("read input")
        html = render_html(doc, progress)
        try:
            Path(args.html).write_text(html, encoding="utf-8")
        except OSError as e:
            raise RuntimeError(f"cannot write '{args.html}': {e}") from e
        progress(f"wrote {args.html}")
        if args.pdf:
            try:
                used = render_pdf(html, Path(args.pdf), args.pdf_engine)
            except OSError as e:
                raise RuntimeError(f"cannot write '{args.pdf}': {e}") from e
            progress(f"wrote {args.pdf} ({used})")
    except Exception as e:  # one line, never a traceback: the engine relays it
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        if not isinstance(e, RuntimeError):
            msg = f"{type(e).__name__}: {msg}"
        print(f"report: {msg}", file=sys.stderr)
        return EXIT_OUTPUT
    return 0


if __name__ == "__main__":
    sys.exit(main())
