#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Runs `trygg run --progress=json PIPELINE` and reports wall time and peak RSS per stage.

The resident set is sampled from /proc every 50 ms and charged to the stage that last reported
progress; the whole run's peak is the kernel's own figure (ru_maxrss of the child), which no
sampling misses. Usage: stage_memory.py TRYGG PIPELINE [--limit-gb N]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trygg")
    ap.add_argument("pipeline")
    ap.add_argument("--limit-gb", type=float, default=0, help="address-space limit for the run (0: none)")
    a = ap.parse_args()

    def limit():
        if a.limit_gb:
            b = int(a.limit_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (b, b))

    t0 = time.monotonic()
    p = subprocess.Popen([a.trygg, "run", "--progress=json", a.pipeline], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, preexec_fn=limit)
    stages = {}  # stage -> [first seen, last seen, peak KiB]
    order = []
    current = ["(start)"]
    events = [0]

    def sample():
        while p.poll() is None:
            kib = rss_kib(p.pid)
            s = stages.setdefault(current[0], [time.monotonic(), time.monotonic(), 0])
            s[2] = max(s[2], kib)
            time.sleep(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    for line in p.stdout:
        events[0] += 1
        try:
            e = json.loads(line)
        except ValueError:
            continue
        st = e.get("stage")
        if not st:
            continue
        now = time.monotonic()
        if st not in stages:
            stages[st] = [now, now, 0]
            order.append(st)
        stages[st][1] = now
        current[0] = st
    err = p.stderr.read()
    rc = p.wait()
    th.join()
    wall = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"exit {rc}, wall {wall:.1f} s, peak RSS {peak / 1024:.0f} MiB, {events[0]} progress lines")
    for st in order:
        first, last, kib = stages[st]
        print(f"  {st:24s} from {first - t0:7.1f} s to {last - t0:7.1f} s  peak sampled {kib / 1024:7.0f} MiB")
    if rc:
        sys.stderr.write(err[-2000:])
    sys.exit(rc)


if __name__ == "__main__":
    main()
