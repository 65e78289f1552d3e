// SPDX-License-Identifier: MIT
// geocode: turns the address text of not-located incidents into points (see geocode/geocoder.hpp
// for the cascade). Matched rows become `located` in the working CRS when their match type is at
// least as precise as `min_match`; the rest stay not located, with the reason recorded.
#include "geocode.hpp"

#include <trygg/core/error.hpp>
#include <trygg/geocode/alias_catalogue.hpp>
#include <trygg/geocode/gazetteer_source.hpp>
#include <trygg/geocode/roads.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/stats/total_suppression.hpp>

#include "option_reader.hpp"
#include "spine_stages.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace trygg::pipeline {

namespace {

using Text = std::vector<std::optional<std::string>>;
using Ints = std::vector<std::optional<std::int64_t>>;

const char* const match_help =
    "Least precise match type allowed into statistics: exact, letter, interpolated, intersection, street, "
    "street_fuzzy, place, road, postcode or district (ordered from most to least precise; street_fuzzy is a "
    "street name within the edit bound of a gazetteer street, a typo or a different real street, with the "
    "uncertainty of the area the text allows)";

std::vector<geocode::GazetteerSpec> specs_of(const nlohmann::json& o, const std::string& tag)
{
    const auto& g = o.at("gazetteers");
    if (!g.is_array() || g.empty())
        throw core::PipelineError(tag + ": \"gazetteers\" must be a non-empty array of {\"path\": ...} objects");
    std::vector<geocode::GazetteerSpec> out;
    for (std::size_t i = 0; i < g.size(); ++i)
        out.push_back(geocode::gazetteer_spec_from_json(g[i], tag + ": gazetteers[" + std::to_string(i) + "]"));
    return out;
}

// The reason without address text: it goes to the rejects table, which published runs write.
std::string public_reason(const geocode::GeocodeResult& r)
{
    if (r.type == geocode::MatchType::ambiguous) {
        auto p = r.reason.rfind(" are ");
        return "ambiguous: candidates" + (p == std::string::npos ? std::string(" far apart") : r.reason.substr(p));
    }
    if (geocode::has_point(r.type))
        return r.reason;  // only "less precise than min_match" reaches here: no address in it
    std::string out;
    bool quoted = false;
    for (char c : r.reason) {
        if (c == '\'') {
            quoted = !quoted;
            continue;
        }
        if (!quoted)
            out += c;
    }
    for (auto p = out.find("  "); p != std::string::npos; p = out.find("  "))
        out.erase(p, 1);
    return out.empty() ? geocode::to_string(r.type) : out;
}

// A run that places almost nothing it was given says so loudly (a run once reported "1272
// rows in, 0 used" and exited 0): one line with the count.
void warn_if_little_used(const StageContext& ctx, std::size_t tried, std::uint64_t placed, geocode::MatchType allowed)
{
    if (tried == 0 || static_cast<double>(placed) >= 0.1 * static_cast<double>(tried))
        return;
    std::ostringstream msg;
    msg << "only " << placed << " of " << tried << " rows with an address text were placed (under 10 %); "
        << "min_match is '" << geocode::to_string(allowed)
        << "': check the gazetteers, the address column and free_text/min_match";
    ctx.warn(msg.str(), msg.str());
}

}  // namespace

StageDescriptor GeocodeStage::descriptor()
{
    return {"geocode",
            "Geocode incident addresses offline against address registers and place-name gazetteers",
            {{"gazetteers", OptionType::array, nullptr, true,
              "Gazetteers in priority order: [{\"path\", \"layer\", \"kind\": address|place|district, \"preset\": "
              "auto|lantmateriet|osm|custom, \"fields\": {street, number, letter, postcode, town, address, name}, "
              "\"cache\": true}]"},
             {"min_match", OptionType::string, nullptr, false,
              std::string(match_help) + "; default street, and district with free_text (a place or district named in "
              "prose is the place of the event, with the uncertainty of its extent)"},
             {"free_text", OptionType::boolean, false, false,
              "The address column is prose (e.g. police event texts): look for place and street names in it"},
             {"aliases", OptionType::string, nullptr, false,
              "Alias catalogue CSV: institution words standing for gazetteer entries (geodata/catalog/alias_*.csv)"},
             {"ambiguity_distance", OptionType::number, 100.0, false,
              "Candidates further apart than this many metres make a record ambiguous (not placed)"},
             {"max_number_gap", OptionType::integer, 10, false,
              "Furthest house number used to interpolate a number missing from the register"},
             {"roads", OptionType::array, nullptr, false,
              "Road layers (any GDAL line layer: OSM ref/name, NVDB) for texts naming a road: [{\"path\", \"layer\", "
              "\"fields\": {ref, name}}]; \"E18 i höjd med X\", \"riksväg 56 strax söder om X\", \"<name>motet\" "
              "become match type road with the length of road that fits as uncertainty"}},
            {{"incidents", true, "incidents whose not-located rows carry an address"}},
            "incidents"};
}

