#include "geocode/edit_distance.hpp"

#include <algorithm>

namespace trygg::geocode::detail {

int osa_distance(std::string_view a, std::string_view b, int max_distance)
{
    const int n = static_cast<int>(a.size());
    const int m = static_cast<int>(b.size());
    if (std::abs(n - m) > max_distance)
        return max_distance + 1;
    std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (int j = 0; j <= m; ++j)
        prev[j] = j;
    for (int i = 1; i <= n; ++i) {
        cur[0] = i;
        int row_min = cur[0];
        for (int j = 1; j <= m; ++j) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = std::min(v, prev2[j - 2] + 1);
            cur[j] = v;
            row_min = std::min(row_min, v);
        }
        if (row_min > max_distance)
            return max_distance + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[m], max_distance + 1);
}

std::vector<std::string> deletion_neighbourhood(std::string_view key, int depth)
{
    std::vector<std::string> out{std::string(key)};
    std::size_t begin = 0;
    for (int d = 0; d < depth; ++d) {
        std::size_t end = out.size();
        for (std::size_t k = begin; k < end; ++k) {
            const std::string s = out[k];
            for (std::size_t i = 0; i < s.size(); ++i) {
                if (i > 0 && s[i] == s[i - 1])
                    continue;  // deleting either of two equal neighbours gives the same string
                std::string t = s.substr(0, i) + s.substr(i + 1);
                out.push_back(std::move(t));
            }
        }
        begin = end;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace trygg::geocode::detail
