#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A stand-in for the trygg executable that speaks its protocol, for testing the plugin's
runner without the real engine. Behaviour is chosen by the stage types in the pipeline:
  fake.steps   {"steps": n, "delay": s}  progress lines, slowly (cancel tests)
  fake.warn    {"message": text}         a warning line
  fake.fail    {"code": n, "message": m} "trygg: m" on stderr, exit n
  fake.write   {"path": p}               writes a small file and lists it as an output
It writes its pid to $FAKE_TRYGG_PIDFILE when set, and exits 130 on SIGTERM like the engine.
`report FILE --progress=json [--language L] [--no-pdf] [--out DIR]` runs the stages as `run` does,
then writes DIR/lagesrapport.html (a JSON line: language, working directory, arguments) and the
.pdf beside it unless --no-pdf, listed as outputs relative to the working directory.
"""
import json
import os
import signal
import sys
import time

STAGES = [
    {"type": "fake.steps", "description": "progress", "options": [], "inputs": [], "output": "none"},
    {"type": "fake.warn", "description": "warning", "options": [], "inputs": [], "output": "none"},
    {"type": "fake.fail", "description": "failure", "options": [], "inputs": [], "output": "none"},
    {"type": "fake.write", "description": "output", "options": [], "inputs": [], "output": "none"},
]


def on_term(signum, frame):
    sys.stderr.write("trygg: cancelled\n")
    sys.stderr.flush()
    os._exit(130)


def main(argv):
    if os.environ.get("FAKE_TRYGG_PIDFILE"):
        with open(os.environ["FAKE_TRYGG_PIDFILE"], "w") as f:
            f.write(str(os.getpid()))
    if len(argv) >= 2 and argv[1] == "stages":
        print(json.dumps(STAGES))
        return 0
    if len(argv) >= 3 and argv[1] in ("run", "validate", "report"):
        with open(argv[2], encoding="utf-8") as f:
            pipeline = json.load(f)
        stages = pipeline["stages"] if isinstance(pipeline, dict) else pipeline
        for s in stages:
            if s["type"] not in [d["type"] for d in STAGES]:
                sys.stderr.write("trygg: pipeline: stage 1: unknown stage type '%s'\n" % s["type"])
                return 3
        if argv[1] == "validate":
            print("%s: valid (%d stages)" % (argv[2], len(stages)))
            return 0
        signal.signal(signal.SIGTERM, on_term)
        outputs = []
        for s in stages:
            tag = s.get("tag", s["type"])
            if s["type"] == "fake.steps":
                n = int(s.get("steps", 3))
                for i in range(n + 1):
                    print(json.dumps({"stage": tag, "done": i, "total": n}), flush=True)
                    time.sleep(float(s.get("delay", 0)))
            elif s["type"] == "fake.warn":
                print(json.dumps({"stage": tag, "level": "warning", "message": s.get("message", "careful")}), flush=True)
            elif s["type"] == "fake.fail":
                sys.stderr.write("trygg: %s\n" % s.get("message", "failed"))
                return int(s.get("code", 4))
            elif s["type"] == "fake.write":
                with open(s["path"], "w") as f:
                    f.write("x")
                outputs.append({"path": s["path"], "what": "file"})
        if argv[1] == "report":
            out = argv[argv.index("--out") + 1] if "--out" in argv else os.getcwd()
            language = argv[argv.index("--language") + 1] if "--language" in argv else "sv"
            names = ["lagesrapport.html"] + ([] if "--no-pdf" in argv else ["lagesrapport.pdf"])
            for name in names:
                with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                    json.dump({"language": language, "cwd": os.getcwd(), "args": argv[1:]}, f)
                outputs.append({"path": os.path.relpath(os.path.join(out, name)), "what": "report"})
        print(json.dumps({"result": "ok", "accounting": [
            {"source": "fake.csv", "rows": 3, "used": 2, "outside": 1, "not_located": 0, "rejected": 0}],
            "outputs": outputs}), flush=True)
        return 0
    sys.stderr.write("trygg: usage\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
