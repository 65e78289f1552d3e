# SPDX-License-Identifier: MIT
"""Cancel in every phase (issue 21): SIGINT at 20 seeded random moments of a run long enough to
spend seconds in each phase (KDE grid set-up and kernel at a fine pixel size, permutation
statistics, the GeoPackage, GeoTIFF and internal-file writes), and SIGTERM once. Each cancelled
run must end within CANCEL_LIMIT_S with exit 130, leave the previous output byte-identical and
leave no temporary file."""
import hashlib
import os
import random
import signal
import subprocess
import time

import pytest

from trygg_cli import ROOT, trygg_exe

# The engine checks for a cancel between chunks that take well under 0.1 s of CPU; the issue's
# limit is 1 s. On a shared machine loaded far beyond its cores (load 22-25 on 2 cores, CPU
# pressure 99 %) the run gets well under a tenth of a CPU, and every chunk and the exit itself
# (freeing rasters of millions of pixels) take ten times longer in wall time: there the exits
# came up to 6.6 s after the signal while the CPU the run used after the signal stayed at most
# 0.5 s (tests/badinput/README.md). So the load-independent check is the CPU time spent after
# the signal (at most CANCEL_CPU_S, the exit included); the wall-clock limit is the 1 s
# while the load is at most twice the cores, else only a 15 s bound. ASan runs several times
# slower.
ASAN = "asan" in trygg_exe()
LOADED = os.getloadavg()[0] > 2 * (os.cpu_count() or 1)
CANCEL_LIMIT_S = 15.0 if ASAN or LOADED else 1.0
CANCEL_CPU_S = 2.0 if ASAN else 0.5
TICK = os.sysconf("SC_CLK_TCK")
MOMENTS = 4 if ASAN else 20

GPKG = str(ROOT / "geodata/exempelstad/exempelstad.gpkg")


def pipeline(out_dir):
    return {"privacy": "publish", "seed": 20240101, "threads": 2, "pipeline": [
        {"type": "read.districts", "tag": "districts", "path": GPKG, "layer": "delomraden", "code": "kod",
         "name": "namn"},
        {"type": "read.table", "tag": "population", "path": str(ROOT / "geodata/exempelstad/befolkning.csv"),
         "key": "kod"},
        {"type": "read.incidents", "tag": "incidents", "path": str(ROOT / "geodata/exempelstad/incidents.csv"),
         "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y",
                    "area_code": "deso", "sex": "kon", "age": "alder"},
         "crs": "EPSG:3006", "from": "2022-01-01", "to": "2025-12-31",
         "catalogue": str(ROOT / "geodata/catalog/brottskoder.csv")},
        {"type": "assign", "inputs": ["incidents", "districts"]},
        {"type": "aggregate", "inputs": ["assign", "population"], "period": "half-year", "suppress_below": 5,
         "population": {"value": "antal", "sex": "kon", "age": "aldersgrupp"},
         "age_bands": [0, 18, 25, 45, 65]},
        {"type": "weights", "inputs": ["districts"], "method": "queen"},
        {"type": "gistar", "tag": "gistar", "group": "vald", "period": "latest", "measure": "rate",
         "permutations": 99999},
        {"type": "local_moran", "tag": "lisa", "group": "vald", "period": "latest", "measure": "rate",
         "permutations": 99999},
        {"type": "kde", "inputs": ["assign"], "radius": 300, "pixel_size": 5, "groups": ["vald", "alla"]},
        {"type": "write.gpkg", "path": str(out_dir / "run.gpkg")}]}


def snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def start(pfile):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    return subprocess.Popen([trygg_exe(), "run", str(pfile), "--progress=none"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def cancel_at(pfile, delay, sig):
    """Starts a run, sends `sig` after `delay` seconds; returns (exit code, (seconds from the signal
    to the exit, CPU seconds the run used after it) or None when the run had ended before, stderr)."""
    proc = start(pfile)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    if proc.poll() is not None:
        return proc.returncode, None, proc.stderr.read()
    try:
        fields = open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:  # it has just ended
        proc.wait()
        return proc.returncode, None, proc.stderr.read()
    cpu_before = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime so far
    sent = time.monotonic()
    proc.send_signal(sig)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    latency = time.monotonic() - sent
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, (latency, usage.ru_utime + usage.ru_stime - cpu_before), err


@pytest.fixture(scope="module")
def previous_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("cancel")
    out = d / "out"
    out.mkdir()
    pfile = d / "pipeline.json"
    import json
    pfile.write_text(json.dumps(pipeline(out)), encoding="utf-8")
    began = time.monotonic()
    proc = start(pfile)
    _, err = proc.communicate(timeout=600)
    duration = time.monotonic() - began
    assert proc.returncode == 0, err
    assert any(p.suffix == ".tif" for p in out.iterdir()) and (out / "run.internal.gpkg").exists()
    return pfile, out, duration


def check_cancelled(out, before, code, timing, err, what, sig=signal.SIGINT):
    latency, cpu = timing
    if code == -sig:
        # The signal came before the engine's handler was installed (while the dynamic loader
        # was still at work): the default action ended it, which a shell reports as 128 + 2 =
        # 130 too; nothing had been written.
        assert not err, err
    else:
        assert code == 130, f"{what}: exit {code}: {err}"
        assert err.strip().splitlines()[-1] == "trygg: cancelled", err
    assert cpu <= CANCEL_CPU_S, f"{what}: {cpu:.2f} s of CPU after the signal"
    assert latency <= CANCEL_LIMIT_S, f"{what}: exit {latency:.2f} s after the signal (load {os.getloadavg()[0]:.0f})"
    assert snapshot(out) == before, f"{what}: the previous output changed"
    assert not [p.name for p in out.iterdir() if ".tmp-" in p.name], what


def test_sigint_at_twenty_random_moments_keeps_the_previous_output(previous_run):
    pfile, out, duration = previous_run
    # A quiet 2-core machine runs it in about 1.5 s (3 s before the KDE rasters got huge pages,
    # issue 20); the moments are spread over the run's own duration, so 1 s still puts several
    # in every phase.
    assert duration > 1.0, f"the run takes {duration:.1f} s: too short to cancel in every phase"
    before = snapshot(out)
    rng = random.Random(21)
    # Up to 80 % of the first run's time: on a shared machine a later run can be faster (the load
    # changes), and a signal after its end tests nothing.
    moments = sorted(rng.uniform(0.02, 0.80) * duration for _ in range(MOMENTS))
    latencies = []
    for delay in moments:
        code, latency, err = cancel_at(pfile, delay, signal.SIGINT)
        # The run ended first (a later run can be faster than the first), or the signal came after
        # its last cancel point (the files were being moved into place, or the process was
        # exiting): a finished run, whose output must be the same complete files.
        if latency is None or code == 0:
            assert code == 0, err
            assert snapshot(out) == before  # SOURCE_DATE_EPOCH: an identical run writes identical bytes
            assert not [p.name for p in out.iterdir() if ".tmp-" in p.name]
            continue
        check_cancelled(out, before, code, latency, err, f"SIGINT at {delay:.2f} s of {duration:.2f} s")
        latencies.append(latency)
    assert len(latencies) >= MOMENTS // 2, f"only {len(latencies)} of {MOMENTS} runs were cancelled"
    walls, cpus = sorted(w for w, _ in latencies), sorted(c for _, c in latencies)
    print(f"run {duration:.2f} s; cancelled {len(latencies)}/{MOMENTS}; exit after the signal: "
          f"max {walls[-1]:.3f} s, median {walls[len(walls) // 2]:.3f} s; CPU after the signal: max "
          f"{cpus[-1]:.3f} s, median {cpus[len(cpus) // 2]:.3f} s; load {os.getloadavg()[0]:.1f}")


def test_sigterm_mid_run_keeps_the_previous_output(previous_run):
    pfile, out, duration = previous_run
    before = snapshot(out)
    code, latency, err = cancel_at(pfile, duration * 0.4, signal.SIGTERM)
    assert latency is not None, "the run ended before SIGTERM"
    check_cancelled(out, before, code, latency, err, "SIGTERM", signal.SIGTERM)
