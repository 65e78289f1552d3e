// SPDX-License-Identifier: MIT
// Count rows of the report input: published values, and intervals computed from them alone.
#include "published_table.hpp"
#include "report_parts.hpp"

#include <trygg/factors/poisson_interval.hpp>

namespace trygg::report {

std::vector<CountRow> read_count_rows(const io::FeatureTable& t)
{
    const Col kod(&t, "kod"), namn(&t, "namn"), period(&t, "period"), grupp(&t, "grupp"), kon(&t, "kon"),
        alder(&t, "aldersgrupp"), antal(&t, "antal"), visning(&t, "antal_visning"), undertryckt(&t, "undertryckt"),
        befolkning(&t, "befolkning"), per_1000(&t, "per_1000"), forandring(&t, "forandring_pct"),
        saknas(&t, "saknas_orsak");
    std::vector<CountRow> out;
    out.reserve(t.row_count());
    for (std::size_t r = 0; r < t.row_count(); ++r) {
        CountRow row{kod.text(r).value_or(""), namn.text(r).value_or(""), period.text(r).value_or(""),
                     grupp.text(r).value_or(""), kon.text(r).value_or(""), alder.text(r).value_or(""),
                     antal.integer(r), visning.text(r).value_or(""), befolkning.real(r), per_1000.real(r),
                     forandring.real(r), saknas.text(r)};
        if (undertryckt.integer(r).value_or(0) != 0) {  // withheld: no value, whatever the column holds
            row.antal.reset();
            row.per_1000.reset();
        }
        if (row.visning.empty())
            row.visning = row.antal ? std::to_string(*row.antal) : "..";
        out.push_back(std::move(row));
    }
    return out;
}

nlohmann::json count_json(const CountRow& row, bool with_district)
{
    nlohmann::json j = nlohmann::json::object();
    if (with_district) {
        j["kod"] = row.kod;
        j["namn"] = row.namn;
    }
    j["grupp"] = row.grupp;
    j["period"] = row.period;
    j["kon"] = row.kon;
    j["aldersgrupp"] = row.alder;
    j["antal"] = row.antal ? nlohmann::json(*row.antal) : nlohmann::json(nullptr);
    j["visning"] = row.visning;
    j["befolkning"] = number_or_null(row.befolkning);
    j["per_1000"] = row.antal ? number_or_null(row.per_1000) : nlohmann::json(nullptr);
    nlohmann::json lo = nullptr, hi = nullptr, rate_lo = nullptr, rate_hi = nullptr;
    if (row.antal) {
        const auto ci = factors::exact_poisson_interval(static_cast<double>(*row.antal));
        lo = ci.lower;
        hi = ci.upper;
        if (row.befolkning && *row.befolkning > 0 && row.per_1000) {
            rate_lo = ci.lower / *row.befolkning * 1000.0;
            rate_hi = ci.upper / *row.befolkning * 1000.0;
        }
    }
    j["antal_lag"] = lo;
    j["antal_hog"] = hi;
    j["per_1000_lag"] = rate_lo;
    j["per_1000_hog"] = rate_hi;
    if (with_district)
        j["forandring_pct"] = number_or_null(row.forandring_pct);  // as published
    j["saknas_orsak"] = row.saknas ? nlohmann::json(*row.saknas) : nlohmann::json(nullptr);
    return j;
}

}  // namespace trygg::report
