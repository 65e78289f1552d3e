#include "stats_results.hpp"

#include <trygg/io/geopackage_content.hpp>
#include <trygg/pipeline/styles.hpp>

namespace trygg::pipeline {

namespace {

template <typename T> std::vector<T>& column_of(io::FeatureTable& t, const std::string& name, std::size_t rows,
                                                T filler)
{
    if (!t.find(name))
        t.set_column(io::Column{name, std::vector<T>(rows, filler)});
    auto* c = const_cast<io::Column*>(t.find(name));
    return std::get<std::vector<T>>(c->values);
}

}  // namespace

void append_global_rows(io::GeoPackageContent& content, const std::vector<GlobalRow>& rows)
{
    auto& t = content.table("global_statistics");
    if (t.description.empty())
        t.description = "Global spatial statistics and the options each statistics stage used";
    const std::size_t before = t.columns().empty() ? 0 : t.row_count();
    using Text = std::optional<std::string>;
    using Int = std::optional<std::int64_t>;
    auto text = [&](const char* n) -> std::vector<Text>& { return column_of<Text>(t, n, before, std::nullopt); };
    auto real = [&](const char* n) -> std::vector<double>& { return column_of<double>(t, n, before, std::nan("")); };
    auto integer = [&](const char* n) -> std::vector<Int>& { return column_of<Int>(t, n, before, std::nullopt); };
    for (const auto& r : rows) {
        const auto& g = r.result;
        text("stage").emplace_back(r.stage);
        text("statistic").emplace_back(r.statistic);
        text("variable").emplace_back(r.variable);
        text("weights").emplace_back(r.weights);
        integer("n").emplace_back(static_cast<std::int64_t>(g.n));
        real("value").push_back(g.value);
        real("expected").push_back(g.expected);
        real("variance_norm").push_back(g.var_norm);
        real("variance_rand").push_back(g.var_rand);
        real("z_norm").push_back(g.z_norm);
        real("z_rand").push_back(g.z_rand);
        real("p_norm").push_back(g.p_norm);
        real("p_rand").push_back(g.p_rand);
        integer("permutations").emplace_back(g.permutations);
        integer("seed").emplace_back(static_cast<std::int64_t>(r.seed));
        real("p_sim").push_back(g.sim.p_sim);
        real("z_sim").push_back(g.sim.z_sim);
        real("cutoff").push_back(r.cutoff);
        integer("significant").emplace_back(r.significant < 0 ? Int{} : Int{r.significant});
        text("options").emplace_back(r.options.dump());
    }
}

void StatisticsArtifact::contribute(io::GeoPackageContent& content, const RunSettings& /*settings*/) const
{
    if (!district_columns.empty()) {
        auto& layer = content.table("delomraden", io::GeometryKind::multipolygon);
        for (const auto& c : district_columns) {
            layer.set_column(c);
            // Gi* bins and LISA classes as named styles beside the default rate style.
            auto ends_with = [&](const char* suffix) {
                std::string sfx = suffix;
                return c.name.size() > sfx.size() && c.name.compare(c.name.size() - sfx.size(), sfx.size(), sfx) == 0;
            };
            auto add_style = [&](const std::string& style, const std::string& field) {
                auto qml = style_qml(style);
                if (qml.empty())
                    return;
                for (auto pos = qml.find(field); pos != std::string::npos; pos = qml.find(field, pos + c.name.size()))
                    qml.replace(pos, field.size(), c.name);
                layer.extra_styles.emplace_back(c.name, std::move(qml));
            };
            if (ends_with("_bin"))
                add_style("gistar_delomraden", "gistar_bin");
            else if (ends_with("_class"))
                add_style("lisa_delomraden", "lisa_class");
        }
    }
    if (!global_rows.empty())
        append_global_rows(content, global_rows);
}

}  // namespace trygg::pipeline
