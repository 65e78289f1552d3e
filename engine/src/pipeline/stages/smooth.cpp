// SPDX-License-Identifier: MIT
#include "smooth.hpp"

#include "option_reader.hpp"
#include "stats_variable.hpp"
#include "weights.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/stats/rates.hpp>

#include <charconv>
#include <optional>

namespace trygg::pipeline {

namespace {

// kind "table" (so moran/local_moran/gistar can analyse its columns with source table),
// keyed by district code; publishes the published rate columns on the aggregate's districts.
struct SmoothedArtifact : TableArtifact {
    std::shared_ptr<const DistrictsArtifact> districts;
    std::vector<io::Column> district_columns;
    void publish(Contribution& out, const RunSettings& /*settings*/) const override
    {
        if (districts)
            out.district_columns(*districts, district_columns);
    }
};

std::string text(double v)
{
    if (std::isnan(v))
        return "";
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

}  // namespace

StageDescriptor SmoothStage::descriptor()
{
    return {
        "smooth",
        "rates per 1,000 inhabitants per district: crude, empirical-Bayes and spatial empirical-Bayes smoothed",
        {
            {"group", OptionType::string, nullptr, true, "the crime group, e.g. \"vald\""},
            {"period", OptionType::string, "latest", false,
             "period label (e.g. \"2024H2\"), latest, or all (counts summed over every period)"},
            {"prefix", OptionType::string, nullptr, false,
             "column prefix on the aggregate's district layer (default: rate_<group>)"},
        },
        {
            {"aggregate", true, "counts and population per district"},
            {"weights", false, "spatial weights (adds the spatial EB rate)"},
        },
        "table",
    };
}

namespace {

// The options of one smooth stage, parsed and checked once (validate and run both use it).
struct SmoothOptions {
    std::string group, period;
    std::optional<std::string> prefix;  // none: rate_<group>
};

SmoothOptions parse_smooth_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    SmoothOptions out{r.string("group"), r.string("period"), std::nullopt};
    if (out.group.empty())
        r.fail("\"group\" must name a crime group");
    if (r.has("prefix"))
        out.prefix = r.string("prefix");
    return out;
}

}  // namespace

void SmoothStage::validate(const nlohmann::json& options, const ValidationContext& ctx) const
{
    (void)parse_smooth_options(options, ctx.tag);
}

std::shared_ptr<const Artifact> SmoothStage::run(StageContext& ctx) const
{
    auto agg = ctx.input<AggregateArtifact>(0);
    if (!agg)
        ctx.fail_input("needs an aggregate input");
    auto wa = ctx.input<WeightsArtifact>(1);
    const auto opts = parse_smooth_options(ctx.options(), ctx.tag());
    VariableSpec spec;
    spec.group = opts.group;
    spec.period = opts.period;
    std::vector<double> counts, population;
    std::string what;
    const auto& codes = agg->assigned && agg->assigned->districts ? agg->assigned->districts->layer.codes
                                                                  : std::vector<std::string>{};
    std::vector<double> crude, eb, seb;
    try {
        aggregate_counts(agg->result, spec, counts, population, what);
        crude = stats::crude_rates(counts, population, 1000.0, codes);
        eb = stats::eb_global(counts, population, codes);
        for (auto& x : eb)
            x *= 1000.0;
        if (wa) {
            seb = stats::eb_spatial(counts, population, wa->weights);
            for (auto& x : seb)
                x *= 1000.0;
        }
    } catch (const core::Error& e) {
        ctx.fail_data(e.what());
    }
    auto out = std::make_shared<SmoothedArtifact>();
    out->districts = agg->assigned ? agg->assigned->districts : nullptr;
    auto& t = out->table;
    t.source = ctx.tag();
    t.title = what + " rates per 1,000";
    t.key_column = "kod";
    t.columns = {"kod", "rate", "eb_rate"};
    if (wa)
        t.columns.push_back("spatial_eb_rate");
    for (std::size_t i = 0; i < counts.size(); ++i) {
        std::vector<std::string> row{i < codes.size() ? codes[i] : std::to_string(i + 1), text(crude[i]), text(eb[i])};
        if (wa)
            row.push_back(text(seb[i]));
        t.rows.push_back(std::move(row));
        t.source_rows.push_back(i + 1);
    }
    // Published: a rate would reveal a withheld count (an EB rate too: its weight and the
    // global mean and variance are known), so crude and EB rates are left empty where the
    // aggregate withheld a count used (primary or secondary, any period summed) or where the
    // count used is itself below the threshold. A spatial EB rate mixes the neighbours'
    // counts, so with any withheld count none is published. The table handed to later stages
    // keeps every value and says how many rows rest on withheld counts.
    std::vector<double> published = crude;
    if (ctx.settings().privacy == Privacy::publish) {
        const auto hidden = withheld_districts(agg->result, spec, counts);
        for (std::size_t i = 0; i < published.size(); ++i)
            if (hidden[i]) {
                published[i] = eb[i] = std::nan("");
                ++out->withheld_rows;
            }
    }
    if (out->withheld_rows > 0) {
        std::fill(seb.begin(), seb.end(), std::nan(""));
        ctx.info(std::to_string(out->withheld_rows) + " districts rest on withheld counts: their rates are not "
                 "published, nor any spatial EB rate (\"privacy\": \"internal\" shows them)");
    }
    std::string prefix = opts.prefix.value_or("rate_" + spec.group);
    for (auto& c : prefix)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    out->district_columns.push_back({prefix, published});
    out->district_columns.push_back({prefix + "_eb", eb});
    if (wa)
        out->district_columns.push_back({prefix + "_spatial_eb", seb});
    return out;
}

}  // namespace trygg::pipeline
