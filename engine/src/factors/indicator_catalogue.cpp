// SPDX-License-Identifier: MIT
#include <trygg/factors/indicator_catalogue.hpp>

#include <trygg/core/area_table.hpp>
#include <trygg/core/error.hpp>

#include <map>
#include <set>
#include <tuple>

namespace trygg::factors {

std::string to_string(Direction d) { return d == Direction::risk ? "risk" : "skydd"; }

std::string to_string(RawForm f)
{
    switch (f) {
    case RawForm::value: return "varde";
    case RawForm::ratio: return "kvot";
    case RawForm::per_1000: return "per_1000";
    case RawForm::per_km2: return "per_km2";
    case RawForm::rate: return "brott_per_1000";
    }
    return "";
}

std::string goal_name(int goal)
{
    static const char* names[] = {"", "tillit", "motesplatser", "narkotika", "skola", "vald", "samverkan"};
    return goal >= 1 && goal <= 6 ? names[goal] : "";
}

IndicatorCatalogue indicator_catalogue_from_rows(const core::RecordRows& doc)
{
    const auto& path = doc.source;
    IndicatorCatalogue cat;
    cat.source = path;
    if (doc.fields.empty())
        throw core::InputError("indicator catalogue '" + path + "' is empty");
    auto col = [&](const std::string& name, bool required) {
        const int i = doc.field_index(name);
        if (i < 0 && required)
            throw core::InputError("indicator catalogue '" + path + "': column '" + name + "' is missing");
        return i;
    };
    const int c_id = col("id", true), c_goal = col("mal", true), c_sv = col("namn_sv", true),
              c_en = col("namn_en", false), c_dir = col("riktning", true), c_src = col("kalla", true),
              c_field = col("falt", true), c_unit = col("enhet", false), c_form = col("normalisering", true),
              c_weight = col("vikt", true), c_desc = col("beskrivning", false),
              c_wmin = col("vikt_min", false), c_wmax = col("vikt_max", false), c_base = col("bas", false);
    std::set<std::string> ids;
    static const std::map<std::string, RawForm> forms{{"varde", RawForm::value},
                                                       {"kvot", RawForm::ratio},
                                                       {"per_1000", RawForm::per_1000},
                                                       {"per_km2", RawForm::per_km2},
                                                       {"brott_per_1000", RawForm::rate}};
    for (std::size_t r = 0; r < doc.rows.size(); ++r) {
        const auto& row = doc.rows[r];
        const auto where = "indicator catalogue '" + path + "' line " + std::to_string(doc.lines[r]);
        if (!doc.problems[r].empty())
            throw core::InputError(where + ": " + doc.problems[r]);
        auto cell = [&](int c) { return c >= 0 && static_cast<std::size_t>(c) < row.size() ? row[c] : std::string(); };
        Indicator ind;
        ind.line = doc.lines[r];
        ind.id = cell(c_id);
        if (ind.id.empty())
            throw core::InputError(where + ": field 'id' is empty");
        if (!ids.insert(ind.id).second)
            throw core::InputError(where + ": field 'id': '" + ind.id + "' is not unique");
        const auto goal = core::parse_number(cell(c_goal));
        if (!goal || *goal < 1 || *goal > 6 || *goal != static_cast<int>(*goal))
            throw core::InputError(where + ": field 'mal' must be a goal number 1-6, not '" + cell(c_goal) + "'");
        ind.goal = static_cast<int>(*goal);
        ind.name_sv = cell(c_sv);
        ind.name_en = cell(c_en);
        const auto dir = cell(c_dir);
        if (dir == "risk")
            ind.direction = Direction::risk;
        else if (dir == "skydd" || dir == "protective")
            ind.direction = Direction::protective;
        else
            throw core::InputError(where + ": field 'riktning' must be 'risk' or 'skydd', not '" + dir + "'");
        ind.source = cell(c_src);
        ind.field = cell(c_field);
        if (ind.source.empty() || ind.field.empty())
            throw core::InputError(where + ": fields 'kalla' and 'falt' must name a stage tag and a field");
        ind.unit = cell(c_unit);
        auto f = forms.find(cell(c_form));
        if (f == forms.end())
            throw core::InputError(where + ": field 'normalisering' must be varde, kvot, per_1000, per_km2 or "
                                   "brott_per_1000, not '" + cell(c_form) + "'");
        ind.form = f->second;
        if (ind.form == RawForm::ratio && ind.field.find('/') == std::string::npos)
            throw core::InputError(where + ": field 'falt' must be 'numerator/denominator' for normalisering 'kvot'");
        const auto w = core::parse_number(cell(c_weight));
        if (!w || *w < 0)
            throw core::InputError(where + ": field 'vikt' must be a number >= 0, not '" + cell(c_weight) + "'");
        ind.weight = *w;
        ind.weight_min = ind.weight_max = ind.weight;
        for (const auto& [c, name, bound] : {std::tuple{c_wmin, "vikt_min", &ind.weight_min},
                                             std::tuple{c_wmax, "vikt_max", &ind.weight_max}}) {
            if (cell(c).empty())
                continue;
            const auto b = core::parse_number(cell(c));
            if (!b || *b < 0)
                throw core::InputError(where + ": field '" + name + "' must be a number >= 0, not '" + cell(c) + "'");
            *bound = *b;
        }
        if (!(ind.weight_min <= ind.weight && ind.weight <= ind.weight_max))
            throw core::InputError(where + ": fields 'vikt_min', 'vikt', 'vikt_max' must be in that order (" +
                                   cell(c_wmin) + " <= " + cell(c_weight) + " <= " + cell(c_wmax) + ")");
        ind.base_field = cell(c_base);
        ind.description = cell(c_desc);
        cat.indicators.push_back(std::move(ind));
    }
    return cat;
}

}  // namespace trygg::factors
