// SPDX-License-Identifier: MIT
#include <trygg/pipeline/published_count.hpp>

namespace trygg::pipeline {

std::string published_count(std::uint64_t n, int threshold)
{
    if (n >= 1 && threshold > 1 && n < static_cast<std::uint64_t>(threshold))
        return "fewer than " + std::to_string(threshold);
    return std::to_string(n);
}

}  // namespace trygg::pipeline
