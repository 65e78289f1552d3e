// SPDX-License-Identifier: MIT
#pragma once
// Disclosure of a before/after evaluation's window counts (issue 19, part measure). A count of
// an area (a set of districts) in a window is the sum of the incident_counts cells of those
// districts in the periods the window covers (exactly, when the window is a union of whole
// periods; otherwise it is bounded by them). Published beside a withheld cell of that sum it
// would give the cell back (a one-district target over two half-years is the sum of two
// cells), so such a count is withheld too; see docs/disclosure-control.md.
#include <trygg/core/datetime.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trygg::pipeline {

class Publication;

// A period label of incident_counts ("2024H1", "2024Q3", "2024-05", "2024") as the local
// minutes [from, to) it spans; nullopt for anything else.
std::optional<std::pair<core::Minutes, core::Minutes>> period_range(const std::string& label);

// True when a published incident_counts-like table of `publication` withholds a cell of crime
// group `group` (sex alla, age band alla) of one of the districts `codes` in a period that
// overlaps [from, to). For `group` "alla" a withheld cell of any group counts: incident_counts
// has no "alla" row, and every incident lies in some group.
bool touches_withheld_count(const Publication& publication, const std::string& group,
                            const std::vector<std::string>& codes, core::Minutes from, core::Minutes to);

}  // namespace trygg::pipeline
