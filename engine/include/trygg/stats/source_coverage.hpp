// SPDX-License-Identifier: MIT
#pragma once
// What an incident source covers. A crime group none of whose catalogue codes occurs in the
// source (the Västerås register has no theft codes at all), or that the source's declared
// coverage ("covers") leaves out, is "not in source": its counts are missing, never 0, since
// 0 would say there were no thefts.
#include <trygg/stats/aggregate.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace trygg::stats {

// How a count of such a group is shown, and the reason published with it.
inline constexpr const char* not_in_source_text = "ej i källan";

// The mask (bit i = group_names[i]) of the declared groups; throws core::PipelineError
// "<tag>: ..." naming a group that is not in the catalogue.
std::uint16_t declared_coverage(const std::vector<std::string>& group_names, const std::vector<std::string>& covers,
                                const std::string& tag);

// The groups not covered, given those covered (declared, else observed). Without a catalogue
// there is one group, "alla", always covered.
std::uint16_t groups_not_in_source(std::size_t group_count, bool has_catalogue, std::uint16_t covered);

// Marks the groups not in source in an aggregate whose true counts are filled: their true
// counts become NaN (so rates, change and everything read through district_counts are missing
// too, and suppression never takes them for small counts) and r.not_in_source is set.
void mark_groups_not_in_source(AggregateResult& r, std::uint16_t groups_not_in_source);

// True for a cell of a group not in source (missing, not withheld).
bool not_in_source(const AggregateResult& r, const AggregateCell& c);

}  // namespace trygg::stats
