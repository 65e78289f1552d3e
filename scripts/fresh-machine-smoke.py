#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run inside a fresh Debian root after scripts/setup: every module that the tests, the QGIS
plugin and the report renderer import must import, and the tools they call must run.

Why: a package installed by hand on the developers' machines hides a missing entry in
scripts/setup's list (python3-geopandas and python3-rtree were missing once and CI stayed
green). Modules are found by reading the sources, so a new import is checked without
editing this file.
"""
import ast
import importlib
import os
import shutil
import subprocess
import sys

ROOTS = ("tests", "plugins", "engine/report", "geodata/generator", "scripts")
# Programs are found in the sources too: the first element of a literal argument list given to
# subprocess (run, Popen, check_output, call) and the names given to shutil.which.
SUBPROCESS_CALLS = {"run", "Popen", "check_output", "check_call", "call"}
# Built by the project, or shell builtins: not a package's program.
NOT_PACKAGED = {"trygg", "bash", "sh", "env", "true", "false", "kill", "sudo"}


def local_names():
    names = set()
    for root in ROOTS:
        for d, _dirs, files in os.walk(root):
            for f in files:
                if f.endswith(".py"):
                    names.add(f[:-3])
            if "__init__.py" in files:
                names.add(os.path.basename(d))
    return names


def python_files():
    for root in ROOTS:
        for d, _dirs, files in os.walk(root):
            for f in files:
                if f.endswith(".py"):
                    path = os.path.join(d, f)
                    try:
                        yield path, ast.parse(open(path, encoding="utf-8").read())
                    except SyntaxError:
                        continue


def imported_modules_and_programs():
    modules, programs = {}, {}
    for path, tree in python_files():
        # `which("chromium") or which("chromium-browser")`: alternatives, the first one is required
        alternatives = {id(v) for n in ast.walk(tree) if isinstance(n, ast.BoolOp) and isinstance(n.op, ast.Or)
                        for v in n.values[1:]}
        for node in ast.walk(tree):
            if id(node) in alternatives:
                continue
            if isinstance(node, ast.Import):
                for a in node.names:
                    modules.setdefault(a.name.split(".")[0], path)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.setdefault(node.module.split(".")[0], path)
            elif isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                first = node.args[0]
                if name in SUBPROCESS_CALLS and isinstance(first, ast.List) and first.elts:
                    first = first.elts[0]
                elif name != "which":
                    continue
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value:
                    prog = first.value
                    if (prog.startswith("/usr/") or "/" not in prog) and os.path.basename(prog) not in NOT_PACKAGED:
                        programs.setdefault(prog, path)
    return modules, programs


def main():
    # QGIS's own Python plugins (processing) live outside site-packages.
    for extra in ("/usr/share/qgis/python/plugins", "/usr/share/qgis/python"):
        if os.path.isdir(extra):
            sys.path.append(extra)
    skip = set(sys.stdlib_module_names) | local_names() | {"trygg", "trygg_report", "conftest"}
    failures = []
    modules, programs = imported_modules_and_programs()
    for name, where in sorted(modules.items()):
        if name in skip:
            continue
        try:
            importlib.import_module(name)
        except Exception as e:  # noqa: BLE001 - every failure is reported, not only ImportError
            failures.append(f"import {name} (imported by {where}): {type(e).__name__}: {e}")
    # GeoPandas' overlay and sjoin need a spatial index package (python3-rtree) at run time.
    try:
        import geopandas
        from shapely.geometry import box, Point
        a = geopandas.GeoDataFrame({"a": [1, 2]}, geometry=[box(0, 0, 2, 2), box(2, 0, 4, 2)], crs=3006)
        b = geopandas.GeoDataFrame({"b": [1]}, geometry=[box(1, 0, 3, 2)], crs=3006)
        pts = geopandas.GeoDataFrame({"p": [1]}, geometry=[Point(0.5, 0.5)], crs=3006)
        assert len(geopandas.overlay(a, b, how="intersection")) == 2
        assert len(geopandas.sjoin(pts, a, predicate="within")) == 1
    except Exception as e:  # noqa: BLE001
        failures.append(f"geopandas overlay/sjoin: {type(e).__name__}: {e}")
    for prog, where in sorted(programs.items()):
        if not shutil.which(prog):
            failures.append(f"program {prog} (started by {where}) is not installed")
    # Headless QGIS starts and lists its algorithms (the plugin tests need it working, not only present).
    r = subprocess.run(["qgis_process.bin", "list"], capture_output=True, timeout=300,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    if r.returncode != 0:
        failures.append(f"qgis_process.bin list: exit {r.returncode}: {r.stderr.decode(errors='replace')[-300:]}")
    checked = len([m for m in modules if m not in skip])
    PROGRAMS = programs
    if failures:
        print(f"fresh machine: {len(failures)} problem(s) after scripts/setup:", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)
        return 1
    print(f"fresh machine: {checked} third-party modules import, geopandas overlay/sjoin work, "
          f"{len(PROGRAMS)} programs found, qgis_process runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
