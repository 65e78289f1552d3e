# SPDX-License-Identifier: MIT
"""Speed of the renderer on a large synthetic report (not a pytest test: run it by hand).

/usr/bin/python3 tests/report/bench_render.py [districts periods groups] [--pdf-engine E]
Prints wall time and CPU time (renderer + its children, e.g. Chromium) for HTML + PDF.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_input  # noqa: E402


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    extra = [a for a in sys.argv[1:] if a.startswith("--")]
    if "--pdf-engine" in " ".join(extra):
        extra = sys.argv[sys.argv.index(extra[0]):]
    n, p, g = (int(a) for a in args[:3]) if len(args) >= 3 else (100, 8, 5)
    doc = make_input.synthetic(n, p, g)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.json"
        src.write_text(json.dumps(doc, ensure_ascii=False))
        env = dict(os.environ, PYTHONPATH=str(HERE.parents[1] / "engine" / "report"))
        t0, r0 = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
        res = subprocess.run(["/usr/bin/python3", "-m", "trygg_report", "--input", str(src), "--html",
                              f"{tmp}/r.html", "--pdf", f"{tmp}/r.pdf", *extra], env=env, capture_output=True, text=True)
        wall, r1 = time.monotonic() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
        if res.returncode:
            sys.exit(res.stderr)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        pages = subprocess.run(["pdfinfo", f"{tmp}/r.pdf"], capture_output=True, text=True).stdout
        pages = [ln.split()[-1] for ln in pages.splitlines() if ln.startswith("Pages")][0]
        print(res.stderr.strip())
        print(f"{n} districts x {p} periods x {g} groups: wall {wall:.1f} s, cpu {cpu:.1f} s, {pages} pages, "
              f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
