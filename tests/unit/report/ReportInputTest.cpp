// SPDX-License-Identifier: MIT
// The report input from a hand-built publication: quarterly periods and their comparisons,
// withheld cells, and tables that are not published (record-level) never read.
#include <trygg/core/error.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/report/report_input.hpp>

#include <gtest/gtest.h>

using namespace trygg;

namespace {

using Texts = std::vector<std::optional<std::string>>;
using Ints = std::vector<std::optional<std::int64_t>>;

core::MultiPolygon square(double x)
{
    return {core::Polygon{{{x, 0}, {x + 10, 0}, {x + 10, 10}, {x, 10}, {x, 0}}, {}}};
}

// Two districts A and B, one group, periods 2024Q2..2025Q2 (2024Q3 incomplete), counts
// given per period for totalt and A; B withheld in the latest period.
void fill(pipeline::Publication& publication, pipeline::Audience counts_audience)
{
    auto part = publication.contribution("aggregate");
    auto& d = part.table("delomraden", io::GeometryKind::multipolygon);
    d.crs = "EPSG:3006";
    d.polygons = {square(0), square(10)};
    d.add_text("kod", {"A", "B"});
    d.add_text("namn", {"Alfa", "Beta"});

    const std::vector<std::string> periods = {"2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2"};
    auto& p = part.table("perioder");
    Texts label;
    Ints complete, latest;
    for (const auto& x : periods) {
        label.emplace_back(x);
        complete.emplace_back(x == "2024Q3" ? 0 : 1);
        latest.emplace_back(x == "2025Q2" ? 1 : 0);
    }
    p.add_text("period", label);
    p.add_integer("fullstandig", complete);
    p.add_integer("senaste", latest);

    auto& c = part.table("incident_counts", io::GeometryKind::none, counts_audience);
    Texts kod, namn, period, grupp, kon, alder, visning, saknas;
    Ints antal, withheld;
    std::vector<double> pop, rate;
    const std::map<std::string, std::vector<long long>> counts = {
        {"totalt", {20, 25, 30, 40, 60}}, {"A", {10, 12, 14, 20, 30}}, {"B", {10, 13, 16, 20, 30}}};
    for (const auto& [k, series] : counts)
        for (std::size_t i = 0; i < periods.size(); ++i) {
            const bool hide = k == "B" && periods[i] == "2025Q2";
            kod.emplace_back(k);
            namn.emplace_back(k);
            period.emplace_back(periods[i]);
            grupp.emplace_back("vald");
            kon.emplace_back("alla");
            alder.emplace_back("alla");
            antal.emplace_back(hide ? std::nullopt : std::optional<std::int64_t>(series[i]));
            visning.emplace_back(hide ? ".." : std::to_string(series[i]));
            withheld.emplace_back(hide ? 1 : 0);
            pop.push_back(1000.0);
            rate.push_back(hide ? std::nan("") : static_cast<double>(series[i]));
            saknas.emplace_back(std::nullopt);
        }
    c.add_text("kod", kod);
    c.add_text("namn", namn);
    c.add_text("period", period);
    c.add_text("grupp", grupp);
    c.add_text("kon", kon);
    c.add_text("aldersgrupp", alder);
    c.add_integer("antal", antal);
    c.add_text("antal_visning", visning);
    c.add_integer("undertryckt", withheld);
    c.add_real("befolkning", pop);
    c.add_real("per_1000", rate);
    c.add_text("saknas_orsak", saknas);
}

pipeline::Publication make(pipeline::Audience counts_audience)
{
    pipeline::Publication publication("write.gpkg", [](const pipeline::DistrictsArtifact&) { return "delomraden"; });
    fill(publication, counts_audience);
    return publication;
}

const nlohmann::json* find_change(const nlohmann::json& doc, const std::string& kod, const std::string& with)
{
    for (const auto& c : doc["changes"])
        if (c["kod"] == kod && c["jamfort_med"] == with)
            return &c;
    return nullptr;
}

}  // namespace

