// SPDX-License-Identifier: MIT
// What the trygghetsanalys artifact writes: the district layer, the long indicator table, the
// equality view, and CSV copies for spreadsheets.
#include "factors_stages.hpp"

#include <trygg/core/error.hpp>
#include <trygg/io/csv_writer.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/styles.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace trygg::pipeline {

namespace {

using Text = std::vector<std::optional<std::string>>;
using Ints = std::vector<std::optional<std::int64_t>>;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string csv_cell(const io::Column& c, std::size_t r)
{
    if (auto* v = std::get_if<std::vector<double>>(&c.values)) {
        if (!std::isfinite((*v)[r]))
            return "";
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.10g", (*v)[r]);
        return buf;
    }
    if (auto* v = std::get_if<std::vector<std::optional<std::int64_t>>>(&c.values))
        return (*v)[r] ? std::to_string(*(*v)[r]) : "";
    const auto& s = std::get<std::vector<std::optional<std::string>>>(c.values)[r];
    return s ? io::csv_quote(*s) : std::string();
}

}  // namespace

void add_csv_side_file(Contribution& out, const io::FeatureTable& table, const std::string& name)
{
    auto columns = table.columns();
    const auto rows = columns.empty() ? 0 : columns.front().size();
    out.side_file({name,
                           [columns, rows](const std::filesystem::path& path, const std::function<void()>&) {
                               std::ofstream f(path, std::ios::binary);
                               for (std::size_t c = 0; c < columns.size(); ++c)
                                   f << (c ? "," : "") << columns[c].name;
                               f << "\n";
                               for (std::size_t r = 0; r < rows; ++r) {
                                   for (std::size_t c = 0; c < columns.size(); ++c)
                                       f << (c ? "," : "") << csv_cell(columns[c], r);
                                   f << "\n";
                               }
                               if (!f)
                                   throw core::OutputError("cannot write '" + path.string() + "'");
                           },
                           "CSV copy of the table '" + table.name() + "' (UTF-8, comma, decimal point)"});
}

