#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 21: 50,176 small districts end to end (read, assign, aggregate, Gi*, write.gpkg) with
# peak memory per stage. Synthetic data (geodata/generator/generate_national.py).
# Usage: tests/bench/many_districts/run.sh [WORK_DIR] [TRYGG]   (from the repository root)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(realpath -m "${1:-/tmp/trygg-many-districts}")
trygg=$(realpath -m "${2:-$repo/build/release/engine/trygg}")
incidents=${TRYGG_BENCH_INCIDENTS:-1000000}
years=${TRYGG_BENCH_YEARS:-2023-2024}
period=${TRYGG_BENCH_PERIOD:-half-year}
mkdir -p "$work"
[ -f "$work/incidents.csv" ] || /usr/bin/python3 "$repo/geodata/generator/generate_national.py" "$work" \
    --cols 224 --rows 224 --cell 250 --incidents "$incidents" --years "$years"
sed "s#@CATALOGUE@#$repo/geodata/catalog/brottskoder.csv#; s#@PERIOD@#$period#" "$repo/tests/bench/many_districts/pipeline.json" \
    > "$work/pipeline.json"
cd "$work"  # the pipeline's paths are relative to it
/usr/bin/python3 "$repo/tests/bench/many_districts/stage_memory.py" "$trygg" pipeline.json
