// SPDX-License-Identifier: MIT
#pragma once
// One vocabulary for the sex and age labels of registers and population tables: what a cell may
// say, and the canonical labels the published tables use.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::core {

// What a sex cell says. `all` is a total row or a cell that names no single sex.
enum class SexLabel { all, man, kvinna };

// Case-insensitive, trimmed. man: m, man, män, pojke, male, 1; kvinna: k, kvinna, kvinnor,
// flicka, f, female, 2; all: empty, totalt, total, alla, båda könen. Anything else: nullopt.
std::optional<SexLabel> parse_sex(std::string_view text);

// Canonical labels: "alla", "man", "kvinna"; and "okänd" for a record whose sex is unknown.
std::string_view sex_label(SexLabel sex);
inline constexpr std::string_view unknown_label = "okänd";
// The sex dimension of a published table: alla, man, kvinna, okänd (in this order).
std::vector<std::string> sex_labels();

// An age range in whole years; hi == open_end for "65-" / "65+"; lo == hi == -1 for all ages.
struct AgeRange {
    static constexpr int open_end = 1000;
    int lo = -1, hi = -1;
    bool all() const { return lo < 0; }
};

// "0-17", "0-17 år", "65-", "65+", "65-w"; all ages: empty, totalt, total, alla, totalt ålder.
// Case-insensitive, trimmed. nullopt when not a range (or hi < lo).
std::optional<AgeRange> parse_age_range(std::string_view text);

// Label of the band [lo, hi] ("18-64"), or "65-" when hi is AgeRange::open_end; "alla" for all.
std::string age_label(AgeRange range);
// The age dimension of a published table for band starts `bands` (ascending): "alla", one label
// per band (the last one open), "okänd".
std::vector<std::string> age_labels(const std::vector<int>& bands);

}  // namespace trygg::core
