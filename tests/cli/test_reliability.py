# SPDX-License-Identifier: MIT
"""Crash safety and determinism of outputs."""
import os
import random
import signal
import subprocess
import time
import json

from trygg_cli import ROOT, run_trygg, trygg_exe
from test_exempelstad import example_pipeline


def write_pipeline(tmp_path, out, **settings):
    doc = example_pipeline(out, core_only=False)
    doc.update(settings)
    f = tmp_path / f"pipeline-{len(list(tmp_path.iterdir()))}.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    return f


def run_with_epoch(pipeline, epoch):
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    return subprocess.run([trygg_exe(), "run", str(pipeline), "-q"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def test_outputs_are_byte_identical_across_thread_counts_and_runs(tmp_path):
    out = tmp_path / "o.gpkg"
    copies = []
    for threads in (1, 2, 8, 2):
        p = write_pipeline(tmp_path, out, threads=threads)
        r = run_with_epoch(p, 1700000000)
        assert r.returncode == 0, r.stderr
        copies.append((out.read_bytes(), (tmp_path / "o.manifest.json").read_bytes()))
    assert all(c == copies[0] for c in copies[1:])


def test_sigkill_during_a_run_leaves_the_previous_output_or_the_new_one_never_a_partial(tmp_path):
    out = tmp_path / "o.gpkg"
    p = write_pipeline(tmp_path, out)
    start = time.monotonic()
    assert run_with_epoch(p, 1700000000).returncode == 0  # the complete new output
    duration = time.monotonic() - start
    new = out.read_bytes()
    assert run_with_epoch(p, 1600000000).returncode == 0  # the previous output (another timestamp)
    old = out.read_bytes()
    assert new != old
    rng = random.Random(7)
    outcomes = set()
    for _ in range(20):
        out.write_bytes(old)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        proc = subprocess.Popen([trygg_exe(), "run", str(p), "-q"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = out.read_bytes()
        assert now in (old, new)
        outcomes.add("old" if now == old else "new")
    # The next run cleans up temporary files that killed runs left behind.
    assert run_with_epoch(p, 1700000000).returncode == 0
    assert [f.name for f in tmp_path.iterdir() if ".tmp-" in f.name] == []
    assert "old" in outcomes


def test_sigterm_cancels_with_exit_code_130(tmp_path):
    out = tmp_path / "o.gpkg"
    p = write_pipeline(tmp_path, out)
    proc = subprocess.Popen([trygg_exe(), "run", str(p), "--progress=json"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()  # the run has started (signal handlers are in place)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "trygg: cancelled"
    assert not out.exists()
