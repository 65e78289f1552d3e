// SPDX-License-Identifier: MIT
#pragma once
// A count as a published message may say it: small counts (1 to threshold - 1) are said as
// "fewer than <threshold>", like a withheld cell, so that a warning in the published manifest
// does not give away a count the tables withhold (e.g. the rows of one reject category).
#include <cstdint>
#include <string>

namespace trygg::pipeline {

std::string published_count(std::uint64_t n, int threshold = 5);

}  // namespace trygg::pipeline