namespace {

// In publication mode an indicator value resting on a withheld count is not published.
struct Withheld {
    bool internal;
    bool operator()(const IndicatorResult& r, std::size_t d) const
    {
        return !internal && !r.suppressed.empty() && r.suppressed[d];
    }
    // ... unless it rests on the estimate made from published cells instead
    // (factors/published_pooled_count.hpp): then the rate, ratio and scores are published,
    // flagged, and the count and interval are not.
    bool estimated(const IndicatorResult& r, std::size_t d) const
    {
        return !internal && !r.estimated.empty() && r.estimated[d];
    }
    bool value_hidden(const IndicatorResult& r, std::size_t d) const { return (*this)(r, d) && !estimated(r, d); }
};

// One row per district: the score and rank per goal, coverage and each indicator's raw value.
io::FeatureTable& publish_scores(Contribution& out, const TrygghetsanalysArtifact& a, const Withheld& hidden)
{
    const auto& layer = a.districts->layer;
    const auto n = layer.size();
    auto& t = out.table("trygghetsanalys", io::GeometryKind::multipolygon);
    t.crs = layer.crs;
    t.style_qml = style_qml("trygghetsanalys");  // quartiles of risk_total, plugins/qgis/trygg/styles
    t.description = "Trygghetsanalys: risk score per policy goal (higher = more risk; " +
                    std::string(a.normalisation == factors::Normalisation::z_score ? "z-scores" : "percentiles") +
                    "), indicators behind them and coverage. Catalogue: " + a.catalogue_source;
    t.polygons = layer.polygons;
    t.add_text("kod", Text(layer.codes.begin(), layer.codes.end()));
    t.add_text("namn", Text(layer.names.begin(), layer.names.end()));
    for (int g = 0; g < factors::goal_count; ++g) {
        if (a.index.indicator_count[g] == 0)
            continue;
        const auto prefix = "mal" + std::to_string(g + 1);
        t.add_real(prefix + "_" + factors::goal_name(g + 1), a.index.score[g]);
        Ints rank(n), avail(n), total(n);
        for (std::size_t d = 0; d < n; ++d) {
            if (a.index.rank[g][d] > 0)
                rank[d] = a.index.rank[g][d];
            avail[d] = a.index.available[g][d];
            total[d] = a.catalogue_count[g];
        }
        t.add_integer(prefix + "_rang", std::move(rank));
        t.add_integer(prefix + "_indikatorer", std::move(avail));
        t.add_integer(prefix + "_i_katalogen", std::move(total));
    }
    t.add_real("risk_total", a.index.overall);
    // Fewer goals: risk_total is the mean over the goals a district has (mal_antal of those in
    // the run); it is ranked only among districts with every goal (see factors::goal_index).
    Ints goals_had(n), overall_rank(n);
    for (std::size_t d = 0; d < n; ++d) {
        goals_had[d] = a.index.goals_scored[d];
        if (a.index.overall_rank[d] > 0)
            overall_rank[d] = a.index.overall_rank[d];
    }
    t.add_integer("mal_antal", std::move(goals_had));
    t.add_integer("mal_i_analysen", Ints(n, a.index.goals_in_run()));
    t.add_integer("risk_total_rang", std::move(overall_rank));
    std::vector<double> data_cov(n, 0.0), realloc_cov(n, nan);
    for (std::size_t d = 0; d < n; ++d) {
        int have = 0, all = 0;
        for (const auto& r : a.indicators) {
            ++all;
            have += std::isfinite(r.raw[d]);
            if (!r.coverage.empty() && std::isfinite(r.coverage[d]))
                realloc_cov[d] = std::isfinite(realloc_cov[d]) ? std::min(realloc_cov[d], r.coverage[d]) : r.coverage[d];
        }
        data_cov[d] = all ? static_cast<double>(have) / all : nan;
    }
    t.add_real("tackning_indikatorer", data_cov);
    t.add_real("tackning_omfordelning", realloc_cov);
    for (const auto& r : a.indicators) {
        std::vector<double> raw = r.raw;
        for (std::size_t d = 0; d < n; ++d)
            if (hidden.value_hidden(r, d))
                raw[d] = nan;
        t.add_real(r.def.id, raw);
        if (r.is_rate) {
            auto masked = [&](std::vector<double> v, bool estimate_shown) {
                for (std::size_t d = 0; d < n; ++d)
                    if (estimate_shown ? hidden.value_hidden(r, d) : hidden(r, d))
                        v[d] = nan;
                return v;
            };
            t.add_real(r.def.id + "_kvot", masked(r.ratio, true));
            t.add_real(r.def.id + "_kvot_lag", masked(r.ratio_low, false));
            t.add_real(r.def.id + "_kvot_hog", masked(r.ratio_high, false));
            if (!hidden.internal && !r.estimated.empty()) {
                Ints est(n);
                for (std::size_t d = 0; d < n; ++d)
                    est[d] = hidden.estimated(r, d) ? 1 : 0;
                t.add_integer(r.def.id + "_uppskattad", std::move(est));
            }
        }
    }

    // Rank intervals (the "uncertainty" option), after every earlier column so that those
    // keep their places; risk_total's last.
    auto add_interval = [&](const factors::GoalUncertainty& gu, const std::string& rank_prefix,
                            const std::string& unstable_name) {
        Ints med(n), lo(n), hi(n), unstable(n);
        for (std::size_t d = 0; d < n; ++d)
            if (gu.median[d] > 0) {
                med[d] = gu.median[d];
                lo[d] = gu.p05[d];
                hi[d] = gu.p95[d];
                unstable[d] = gu.unstable[d] ? 1 : 0;
            }
        t.add_integer(rank_prefix + "median", std::move(med));
        t.add_integer(rank_prefix + "p05", std::move(lo));
        t.add_integer(rank_prefix + "p95", std::move(hi));
        t.add_integer(unstable_name, std::move(unstable));
    };
    if (a.uncertainty) {
        for (int g = 0; g < factors::goal_count; ++g) {
            const auto& gu = a.uncertainty->goal[g];
            if (!gu.present || a.index.indicator_count[g] == 0)
                continue;
            add_interval(gu, "mal" + std::to_string(g + 1) + "_rang_", "mal" + std::to_string(g + 1) + "_instabil");
        }
        if (a.uncertainty->overall.present)
            add_interval(a.uncertainty->overall, "risk_total_rang_", "risk_total_instabil");
    }
    return t;
}

// First-order sensitivity of each goal's ranks to each choice of the Monte Carlo.
io::FeatureTable& publish_sensitivity(Contribution& out, const TrygghetsanalysArtifact& a)
{
    auto& k = out.table("kanslighet");
    k.description = "Sensitivity of the goal ranks to the index's choices: the share of the rank variance explained "
                    "by each choice (first-order index, variance of the conditional mean rank), " +
                    std::to_string(a.uncertainty->draws) + " Monte Carlo draws";
    Ints goal, levels, draws;
    Text goal_name, choice;
    std::vector<double> s;
    // Goals 1-6, then risk_total (mal empty, mal_namn "risk_total").
    for (int g = 0; g <= factors::goal_count; ++g) {
        const bool overall = g == factors::goal_count;
        const auto& gu = overall ? a.uncertainty->overall : a.uncertainty->goal[g];
        for (const auto& c : gu.sensitivity) {
            goal.push_back(overall ? std::nullopt : std::optional<std::int64_t>(g + 1));
            goal_name.emplace_back(overall ? std::string("risk_total") : factors::goal_name(g + 1));
            choice.emplace_back(c.choice);
            levels.emplace_back(c.levels);
            draws.emplace_back(a.uncertainty->draws);
            s.push_back(c.first_order);
        }
    }
    k.add_integer("mal", std::move(goal));
    k.add_text("mal_namn", std::move(goal_name));
    k.add_text("val", std::move(choice));
    k.add_integer("nivaer", std::move(levels));
    k.add_integer("dragningar", std::move(draws));
    k.add_real("s_forsta_ordningen", std::move(s));
    return k;
}

// Internal consistency per goal: one row per indicator (konsistens), one per pair (korrelationer).
std::pair<io::FeatureTable*, io::FeatureTable*> publish_consistency(Contribution& out, const TrygghetsanalysArtifact& a)
{
    auto& k = out.table("konsistens");
    k.description = "Internal consistency per goal on the directed values (complete cases): Cronbach's alpha "
                    "(standardised), alpha without the indicator, first principal component's share, item-rest "
                    "correlation; mot_riktning = 1 where an indicator correlates against its stated direction";
    Ints goal, cases, against;
    Text goal_name, id, dup;
    std::vector<double> alpha, alpha_without, pc1, item_rest;
    auto& c = out.table("korrelationer");
    c.description = "Correlations between the indicators of each goal (directed values, complete cases)";
    Ints cgoal, ccases;
    Text ca, cb;
    std::vector<double> cr;
    for (const auto& gc : a.consistency) {
        for (std::size_t i = 0; i < gc.items.size(); ++i) {
            const auto& it = gc.items[i];
            goal.emplace_back(gc.goal);
            goal_name.emplace_back(factors::goal_name(gc.goal));
            id.emplace_back(it.id);
            cases.emplace_back(static_cast<std::int64_t>(gc.complete_cases));
            alpha.push_back(gc.alpha);
            alpha_without.push_back(it.alpha_without);
            pc1.push_back(gc.pc1_share);
            item_rest.push_back(it.item_rest);
            against.emplace_back(it.against_direction ? 1 : 0);
            dup.emplace_back(it.duplicates);
            for (std::size_t j = i + 1; j < gc.items.size(); ++j) {
                cgoal.emplace_back(gc.goal);
                ca.emplace_back(it.id);
                cb.emplace_back(gc.items[j].id);
                cr.push_back(gc.correlation[i][j]);
                ccases.emplace_back(static_cast<std::int64_t>(gc.complete_cases));
            }
        }
    }
    k.add_integer("mal", std::move(goal));
    k.add_text("mal_namn", std::move(goal_name));
    k.add_text("indikator", std::move(id));
    k.add_integer("omraden", std::move(cases));
    k.add_real("alfa", std::move(alpha));
    k.add_real("alfa_utan", std::move(alpha_without));
    k.add_real("pk1_andel", std::move(pc1));
    k.add_real("r_ovriga", std::move(item_rest));
    k.add_integer("mot_riktning", std::move(against));
    k.add_text("dubblett_av", std::move(dup));
    c.add_integer("mal", std::move(cgoal));
    c.add_text("indikator_a", std::move(ca));
    c.add_text("indikator_b", std::move(cb));
    c.add_real("r", std::move(cr));
    c.add_integer("omraden", std::move(ccases));
    return {&k, &c};
}

// The out-of-sample validation: one row per ranking × outcome × method.
io::FeatureTable& publish_validation(Contribution& out, const TrygghetsanalysArtifact& a)
{
    auto& v = out.table("validering");
    v.description = "Out-of-sample validation: rankings built on the earlier periods (the index, or the earlier crime "
                    "rate alone) against the crime rate in the later periods: Spearman's rank correlation and the AUC "
                    "for the later top quartile";
    Text ranking, outcome, method, early, late;
    Ints districts, top;
    std::vector<double> rho, auc;
    for (const auto& row : a.validation) {
        ranking.emplace_back(row.ranking);
        outcome.emplace_back(row.outcome);
        method.emplace_back(row.method);
        early.emplace_back(row.early);
        late.emplace_back(row.late);
        districts.emplace_back(static_cast<std::int64_t>(row.measures.districts));
        top.emplace_back(static_cast<std::int64_t>(row.measures.top_quartile));
        rho.push_back(row.measures.spearman);
        auc.push_back(row.measures.auc);
    }
    v.add_text("rangordning", std::move(ranking));
    v.add_text("utfall", std::move(outcome));
    v.add_text("metod", std::move(method));
    v.add_text("tidiga_perioder", std::move(early));
    v.add_text("senare_perioder", std::move(late));
    v.add_integer("omraden", std::move(districts));
    v.add_integer("topp_kvartil", std::move(top));
    v.add_real("spearman", std::move(rho));
    v.add_real("auc_topp_kvartil", std::move(auc));
    return v;
}

// The long table: every indicator value with everything behind it.
io::FeatureTable& publish_indicator_values(Contribution& out, const TrygghetsanalysArtifact& a, const Withheld& hidden)
{
    const auto& layer = a.districts->layer;
    const auto n = layer.size();
    auto& l = out.table("indikatorer");
    l.description = "Every indicator value per district: raw value, normalised, turned to risk, weight, source";
    Text kod, namn, id, goal_name, name_sv, dir, unit, form, source, file, field;
    Ints goal, suppressed, estimated;
    std::vector<double> raw, norm, risk, weight, count, expected, rr, rr_lo, rr_hi, women, men, muni;
    for (std::size_t i = 0; i < a.indicators.size(); ++i) {
        const auto& r = a.indicators[i];
        for (std::size_t d = 0; d < n; ++d) {
            const bool h = hidden(r, d);
            const bool v = hidden.value_hidden(r, d);  // h without a published estimate
            kod.emplace_back(layer.codes[d]);
            namn.emplace_back(layer.names[d]);
            id.emplace_back(r.def.id);
            goal.emplace_back(r.def.goal);
            goal_name.emplace_back(factors::goal_name(r.def.goal));
            name_sv.emplace_back(r.def.name_sv);
            dir.emplace_back(factors::to_string(r.def.direction));
            unit.emplace_back(r.def.unit);
            form.emplace_back(factors::to_string(r.def.form));
            source.emplace_back(r.def.source);
            file.emplace_back(r.source_file);
            field.emplace_back(r.def.field);
            raw.push_back(v ? nan : r.raw[d]);
            norm.push_back(v ? nan : a.index.normalised[i][d]);
            risk.push_back(v ? nan : a.index.directed[i][d]);
            weight.push_back(r.def.weight);
            count.push_back(r.is_rate && !h ? r.count[d] : nan);
            expected.push_back(r.is_rate ? r.expected[d] : nan);
            rr.push_back(r.is_rate && !v ? r.ratio[d] : nan);
            rr_lo.push_back(r.is_rate && !h ? r.ratio_low[d] : nan);
            rr_hi.push_back(r.is_rate && !h ? r.ratio_high[d] : nan);
            women.push_back(r.women.empty() || h ? nan : r.women[d]);
            men.push_back(r.men.empty() || h ? nan : r.men[d]);
            muni.push_back(r.municipal);
            suppressed.emplace_back(h ? 1 : 0);
            estimated.emplace_back(hidden.estimated(r, d) ? 1 : 0);
        }
    }
    l.add_text("kod", std::move(kod));
    l.add_text("namn", std::move(namn));
    l.add_text("indikator", std::move(id));
    l.add_integer("mal", std::move(goal));
    l.add_text("mal_namn", std::move(goal_name));
    l.add_text("namn_sv", std::move(name_sv));
    l.add_text("riktning", std::move(dir));
    l.add_text("enhet", std::move(unit));
    l.add_text("normalisering", std::move(form));
    l.add_real("raavarde", std::move(raw));
    l.add_real("normaliserat", std::move(norm));
    l.add_real("riskvarde", std::move(risk));
    l.add_real("vikt", std::move(weight));
    l.add_real("kommunvarde", std::move(muni));
    l.add_real("antal", std::move(count));
    l.add_real("forvantat", std::move(expected));
    l.add_real("kvot", std::move(rr));
    l.add_real("kvot_lag", std::move(rr_lo));
    l.add_real("kvot_hog", std::move(rr_hi));
    l.add_real("kvinnor", std::move(women));
    l.add_real("man", std::move(men));
    l.add_integer("undertryckt", std::move(suppressed));
    l.add_text("kalla", std::move(source));
    l.add_text("kalla_fil", std::move(file));
    l.add_text("falt", std::move(field));
    if (!hidden.internal)
        l.add_integer("uppskattad", std::move(estimated));  // raavarde..kvot rest on an estimate

    return l;
}

// Equality: highest/lowest district and women vs men per indicator.
io::FeatureTable& publish_equality(Contribution& out, const TrygghetsanalysArtifact& a, const Withheld& hidden)
{
    const auto& layer = a.districts->layer;
    const auto n = layer.size();
    auto& e = out.table("jamlikhet");
    e.description = "Equality per indicator: highest and lowest district (and their ratio), women vs men where known";
    Text eid, ename, edir, hi_kod, lo_kod;
    Ints egoal;
    std::vector<double> emuni, hi_v, lo_v, hl, ew, em, wm;
    for (const auto& r : a.indicators) {
        int hi = -1, lo = -1;
        for (std::size_t d = 0; d < n; ++d) {
            if (!std::isfinite(r.raw[d]) || hidden(r, d))
                continue;
            if (hi < 0 || r.raw[d] > r.raw[hi])
                hi = static_cast<int>(d);
            if (lo < 0 || r.raw[d] < r.raw[lo])
                lo = static_cast<int>(d);
        }
        eid.emplace_back(r.def.id);
        ename.emplace_back(r.def.name_sv);
        edir.emplace_back(factors::to_string(r.def.direction));
        egoal.emplace_back(r.def.goal);
        emuni.push_back(r.municipal);
        hi_kod.emplace_back(hi >= 0 ? std::optional<std::string>(layer.codes[hi]) : std::nullopt);
        lo_kod.emplace_back(lo >= 0 ? std::optional<std::string>(layer.codes[lo]) : std::nullopt);
        hi_v.push_back(hi >= 0 ? r.raw[hi] : nan);
        lo_v.push_back(lo >= 0 ? r.raw[lo] : nan);
        hl.push_back(hi >= 0 && r.raw[lo] > 0 ? r.raw[hi] / r.raw[lo] : nan);
        ew.push_back(r.municipal_women);
        em.push_back(r.municipal_men);
        wm.push_back(r.municipal_men > 0 ? r.municipal_women / r.municipal_men : nan);
    }
    e.add_text("indikator", std::move(eid));
    e.add_text("namn_sv", std::move(ename));
    e.add_integer("mal", std::move(egoal));
    e.add_text("riktning", std::move(edir));
    e.add_real("kommunvarde", std::move(emuni));
    e.add_text("hogsta_kod", std::move(hi_kod));
    e.add_real("hogsta_varde", std::move(hi_v));
    e.add_text("lagsta_kod", std::move(lo_kod));
    e.add_real("lagsta_varde", std::move(lo_v));
    e.add_real("kvot_hogsta_lagsta", std::move(hl));
    e.add_real("kvinnor", std::move(ew));
    e.add_real("man", std::move(em));
    e.add_real("kvot_kvinnor_man", std::move(wm));

    return e;
}

}  // namespace

