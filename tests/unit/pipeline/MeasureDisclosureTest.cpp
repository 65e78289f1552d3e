// SPDX-License-Identifier: MIT
// Issue 19 (part measure): an evaluation's window count is withheld when its districts × window
// touch a withheld cell of a published incident_counts table (measure_disclosure.hpp).
#include "pipeline/stages/measure_disclosure.hpp"

#include <trygg/core/datetime.hpp>
#include <trygg/pipeline/publication.hpp>

#include <gtest/gtest.h>

using namespace trygg;
using namespace trygg::pipeline;

namespace {

core::Minutes day(int y, unsigned m, unsigned d) { return core::days_from_civil(y, m, d) * 1440; }

// incident_counts with two districts × two half-years, group vald; A's 2024H1 withheld.
Publication counts_publication()
{
    Publication pub("test", [](const DistrictsArtifact&) { return std::string("delomraden"); });
    auto part = pub.contribution("aggregate");
    auto& t = part.table("incident_counts");
    t.add_text("kod", {"A", "A", "B", "B", "A"});
    t.add_text("period", {"2023H2", "2024H1", "2023H2", "2024H1", "2024H1"});
    t.add_text("grupp", {"vald", "vald", "vald", "vald", "vald"});
    t.add_text("kon", {"alla", "alla", "alla", "alla", "man"});
    t.add_text("aldersgrupp", {"alla", "alla", "alla", "alla", "alla"});
    t.add_integer("antal", {7, std::nullopt, 9, 12, std::nullopt});
    t.add_integer("undertryckt", {0, 1, 0, 0, 1});
    return pub;
}

}  // namespace

TEST(MeasureDisclosure, PeriodLabelsSpanTheirMonths)
{
    EXPECT_EQ(period_range("2024H1"), std::make_pair(day(2024, 1, 1), day(2024, 7, 1)));
    EXPECT_EQ(period_range("2024H2"), std::make_pair(day(2024, 7, 1), day(2025, 1, 1)));
    EXPECT_EQ(period_range("2024Q4"), std::make_pair(day(2024, 10, 1), day(2025, 1, 1)));
    EXPECT_EQ(period_range("2024-12"), std::make_pair(day(2024, 12, 1), day(2025, 1, 1)));
    EXPECT_EQ(period_range("2024"), std::make_pair(day(2024, 1, 1), day(2025, 1, 1)));
    EXPECT_FALSE(period_range("latest"));
    EXPECT_FALSE(period_range("2024H3"));
}

TEST(MeasureDisclosure, ACountTouchingAWithheldCellIsWithheld)
{
    const auto pub = counts_publication();
    // A over 2024 (2024H1 withheld): A's count would be 7 + the withheld cell.
    EXPECT_TRUE(touches_withheld_count(pub, "vald", {"A"}, day(2024, 1, 1), day(2025, 1, 1)));
    // A window not aligned with the periods, overlapping 2024H1 by a day.
    EXPECT_TRUE(touches_withheld_count(pub, "vald", {"A", "B"}, day(2023, 7, 2), day(2024, 1, 2)));
    // A in 2023H2 only, B over both half-years, another group: nothing withheld is touched.
    EXPECT_FALSE(touches_withheld_count(pub, "vald", {"A"}, day(2023, 7, 1), day(2024, 1, 1)));
    EXPECT_FALSE(touches_withheld_count(pub, "vald", {"B"}, day(2023, 7, 1), day(2024, 7, 1)));
    EXPECT_FALSE(touches_withheld_count(pub, "skadegorelse", {"A"}, day(2024, 1, 1), day(2024, 7, 1)));
    // Every incident ("alla") rests on every group's cells: A's withheld violence cell counts.
    EXPECT_TRUE(touches_withheld_count(pub, "alla", {"A"}, day(2024, 1, 1), day(2024, 7, 1)));
    EXPECT_FALSE(touches_withheld_count(pub, "alla", {"B"}, day(2024, 1, 1), day(2024, 7, 1)));
    // Only sex alla / age alla cells make up an area's count (the man cell is not one of them).
    EXPECT_FALSE(touches_withheld_count(pub, "vald", {}, day(2024, 1, 1), day(2024, 7, 1)));
}
