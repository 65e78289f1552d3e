// SPDX-License-Identifier: MIT
#include "geocode/edit_distance.hpp"
#include "geocode/gazetteer_index.hpp"

#include <algorithm>

namespace trygg::geocode::detail {

int osa_distance(std::string_view a, std::string_view b, int max_distance)
{
    const int n = static_cast<int>(a.size());
    const int m = static_cast<int>(b.size());
    if (std::abs(n - m) > max_distance)
        return max_distance + 1;
    // Three rows on the stack for the usual name lengths, on the heap beyond.
    constexpr int stack_len = 96;
    int s0[stack_len], s1[stack_len], s2[stack_len];
    std::vector<int> h0, h1, h2;
    int *prev2 = s0, *prev = s1, *cur = s2;
    if (m + 1 > stack_len) {
        h0.resize(m + 1);
        h1.resize(m + 1);
        h2.resize(m + 1);
        prev2 = h0.data();
        prev = h1.data();
        cur = h2.data();
    }
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

void deletion_hashes(std::string_view key, int depth, std::vector<std::uint64_t>& out)
{
    const std::size_t n = key.size();
    auto hash_skipping = [&](std::size_t i, std::size_t j) {
        std::uint64_t h = 1469598103934665603ULL;  // same as hash_key
        for (std::size_t k = 0; k < n; ++k) {
            if (k == i || k == j)
                continue;
            h ^= static_cast<unsigned char>(key[k]);
            h *= 1099511628211ULL;
        }
        return h;
    };
    out.push_back(hash_key(key));
    if (depth >= 1)
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0 && key[i] == key[i - 1])
                continue;
            out.push_back(hash_skipping(i, n));
            if (depth >= 2)
                for (std::size_t j = i + 1; j < n; ++j) {
                    if (j > i + 1 && key[j] == key[j - 1])
                        continue;
                    out.push_back(hash_skipping(i, j));
                }
        }
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
