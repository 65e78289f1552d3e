#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Lägesrapport benchmark (issue 17: a report of 100 districts × 8 periods × 5 groups in under
10 s). Generates the synthetic town (make_town.py), then times, each as a whole process over
--runs runs after one warm-up, median quoted:
  report    `trygg report pipeline.json`      the pipeline, the report input and HTML + PDF
  pipeline  `trygg run` without write.report  the same analysis, no report (report = difference)
  renderer  `python3 -m trygg_report`         HTML + PDF from the kept report input alone

    /usr/bin/python3 tests/bench/report/bench_report.py [--runs 3] [--dir /tmp/trygg_report_bench]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LIMIT_S = 10.0


def cpu_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd, runs, env=None):
    """Wall seconds of each run, and CPU seconds (user + sys of the process and its children):
    on a shared machine the CPU figure is the steadier one."""
    walls, cpus = [], []
    for i in range(runs + 1):
        start, cpu = time.monotonic(), cpu_children()
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
        wall = time.monotonic() - start
        if result.returncode != 0:
            sys.exit(f"failed ({result.returncode}): {' '.join(map(str, cmd))}\n{result.stderr[-2000:]}")
        if i:                       # the first run warms the caches
            walls.append(wall)
            cpus.append(cpu_children() - cpu)
    return walls, cpus


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dir", default="/tmp/trygg_report_bench")
    ap.add_argument("--exe", default=os.environ.get("TRYGG_EXE") or str(ROOT / "build/release/engine/trygg"))
    ap.add_argument("--districts", type=int, default=100)
    args = ap.parse_args()
    out = Path(args.dir)
    if not (out / "pipeline.json").exists():
        subprocess.run([sys.executable, str(Path(__file__).with_name("make_town.py")), str(out),
                        "--districts", str(args.districts)], check=True)
    pipeline = json.loads((out / "pipeline.json").read_text(encoding="utf-8"))
    stages = pipeline["pipeline"]
    stages[-1]["keep_input"] = True
    (out / "report.json").write_text(json.dumps(pipeline, ensure_ascii=False), encoding="utf-8")
    pipeline["pipeline"] = stages[:-1]
    (out / "run.json").write_text(json.dumps(pipeline, ensure_ascii=False), encoding="utf-8")

    figures = {"report": timed([args.exe, "report", out / "report.json"], args.runs),
               "pipeline": timed([args.exe, "run", out / "run.json", "--progress=none"], args.runs)}
    doc = json.loads((out / "town.report.json").read_text(encoding="utf-8"))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "engine/report"))
    figures["renderer"] = timed(["/usr/bin/python3", "-m", "trygg_report", "--quiet", "--input",
                                 out / "town.report.json", "--html", out / "alone.html", "--pdf", out / "alone.pdf"],
                                args.runs, env)
    size = (len(doc["districts"]["features"]), len(doc["periods"]["all"]), len(doc["groups"]))
    print(f"report input: {size[0]} districts × {size[1]} periods × {size[2]} groups; "
          f"{len(doc['totals'])} totals rows, {len(doc['district_counts'])} district rows")
    for name, (walls, cpus) in figures.items():
        print(f"{name:9s} wall median {statistics.median(walls):6.2f} s  (min {min(walls):.2f}, max {max(walls):.2f}); "
              f"cpu median {statistics.median(cpus):6.2f} s; {len(walls)} runs")
    wall = statistics.median(figures["report"][0])
    print(f"report part of `trygg report` (report − pipeline): "
          f"{wall - statistics.median(figures['pipeline'][0]):.2f} s wall; limit {LIMIT_S:.0f} s for the whole "
          f"command: {'met' if wall < LIMIT_S else 'NOT met'} (load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
