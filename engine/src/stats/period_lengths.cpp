// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/stats/period_lengths.hpp>

#include <cstdio>

namespace trygg::stats {

namespace {

int months_of(PeriodKind kind)
{
    return kind == PeriodKind::month ? 1 : kind == PeriodKind::quarter ? 3 : kind == PeriodKind::half_year ? 6 : 12;
}

}  // namespace

std::string period_kind_name(PeriodKind kind)
{
    switch (kind) {
    case PeriodKind::month: return "month";
    case PeriodKind::quarter: return "quarter";
    case PeriodKind::half_year: return "half-year";
    case PeriodKind::year: return "year";
    }
    return "";
}

std::string period_kind_suffix(PeriodKind kind)
{
    switch (kind) {
    case PeriodKind::month: return "manad";
    case PeriodKind::quarter: return "kvartal";
    case PeriodKind::half_year: return "halvar";
    case PeriodKind::year: return "ar";
    }
    return "";
}

std::string coarser_period_label(const std::string& label, PeriodKind from, PeriodKind to)
{
    auto bad = [&] { return core::PipelineError("period '" + label + "' is no " + period_kind_name(from) + " label"); };
    if (label.size() < 4)
        throw bad();
    int year = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        if (label[i] < '0' || label[i] > '9')
            throw bad();
        year = year * 10 + (label[i] - '0');
    }
    const std::string rest = label.substr(4);
    int month0 = 0;  // first month of the period, 0-based
    try {
        switch (from) {
        case PeriodKind::month:
            if (rest.size() != 3 || rest[0] != '-')
                throw bad();
            month0 = std::stoi(rest.substr(1)) - 1;
            break;
        case PeriodKind::quarter:
            if (rest.size() != 2 || rest[0] != 'Q')
                throw bad();
            month0 = (std::stoi(rest.substr(1)) - 1) * 3;
            break;
        case PeriodKind::half_year:
            if (rest.size() != 2 || rest[0] != 'H')
                throw bad();
            month0 = (std::stoi(rest.substr(1)) - 1) * 6;
            break;
        case PeriodKind::year:
            if (!rest.empty())
                throw bad();
            break;
        }
    } catch (const std::logic_error&) {
        throw bad();
    }
    if (month0 < 0 || month0 > 11 || months_of(from) > months_of(to))
        throw bad();
    const int start = month0 / months_of(to) * months_of(to);
    switch (to) {
    case PeriodKind::month: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d", year, start + 1);
        return buf;
    }
    case PeriodKind::quarter: return std::to_string(year) + "Q" + std::to_string(start / 3 + 1);
    case PeriodKind::half_year: return std::to_string(year) + "H" + std::to_string(start / 6 + 1);
    case PeriodKind::year: return std::to_string(year);
    }
    return "";
}

std::vector<int> period_parents(const AggregateResult& fine, PeriodKind fine_kind, const AggregateResult& coarse,
                                PeriodKind coarse_kind)
{
    std::vector<int> out;
    for (const auto& label : fine.periods) {
        const auto parent = coarser_period_label(label, fine_kind, coarse_kind);
        int index = -1;
        for (std::size_t p = 0; p < coarse.periods.size(); ++p)
            if (coarse.periods[p] == parent)
                index = static_cast<int>(p);
        if (index < 0)
            throw core::PipelineError("period " + label + " has no " + period_kind_name(coarse_kind) + " " + parent +
                                      " among the counted ones");
        out.push_back(index);
    }
    return out;
}

void complete_from_parts(AggregateResult& coarse, const AggregateResult& fine, const std::vector<int>& parents)
{
    coarse.period_complete.resize(coarse.periods.size(), 1);
    for (std::size_t p = 0; p < parents.size(); ++p)
        if (p < fine.period_complete.size() && !fine.period_complete[p])
            coarse.period_complete[static_cast<std::size_t>(parents[p])] = 0;
}

}  // namespace trygg::stats
