// SPDX-License-Identifier: MIT
#pragma once
// A full disk at the moment one particular output is written, for the disk-full tests of every
// output kind (issue 21). A file-size limit set before the run (ulimit -f) always hits the
// GeoPackage first, which is written first and is the largest; with
// TRYGG_TEST_FILE_SIZE_LIMIT=<name part>:<bytes> the writers set RLIMIT_FSIZE to <bytes> just
// before they write the first output whose final file name contains <name part> (the report
// renderer, a child process, inherits it). The write then fails with a real EFBIG from the
// kernel. Unset (always, outside tests), this does nothing.
#include <string>

namespace trygg::core {

void apply_test_file_limit(const std::string& final_name);

}  // namespace trygg::core
