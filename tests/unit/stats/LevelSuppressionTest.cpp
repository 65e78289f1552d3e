// One disclosure plan over two reporting levels, on a hand-made register: fine districts A, B
// in coarse district R1 and C, D in R2.
#include <trygg/core/datetime.hpp>
#include <trygg/stats/level_suppression.hpp>

#include <gtest/gtest.h>

#include <cmath>

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

// `counts[d]` incidents of one group in district d, sex and age unknown, in 2024H1.
core::IncidentTable incidents(const std::vector<int>& counts, std::vector<std::int32_t>& district_of)
{
    core::IncidentTable t;
    t.group_names = {"skadegorelse"};
    for (std::size_t d = 0; d < counts.size(); ++d)
        for (int i = 0; i < counts[d]; ++i) {
            t.x.push_back(0);
            t.y.push_back(0);
            t.time.push_back(core::parse_datetime("2024-03-01")->minutes);
            t.has_clock.push_back(0);
            t.groups.push_back(1);
            t.sex.push_back(core::Sex::unknown);
            t.age.push_back(-1);
            t.status.push_back(core::LocationStatus::located);
            t.area_code.push_back(-1);
            t.source_row.push_back(static_cast<std::uint32_t>(t.x.size() + 1));
            district_of.push_back(static_cast<std::int32_t>(d));
        }
    return t;
}

const std::vector<int> parent{0, 0, 1, 1};  // A, B -> R1; C, D -> R2

bool withheld(const stats::AggregateResult& r, int district) { return r.find(district, 0, 0)->suppressed; }

}  // namespace

TEST(LevelSuppression, PartnerMustLieInAnotherCoarseDistrictOnEveryLevel)
{
    const auto allowed = stats::partner_in_other_parent({{0, 0, 1, 1}, {0, 1, 1, 2}});
    EXPECT_FALSE(allowed(0, 1));  // same district of level 0
    EXPECT_FALSE(allowed(1, 2));  // same district of level 1
    EXPECT_TRUE(allowed(0, 2));
    EXPECT_TRUE(allowed(0, 3));
    EXPECT_FALSE(allowed(2, 3));
}

TEST(LevelSuppression, ACoarseSumCannotGiveBackTwoWithheldSiblings)
{
    // A = 2 and B = 3 are small (primary); C = D = 10. R1 = A + B = 5, R2 = 20, whole = 25.
    std::vector<std::int32_t> district_of;
    const auto t = incidents({2, 3, 10, 10}, district_of);
    const auto fine_layer = layer({"A", "B", "C", "D"});
    stats::AggregateOptions o;
    o.age_bands = {0};

    // Alone, the finest level pairs A with B (the cheapest partner): published, R1 would be the
    // whole minus R2 = 5, and A + B known.
    const auto alone = stats::aggregate(t, district_of, fine_layer, nullptr, o);
    EXPECT_TRUE(withheld(alone, 0));
    EXPECT_TRUE(withheld(alone, 1));
    EXPECT_FALSE(withheld(alone, 2));
    EXPECT_FALSE(withheld(alone, 3));

    // Planned with the coarse level, A and B may not partner each other: the cheapest partner
    // outside R1 is the whole (adding 1 to A's cells and the whole's, through empty sex and age
    // cells, keeps every margin), not C or D with 10 each.
    o.district_partner_allowed = stats::partner_in_other_parent({parent});
    const auto fine = stats::aggregate(t, district_of, fine_layer, nullptr, o);
    EXPECT_TRUE(withheld(fine, 0));
    EXPECT_TRUE(withheld(fine, 1));
    EXPECT_FALSE(withheld(fine, 2));
    EXPECT_FALSE(withheld(fine, 3));
    EXPECT_TRUE(withheld(fine, -1));

    std::vector<std::int32_t> coarse_of;
    for (auto d : district_of)
        coarse_of.push_back(parent[static_cast<std::size_t>(d)]);
    auto unsuppressed = o;
    unsuppressed.suppress_below = 0;
    auto coarse = stats::aggregate(t, coarse_of, layer({"R1", "R2"}), nullptr, unsuppressed);
    stats::withhold_from_finer(coarse, fine, parent);
    // R1 holds withheld cells: withheld, and it moves with A and the whole (both withheld).
    // R2 = C + D = 20 is published: the sum of two published cells, nothing new.
    EXPECT_TRUE(withheld(coarse, 0));
    EXPECT_TRUE(std::isnan(coarse.find(0, 0, 0)->count));
    EXPECT_FALSE(withheld(coarse, 1));
    EXPECT_EQ(coarse.find(1, 0, 0)->count, 20.0);
    EXPECT_TRUE(withheld(coarse, -1));  // the whole is the same cell on both levels
    for (int s = 0; s < 4; ++s)
        for (int a = 0; a < 3; ++a)  // alla, 0-, okänd
            EXPECT_EQ(coarse.find(0, 0, 0, s, a)->suppressed, fine.find(0, 0, 0, s, a)->suppressed ||
                                                                  fine.find(1, 0, 0, s, a)->suppressed);
}

