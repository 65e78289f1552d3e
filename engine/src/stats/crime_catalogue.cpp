// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/stats/crime_catalogue.hpp>

#include <algorithm>

namespace trygg::stats {

std::uint16_t CrimeCatalogue::mask_of(const std::string& groups, const std::string& where)
{
    std::uint16_t mask = 0;
    std::size_t start = 0;
    while (start <= groups.size()) {
        auto end = groups.find(';', start);
        if (end == std::string::npos)
            end = groups.size();
        auto g = core::fold_label(groups.substr(start, end - start));
        if (!g.empty()) {
            auto it = std::find(groups_.begin(), groups_.end(), g);
            if (it == groups_.end()) {
                if (groups_.size() >= 16)
                    throw core::InputError(where + ": more than 16 crime groups");
                groups_.push_back(g);
                it = groups_.end() - 1;
            }
            mask = static_cast<std::uint16_t>(mask | (1u << (it - groups_.begin())));
        }
        start = end + 1;
    }
    if (mask == 0)
        throw core::InputError(where + ": field 'groups' is empty");
    return mask;
}

CrimeCatalogue CrimeCatalogue::from_rows(const core::RecordRows& records)
{
    const auto& path = records.source;
    for (const char* f : {"pattern", "kind", "groups"})
        if (records.field_index(f) < 0)
            throw core::InputError(path + ": catalogue field '" + std::string(f) + "' not found (the fields are: " +
                                   records.field_list() + ")");
    int fp = records.field_index("pattern"), fk = records.field_index("kind"), fg = records.field_index("groups");
    CrimeCatalogue c;
    // The standard groups first, in a fixed order, so bit positions are stable.
    for (const char* g : {"vald", "skadegorelse", "tillgrepp", "narkotika", "ovrigt"})
        c.groups_.emplace_back(g);
    for (std::size_t r = 0; r < records.rows.size(); ++r) {
        std::string where = path + ": line " + std::to_string(records.lines[r]);
        if (!records.problems[r].empty())
            throw core::InputError(where + ": " + records.problems[r]);
        const auto& row = records.rows[r];
        auto pattern = row[static_cast<std::size_t>(fp)];
        auto kind = core::fold_label(row[static_cast<std::size_t>(fk)]);
        auto mask = c.mask_of(row[static_cast<std::size_t>(fg)], where);
        auto trimmed = core::fold_label(pattern);
        if (trimmed.empty())
            throw core::InputError(where + ": field 'pattern' is empty");
        if (kind == "code")
            c.codes_[trimmed] = mask;
        else if (kind == "prefix")
            c.prefixes_[trimmed] = mask;
        else if (kind == "text")
            c.texts_[trimmed] = mask;
        else
            throw core::InputError(where + ": field 'kind' is '" + kind + "' (expected code, prefix or text)");
    }
    return c;
}

std::uint16_t CrimeCatalogue::match(const std::string& category) const
{
    auto key = core::fold_label(category);
    if (key.empty())
        return 0;
    if (auto it = codes_.find(key); it != codes_.end())
        return it->second;
    // Prefixes apply to Brå codes only (four digits), so "123" or "35700" stay unmatched.
    bool brottskod = key.size() == 4 && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
    for (std::size_t len = brottskod ? key.size() : 0; len > 0; --len)
        if (auto it = prefixes_.find(key.substr(0, len)); it != prefixes_.end())
            return it->second;
    if (auto it = texts_.find(key); it != texts_.end())
        return it->second;
    return 0;
}

std::uint16_t CrimeCatalogue::fallback_mask() const
{
    auto it = std::find(groups_.begin(), groups_.end(), "ovrigt");
    return static_cast<std::uint16_t>(1u << (it - groups_.begin()));
}

}  // namespace trygg::stats
