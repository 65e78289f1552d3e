// SPDX-License-Identifier: MIT
#include <trygg/core/datetime.hpp>
#include <trygg/pipeline/release.hpp>

#include <cstdio>

namespace trygg::pipeline {

std::string day_text(std::int64_t minutes)
{
    int y;
    unsigned m, d, h, mi;
    core::civil_from_minutes(minutes, y, m, d, h, mi);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

std::string span_text(std::int64_t start, std::int64_t end)
{
    return day_text(start) + ".." + day_text(end - 1);
}

}  // namespace trygg::pipeline