TEST(LevelSuppression, PublishedCoarseCellsAreSumsOfPublishedFineCells)
{
    // A: 7, B: 6 (nothing small in R1); C: 1, D: 12.
    std::vector<std::int32_t> district_of;
    const auto t = incidents({7, 6, 1, 12}, district_of);
    stats::AggregateOptions o;
    o.age_bands = {0};
    o.district_partner_allowed = stats::partner_in_other_parent({parent});
    const auto fine = stats::aggregate(t, district_of, layer({"A", "B", "C", "D"}), nullptr, o);
    std::vector<std::int32_t> coarse_of;
    for (auto d : district_of)
        coarse_of.push_back(parent[static_cast<std::size_t>(d)]);
    auto unsuppressed = o;
    unsuppressed.suppress_below = 0;
    auto coarse = stats::aggregate(t, coarse_of, layer({"R1", "R2"}), nullptr, unsuppressed);
    stats::withhold_from_finer(coarse, fine, parent);
    EXPECT_TRUE(withheld(fine, 2));    // C = 1
    EXPECT_FALSE(withheld(fine, 3));   // D may not partner C: same R2
    EXPECT_TRUE(withheld(coarse, 1));  // R2 = 13 holds C
    for (std::size_t k = 0; k < coarse.cells.size(); ++k) {
        const auto& c = coarse.cells[k];
        if (c.suppressed || c.district < 0)
            continue;
        double sum = 0;
        for (int d = 0; d < 4; ++d)
            if (parent[static_cast<std::size_t>(d)] == c.district) {
                const auto* f = fine.find(d, c.period, c.group, c.sex, c.age);
                ASSERT_FALSE(f->suppressed);
                sum += f->count;
            }
        EXPECT_EQ(c.count, sum);
    }
}

TEST(LevelSuppression, SharesCountNonZeroDistrictCellsAndRecommendTheFinestThatReaches)
{
    std::vector<std::int32_t> district_of;
    const auto t = incidents({2, 3, 10, 0}, district_of);
    stats::AggregateOptions o;
    o.age_bands = {0};
    const auto fine = stats::aggregate(t, district_of, layer({"A", "B", "C", "D"}), nullptr, o);
    const auto shares = stats::published_shares(fine);
    ASSERT_EQ(shares.size(), 2u);  // the group, then all groups
    // Non-zero: A, B, C (D is 0, the whole is not a district). A, B withheld; C published unless
    // it partners them: count what was withheld.
    const std::size_t published = !withheld(fine, 0) + !withheld(fine, 1) + !withheld(fine, 2);
    EXPECT_EQ(shares[0].cells, 3u);
    EXPECT_EQ(shares[0].published, published);
    EXPECT_EQ(shares[1].cells, 3u);
    EXPECT_EQ(stats::recommended_level({{10, 2}, {5, 4}, {2, 2}}, 0.8), 1);
    EXPECT_EQ(stats::recommended_level({{10, 2}, {5, 3}}, 0.8), -1);
    EXPECT_EQ(stats::recommended_level({{0, 0}}, 0.8), 0);  // nothing to withhold: all published
}