void TrygghetsanalysArtifact::publish(Contribution& out, const RunSettings& settings) const
{
    const Withheld hidden{settings.privacy == Privacy::internal};
    auto& t = publish_scores(out, *this, hidden);
    auto& l = publish_indicator_values(out, *this, hidden);
    auto& e = publish_equality(out, *this, hidden);
    out.manifest_section("trygghetsanalys") = {
        {"catalogue", catalogue_source},
        {"indicators", indicators.size()},
        {"not_available", unavailable},
        {"normalisation", normalisation == factors::Normalisation::z_score ? "z_score" : "percentile"},
        {"confidence", confidence}};
    if (!survey.empty())
        out.manifest_section("trygghetsanalys")["survey"] = survey;
    const auto [konsistens, korrelationer] = publish_consistency(out, *this);
    const io::FeatureTable* kanslighet = nullptr;
    const io::FeatureTable* validering = validation.empty() ? nullptr : &publish_validation(out, *this);
    if (uncertainty) {
        kanslighet = &publish_sensitivity(out, *this);
        out.manifest_section("trygghetsanalys")["uncertainty"] = {
            {"draws", uncertainty->draws},
            {"seed", uncertainty_seed},
            {"alternatives", uncertainty_alternatives},
            {"choices", "normalisation z_score|min_max|percentile; weights uniform in vikt_min..vikt_max; aggregation "
                        "arithmetic|geometric; missing data available_case|mean_imputation; reallocation "
                        "primary|alternative"},
            {"interval", "nearest-rank 5th, 50th, 95th percentile of the ranks over the draws"},
            {"unstable_rule", "quartile class at the 5th and the 95th percentile rank differ"},
            {"risk_total", "per draw the mean of the goal scores, ranked among the districts with every goal in "
                           "that draw: risk_total_rang_median/_p05/_p95, risk_total_instabil"},
            {"sensitivity", "first-order: sum over districts of the variance of the conditional mean rank by the "
                            "choice's levels over the sum of the rank variances; weights binned in quarters"}};
    }
    if (!hidden.internal) {
        // Published runs: how many districts' crime rates rest on the estimate (README,
        // geodata/catalog/README.md "Published runs").
        nlohmann::json estimated = nlohmann::json::object();
        for (const auto& r : indicators)
            if (r.is_rate)
                estimated[r.def.id] = std::count(r.estimated.begin(), r.estimated.end(), 1);
        auto& section = out.manifest_section("trygghetsanalys");
        section["estimated_rates"] = estimated;
        section["estimate_rule"] = "a crime rate whose count is withheld rests on published cells as they are and each "
                                   "withheld cell estimated as the mean of its period's withheld cells (municipal "
                                   "total minus the published districts); flagged uppskattad";
        section["fewer_goals_rule"] = "risk_total is the mean over the goals a district has (mal_antal); "
                                      "risk_total_rang ranks only districts with every goal";
    }
    if (csv) {
        add_csv_side_file(out, t, "trygghetsanalys.csv");
        add_csv_side_file(out, l, "indikatorer.csv");
        add_csv_side_file(out, e, "jamlikhet.csv");
        add_csv_side_file(out, *konsistens, "konsistens.csv");
        add_csv_side_file(out, *korrelationer, "korrelationer.csv");
        if (kanslighet)
            add_csv_side_file(out, *kanslighet, "kanslighet.csv");
        if (validering)
            add_csv_side_file(out, *validering, "validering.csv");
    }
}

}  // namespace trygg::pipeline
