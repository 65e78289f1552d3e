// SPDX-License-Identifier: MIT
#pragma once
// The editable crime catalogue (geodata/catalog/brottskoder.csv): categories -> crime groups.
// Rows: pattern,kind,groups,description with kind "code" (exact 4-digit brottskod), "prefix"
// (code prefix) or "text" (free-text event type, case-insensitive). Precedence: exact code,
// then the longest prefix, then text. Unmatched categories count as "ovrigt" and are reported.
#include <trygg/core/record_rows.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace trygg::stats {

class CrimeCatalogue {
public:
    // From the catalogue's rows (read by io::read_catalogue). Throws core::InputError naming
    // the file (rows.source) and line for malformed rows.
    static CrimeCatalogue from_rows(const core::RecordRows& rows);

    const std::vector<std::string>& group_names() const { return groups_; }
    // Bitmask over group_names(); 0 when the category is not in the catalogue.
    std::uint16_t match(const std::string& category) const;
    std::uint16_t fallback_mask() const;  // the "ovrigt" group

private:
    std::uint16_t mask_of(const std::string& groups, const std::string& where);

    std::vector<std::string> groups_;
    std::map<std::string, std::uint16_t> codes_;
    std::map<std::string, std::uint16_t> prefixes_;
    std::map<std::string, std::uint16_t> texts_;  // case-folded
};

}  // namespace trygg::stats
