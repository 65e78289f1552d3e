# SPDX-License-Identifier: MIT
target_sources(trygg_engine PRIVATE src/cli/cli.cpp)
# `trygg report` (issue 17): the Lägesrapport's sub-command.
target_sources(trygg_engine PRIVATE src/cli/report_command.cpp)
# Issue 18: the machine-readable error event of --progress=json.
target_sources(trygg_engine PRIVATE src/cli/error_event.cpp)
# `trygg batch` (issue 20): a folder of pipelines as independent processes.
target_sources(trygg_engine PRIVATE src/cli/batch_command.cpp)
