// SPDX-License-Identifier: MIT
// The statistics stages wired into pipelines: options checked before data, island handling,
// the GeoPackage fields and global_statistics rows, and real runs on Exempelstad and Västerås.
#include "../../reference/reference_data.hpp"
#include "shared_data.hpp"

#include "pipeline/stages/local_moran.hpp"
#include "pipeline/stages/weights.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/pipeline.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace trygg;
using nlohmann::json;

namespace {

pipeline::RunResult run_pipeline(const json& doc, std::vector<std::string>* warnings = nullptr)
{
    core::CollectingReporter reporter;
    core::CancelToken cancel;
    auto p = pipeline::parse_pipeline(doc, test::source_dir());
    auto r = pipeline::run(p, pipeline::builtin_registry(), reporter, cancel);
    if (warnings)
        *warnings = reporter.warnings();
    return r;
}

json with_defaults(const pipeline::StageDescriptor& d, json options)
{
    for (const auto& o : d.options)
        if (!options.contains(o.name))
            options[o.name] = o.default_value;
    return options;
}

bool has_field(const std::vector<std::string>& fields, const std::string& f)
{
    return std::find(fields.begin(), fields.end(), f) != fields.end();
}

double sum_finite(const std::vector<double>& v)
{
    double s = 0.0;
    for (double x : v)
        if (std::isfinite(x))
            s += x;
    return s;
}

// Σ_i I_i = (n - 1) · I for row-standardised weights (local values use the sample sd): ties
// the local and the global stage together through an identity neither computes.
void expect_local_sums_to_global(const std::filesystem::path& gpkg, const std::string& local_prefix,
                                 const std::string& moran_stage)
{
    const auto li = test::read_numbers(gpkg, local_prefix + "_i", "delomraden");
    const auto stages = test::read_strings(gpkg, "stage", "global_statistics");
    const auto stats = test::read_strings(gpkg, "statistic", "global_statistics");
    const auto values = test::read_numbers(gpkg, "value", "global_statistics");
    double global = std::nan("");
    for (std::size_t k = 0; k < stages.size(); ++k)
        if (stages[k] == moran_stage && stats[k] == "moran_i")
            global = values[k];
    ASSERT_TRUE(std::isfinite(global)) << moran_stage;
    EXPECT_NEAR(sum_finite(li), (static_cast<double>(li.size()) - 1.0) * global, 1e-9 * static_cast<double>(li.size()));
}

json exempelstad_spine()
{
    return json::parse(R"([
      {"type": "read.districts", "tag": "districts", "path": "geodata/exempelstad/exempelstad.gpkg",
       "layer": "delomraden", "code": "kod", "name": "namn"},
      {"type": "read.table", "tag": "population", "path": "geodata/exempelstad/befolkning.csv", "key": "kod"},
      {"type": "read.incidents", "tag": "incidents", "path": "geodata/exempelstad/incidents.csv",
       "fields": {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y",
                  "lon": "lon", "lat": "lat", "area_code": "deso", "sex": "kon", "age": "alder"},
       "crs": "EPSG:3006", "from": "2022-01-01", "to": "2025-12-31",
       "catalogue": "geodata/catalog/brottskoder.csv"},
      {"type": "assign", "inputs": ["incidents", "districts"]},
      {"type": "aggregate", "inputs": ["assign", "population"], "period": "half-year",
       "population": {"value": "antal", "sex": "kon", "age": "aldersgrupp"}}
    ])");
}

}  // namespace

