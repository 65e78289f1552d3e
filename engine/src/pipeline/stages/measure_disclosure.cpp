// SPDX-License-Identifier: MIT
#include "measure_disclosure.hpp"

#include <trygg/pipeline/publication.hpp>

#include <cstdlib>
#include <set>

namespace trygg::pipeline {

namespace {

core::Minutes month_start(int year, int month0)  // month0 may run past 11
{
    const int y = year + month0 / 12;
    const auto m = static_cast<unsigned>(month0 % 12 + 1);
    return core::days_from_civil(y, m, 1) * 1440;
}

bool digits(const std::string& s, std::size_t from, std::size_t n)
{
    if (s.size() < from + n)
        return false;
    for (std::size_t i = from; i < from + n; ++i)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

template <class T>
const T* column_values(const io::FeatureTable& t, const char* name)
{
    const auto* c = t.find(name);
    return c ? std::get_if<T>(&c->values) : nullptr;
}

}  // namespace

std::optional<std::pair<core::Minutes, core::Minutes>> period_range(const std::string& label)
{
    if (!digits(label, 0, 4))
        return std::nullopt;
    const int year = std::atoi(label.substr(0, 4).c_str());
    auto span = [&](int first, int months) {
        return std::make_optional(std::make_pair(month_start(year, first), month_start(year, first + months)));
    };
    if (label.size() == 4)
        return span(0, 12);
    if (label.size() == 6 && label[4] == 'H' && (label[5] == '1' || label[5] == '2'))
        return span(6 * (label[5] - '1'), 6);
    if (label.size() == 6 && label[4] == 'Q' && label[5] >= '1' && label[5] <= '4')
        return span(3 * (label[5] - '1'), 3);
    if (label.size() == 7 && label[4] == '-' && digits(label, 5, 2)) {
        const int m = std::atoi(label.substr(5, 2).c_str());
        if (m >= 1 && m <= 12)
            return span(m - 1, 1);
    }
    return std::nullopt;
}

bool touches_withheld_count(const Publication& publication, const std::string& group,
                            const std::vector<std::string>& codes, core::Minutes from, core::Minutes to)
{
    using Text = std::vector<std::optional<std::string>>;
    using Ints = std::vector<std::optional<std::int64_t>>;
    const std::set<std::string> wanted(codes.begin(), codes.end());
    if (wanted.empty() || from >= to)
        return false;
    for (const auto& published : publication.tables()) {
        if (published.audience != Audience::published)
            continue;
        const auto& t = published.table;
        const auto *kod = column_values<Text>(t, "kod"), *period = column_values<Text>(t, "period"),
                   *grupp = column_values<Text>(t, "grupp"), *kon = column_values<Text>(t, "kon"),
                   *alder = column_values<Text>(t, "aldersgrupp");
        const auto* withheld = column_values<Ints>(t, "undertryckt");
        if (!kod || !period || !grupp || !kon || !alder || !withheld)
            continue;
        for (std::size_t r = 0; r < withheld->size(); ++r) {
            // "alla" (every incident) is no row of incident_counts: its count rests on every group's.
            if ((*withheld)[r].value_or(0) == 0 || (group != "alla" && (*grupp)[r] != group) || (*kon)[r] != "alla" ||
                (*alder)[r] != "alla" || !(*kod)[r] || !wanted.count(*(*kod)[r]))
                continue;
            const auto span = period_range((*period)[r].value_or(""));
            // A period we cannot place is taken to overlap (withholding is the safe side).
            if (!span || (span->first < to && from < span->second))
                return true;
        }
    }
    return false;
}

}  // namespace trygg::pipeline
