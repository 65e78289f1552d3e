# SPDX-License-Identifier: MIT
# Copies the Lägesrapport renderer (engine/report/trygg_report) next to the trygg binary, so a
# build tree runs reports without TRYGG_REPORT_DIR. Run at build time: the folder may not exist
# yet in a checkout without the renderer (then the copy is removed and write.report says so).
# cmake -DSRC=<engine/report/trygg_report> -DDST=<build>/engine/report/trygg_report -P CopyRenderer.cmake
if(EXISTS ${SRC}/__init__.py OR EXISTS ${SRC}/__main__.py)
  file(REMOVE_RECURSE ${DST})
  file(COPY ${SRC}/ DESTINATION ${DST} PATTERN __pycache__ EXCLUDE PATTERN "*.pyc" EXCLUDE)
else()
  file(REMOVE_RECURSE ${DST})
endif()