TEST(StatsStages, OptionErrorsAreFoundBeforeAnyDataIsRead)
{
    auto plan_of = [](json stages) {
        auto doc = exempelstad_spine();
        for (auto& s : stages)
            doc.push_back(s);
        return pipeline::plan(pipeline::parse_pipeline(doc, test::source_dir()), pipeline::builtin_registry());
    };
    auto message = [&](json stages) {
        try {
            plan_of(stages);
        } catch (const core::PipelineError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(message(json::parse(R"([{"type": "weights", "method": "distance_band"}])")).find("threshold"),
              std::string::npos);
    EXPECT_NE(message(json::parse(R"([{"type": "weights", "islands": "drop"}])")).find("island"), std::string::npos);
    EXPECT_NE(message(json::parse(R"([{"type": "weights"}, {"type": "moran"}])")).find("group"), std::string::npos);
    EXPECT_NE(message(json::parse(
                  R"([{"type": "weights"}, {"type": "moran", "source": "table", "column": "x", "smoothing": "eb"}])"))
                  .find("smoothing"),
              std::string::npos);
    EXPECT_NE(message(json::parse(
                  R"([{"type": "weights"}, {"type": "local_moran", "group": "vald", "correction": "holm"}])"))
                  .find("holm"),
              std::string::npos);
    EXPECT_NE(message(json::parse(R"([{"type": "moran", "group": "vald"}])")).find("weights"), std::string::npos);
}

TEST(StatsStages, IslandPolicyAndIslandResults)
{
    // Three districts: A and B share an edge, C lies apart.
    auto districts = std::make_shared<pipeline::DistrictsArtifact>();
    auto sq = [](double x) {
        return core::MultiPolygon{core::Polygon{{{x, 0}, {x + 1, 0}, {x + 1, 1}, {x, 1}, {x, 0}}, {}}};
    };
    districts->layer.codes = {"A", "B", "C", "D"};
    districts->layer.names = {"", "", "", ""};
    districts->layer.polygons = {sq(0), sq(1), sq(5), sq(2)};
    districts->layer.area_km2 = {1, 1, 1, 1};
    pipeline::RunSettings settings;
    settings.threads = 2;
    core::CollectingReporter reporter;
    core::CancelToken cancel;
    pipeline::Manifest manifest;
    const auto wd = pipeline::WeightsStage::descriptor();
    auto run_weights = [&](const std::string& policy) {
        pipeline::StageContext ctx("weights", wd, with_defaults(wd, {{"islands", policy}}), {districts}, settings,
                                   reporter, cancel, manifest);
        return pipeline::WeightsStage().run(ctx);
    };
    try {
        run_weights("error");
        FAIL() << "expected an island error";
    } catch (const core::DataError& e) {
        const std::string m = e.what();
        EXPECT_EQ(m.rfind("weights: ", 0), 0u) << m;
        EXPECT_NE(m.find("islands): C"), std::string::npos) << m;
    }
    auto joined = std::dynamic_pointer_cast<const pipeline::WeightsArtifact>(run_weights("nearest"));
    EXPECT_TRUE(joined->weights.islands().empty());
    auto left = run_weights("leave_out");
    ASSERT_FALSE(reporter.warnings().empty());
    EXPECT_NE(reporter.warnings().back().find("unit C"), std::string::npos) << reporter.warnings().back();

    // Local Moran on a table column: the island gets NaN and class "Undefined"; others are computed.
    auto table = std::make_shared<pipeline::TableArtifact>();
    table->table.key_column = "kod";
    table->table.columns = {"kod", "x"};
    table->table.rows = {{"A", "1"}, {"B", "3"}, {"C", "10"}, {"D", "4"}};
    const auto ld = pipeline::LocalMoranStage::descriptor();
    pipeline::StageContext ctx("lisa", ld,
                               with_defaults(ld, {{"source", "table"}, {"column", "x"}, {"permutations", 99}}),
                               {left, nullptr, table}, settings, reporter, cancel, manifest);
    auto out = pipeline::LocalMoranStage().run(ctx);
    pipeline::Publication publication("write.gpkg", [](const pipeline::DistrictsArtifact&) { return "delomraden"; });
    auto part = publication.contribution("lisa");
    out->publish(part, settings);
    const auto* published = publication.find("delomraden");
    ASSERT_NE(published, nullptr);
    const auto* layer = &published->table;
    const auto& values = std::get<std::vector<double>>(layer->find("lisa_i")->values);
    EXPECT_TRUE(std::isnan(values[2]));
    EXPECT_FALSE(std::isnan(values[0]));
    const auto& labels = std::get<std::vector<std::optional<std::string>>>(layer->find("lisa_label")->values);
    EXPECT_EQ(labels[2], "Undefined");

    // A district missing from the table is a data error naming it.
    table->table.rows.pop_back();
    pipeline::StageContext bad("lisa", ld, with_defaults(ld, {{"source", "table"}, {"column", "x"}}),
                               {left, nullptr, table}, settings, reporter, cancel, manifest);
    try {
        pipeline::LocalMoranStage().run(bad);
        FAIL() << "expected a missing-value error";
    } catch (const core::DataError& e) {
        EXPECT_NE(std::string(e.what()).find("unit D"), std::string::npos) << e.what();
    }
}

TEST(StatsStages, ExempelstadResultsGoIntoTheGeoPackage)
{
    const auto dir = test::temp_dir("stats-exempelstad");
    auto doc = exempelstad_spine();
    for (auto s : json::parse(R"([
      {"type": "weights", "tag": "weights", "inputs": ["districts"], "method": "queen", "islands": "nearest"},
      {"type": "smooth", "tag": "smooth", "inputs": ["aggregate", "weights"], "group": "vald"},
      {"type": "moran", "tag": "moran", "inputs": ["weights", "aggregate"], "group": "vald", "general_g": true},
      {"type": "local_moran", "tag": "lisa", "inputs": ["weights", "aggregate"], "group": "vald",
       "correction": "fdr"},
      {"type": "gistar", "tag": "gi", "inputs": ["weights", "aggregate"], "group": "vald", "measure": "count"}
    ])"))
        doc.push_back(s);
    doc.push_back({{"type", "write.gpkg"}, {"path", (dir / "out.gpkg").string()}});
    // Internal: the identities below need every local value; publication mode withholds them
    // where the counts are withheld (tests/cli/test_privacy_layers.py).
    run_pipeline(json{{"privacy", "internal"}, {"pipeline", doc}});
    const auto gpkg = dir / "out.gpkg";
    const auto fields = test::read_field_names(gpkg, "delomraden");
    for (const char* f : {"neighbours", "rate_vald", "rate_vald_eb", "rate_vald_spatial_eb", "lisa_i", "lisa_z",
                          "lisa_p", "lisa_p_sim", "lisa_class", "lisa_label", "gi_g", "gi_z", "gi_p", "gi_p_sim",
                          "gi_bin"})
        EXPECT_TRUE(has_field(fields, f)) << f;
    expect_local_sums_to_global(gpkg, "lisa", "moran");
    for (double b : test::read_numbers(gpkg, "gi_bin", "delomraden"))
        EXPECT_TRUE(b >= -3 && b <= 3 && b == std::round(b));
    for (double p : test::read_numbers(gpkg, "lisa_p_sim", "delomraden"))
        EXPECT_NEAR(p * 1000.0, std::round(p * 1000.0), 1e-9);  // k/1000 with 999 permutations
    const auto statistic = test::read_strings(gpkg, "statistic", "global_statistics");
    for (const char* s : {"moran_i", "geary_c", "local_moran", "gistar"})
        EXPECT_NE(std::find(statistic.begin(), statistic.end(), s), statistic.end()) << s;
    const auto options = test::read_strings(gpkg, "options", "global_statistics");
    EXPECT_NE(options.back().find("\"measure\":\"count\""), std::string::npos) << options.back();
    // General G runs on binary weights (issue 21): its row must say so, Moran's I keeps the row-standardised label.
    const auto weights = test::read_strings(gpkg, "weights", "global_statistics");
    ASSERT_EQ(weights.size(), statistic.size());
    for (std::size_t k = 0; k < statistic.size(); ++k) {
        if (statistic[k] == "general_g")
            EXPECT_EQ(weights[k], "queen contiguity (snap 0 m), binary");
        if (statistic[k] == "moran_i")
            EXPECT_EQ(weights[k], "queen contiguity (snap 0 m), row-standardised");
    }
    EXPECT_NE(std::find(statistic.begin(), statistic.end(), "general_g"), statistic.end());
    std::filesystem::remove_all(dir);
}

TEST(StatsStages, VasterasPoliceRegisterMoranAndLisaWithAndWithoutEb)
{
    TRYGG_SHARED_DATA_OR_SKIP(data, "vasteras");
    const auto dir = test::temp_dir("stats-vasteras");
    json doc = {{"seed", 2026u}, {"privacy", "internal"}, {"pipeline", json::array()}};  // every local value
    auto& st = doc["pipeline"];
    st.push_back({{"type", "read.districts"}, {"tag", "districts"}, {"path", (data / "deso_2018.geojson").string()},
                  {"code", "deso"}});
    st.push_back({{"type", "read.table"}, {"tag", "population"},
                  {"path", (data / "scb" / "population_2023.csv").string()}, {"format", "scb"}});
    st.push_back({{"type", "read.incidents"}, {"tag", "incidents"},
                  {"path", (data / "police_register_by_deso.csv").string()},
                  {"fields", {{"id", "Id"}, {"time", "Brottsdatum"}, {"category", "Brottskod"},
                              {"area_code", "DeSO.område"}}}});
    st.push_back({{"type", "assign"}, {"inputs", {"incidents", "districts"}}});
    st.push_back({{"type", "aggregate"}, {"inputs", {"assign", "population"}}, {"period", "year"},
                  {"population", {{"value", "totalt"}}}});
    for (auto s : json::parse(R"([
      {"type": "weights", "tag": "weights", "inputs": ["districts"], "method": "queen"},
      {"type": "smooth", "tag": "smooth", "inputs": ["aggregate", "weights"], "group": "skadegorelse",
       "period": "all", "prefix": "skadegorelse_rate"},
      {"type": "moran", "tag": "moran_crude", "inputs": ["weights", "aggregate"], "group": "skadegorelse",
       "period": "all"},
      {"type": "moran", "tag": "moran_eb", "inputs": ["weights", "aggregate"], "group": "skadegorelse",
       "period": "all", "smoothing": "eb_standardised"},
      {"type": "local_moran", "tag": "lisa_crude", "inputs": ["weights", "aggregate"], "group": "skadegorelse",
       "period": "all"},
      {"type": "local_moran", "tag": "lisa_eb", "inputs": ["weights", "aggregate"], "group": "skadegorelse",
       "period": "all", "smoothing": "eb"},
      {"type": "moran", "tag": "moran_ebrate", "inputs": ["weights", "aggregate"], "group": "skadegorelse",
       "period": "all", "smoothing": "eb", "geary": false}
    ])"))
        st.push_back(s);
    st.push_back({{"type", "write.gpkg"}, {"path", (dir / "vasteras.gpkg").string()}});
    std::vector<std::string> warnings;
    run_pipeline(doc, &warnings);
    const auto gpkg = dir / "vasteras.gpkg";
    const auto crude_i = test::read_numbers(gpkg, "lisa_crude_i", "delomraden");
    ASSERT_EQ(crude_i.size(), 84u);
    for (double v : crude_i)
        EXPECT_TRUE(std::isfinite(v));
    expect_local_sums_to_global(gpkg, "lisa_crude", "moran_crude");
    expect_local_sums_to_global(gpkg, "lisa_eb", "moran_ebrate");
    // Smoothed rates are written for every district (crude ones may be suppressed).
    const auto eb = test::read_numbers(gpkg, "skadegorelse_rate_eb", "delomraden");
    const auto spatial_eb = test::read_numbers(gpkg, "skadegorelse_rate_spatial_eb", "delomraden");
    auto spread = [](const std::vector<double>& v) {
        double lo = INFINITY, hi = -INFINITY;
        for (double x : v)
            if (std::isfinite(x)) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
        return hi - lo;
    };
    const auto labels = test::read_strings(gpkg, "lisa_crude_label", "delomraden");
    for (const auto& l : labels)
        EXPECT_TRUE(l == "High-High" || l == "Low-Low" || l == "High-Low" || l == "Low-High" ||
                    l == "Not significant")
            << l;
    EXPECT_EQ(std::count_if(spatial_eb.begin(), spatial_eb.end(), [](double x) { return std::isfinite(x); }), 84);
    EXPECT_GT(spread(eb), 0.0);
    std::filesystem::remove_all(dir);
}
