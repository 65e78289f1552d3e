// SPDX-License-Identifier: MIT
#include <trygg/core/test_file_limit.hpp>

#include <cstdlib>
#include <sys/resource.h>

namespace trygg::core {

void apply_test_file_limit(const std::string& final_name)
{
    const char* spec = std::getenv("TRYGG_TEST_FILE_SIZE_LIMIT");
    if (!spec || !*spec)
        return;
    const std::string s(spec);
    const auto colon = s.rfind(':');
    if (colon == std::string::npos || final_name.find(s.substr(0, colon)) == std::string::npos)
        return;
    const auto bytes = static_cast<rlim_t>(std::strtoull(s.c_str() + colon + 1, nullptr, 10));
    rlimit limit{};
    getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
}

}  // namespace trygg::core