namespace {

// The options of one geocode stage, parsed and checked once (validate and run both use it).
struct GeocodeStageOptions {
    std::vector<geocode::GazetteerSpec> gazetteers;
    std::vector<geocode::RoadSpec> roads;
    std::string aliases;  // "" = none
    geocode::MatchType min_match{};
    geocode::GeocoderOptions geocoder;
};

GeocodeStageOptions parse_geocode_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    GeocodeStageOptions out;
    out.gazetteers = specs_of(o, tag);
    if (r.has("aliases"))
        out.aliases = r.string("aliases");
    out.geocoder.free_text = r.has("free_text") && r.boolean("free_text");
    // Prose names places and districts, rarely a street: its default accepts them (issue 16).
    const std::string default_min = out.geocoder.free_text ? "district" : "street";
    const std::string min_match = r.has("min_match") ? r.string("min_match") : default_min;
    auto m = geocode::match_type_from_string(min_match);
    if (!m || !geocode::has_point(*m))
        r.fail("min_match '" + min_match + "' is not valid; " + match_help);
    out.min_match = *m;
    if (r.has("ambiguity_distance") && !(r.number("ambiguity_distance") > 0))
        r.fail("ambiguity_distance must be positive");
    if (r.has("ambiguity_distance"))
        out.geocoder.ambiguity_distance_m = r.number("ambiguity_distance");
    if (r.has("max_number_gap"))
        out.geocoder.max_number_gap = r.integer<int>("max_number_gap", 0, 100'000);
    if (o.contains("roads") && !o.at("roads").is_null()) {
        const auto& roads = o.at("roads");
        if (!roads.is_array())
            r.fail("\"roads\" must be an array of {\"path\": ...} objects");
        for (std::size_t i = 0; i < roads.size(); ++i)
            out.roads.push_back(geocode::road_spec_from_json(roads[i], tag + ": roads[" + std::to_string(i) + "]"));
    }
    return out;
}

}  // namespace

void GeocodeStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    const auto opts = parse_geocode_options(o, ctx.tag);
    for (const auto& s : opts.gazetteers) {
        auto p = ctx.resolve(s.path.string());
        if (!std::filesystem::exists(p))
            throw core::InputError(ctx.tag + ": gazetteer '" + p.string() + "' not found");
    }
    for (const auto& s : opts.roads)
        if (auto p = ctx.resolve(s.path.string()); !std::filesystem::exists(p))
            throw core::InputError(ctx.tag + ": road layer '" + p.string() + "' not found");
    if (!opts.aliases.empty() && !std::filesystem::exists(ctx.resolve(opts.aliases)))
        throw core::InputError(ctx.tag + ": alias catalogue '" + ctx.resolve(opts.aliases).string() + "' not found");
}

