#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 20: national scale, 6,000 DeSO-like districts and 15M incidents over ten years
# (aggregate + moran + gistar + publication), time and peak memory per stage. Synthetic data
# (geodata/generator/generate_national.py).
# Usage: tests/bench/national/run.sh [WORK_DIR] [TRYGG]   (from the repository root)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(realpath -m "${1:-/tmp/trygg-national}")
trygg=$(realpath -m "${2:-$repo/build/release/engine/trygg}")
incidents=${TRYGG_BENCH_INCIDENTS:-15000000}
years=${TRYGG_BENCH_YEARS:-2015-2024}
period=${TRYGG_BENCH_PERIOD:-year}
mkdir -p "$work"
[ -f "$work/incidents.csv" ] || /usr/bin/python3 "$repo/geodata/generator/generate_national.py" "$work" \
    --cols 80 --rows 75 --cell 2000 --incidents "$incidents" --years "$years"
sed "s#@CATALOGUE@#$repo/geodata/catalog/brottskoder.csv#; s#@PERIOD@#$period#" "$repo/tests/bench/national/pipeline.json" \
    > "$work/pipeline.json"
cd "$work"  # the pipeline's paths are relative to it
/usr/bin/python3 "$repo/tests/bench/many_districts/stage_memory.py" "$trygg" pipeline.json
