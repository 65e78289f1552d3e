// SPDX-License-Identifier: MIT
#pragma once
// The policy's indicator catalogue (geodata/catalog/indikatorer.csv): one row per indicator
// with its goal, names, direction, source, unit, how the raw value is formed, and weight.
#include <trygg/core/record_rows.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace trygg::factors {

enum class Direction { risk, protective };

// How the raw value is formed from the source field(s).
enum class RawForm {
    value,     // the field as it is (a share, an index...)
    ratio,     // field "a/b": 100 × a / b (a share in percent)
    per_1000,  // field per 1,000 inhabitants (needs a population)
    per_km2,   // field per km² of district area
    rate,      // crime group from an aggregate: incidents per 1,000 inhabitants per year
};

struct Indicator {
    std::string id;          // unique, snake_case
    int goal = 0;            // 1..6 (policy goal)
    std::string name_sv;
    std::string name_en;
    Direction direction = Direction::risk;
    std::string source;      // tag of the pipeline stage that provides it
    std::string field;       // column, "a/b", or crime group (for an aggregate)
    std::string unit;
    RawForm form = RawForm::value;
    double weight = 1.0;
    // The range the uncertainty analysis draws the weight from (optional columns vikt_min,
    // vikt_max; both default to vikt, a fixed weight).
    double weight_min = 1.0;
    double weight_max = 1.0;
    // Survey indicators: the source column holding the respondents behind the share (optional
    // column bas; empty when the source does not give it).
    std::string base_field;
    std::string description;
    std::uint64_t line = 0;  // line in the catalogue file
};

struct IndicatorCatalogue {
    std::string source;
    std::vector<Indicator> indicators;
};

std::string to_string(Direction d);     // "risk" / "skydd"
std::string to_string(RawForm f);       // "varde", "kvot", "per_1000", "per_km2", "brott_per_1000"
std::string goal_name(int goal);        // "tillit", "motesplatser", "narkotika", "skola", "vald", "samverkan"

// From the catalogue's rows (read by io::read_catalogue). Throws core::InputError naming the
// file (rows.source), line and field for any bad cell.
IndicatorCatalogue indicator_catalogue_from_rows(const core::RecordRows& rows);

}  // namespace trygg::factors
