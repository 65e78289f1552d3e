// SPDX-License-Identifier: MIT
// avvisade: rows not used, counted per bucket and reason category, small counts withheld so
// that no withheld count follows from the bucket totals the manifest publishes. Expected
// rows are worked out by hand from the rule in reject_summary.hpp.
#include <trygg/pipeline/reject_summary.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

using namespace trygg;
using pipeline::summarise_rejects;

namespace {

std::vector<core::Reject> rows(const std::string& bucket, const std::string& category, int n,
                               const std::string& reason = "")
{
    std::vector<core::Reject> out;
    for (int i = 0; i < n; ++i)
        out.push_back({static_cast<std::uint64_t>(i + 2), "E" + std::to_string(i), bucket, "", reason, category});
    return out;
}

std::vector<core::Reject> join(std::initializer_list<std::vector<core::Reject>> parts)
{
    std::vector<core::Reject> out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

using Row = std::tuple<std::string, std::string, std::uint64_t, bool>;

std::vector<Row> summary(std::vector<core::Reject> rejects, int threshold = 5)
{
    std::vector<Row> out;
    for (const auto& r : summarise_rejects(core::RejectList(nullptr, std::move(rejects)), threshold))
        out.emplace_back(r.bucket, r.category, r.count, r.withheld);
    return out;
}

}  // namespace

TEST(RejectSummary, ASmallCategoryIsWithheldWithTheSmallestPublishedOneOfItsBucket)
{
    const auto got = summary(join({rows("rejected", "malformed row", 10),
                                   rows("rejected", "impossible date", 2, "impossible date '2023-02-30 21:15'"),
                                   rows("rejected", "empty date", 6), rows("outside", "outside the study period", 7),
                                   rows("outside", "located outside every district", 9)}));
    const std::vector<Row> want{{"rejected", "empty date", 6, true},
                                {"rejected", "impossible date", 2, true},
                                {"rejected", "malformed row", 10, false},
                                {"outside", "located outside every district", 9, false},
                                {"outside", "outside the study period", 7, false}};
    EXPECT_EQ(got, want);
}

TEST(RejectSummary, ALoneCategoryGetsACategoryThatDidNotOccurWithheldBesideIt)
{
    // The bucket total (3, in the manifest's accounting) would be that category's count.
    const auto got = summary(rows("outside", "area code is no district code", 3));
    const std::vector<Row> want{{"outside", "area code is no district code", 3, true},
                                {"outside", "outside the study period", 0, true}};
    EXPECT_EQ(got, want);
}

TEST(RejectSummary, GeocodingOutcomesAreOneCategoryAndTheOtherReasonsALineOfTheirOwn)
{
    // 19 not geocoded follows from the geocoding totals; the one row without any location
    // would be 20 - 19: it gets a partner among the other not-located reasons, not "not geocoded".
    const auto got = summary(join({rows("not_located", "not geocoded: ambiguous", 12),
                                   rows("not_located", "not geocoded: no match", 7),
                                   rows("not_located", "no location", 1)}));
    const std::vector<Row> want{{"not_located", "no location", 1, true},
                                {"not_located", "not geocoded", 19, false},
                                {"not_located", "only an address (not geocoded)", 0, true}};
    EXPECT_EQ(got, want);
}

TEST(RejectSummary, EveryCategoryMadeByTheEngineIsInThePublishedVocabulary)
{
    // The phrases set where Rejects are made (decoder, reader, assign, geocode).
    for (const auto& [bucket, category] : std::vector<std::pair<std::string, std::string>>{
             {"rejected", "malformed row"},       {"rejected", "impossible date"},
             {"rejected", "coordinate not a number"}, {"rejected", "coordinates cannot be transformed"},
             {"rejected", "longitude/latitude out of range"}, {"rejected", "unreadable date"},
             {"outside", "area code is no district code"}, {"outside", "located outside every district"},
             {"not_located", "no location"},      {"not_located", "only an address (not geocoded)"}}) {
        const auto& known = pipeline::reject_categories(bucket);
        EXPECT_NE(std::find(known.begin(), known.end(), category), known.end()) << bucket << ": " << category;
    }
}

TEST(RejectSummary, NoThresholdPublishesEveryCount)
{
    const auto got = summary(rows("rejected", "empty date", 1), 0);
    EXPECT_EQ(got, (std::vector<Row>{{"rejected", "empty date", 1, false}}));
}
