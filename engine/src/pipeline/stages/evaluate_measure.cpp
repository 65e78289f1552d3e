// SPDX-License-Identifier: MIT
#include "evaluate_measure.hpp"

#include "measure_disclosure.hpp"
#include "option_reader.hpp"

#include <trygg/core/datetime.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/styles.hpp>
#include <trygg/spatial/district_index.hpp>
#include <trygg/spatial/overlay.hpp>
#include <trygg/stats/before_after.hpp>
#include <trygg/stats/before_after_areas.hpp>
#include <trygg/stats/wdq.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>

namespace trygg::pipeline {

StageDescriptor EvaluateMeasureStage::descriptor()
{
    return {
        "evaluate_measure",
        "Before/after evaluation of a measure (Utvärdera åtgärd): incidents in a target area, a buffer zone "
        "and a control area in equal, seasonally matched windows before and after a date; the odds ratio "
        "(Welsh & Farrington 2009) with its 95 % interval and the weighted displacement quotient (Bowers & "
        "Johnson 2003); tables <prefix>_omraden, <prefix>_effekt and the column <prefix>_roll",
        {
            {"date", OptionType::string, nullptr, true, "the day the measure started, YYYY-MM-DD (the after window starts here)"},
            {"target", OptionType::array, nullptr, false, "district codes of the target area, e.g. [\"1980C1010\"]"},
            {"target_area", OptionType::string, nullptr, false,
             "instead of target: the tag of a read.districts stage with a drawn polygon layer; the target is the "
             "districts whose point on surface lies in one of its polygons"},
            {"control_area", OptionType::string, nullptr, false,
             "instead of control: the tag of a read.districts stage with drawn polygons, as target_area"},
            {"group", OptionType::string, "alla", false, "crime group to count (alla: every incident)"},
            {"window_months", OptionType::integer, 12, false,
             "length of each window in months; the before window is the same calendar months a whole number of years earlier"},
            {"buffer_m", OptionType::number, 0, false,
             "buffer (displacement) zone: districts within this many metres of the target (0: those sharing a border)"},
            {"buffer", OptionType::array, nullptr, false, "district codes of the buffer zone instead of buffer_m ([]: none)"},
            {"control", OptionType::array, nullptr, false,
             "district codes of the control area (default: the control_count districts beyond the buffer most similar "
             "to the target in the before window)"},
            {"control_count", OptionType::integer, 5, false, "districts in an automatically chosen control area"},
            {"prefix", OptionType::string, nullptr, false, "table and column prefix (default: the stage tag)"},
            {"overdispersion", OptionType::number, 1, false,
             "variance inflation D for the odds ratio's interval: Var(ln OR) = D·(1/a+1/b+1/c+1/d), as Welsh & "
             "Farrington inflate it for overdispersed counts in their meta-analyses (1: the plain Poisson variance)"},
        },
        {{"assigned", true, "incidents with their district (stage assign)"}},
        "evaluate_measure",
        {{"target_area", "", "districts"}, {"control_area", "", "districts"}},
    };
}

namespace {

struct Options {
    core::Minutes date = 0;
    int year = 0;
    unsigned month = 0, day = 0;
    std::vector<std::string> target;
    std::string group = "alla";
    int window_months = 12;
    double buffer_m = 0;
    std::optional<std::vector<std::string>> buffer, control;
    std::string target_area, control_area;  // tags of drawn polygon layers
    std::size_t control_count = 5;
    double overdispersion = 1;  // variance inflation D of Var(ln OR)
};

std::vector<std::string> codes_of(const OptionReader& r, const char* name)
{
    const auto& j = r.json(name);
    std::vector<std::string> out;
    for (const auto& v : j) {
        if (!v.is_string())
            r.fail("\"" + std::string(name) + "\" must list district codes as strings, got " + v.dump());
        out.push_back(v.get<std::string>());
    }
    return out;
}

Options parse_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    Options out;
    if (!r.has("date") || !r.json("date").is_string())
        r.fail("\"date\" is required: the day the measure started, YYYY-MM-DD");
    const auto text = r.string("date");
    std::string why;
    const auto parsed = core::parse_datetime(text, &why);
    if (!parsed || parsed->has_clock)
        r.fail("\"date\" must be a day as YYYY-MM-DD, got '" + text + "'" + (why.empty() ? "" : " (" + why + ")"));
    out.date = parsed->minutes;
    unsigned h = 0, mi = 0;
    core::civil_from_minutes(out.date, out.year, out.month, out.day, h, mi);
    if (r.has("target_area"))
        out.target_area = r.string("target_area");
    if (r.has("control_area"))
        out.control_area = r.string("control_area");
    if (r.has("target") == !out.target_area.empty())
        r.fail("give the target area either as \"target\" (district codes) or as \"target_area\" (a drawn polygon layer)");
    if (r.has("target")) {
        if (!r.json("target").is_array() || r.json("target").empty())
            r.fail("\"target\" must be a non-empty list of district codes");
        out.target = codes_of(r, "target");
    }
    out.group = r.string("group");
    out.window_months = r.integer<int>("window_months", 1, 60);
    out.buffer_m = r.number("buffer_m", 0.0, 100'000.0);
    if (r.has("buffer")) {
        if (!r.json("buffer").is_array())
            r.fail("\"buffer\" must be a list of district codes");
        out.buffer = codes_of(r, "buffer");
    }
    if (r.has("control") && !out.control_area.empty())
        r.fail("give the control area either as \"control\" or as \"control_area\", not both");
    if (r.has("control")) {
        if (!r.json("control").is_array() || r.json("control").empty())
            r.fail("\"control\" must be a non-empty list of district codes");
        out.control = codes_of(r, "control");
    }
    out.control_count = r.integer<std::size_t>("control_count", 1, 10'000);
    out.overdispersion = r.number("overdispersion", 1.0, 1000.0);
    return out;
}

// Local midnight of the first day `months` after (or before, negative) the option's date; the
// day is kept, or the month's last day when it has fewer.
core::Minutes shift_months(const Options& o, int months)
{
    int total = o.year * 12 + static_cast<int>(o.month) - 1 + months;
    const int y = total / 12;
    const auto m = static_cast<unsigned>(total % 12 + 1);
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned last = days[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        last = 29;
    return core::days_from_civil(y, m, std::min(o.day, last)) * 1440;
}

std::string day_text(core::Minutes t)
{
    int y = 0;
    unsigned m = 0, d = 0, h = 0, mi = 0;
    core::civil_from_minutes(t, y, m, d, h, mi);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

// The evaluation's six window counts (target, buffer, control × before, after) and what its
// tables say about them.
struct MeasureCounts {
    std::string tag, prefix, group;
    core::Minutes date = 0, before_from = 0, before_to = 0, after_from = 0, after_to = 0;
    std::array<std::vector<std::string>, 3> codes;  // mål, buffertzon, kontroll
    std::array<double, 6> count{};                   // a0, a1, b0, b1, c0, c1
    double overdispersion = 1;
};

const char* const area_names[] = {"mål", "buffertzon", "kontroll"};

// The tables <prefix>_omraden and <prefix>_effekt from the counts, `withheld` ones NaN. Every
// figure resting on a withheld count is withheld with it (OR from the target's and control's
// counts, the WDQ from all six, a change from its area's two). `publish`: effect figures rounded
// to two decimals (p to three), as the tables are read.
std::pair<io::FeatureTable, io::FeatureTable> measure_tables(const MeasureCounts& m, const std::array<bool, 6>& withheld,
                                                             bool publish)
{
    const double nan = std::nan("");
    std::array<double, 6> v{};
    for (std::size_t i = 0; i < 6; ++i)
        v[i] = withheld[i] ? nan : m.count[i];
    auto round2 = [&](double x) { return publish && std::isfinite(x) ? std::round(x * 100.0) / 100.0 : x; };
    const auto& pre = m.prefix;
    io::FeatureTable areas(pre + "_omraden", io::GeometryKind::none);
    areas.description = "evaluate_measure (" + m.tag + "): incidents (" + m.group + ") in the target, buffer zone and control area, " +
                        day_text(m.before_from) + " .. " + day_text(m.before_to - 1) + " (före) and " + day_text(m.after_from) +
                        " .. " + day_text(m.after_to - 1) + " (efter)" +
                        (publish ? "; counts 1-4 withheld, and counts that would give back a withheld cell of incident_counts "
                                   "(docs/disclosure-control.md)"
                                 : "");
    std::vector<std::optional<std::string>> area_name, area_codes;
    std::vector<std::optional<std::int64_t>> area_districts;
    std::vector<double> col_before, col_after, col_change;
    for (std::size_t a = 0; a < 3; ++a) {
        area_name.emplace_back(area_names[a]);
        std::string codes;
        for (const auto& c : m.codes[a])
            codes += (codes.empty() ? "" : ",") + c;
        area_codes.emplace_back(codes);
        area_districts.emplace_back(static_cast<std::int64_t>(m.codes[a].size()));
        const double s0 = v[2 * a], s1 = v[2 * a + 1];
        col_before.push_back(s0);
        col_after.push_back(s1);
        col_change.push_back(std::isfinite(s0) && std::isfinite(s1) && s0 > 0 ? round2(100.0 * (s1 - s0) / s0) : nan);
    }
    areas.add_text("omrade", std::move(area_name));
    areas.add_text("koder", std::move(area_codes));
    areas.add_integer("distrikt", std::move(area_districts));
    areas.add_real("fore", std::move(col_before));
    areas.add_real("efter", std::move(col_after));
    areas.add_real("forandring_pct", std::move(col_change));
    // NaN inputs give NaN figures (the functions' rule), so a withheld count hides what rests on it.
    const auto odds = stats::welsh_farrington_odds_ratio(v[0], v[1], v[4], v[5], 0.95, m.overdispersion);
    const auto wdq = stats::weighted_displacement_quotient(v[0], v[1], v[2], v[3], v[4], v[5]);
    // Its two terms each rest on four counts only: the success on the target's and control's,
    // the buffer term on the buffer's and control's.
    const double success = stats::weighted_displacement_quotient(v[0], v[1], 0, 0, v[4], v[5]).success;
    const double buffer_term = stats::weighted_displacement_quotient(0, 0, v[2], v[3], v[4], v[5]).buffer_displacement;
    const bool no_buffer = m.codes[1].empty();
    const bool wdq_shown = !no_buffer && !std::isnan(v[0] + v[1] + v[2] + v[3] + v[4] + v[5]);
    io::FeatureTable effect(pre + "_effekt", io::GeometryKind::none);
    effect.description =
        "evaluate_measure (" + m.tag + "): " +
        std::string(publish ? "computed from the published counts (a figure resting on a withheld count is withheld): " : "") +
        "odds ratio oriented as Welsh & Farrington (2009) and Farrington et al. (2007) report it: (target before · control "
        "after) / (target after · control before), above 1 the target fell relative to the control (the measure helped); "
        "the reciprocal (control first) is 1/odds_ratio. With its 95 % interval (Var(ln OR) = or_variansfaktor · (1/a+1/b+1/c+1/d)), "
        "the target's change relative to the control (1/OR - 1, reads the same either way round) and the weighted "
        "displacement quotient (Bowers & Johnson 2003)";
    effect.add_text("grupp", {m.group});
    effect.add_text("datum", {day_text(m.date)});
    effect.add_text("fore_fran", {day_text(m.before_from)});
    effect.add_text("fore_till", {day_text(m.before_to - 1)});
    effect.add_text("efter_fran", {day_text(m.after_from)});
    effect.add_text("efter_till", {day_text(m.after_to - 1)});
    effect.add_real("odds_ratio", {round2(odds.odds_ratio)});
    effect.add_real("or_lag", {round2(odds.ci_low)});
    effect.add_real("or_hog", {round2(odds.ci_high)});
    effect.add_real("or_p", {publish && std::isfinite(odds.p) ? std::round(odds.p * 1000.0) / 1000.0 : odds.p});
    effect.add_real("relativ_forandring", {round2(odds.relative_change)});
    effect.add_real("relativ_forandring_lag", {round2(odds.relative_change_low)});
    effect.add_real("relativ_forandring_hog", {round2(odds.relative_change_high)});
    effect.add_real("wdq", {no_buffer ? nan : round2(wdq.wdq)});
    effect.add_real("wdq_framgang", {round2(success)});
    effect.add_real("wdq_buffert", {no_buffer ? nan : round2(buffer_term)});
    effect.add_text("wdq_tolkning", {wdq_shown ? std::optional<std::string>(stats::wdq_reading_sv(wdq)) : std::nullopt});
    effect.add_real("or_variansfaktor", {m.overdispersion});
    return {std::move(areas), std::move(effect)};
}

// kind "evaluate_measure".
struct EvaluateArtifact : Artifact {
    std::shared_ptr<const DistrictsArtifact> districts;
    MeasureCounts counts;
    std::vector<io::Column> district_columns;
    // What publish() withheld (primary cells); withhold_evaluation_jointly adds to it. Empty
    // (nullopt) in internal runs.
    mutable std::optional<std::array<bool, 6>> published_withheld;
    std::string kind() const override { return "evaluate_measure"; }
    void publish(Contribution& out, const RunSettings& settings) const override
    {
        const auto& prefix = counts.prefix;
        out.district_columns(*districts, district_columns);
        auto qml = style_qml("atgard_delomraden");
        if (!qml.empty()) {
            const std::string field = "atgard_roll", name = prefix + "_roll";
            for (auto pos = qml.find(field); pos != std::string::npos; pos = qml.find(field, pos + name.size()))
                qml.replace(pos, field.size(), name);
            out.district_style(*districts, name, std::move(qml));
        }
        // Publication: counts 1 .. suppress_below - 1 withheld (as every published count), and,
        // once every input has contributed, a count whose districts × window touch a withheld
        // incident_counts cell (measure_disclosure.hpp). Internal runs: the exact counts.
        const bool publish = settings.privacy == Privacy::publish;
        std::array<bool, 6> withheld{};
        const int threshold = out.suppress_below();
        for (std::size_t i = 0; i < 6; ++i)
            withheld[i] = publish && threshold > 1 && counts.count[i] >= 1 && counts.count[i] < threshold;
        const auto [areas, effect] = measure_tables(counts, withheld, publish);
        published_withheld.reset();
        for (const auto* t : {&areas, &effect}) {
            auto& dst = out.table(t->name());
            dst.description = t->description;
            for (const auto& c : t->columns())
                dst.add_column(c);
        }
        if (publish)
            published_withheld = withheld;
    }
};

}  // namespace

void withhold_evaluation_jointly(Publication& publication, const Artifact& artifact)
{
    const auto* evaluation = dynamic_cast<const EvaluateArtifact*>(&artifact);
    if (!evaluation || !evaluation->published_withheld)
        return;
    const auto& m = evaluation->counts;
    auto withheld = *evaluation->published_withheld;
    const std::array<std::pair<core::Minutes, core::Minutes>, 2> windows{
        {{m.before_from, m.before_to}, {m.after_from, m.after_to}}};
    // Cell-key noise instead of suppression (aggregate "disclosure": "cell_key"): nothing in
    // incident_counts is withheld, but an exact count over whole periods would be the true sum of
    // noisy cells and undo the noise. The evaluation then publishes no count at all.
    const auto& sections = publication.manifest_sections();
    const bool noisy = sections.contains("disclosure") && sections["disclosure"].value("method", "") == "cell_key";
    bool more = false;
    for (std::size_t i = 0; i < 6; ++i)
        if (!withheld[i] && noisy) {
            withheld[i] = more = true;
        } else if (!withheld[i] && m.count[i] > 0 &&
            touches_withheld_count(publication, m.group, m.codes[i / 2], windows[i % 2].first, windows[i % 2].second))
            withheld[i] = more = true;
    if (!more)
        return;
    evaluation->published_withheld = withheld;
    const auto [areas, effect] = measure_tables(m, withheld, true);
    for (const auto* t : {&areas, &effect})
        if (auto* dst = publication.find(t->name()))
            for (const auto& c : t->columns())
                if (auto* col = dst->table.find_mutable(c.name))
                    col->values = c.values;
}

void EvaluateMeasureStage::validate(const nlohmann::json& options, const ValidationContext& ctx) const
{
    (void)parse_options(options, ctx.tag);
}

std::shared_ptr<const Artifact> EvaluateMeasureStage::run(StageContext& ctx) const
{
    const auto opts = parse_options(ctx.options(), ctx.tag());
    const auto assigned = ctx.input<AssignedArtifact>(0);
    if (!assigned)
        ctx.fail_input("needs an assigned input (stage assign)");
    const auto& inc = assigned->incidents->table;
    const auto& layer = assigned->districts->layer;
    if (!inc.has_time)
        ctx.fail_input("the incidents of '" + inc.source + "' have no time field: a before/after evaluation needs dates");
    int g = -1;
    if (opts.group != "alla") {
        g = inc.group_index(opts.group);
        if (g < 0)
            ctx.fail_input("crime group '" + opts.group + "' is not in the crime catalogue of '" + inc.source + "'");
    }
    const auto index = layer.code_index();
    auto resolve = [&](const std::vector<std::string>& codes, const char* option) {
        std::vector<int> out;
        for (const auto& c : codes) {
            const auto it = index.find(c);
            if (it == index.end())
                ctx.fail_data("option \"" + std::string(option) + "\": district '" + c + "' is not in the districts of '" +
                              layer.source + "'");
            out.push_back(it->second);
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    };
    // A drawn area: the districts whose point on surface lies in one of its polygons.
    auto drawn = [&](const std::string& tag, const char* option) {
        const auto area = std::dynamic_pointer_cast<const DistrictsArtifact>(ctx.input_tagged(tag));
        if (!area)
            ctx.fail_input("option \"" + std::string(option) + "\": '" + tag + "' is not a read.districts stage");
        const spatial::DistrictIndex index_of_area(area->layer.polygons);
        const auto points = spatial::points_on_surface(layer.polygons);
        std::vector<int> out;
        for (std::size_t d = 0; d < points.size(); ++d)
            if (index_of_area.locate(points[d].x, points[d].y) >= 0)
                out.push_back(static_cast<int>(d));
        if (out.empty())
            ctx.fail_data("option \"" + std::string(option) + "\": no district of '" + layer.source +
                          "' has its point on surface inside the polygons of '" + area->layer.source + "'");
        return out;
    };
    const auto target = opts.target_area.empty() ? resolve(opts.target, "target") : drawn(opts.target_area, "target_area");
    // Windows: after [date, date + m), before the same calendar months whole years earlier.
    const int years_back = (opts.window_months + 11) / 12;
    const core::Minutes after_from = opts.date, after_to = shift_months(opts, opts.window_months);
    const core::Minutes before_from = shift_months(opts, -12 * years_back),
                        before_to = shift_months(opts, -12 * years_back + opts.window_months);
    // Counts per district and window.
    const std::size_t n = layer.size();
    std::vector<double> before(n, 0), after(n, 0), history(n, 0);
    core::Minutes first = INT64_MAX, last = INT64_MIN;
    for (std::size_t i = 0; i < inc.size(); ++i) {
        const auto d = assigned->district[i];
        const auto t = inc.time[i];
        if (d < 0 || t == core::no_time)
            continue;
        first = std::min(first, t);
        last = std::max(last, t);
        if (g >= 0 && !(inc.groups[i] & (1u << g)))
            continue;
        if (t < before_from)
            history[static_cast<std::size_t>(d)] += 1;
        if (t >= before_from && t < before_to)
            before[static_cast<std::size_t>(d)] += 1;
        else if (t >= after_from && t < after_to)
            after[static_cast<std::size_t>(d)] += 1;
    }
    // Windows the data do not cover would look like a change.
    if (first == INT64_MAX)
        ctx.fail_data("no incident in a district has a date");
    if (before_from < first - 1440 * 31 || after_to > last + 1440 * 31)
        ctx.fail_data("the windows " + day_text(before_from) + " .. " + day_text(before_to - 1) + " and " +
                      day_text(after_from) + " .. " + day_text(after_to - 1) + " are not covered by the incidents (" +
                      day_text(first) + " .. " + day_text(last) + "): choose another date or a shorter window_months");
    // Areas.
    std::vector<stats::StudyRole> role(n, stats::StudyRole::none);
    for (int t : target)
        role[static_cast<std::size_t>(t)] = stats::StudyRole::target;
    std::vector<int> buffer;
    if (opts.buffer)
        buffer = resolve(*opts.buffer, "buffer");
    else
        buffer = stats::buffer_districts(layer.polygons, target, opts.buffer_m);
    for (int b : buffer) {
        if (role[static_cast<std::size_t>(b)] == stats::StudyRole::target)
            ctx.fail_data("option \"buffer\": district '" + layer.codes[static_cast<std::size_t>(b)] + "' is also in the target");
        role[static_cast<std::size_t>(b)] = stats::StudyRole::buffer;
    }
    std::vector<int> control;
    if (!opts.control_area.empty()) {
        // A drawn control may cover the target or the buffer zone: those districts stay theirs.
        for (int d : drawn(opts.control_area, "control_area"))
            if (role[static_cast<std::size_t>(d)] == stats::StudyRole::none)
                control.push_back(d);
    } else if (opts.control) {
        control = resolve(*opts.control, "control");
    } else {
        std::vector<int> candidates;
        for (std::size_t d = 0; d < n; ++d)
            if (role[d] == stats::StudyRole::none)
                candidates.push_back(static_cast<int>(d));
        // Matched on the level before the before window where the data reach back a whole
        // window: choosing controls by their before-window counts would pick districts whose
        // count was high by chance, and their fall afterwards (regression to the mean) would
        // pass for an effect in the target.
        const bool long_history = before_from - first >= before_to - before_from;
        control = stats::similar_controls(long_history ? history : before, target, candidates, opts.control_count);
        ctx.info(std::string("control area: the districts beyond the buffer zone most like the target in ") +
                 (long_history ? "the incidents before " + day_text(before_from) : "the before window"));
    }
    for (int c : control) {
        if (role[static_cast<std::size_t>(c)] != stats::StudyRole::none)
            ctx.fail_data("option \"control\": district '" + layer.codes[static_cast<std::size_t>(c)] +
                          "' is in the target or the buffer zone");
        role[static_cast<std::size_t>(c)] = stats::StudyRole::control;
    }
    if (control.empty())
        ctx.fail_data("no district is left for the control area (every district is in the target or the buffer zone)");
    auto sum = [&](const std::vector<int>& ds, const std::vector<double>& v) {
        double s = 0;
        for (int d : ds)
            s += v[static_cast<std::size_t>(d)];
        return s;
    };
    const double a0 = sum(target, before), a1 = sum(target, after);
    const double b0 = sum(buffer, before), b1 = sum(buffer, after);
    const double c0 = sum(control, before), c1 = sum(control, after);
    if (!(a0 > 0 && a1 > 0 && c0 > 0 && c1 > 0))
        ctx.warn("a target or control window has no incident: the odds ratio is not defined");
    auto out = std::make_shared<EvaluateArtifact>();
    out->districts = assigned->districts;
    auto& m = out->counts;
    {
        std::string p = ctx.has_option("prefix") ? ctx.option<std::string>("prefix") : ctx.tag();
        for (auto& c : p)
            if (!std::isalnum(static_cast<unsigned char>(c)))
                c = '_';
        m.prefix = p;
    }
    const auto& pre = m.prefix;
    m.tag = ctx.tag();
    m.group = opts.group;
    m.date = opts.date;
    m.before_from = before_from;
    m.before_to = before_to;
    m.after_from = after_from;
    m.after_to = after_to;
    m.overdispersion = opts.overdispersion;
    m.count = {a0, a1, b0, b1, c0, c1};
    const std::vector<int>* members[] = {&target, &buffer, &control};
    for (std::size_t a = 0; a < 3; ++a)
        for (int d : *members[a])
            m.codes[a].push_back(layer.codes[static_cast<std::size_t>(d)]);
    const bool publish = ctx.settings().privacy == Privacy::publish;
    // Roles on the district layer (per-district counts only in internal runs).
    std::vector<std::optional<std::string>> role_col(n);
    for (std::size_t d = 0; d < n; ++d)
        switch (role[d]) {
        case stats::StudyRole::target: role_col[d] = "mål"; break;
        case stats::StudyRole::buffer: role_col[d] = "buffertzon"; break;
        case stats::StudyRole::control: role_col[d] = "kontroll"; break;
        default: break;
        }
    out->district_columns.push_back({pre + "_roll", role_col});
    if (!publish) {
        out->district_columns.push_back({pre + "_fore", before});
        out->district_columns.push_back({pre + "_efter", after});
    }
    char line[256];
    const auto odds = stats::welsh_farrington_odds_ratio(a0, a1, c0, c1, 0.95, opts.overdispersion);
    const auto wdq = stats::weighted_displacement_quotient(a0, a1, b0, b1, c0, c1);
    std::snprintf(line, sizeof line, "odds ratio %.3f (95 %% CI %.3f .. %.3f), WDQ %.3f; target %g -> %g, control %g -> %g",
                  odds.odds_ratio, odds.ci_low, odds.ci_high, wdq.wdq, a0, a1, c0, c1);
    ctx.info(publish ? std::string("evaluation done (values in the tables)") : std::string(line));
    return out;
}

}  // namespace trygg::pipeline
