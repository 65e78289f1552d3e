// SPDX-License-Identifier: MIT
#include "emerging_hotspots.hpp"

#include "option_reader.hpp"
#include "weights.hpp"

#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/styles.hpp>
#include <trygg/stats/emerging_hotspots.hpp>

#include <cmath>

namespace trygg::pipeline {

StageDescriptor EmergingHotspotsStage::descriptor()
{
    return {
        "emerging_hotspots",
        "Emerging hot spots: Gi* of each district × period over a space-time neighbourhood, Mann–Kendall "
        "trends, and one category per district (new, consecutive, intensifying, persistent, diminishing, "
        "sporadic, oscillating, historical hot or cold spot); columns <prefix>_kategori, _monster, "
        "_heta, _kalla, trend columns and the table <prefix>_perioder (docs/emerging-hotspots.md)",
        {
            {"group", OptionType::string, nullptr, true, "the crime group whose counts are analysed, e.g. \"vald\""},
            {"time_window", OptionType::integer, 1, false,
             "earlier periods in each bin's neighbourhood (0: the period alone; ArcGIS's neighbourhood time step - 1)"},
            {"alpha", OptionType::number, 0.05, false, "a bin is a significant hot or cold spot when its Gi* p <= the cut-off at alpha"},
            {"correction", OptionType::string, "fdr", false,
             "none | fdr (Benjamini-Hochberg over all bins, as ArcGIS Pro) | bonferroni"},
            {"trend_alpha", OptionType::number, 0.05, false,
             "significance of the Mann–Kendall trend of a district's z-scores (intensifying/diminishing)"},
            {"prefix", OptionType::string, nullptr, false, "column and table prefix (default: the stage tag)"},
        },
        {
            {"weights", true, "spatial weights between the districts (stage weights; used as binary)"},
            {"aggregate", true, "counts per district and period (stage aggregate); complete periods are used"},
        },
        "emerging_hotspots",
    };
}

namespace {

struct Options {
    std::string group;
    stats::EmergingOptions emerging;
};

Options parse_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    Options out;
    if (!r.has("group"))
        r.fail("\"group\" is required (the crime group to analyse)");
    out.group = r.string("group");
    out.emerging.window = r.integer<std::size_t>("time_window", 0, 100);
    out.emerging.alpha = r.number("alpha", 0.0, 1.0);
    if (!(out.emerging.alpha > 0.0 && out.emerging.alpha < 1.0))
        r.fail("\"alpha\" must be between 0 and 1");
    try {
        out.emerging.correction = stats::parse_correction(r.string("correction"));
    } catch (const std::invalid_argument& e) {
        r.fail(e.what());
    }
    out.emerging.classify.trend_alpha = r.number("trend_alpha", 0.0, 1.0);
    if (!(out.emerging.classify.trend_alpha > 0.0 && out.emerging.classify.trend_alpha < 1.0))
        r.fail("\"trend_alpha\" must be between 0 and 1");
    return out;
}

std::string prefix_of(const StageContext& ctx)
{
    std::string p = ctx.has_option("prefix") ? ctx.option<std::string>("prefix") : ctx.tag();
    for (auto& c : p)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return p;
}

// kind "emerging_hotspots": columns on the districts' layer (with the category style) and the
// per-period table.
struct EmergingArtifact : Artifact {
    std::shared_ptr<const DistrictsArtifact> districts;
    std::string prefix;
    std::vector<io::Column> district_columns;
    io::FeatureTable periods_table;
    std::string kind() const override { return "emerging_hotspots"; }
    void publish(Contribution& out, const RunSettings& /*settings*/) const override
    {
        out.district_columns(*districts, district_columns);
        auto qml = style_qml("emerging_delomraden");
        if (!qml.empty()) {
            const std::string field = "emerging_kategori", name = prefix + "_kategori";
            for (auto pos = qml.find(field); pos != std::string::npos; pos = qml.find(field, pos + name.size()))
                qml.replace(pos, field.size(), name);
            out.district_style(*districts, name, std::move(qml));
        }
        auto& t = out.table(periods_table.name());
        t.description = periods_table.description;
        for (const auto& c : periods_table.columns())
            t.add_column(c);
    }
};

std::vector<std::optional<std::int64_t>> integers(const std::vector<std::int32_t>& v)
{
    return {v.begin(), v.end()};
}

}  // namespace

void EmergingHotspotsStage::validate(const nlohmann::json& options, const ValidationContext& ctx) const
{
    (void)parse_options(options, ctx.tag);
}