std::shared_ptr<const Artifact> GeocodeStage::run(StageContext& ctx) const
{
    auto in = ctx.input<IncidentsArtifact>(0);
    if (!in)
        ctx.fail_input("input is not an incidents artifact");
    const auto opts = parse_geocode_options(ctx.options(), ctx.tag());
    auto out = std::make_shared<GeocodedIncidentsArtifact>();
    out->table = in->table;
    auto& t = out->table;
    out->allowed = opts.min_match;

    std::size_t pending = 0;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t.status[i] == core::LocationStatus::not_located)
            ++pending;
    if (pending > 0 && t.address.size() != t.size())
        ctx.fail_input("the incidents have " + std::to_string(pending) +
                       " rows without a location and no address column (map \"address\" in read.incidents' fields)");

    geocode::Gazetteer gazetteer;
    for (auto spec : opts.gazetteers) {
        if (spec.path.is_relative() && !ctx.settings().base_dir.empty())
            spec.path = ctx.settings().base_dir / spec.path;
        ctx.manifest().record_input(ctx.tag(), spec.path);
        auto rep = geocode::load_gazetteer(gazetteer, spec, ctx.settings().crs);
        std::ostringstream msg;
        msg << "gazetteer " << spec.path.filename().string() << (spec.layer.empty() ? "" : ":" + spec.layer) << ": "
            << rep.added << " entries from " << rep.features << " features";
        if (rep.skipped)
            msg << " (" << rep.skipped << " without name, number or geometry skipped)";
        msg << (rep.from_cache ? ", from cache" : "") << " in " << std::round(rep.seconds * 1000) / 1000 << " s";
        ctx.info(msg.str());
    }
    for (auto spec : opts.roads) {
        if (spec.path.is_relative() && !ctx.settings().base_dir.empty())
            spec.path = ctx.settings().base_dir / spec.path;
        ctx.manifest().record_input(ctx.tag(), spec.path);
        auto rep = geocode::load_roads(gazetteer, spec, ctx.settings().crs);
        ctx.info("roads " + spec.path.filename().string() + (spec.layer.empty() ? "" : ":" + spec.layer) + ": " +
                 std::to_string(rep.added) + " roads from " + std::to_string(rep.features) + " features");
    }
    if (!opts.aliases.empty()) {
        std::filesystem::path path = opts.aliases;
        if (path.is_relative() && !ctx.settings().base_dir.empty())
            path = ctx.settings().base_dir / path;
        ctx.manifest().record_input(ctx.tag(), path);
        auto rep = geocode::load_aliases(gazetteer, path, ctx.settings().crs);
        ctx.info("aliases " + path.filename().string() + ": " + std::to_string(rep.aliases + rep.places) + " words");
    }
    geocode::Geocoder geocoder(gazetteer, opts.geocoder);
    for (const auto& u : gazetteer.unresolved_aliases())
        ctx.warn("alias '" + u + "' names no gazetteer entry");

    if (t.not_located_reason.size() != t.size())
        t.not_located_reason.assign(t.size(), std::string());
    if (t.not_located_category.size() != t.size())
        t.not_located_category.assign(t.size(), std::string());
    std::size_t done = 0;
    std::uint64_t newly_located = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t.status[i] != core::LocationStatus::not_located || in->table.address[i].empty())
            continue;
        if (++done % 4096 == 0) {
            ctx.cancel().check();
            ctx.progress(done, pending);
        }
        auto r = geocoder.geocode(in->table.address[i]);
        if (geocode::has_point(r.type) && r.type <= out->allowed) {
            t.x[i] = r.point.x;
            t.y[i] = r.point.y;
            t.status[i] = core::LocationStatus::located;
            ++newly_located;
        } else if (geocode::has_point(r.type)) {
            r.reason = "match type '" + geocode::to_string(r.type) + "' is less precise than min_match '" +
                       geocode::to_string(out->allowed) + "'" + (r.reason.empty() ? "" : "; " + r.reason);
        }
        if (t.status[i] == core::LocationStatus::not_located) {
            t.not_located_reason[i] = "not geocoded: " + public_reason(r);
            t.not_located_category[i] = r.type == geocode::MatchType::ambiguous ? "not geocoded: ambiguous"
                                         : geocode::has_point(r.type) ? "not geocoded: match less precise than min_match"
                                                                      : "not geocoded: no match";
        }
        out->summary.add(r, out->allowed);
        out->records.push_back(static_cast<std::uint32_t>(i));
        out->results.push_back(std::move(r));
    }
    ctx.progress(done, pending);
    warn_if_little_used(ctx, done, newly_located, out->allowed);
    std::istringstream lines(out->summary.to_text());
    for (std::string line; std::getline(lines, line);)
        ctx.info(line);
    // Published runs list the protected summary when the artifact is published (publish()):
    // until then only the totals.
    if (ctx.settings().privacy == Privacy::internal)
        ctx.manifest().set("geocode", out->summary.to_json());
    else
        ctx.manifest().set("geocode", {{"records", out->summary.records}, {"accepted", out->summary.accepted}});
    // The reader's accounting, extended: rows placed here move from not located to used.
    out->accounting = in->accounting;
    out->accounting.not_located -= newly_located;
    out->accounting.used += newly_located;
    ctx.manifest().record_accounting(ctx.tag(), out->accounting);
    return out;
}

