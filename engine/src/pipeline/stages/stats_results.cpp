// SPDX-License-Identifier: MIT
#include "stats_results.hpp"

#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/styles.hpp>

namespace trygg::pipeline {

namespace {

template <typename T> std::vector<T>& column_of(io::FeatureTable& t, const std::string& name)
{
    if (!t.find(name))
        t.add_column(io::Column{name, std::vector<T>()});
    return std::get<std::vector<T>>(t.find_mutable(name)->values);
}

}  // namespace

void append_global_rows(Contribution& out, const std::vector<GlobalRow>& rows)
{
    io::FeatureTable t("global_statistics", io::GeometryKind::none);
    using Text = std::optional<std::string>;
    using Int = std::optional<std::int64_t>;
    auto text = [&](const char* n) -> std::vector<Text>& { return column_of<Text>(t, n); };
    auto real = [&](const char* n) -> std::vector<double>& { return column_of<double>(t, n); };
    auto integer = [&](const char* n) -> std::vector<Int>& { return column_of<Int>(t, n); };
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
    out.append_rows(t.name(), t, "Global spatial statistics and the options each statistics stage used");
}

void StatisticsArtifact::publish(Contribution& out, const RunSettings& /*settings*/) const
{
    if (!district_columns.empty()) {
        out.district_columns(*districts, district_columns);
        for (const auto& c : district_columns) {
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
                out.district_style(*districts, c.name, std::move(qml));
            };
            if (ends_with("_bin"))
                add_style("gistar_delomraden", "gistar_bin");
            else if (ends_with("_class"))
                add_style("lisa_delomraden", "lisa_class");
        }
    }
    if (!global_rows.empty())
        append_global_rows(out, global_rows);
}

}  // namespace trygg::pipeline
