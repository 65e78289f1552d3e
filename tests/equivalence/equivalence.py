#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Runs the equivalence pipelines and compares their outputs with baseline.json.

  tests/equivalence/equivalence.py check             compare the built engine with the baseline
  tests/equivalence/equivalence.py dump DIR          write each canonical table/file text to DIR
                                                     (run it with two engines and diff -r the DIRs)
  tests/equivalence/equivalence.py baseline          rewrite baseline.json (only from the engine
                                                     the baseline is meant to describe; see README)

The engine is $TRYGG_EXE (default build/release/engine/trygg), the real data $TRYGG_SHARED_DATA
(default ../shared/data). Runs set SOURCE_DATE_EPOCH, so GeoPackage timestamps are fixed and the
manifest leaves out wall times. Use /usr/bin/python3 (GDAL's Python bindings).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from canonical import Normaliser, canonical_output, digests  # noqa: E402
from pipelines import PIPELINES, ROOT, shared_data_dir  # noqa: E402

BASELINE = HERE / "baseline.json"
SOURCE_DATE_EPOCH = "1700000000"


def engine():
    return os.environ.get("TRYGG_EXE") or str(ROOT / "build/release/engine/trygg")


def run_one(name, work, data, exe):
    """Runs one pipeline in work/name/ (output in work/name/out/); returns {entry: canonical text}."""
    folder = Path(work) / name
    out_dir = folder / "out"
    out_dir.mkdir(parents=True)
    doc = PIPELINES[name](out_dir, data)
    if os.environ.get("TRYGG_EQUIVALENCE_THREADS"):  # outputs must not depend on it; this checks that
        doc["threads"] = int(os.environ["TRYGG_EQUIVALENCE_THREADS"])
    pipeline_file = folder / "pipeline.json"
    pipeline_file.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    result = subprocess.run([exe, "run", str(pipeline_file), "--progress=none"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{name}: trygg run exited {result.returncode}\n{result.stderr}")
    normalise = Normaliser({"<OUT>": out_dir, "<DATA>": data, "<ROOT>": ROOT})
    return canonical_output(out_dir, normalise)


def run_all(work, names=None, exe=None, jobs=2):
    """{pipeline: {entry: canonical text}} for the named pipelines (default all)."""
    data = shared_data_dir()
    exe = exe or engine()
    names = list(names or PIPELINES)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = pool.map(lambda n: run_one(n, work, data, exe), names)
        return dict(zip(names, results))


def load_baseline():
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def compare(baseline, current):
    """Lines naming every table/file that differs, is new or is gone (allow-listed ones left out)."""
    allowed = baseline.get("allowed_to_change", {})
    problems = []
    for name, want in baseline["pipelines"].items():
        got = digests(current[name])
        for entry in sorted(set(want) | set(got)):
            key = f"{name}/{entry}"
            if key in allowed or want.get(entry) == got.get(entry):
                continue
            if entry not in got:
                problems.append(f"{key}: missing (in the baseline, not written now)")
            elif entry not in want:
                problems.append(f"{key}: new (written now, not in the baseline)")
            else:
                problems.append(f"{key}: differs")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "dump", "baseline"])
    parser.add_argument("dir", nargs="?", help="dump: folder for the canonical texts")
    parser.add_argument("--only", action="append", help="pipeline name (repeatable); default all")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="trygg-equivalence-") as work:
        current = run_all(work, args.only)
    if args.command == "dump":
        if not args.dir:
            parser.error("dump needs a folder")
        for name, entries in current.items():
            for entry, text in entries.items():
                path = Path(args.dir) / name / (entry.replace(":", "/") + ".txt")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        print(f"wrote {sum(map(len, current.values()))} canonical texts under {args.dir}")
    elif args.command == "check":
        problems = compare(load_baseline(), current)
        print("\n".join(problems) if problems else "all outputs equal the baseline")
        return 1 if problems else 0
    else:
        old = load_baseline() if BASELINE.exists() else {}
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "engine"], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip()
        doc = {
            "about": "SHA-256 of the canonical text (tests/equivalence/canonical.py) of every GeoPackage "
                     "table and side file the pipelines in tests/equivalence/pipelines.py write, made by "
                     "the engine at engine_commit. Regenerate only with that engine (see README.md).",
            "engine_commit": commit + (" (engine/ had uncommitted changes!)" if dirty else ""),
            "allowed_to_change_about": "'pipeline/entry': why. Entries a deliberate bug fix is meant to "
                                       "change; the test does not compare them. Remove an entry (and "
                                       "regenerate) once the fix is the new baseline.",
            "allowed_to_change": old.get("allowed_to_change", {}),
            # --only updates those pipelines and keeps the others' digests.
            "pipelines": {**old.get("pipelines", {}),
                          **{name: digests(entries) for name, entries in current.items()}},
        }
        BASELINE.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE} ({sum(map(len, doc['pipelines'].values()))} digests, engine {doc['engine_commit']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