namespace {

// One row of geokodning_sammanfattning: a count of geocoded records and whether it is withheld.
struct SummaryRow {
    std::string kind, key, type;
    std::uint64_t count = 0;
    bool withheld = false;
};

// The rows in table order: every match type (cascade order), then source / type.
std::vector<SummaryRow> summary_rows(const geocode::GeocodeSummary& summary)
{
    std::vector<SummaryRow> rows;
    for (int i = 0; i <= static_cast<int>(geocode::MatchType::unmatched); ++i) {
        auto type = geocode::to_string(static_cast<geocode::MatchType>(i));
        auto it = summary.by_type.find(type);
        rows.push_back({"match_type", type, type, it == summary.by_type.end() ? 0 : it->second});
    }
    for (const auto& [source, types] : summary.by_source)
        for (const auto& [type, n] : types)
            rows.push_back({"source", source + " / " + type, type, n});
    return rows;
}

// Published runs: the counts are protected like any count. Known totals: all records, the
// accepted ones (both in the manifest), and per match type the sum over sources. Each line
// with a known total gets counts 1..threshold-1 withheld and a second withheld count when
// one alone would be the total minus the published ones; a withheld match type keeps one of
// its source counts withheld, else their sum would give it back.
void protect(std::vector<SummaryRow>& rows, geocode::MatchType allowed, int threshold)
{
    std::vector<double> counts;
    for (const auto& r : rows)
        counts.push_back(static_cast<double>(r.count));
    auto withhold = [&](const std::vector<std::size_t>& line) {
        const auto hidden = stats::withhold_with_total(counts, line, threshold);
        for (auto i : line)
            rows[i].withheld = rows[i].withheld || hidden[i];
    };
    std::vector<std::size_t> accepted, refused;
    std::map<std::string, std::vector<std::size_t>> per_type;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].kind == "source") {
            per_type[rows[i].type].push_back(i);
            continue;
        }
        const auto t = geocode::match_type_from_string(rows[i].type);
        (t && geocode::has_point(*t) && *t <= allowed ? accepted : refused).push_back(i);
    }
    withhold(accepted);
    withhold(refused);
    for (const auto& [type, line] : per_type)
        withhold(line);
    // A withheld match type whose sources are all published would be their sum: withhold its
    // smallest positive source count too.
    for (const auto& r : rows) {
        if (r.kind != "match_type" || !r.withheld || r.count == 0 || !per_type.count(r.type))
            continue;
        const auto& line = per_type.at(r.type);
        if (std::any_of(line.begin(), line.end(), [&](std::size_t i) { return rows[i].withheld; }))
            continue;
        std::size_t smallest = line.front();
        for (auto i : line)
            if (rows[i].count >= 1 && (rows[smallest].count == 0 || rows[i].count < rows[smallest].count))
                smallest = i;
        rows[smallest].withheld = true;
    }
}

}  // namespace

void GeocodedIncidentsArtifact::publish(Contribution& out, const RunSettings& settings) const
{
    auto& s = out.table("geokodning_sammanfattning");
    s.description = "Geocoding hit rate per match type and per gazetteer source";
    auto rows = summary_rows(summary);
    const bool published = settings.privacy == Privacy::publish;
    if (published)
        protect(rows, allowed, out.suppress_below());
    Text kind, key;
    Ints count;
    std::vector<double> share;
    const double all_records = static_cast<double>(summary.records);
    for (const auto& r : rows) {
        kind.emplace_back(r.kind);
        key.emplace_back(r.key);
        count.emplace_back(r.withheld ? std::nullopt : std::optional<std::int64_t>(static_cast<std::int64_t>(r.count)));
        share.push_back(r.withheld ? std::nan("") : summary.records ? static_cast<double>(r.count) / all_records : 0.0);
    }
    s.add_text("typ", std::move(kind));
    s.add_text("nyckel", std::move(key));
    s.add_integer("antal", std::move(count));
    s.add_real("andel", std::move(share));
    if (published) {
        // The manifest's copy of the summary, protected the same way (null where withheld).
        auto json = summary.to_json();
        for (const auto& r : rows) {
            if (!r.withheld)
                continue;
            if (r.kind == "match_type")
                json["by_match_type"][r.type] = {{"count", nullptr}, {"share", nullptr}};
            else
                json["by_source"][r.key.substr(0, r.key.size() - r.type.size() - 3)][r.type] = nullptr;
        }
        out.manifest_section("geocode") = json;
    }

    if (settings.privacy != Privacy::internal)
        return;  // addresses are personal data
    auto& g = out.table("geokodning", io::GeometryKind::none, Audience::record_level);
    g.description = "Per-record geocoding results (internal run: contains addresses)";
    Text id, address, type, matched, source, reason;
    Ints row, accepted;
    std::vector<double> x, y, score, uncertainty;
    for (std::size_t k = 0; k < records.size(); ++k) {
        auto i = records[k];
        const auto& r = results[k];
        id.emplace_back(table.id_of(i));
        row.emplace_back(static_cast<std::int64_t>(table.source_row[i]));
        address.emplace_back(table.address[i]);
        type.emplace_back(geocode::to_string(r.type));
        matched.emplace_back(r.matched);
        source.emplace_back(r.source);
        reason.emplace_back(r.reason);
        accepted.emplace_back(geocode::has_point(r.type) && r.type <= allowed ? 1 : 0);
        x.push_back(r.point.x);
        y.push_back(r.point.y);
        score.push_back(r.score);
        uncertainty.push_back(r.uncertainty_m);
    }
    g.add_text("id", std::move(id));
    g.add_integer("rad", std::move(row));
    g.add_text("adress", std::move(address));
    g.add_text("matchning", std::move(type));
    g.add_real("poang", std::move(score));
    g.add_real("osakerhet_m", std::move(uncertainty));
    g.add_text("traff", std::move(matched));
    g.add_text("kalla", std::move(source));
    g.add_text("orsak", std::move(reason));
    g.add_integer("godkand", std::move(accepted));
    g.add_real("x", std::move(x));
    g.add_real("y", std::move(y));
}

}  // namespace trygg::pipeline