TEST(ReportInput, QuarterlyPeriodsCompareWithTheCompletePreviousAndTheSameQuarterAYearEarlier)
{
    const auto publication = make(pipeline::Audience::published);
    report::ReportRequest request;
    request.area_name = "Test";
    const auto docs = report::build_report_inputs(publication, request);
    ASSERT_EQ(1u, docs.size());
    const auto& doc = docs[0].input;
    EXPECT_EQ("2025Q2", doc["periods"]["latest"]);
    EXPECT_EQ("2025Q1", doc["periods"]["previous"]);
    EXPECT_EQ("2024Q2", doc["periods"]["year_before"]);
    EXPECT_EQ(4u, doc["periods"]["complete"].size());
    // Totals: every period; district counts: only latest, previous, year before (3 × 2 districts).
    EXPECT_EQ(5u, doc["totals"].size());
    EXPECT_EQ(6u, doc["district_counts"].size());
    // Total 40 -> 60 on equal populations: kvot 1.5; SciPy: p = beta.ppf(.025, 60, 41) =
    // 0.49720915, beta.ppf(.975, 61, 40) = 0.69670523, p/(1-p) = 0.98889857 .. 2.29712248: holds 1.
    const auto* prev = find_change(doc, "totalt", "previous");
    ASSERT_NE(nullptr, prev);
    EXPECT_DOUBLE_EQ(1.5, (*prev)["kvot"].get<double>());
    EXPECT_NEAR(0.9888985665510441, (*prev)["kvot_lag"].get<double>(), 1e-9);
    EXPECT_NEAR(2.2971224801429053, (*prev)["kvot_hog"].get<double>(), 1e-9);
    EXPECT_EQ("osaker", (*prev)["utfall"]);
    // Total 20 -> 60 a year apart: kvot 3; SciPy beta.ppf(.025, 60, 21) gives a lower bound 1.7827.
    const auto* year = find_change(doc, "totalt", "year_before");
    ASSERT_NE(nullptr, year);
    EXPECT_DOUBLE_EQ(3.0, (*year)["kvot"].get<double>());
    EXPECT_NEAR(1.78269792854299, (*year)["kvot_lag"].get<double>(), 1e-9);
    EXPECT_EQ("okning", (*year)["utfall"]);
}

TEST(ReportInput, AWithheldCellIsNullAndItsChangeIsWithheld)
{
    const auto publication = make(pipeline::Audience::published);
    const auto doc = report::build_report_inputs(publication, {}).at(0).input;
    bool seen = false;
    for (const auto& r : doc["district_counts"])
        if (r["kod"] == "B" && r["period"] == "2025Q2") {
            seen = true;
            EXPECT_TRUE(r["antal"].is_null());
            EXPECT_TRUE(r["per_1000"].is_null());
            EXPECT_TRUE(r["antal_lag"].is_null());
            EXPECT_EQ("..", r["visning"]);
        }
    EXPECT_TRUE(seen);
    const auto* b = find_change(doc, "B", "previous");
    ASSERT_NE(nullptr, b);
    EXPECT_EQ("undertryckt", (*b)["utfall"]);
    EXPECT_TRUE((*b)["kvot"].is_null());
    EXPECT_EQ(1, doc["data_quality"]["withheld"]["cells"].get<int>());
}

TEST(ReportInput, ARecordLevelTableIsNeverRead)
{
    const auto publication = make(pipeline::Audience::record_level);
    EXPECT_THROW(report::build_report_inputs(publication, {}), core::DataError);
}

TEST(ReportInput, PerNamingNoPublishedLevelIsAnOptionsError)
{
    const auto publication = make(pipeline::Audience::published);
    report::ReportRequest request;
    request.per = "kommundel";
    EXPECT_THROW(report::build_report_inputs(publication, request), core::PipelineError);
}
