// SPDX-License-Identifier: MIT
// Several period lengths under one disclosure plan (issue 15, part periods), on hand-made
// registers: districts A, B, C, D counted per half-year and per year.
#include <trygg/core/datetime.hpp>
#include <trygg/core/error.hpp>
#include <trygg/stats/level_suppression.hpp>
#include <trygg/stats/period_lengths.hpp>

#include <gtest/gtest.h>

using namespace trygg;

namespace {

core::DistrictLayer layer(std::vector<std::string> codes)
{
    core::DistrictLayer l;
    l.names.resize(codes.size());
    l.polygons.resize(codes.size());
    l.area_km2.assign(codes.size(), 1.0);
    l.codes = std::move(codes);
    return l;
}

// `h1[d]` incidents of one group in district d on 2024-03-01 and `h2[d]` on 2024-09-01, sex
// and age unknown.
core::IncidentTable incidents(const std::vector<int>& h1, const std::vector<int>& h2,
                              std::vector<std::int32_t>& district_of)
{
    core::IncidentTable t;
    t.group_names = {"skadegorelse"};
    auto add = [&](std::size_t d, const char* day) {
        t.x.push_back(0);
        t.y.push_back(0);
        t.time.push_back(core::parse_datetime(day)->minutes);
        t.has_clock.push_back(0);
        t.groups.push_back(1);
        t.sex.push_back(core::Sex::unknown);
        t.age.push_back(-1);
        t.status.push_back(core::LocationStatus::located);
        t.area_code.push_back(-1);
        t.source_row.push_back(static_cast<std::uint32_t>(t.x.size() + 1));
        district_of.push_back(static_cast<std::int32_t>(d));
    };
    for (std::size_t d = 0; d < h1.size(); ++d) {
        for (int i = 0; i < h1[d]; ++i)
            add(d, "2024-03-01");
        for (int i = 0; i < h2[d]; ++i)
            add(d, "2024-09-01");
    }
    return t;
}

struct Planned {
    stats::AggregateResult half, year;
};

Planned plan(const std::vector<int>& h1, const std::vector<int>& h2, bool guard = true)
{
    std::vector<std::int32_t> district_of;
    const auto t = incidents(h1, h2, district_of);
    stats::AggregateOptions o;
    o.age_bands = {0};
    o.suppress_below = 0;
    Planned out;
    const auto districts = layer({"A", "B", "C", "D"});
    out.half = stats::aggregate(t, district_of, districts, nullptr, o);
    o.period = stats::PeriodKind::year;
    out.year = stats::aggregate(t, district_of, districts, nullptr, o);
    const auto parents = stats::period_parents(out.half, stats::PeriodKind::half_year, out.year, stats::PeriodKind::year);
    EXPECT_EQ(parents, (std::vector<int>{0, 0}));
    std::vector<std::vector<const stats::AggregateResult*>> tables{{&out.half, &out.year}};
    auto masks = stats::plan_levels_and_lengths(tables, {}, {parents}, 5);
    if (guard)
        stats::withhold_blocks_with_lines_of_ones(tables, {}, {parents}, masks);
    stats::withhold_cells(out.half, masks[0][0]);
    stats::withhold_cells(out.year, masks[0][1]);
    return out;
}

double truth(const stats::AggregateResult& r, std::size_t k)
{
    return r.true_counts[k];
}

// No line (year = H1 + H2 per cell; districts = whole, sexes = alla, ages = alla per period)
// holds exactly one withheld cell: one alone would be its published total minus the rest.
void expect_no_line_with_one_withheld(const Planned& r)
{
    const int nd = 4;
    for (int d = -1; d < nd; ++d)
        for (int s = 0; s < 4; ++s)
            for (int a = 0; a < 3; ++a) {
                const int hidden = r.year.find(d, 0, 0, s, a)->suppressed + r.half.find(d, 0, 0, s, a)->suppressed +
                                   r.half.find(d, 1, 0, s, a)->suppressed;
                EXPECT_NE(hidden, 1) << "time line of district " << d << " sex " << s << " age " << a;
            }
    for (const auto* res : {&r.half, &r.year})
        for (int p = 0; p < static_cast<int>(res->periods.size()); ++p)
            for (int s = 0; s < 4; ++s)
                for (int a = 0; a < 3; ++a) {
                    int hidden = 0;
                    for (int d = -1; d < nd; ++d)
                        hidden += res->find(d, p, 0, s, a)->suppressed;
                    EXPECT_NE(hidden, 1) << "district line, period " << res->periods[static_cast<std::size_t>(p)];
                }
}

}  // namespace

TEST(PeriodLengths, CoarserLabels)
{
    using K = stats::PeriodKind;
    EXPECT_EQ(stats::coarser_period_label("2024H1", K::half_year, K::year), "2024");
    EXPECT_EQ(stats::coarser_period_label("2024H2", K::half_year, K::half_year), "2024H2");
    EXPECT_EQ(stats::coarser_period_label("2024-05", K::month, K::quarter), "2024Q2");
    EXPECT_EQ(stats::coarser_period_label("2024-07", K::month, K::half_year), "2024H2");
    EXPECT_EQ(stats::coarser_period_label("2023Q3", K::quarter, K::half_year), "2023H2");
    EXPECT_EQ(stats::coarser_period_label("2023Q1", K::quarter, K::year), "2023");
    EXPECT_THROW(stats::coarser_period_label("2024", K::year, K::half_year), core::PipelineError);
    EXPECT_THROW(stats::coarser_period_label("2024Q5", K::quarter, K::year), core::PipelineError);
    EXPECT_THROW(stats::coarser_period_label("2024H1", K::quarter, K::year), core::PipelineError);
}