std::shared_ptr<const Artifact> EmergingHotspotsStage::run(StageContext& ctx) const
{
    const auto opts = parse_options(ctx.options(), ctx.tag());
    const auto wa = ctx.input<WeightsArtifact>(0);
    const auto agg = ctx.input<AggregateArtifact>(1);
    if (!wa)
        ctx.fail_input("needs a weights input (stage weights)");
    if (!agg)
        ctx.fail_input("needs an aggregate input (stage aggregate)");
    const auto& result = agg->result;
    const int g = result.group_index(opts.group);
    if (g < 0)
        ctx.fail_data("group '" + opts.group + "' is not among the aggregate's crime groups");
    const auto& codes = wa->districts->layer.codes;
    if (result.district_count != codes.size())
        ctx.fail_data("the aggregate has " + std::to_string(result.district_count) + " districts, the weights " +
                      std::to_string(codes.size()) + " (compute both on the same districts)");
    // Complete periods only: a period the extract covers in part would look like a fall.
    std::vector<int> used;
    for (std::size_t p = 0; p < result.periods.size(); ++p)
        if (p >= result.period_complete.size() || result.period_complete[p])
            used.push_back(static_cast<int>(p));
    if (used.size() < 2)
        ctx.fail_data("needs at least two complete periods, the aggregate has " + std::to_string(used.size()));
    if (used.size() < result.periods.size())
        ctx.warn(std::to_string(result.periods.size() - used.size()) +
                 " incomplete period(s) left out (the extract does not cover them wholly)");
    const std::size_t n = codes.size(), T = used.size();
    std::vector<double> counts(n * T);
    std::vector<char> withheld(n, 0);
    const bool protect = ctx.settings().privacy == Privacy::publish && !result.options.cell_key_noise &&
                         result.options.suppress_below > 1;
    for (std::size_t t = 0; t < T; ++t) {
        const auto c = result.district_counts(g, used[t]);
        for (std::size_t d = 0; d < n; ++d) {
            counts[d * T + t] = c[d];
            if (protect)
                if (const auto cell = result.find(static_cast<int>(d), used[t], g); cell && cell->suppressed)
                    withheld[d] = 1;
        }
    }
    stats::EmergingResult r;
    try {
        r = stats::emerging_hotspots(wa->weights, counts, T, opts.emerging, &ctx.cancel());
    } catch (const core::DataError& e) {
        ctx.fail_data(e.what());
    }
    // Publication: the z-scores rest on every count (the cube's mean and variance), so when any
    // count is withheld they, and the trends of them, are not published; categories and
    // significance classes are, as Gi* bins are (docs/emerging-hotspots.md, "Privacy"). A
    // district's count trend rests on its own counts only.
    std::size_t withheld_districts = 0;
    for (auto w : withheld)
        withheld_districts += w ? 1 : 0;
    const bool hide_z = withheld_districts > 0;
    const double nan = std::nan("");
    auto out = std::make_shared<EmergingArtifact>();
    out->districts = wa->districts;
    out->prefix = prefix_of(ctx);
    const auto& pre = out->prefix;
    std::vector<std::optional<std::int64_t>> category(n);
    std::vector<std::optional<std::string>> label(n);
    std::vector<double> ct_tau(n), ct_z(n), ct_p(n), zt_tau(n), zt_z(n), zt_p(n);
    std::size_t patterned = 0;
    for (std::size_t d = 0; d < n; ++d) {
        category[d] = static_cast<std::int64_t>(r.category[d]);
        label[d] = stats::category_label_sv(r.category[d]);
        patterned += r.category[d] != stats::EmergingCategory::none ? 1 : 0;
        const bool hide_count = withheld[d] != 0;
        ct_tau[d] = hide_count ? nan : r.count_trend[d].tau;
        ct_z[d] = hide_count ? nan : r.count_trend[d].z;
        ct_p[d] = hide_count ? nan : r.count_trend[d].p;
        zt_tau[d] = hide_z ? nan : r.z_trend[d].tau;
        zt_z[d] = hide_z ? nan : r.z_trend[d].z;
        zt_p[d] = hide_z ? nan : r.z_trend[d].p;
    }
    out->district_columns.push_back({pre + "_kategori", category});
    out->district_columns.push_back({pre + "_monster", label});
    out->district_columns.push_back({pre + "_heta", integers(r.hot_periods)});
    out->district_columns.push_back({pre + "_kalla", integers(r.cold_periods)});
    out->district_columns.push_back({pre + "_trend_tau", ct_tau});
    out->district_columns.push_back({pre + "_trend_z", ct_z});
    out->district_columns.push_back({pre + "_trend_p", ct_p});
    out->district_columns.push_back({pre + "_z_trend_tau", zt_tau});
    out->district_columns.push_back({pre + "_z_trend_z", zt_z});
    out->district_columns.push_back({pre + "_z_trend_p", zt_p});

    io::FeatureTable table(pre + "_perioder", io::GeometryKind::none);
    table.description = "emerging hot spots (" + ctx.tag() + "): Gi* per district and period of " + opts.group +
                        " counts, space-time window " + std::to_string(opts.emerging.window) +
                        " earlier period(s); signifikant 1 hot, -1 cold, 0 neither at p <= " + std::to_string(r.cutoff);
    std::vector<std::optional<std::string>> kod, period;
    std::vector<double> z, p;
    std::vector<std::optional<std::int64_t>> sig;
    for (std::size_t d = 0; d < n; ++d)
        for (std::size_t t = 0; t < T; ++t) {
            const auto b = d * T + t;
            kod.emplace_back(codes[d]);
            period.emplace_back(result.periods[static_cast<std::size_t>(used[t])]);
            z.push_back(hide_z ? nan : r.z[b]);
            p.push_back(hide_z ? nan : r.p[b]);
            sig.emplace_back(r.significance[b]);
        }
    table.add_text("kod", std::move(kod));
    table.add_text("period", std::move(period));
    table.add_real("gi_z", std::move(z));
    table.add_real("gi_p", std::move(p));
    table.add_integer("signifikant", std::move(sig));
    out->periods_table = std::move(table);
    if (hide_z)
        ctx.info(std::to_string(withheld_districts) +
                 " districts have withheld counts: Gi* z, p and their trends are not published, the categories "
                 "and significance classes are (\"privacy\": \"internal\" shows them)");
    ctx.info(std::to_string(patterned) + " of " + std::to_string(n) + " districts show an emerging hot- or cold-spot pattern over " +
             std::to_string(T) + " periods (bins significant at p <= " + std::to_string(r.cutoff) + ")");
    return out;
}

}  // namespace trygg::pipeline