TEST(PeriodLengths, ASmallHalfYearIsNotTheYearMinusTheOtherHalf)
{
    // A: H1 = 2 (small), H2 = 10, year 12. Planned alone, H1 would be withheld and the year and
    // H2 published: 12 - 10 = 2. One plan withholds a second cell on A's time line.
    const auto r = plan({2, 10, 10, 10}, {10, 10, 10, 10});
    EXPECT_TRUE(r.half.find(0, 0, 0)->suppressed);
    EXPECT_TRUE(r.half.find(0, 1, 0)->suppressed || r.year.find(0, 0, 0)->suppressed);
    expect_no_line_with_one_withheld(r);
    // Every published year cell is the true sum of its halves.
    for (const auto& c : r.year.cells)
        if (!c.suppressed)
            EXPECT_EQ(c.count, truth(r.half, r.half.index(c.district, 0, c.group, c.sex, c.age)) +
                                   truth(r.half, r.half.index(c.district, 1, c.group, c.sex, c.age)));
}

TEST(PeriodLengths, TwoSmallHalvesMakingALargeYearLeaveTheYearPublished)
{
    // A: H1 = 2, H2 = 3, year 5 (not small). A cube over both halves (+1 in H1, -1 in H2) keeps
    // the year: A's year is published while both halves are withheld.
    const auto r = plan({2, 10, 10, 10}, {3, 10, 10, 10});
    EXPECT_TRUE(r.half.find(0, 0, 0)->suppressed);
    EXPECT_TRUE(r.half.find(0, 1, 0)->suppressed);
    EXPECT_FALSE(r.year.find(0, 0, 0)->suppressed);
    EXPECT_EQ(r.year.find(0, 0, 0)->count, 5.0);
    expect_no_line_with_one_withheld(r);
}

TEST(PeriodLengths, ASmallYearIsWithheldEvenWhenItsHalvesPartnerEachOther)
{
    // A: H1 = 1, H2 = 2, year 3: small on the year too, withheld there whatever cube its halves took.
    const auto r = plan({1, 10, 10, 10}, {2, 10, 10, 10});
    EXPECT_TRUE(r.half.find(0, 0, 0)->suppressed);
    EXPECT_TRUE(r.half.find(0, 1, 0)->suppressed);
    EXPECT_TRUE(r.year.find(0, 0, 0)->suppressed);
    expect_no_line_with_one_withheld(r);
}

TEST(PeriodLengths, TheGuardWithholdsTheYearBlockWhenATimeLineIsOnlyOnes)
{
    // Masks set by hand: A's and B's halves withheld (A 1 and 1, B 6 and 6), their years (2, 12)
    // published. Each half-year's district line (A + B withheld) is safe; A's time line is not:
    // an attacker who reads "withheld" as "at least 1" pins both halves. The guard withholds
    // every district cell of the group in 2024 on both lengths, and leaves the municipality's.
    std::vector<std::int32_t> district_of;
    const auto t = incidents({1, 6, 6, 6}, {1, 6, 6, 6}, district_of);
    stats::AggregateOptions o;
    o.age_bands = {0};
    o.suppress_below = 0;
    const auto districts = layer({"A", "B", "C", "D"});
    auto half = stats::aggregate(t, district_of, districts, nullptr, o);
    o.period = stats::PeriodKind::year;
    auto year = stats::aggregate(t, district_of, districts, nullptr, o);
    std::vector<std::vector<std::vector<char>>> masks{
        {std::vector<char>(half.cells.size(), 0), std::vector<char>(year.cells.size(), 0)}};
    for (int d : {0, 1})
        for (int p : {0, 1})
            masks[0][0][half.index(d, p, 0)] = 1;
    std::vector<std::vector<const stats::AggregateResult*>> tables{{&half, &year}};
    stats::withhold_blocks_with_lines_of_ones(tables, {}, {{0, 0}}, masks);
    for (std::size_t k = 0; k < half.cells.size(); ++k)
        EXPECT_EQ(masks[0][0][k], half.cells[k].district >= 0 ? 1 : 0);
    for (std::size_t k = 0; k < year.cells.size(); ++k)
        EXPECT_EQ(masks[0][1][k], year.cells[k].district >= 0 ? 1 : 0);

    // A's time line not all ones (1 + 2 under 3): nothing more is withheld. Every non-zero cell of
    // A's and B's halves is withheld here, not only alla × alla: the guard also reads the sex
    // and age lines (issue 15), and a withheld alla cell beside its published okänd cell (sex and
    // age are unknown) would be pinned by them.
    std::vector<std::int32_t> district_of2;
    const auto t2 = incidents({1, 6, 6, 6}, {2, 6, 6, 6}, district_of2);
    o.period = stats::PeriodKind::half_year;
    half = stats::aggregate(t2, district_of2, districts, nullptr, o);
    o.period = stats::PeriodKind::year;
    year = stats::aggregate(t2, district_of2, districts, nullptr, o);
    masks = {{std::vector<char>(half.cells.size(), 0), std::vector<char>(year.cells.size(), 0)}};
    std::size_t set = 0;
    for (std::size_t k = 0; k < half.cells.size(); ++k)
        if (half.cells[k].district >= 0 && half.cells[k].district <= 1 && half.true_counts[k] > 0) {
            masks[0][0][k] = 1;
            ++set;
        }
    stats::withhold_blocks_with_lines_of_ones(tables, {}, {{0, 0}}, masks);
    std::size_t withheld = 0;
    for (auto m : masks[0][0])
        withheld += m;
    for (auto m : masks[0][1])
        withheld += m;
    EXPECT_EQ(set, 16u);  // 2 districts x 2 half-years x (alla, okänd) x (alla, okänd)
    EXPECT_EQ(withheld, set);
}
