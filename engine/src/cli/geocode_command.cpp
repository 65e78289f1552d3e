// SPDX-License-Identifier: MIT
#include "cli/geocode_command.hpp"

#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/crs/transformer.hpp>
#include <trygg/geocode/alias_catalogue.hpp>
#include <trygg/geocode/gazetteer_source.hpp>
#include <trygg/geocode/geocode_summary.hpp>
#include <trygg/geocode/geocoder.hpp>
#include <trygg/geocode/roads.hpp>
#include <trygg/io/csv_reader.hpp>
#include <trygg/io/csv_writer.hpp>

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

namespace trygg::cli {

struct GeocodeCommand::Options {
    std::string input;
    std::string output;
    std::string column = "adress";
    std::vector<std::string> gazetteers;
    std::vector<std::string> places;
    std::vector<std::string> districts;
    std::vector<std::string> fields;
    std::string preset = "auto";
    std::string name_field;
    std::string district_name_field;
    std::string crs = "EPSG:3006";
    std::string encoding = "auto";
    std::string min_match;  // "": street, or district with --free-text (issue 16)
    bool free_text = false;
    std::vector<std::string> aliases;  // issue 16: alias catalogues (geodata/catalog/alias_*.csv)
    bool no_cache = false;
    bool json = false;
    // Parity with the geocode stage's options (issue 16).
    double ambiguity_distance = 100.0;
    int max_number_gap = 10;
    std::vector<std::string> roads;
    std::string road_ref_field;
    std::string road_name_field;
};

namespace {

geocode::GazetteerSpec spec_of(const std::string& arg, geocode::SourceKind kind)
{
    geocode::GazetteerSpec s;
    s.kind = kind;
    s.path = arg;
    if (!std::filesystem::exists(s.path)) {
        auto colon = arg.rfind(':');
        if (colon != std::string::npos && colon > 0 && arg.find('/', colon) == std::string::npos) {
            s.path = arg.substr(0, colon);
            s.layer = arg.substr(colon + 1);
        }
    }
    return s;
}

std::string format_double(double v, int decimals)
{
    if (!std::isfinite(v))
        return std::string();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// Coordinates: centimetres in a projected CRS; degrees in full (the shortest text that reads
// back as the same double), since 2 decimals of a degree are about a kilometre.
std::string format_coordinate(double v, bool geographic)
{
    if (!geographic || !std::isfinite(v))
        return format_double(v, 2);
    char buf[64];
    auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    return std::string(buf, end);
}

}  // namespace

GeocodeCommand::GeocodeCommand(CLI::App& app) : options_(std::make_shared<Options>())
{
    auto& o = *options_;
    command_ = app.add_subcommand("geocode", "Geocode the address column of a CSV file against gazetteers (offline)");
    command_->add_option("input", o.input, "CSV file with an address column")->required();
    command_->add_option("-o,--output", o.output, "CSV to write: the input columns plus geocode_x, geocode_y, match_type, score, "
                                                  "uncertainty_m, matched, source, reason, accepted, district_code (the district a "
                                                  "district hit names), candidates (an ambiguous row's, ' | ' apart)")
        ->required();
    command_->add_option("-c,--column", o.column, "Address (or free-text) column")->capture_default_str();
    command_->add_option("-g,--gazetteer", o.gazetteers,
                         "Address points: FILE or FILE:LAYER (repeat; earlier = higher priority)");
    command_->add_option("--preset", o.preset, "Field preset for address gazetteers")
        ->check(CLI::IsMember({"auto", "lantmateriet", "osm", "custom"}))
        ->capture_default_str();
    command_->add_option("--field", o.fields,
                         "Field mapping ROLE=FIELD for address gazetteers; roles: street, number, letter, postcode, "
                         "town, address (repeat)");
    command_->add_option("--places", o.places, "Named places (points or polygons): FILE or FILE:LAYER (repeat)");
    command_->add_option("--districts", o.districts, "District names (polygons): FILE or FILE:LAYER (repeat)");
    command_->add_option("--name-field", o.name_field, "Name field of --places (default: namn/name)");
    command_->add_option("--district-name-field", o.district_name_field,
                         "Name field of --districts (default: namn/name/regso)");
    command_->add_option("--crs", o.crs, "Working CRS of the output x/y")->capture_default_str();
    command_->add_option("--encoding", o.encoding, "Input text encoding")
        ->check(CLI::IsMember({"auto", "utf-8", "windows-1252", "latin-1"}))
        ->capture_default_str();
    command_->add_option("--min-match", o.min_match,
                         "Least precise match type accepted (exact, letter, interpolated, intersection, street, "
                         "street_fuzzy, place, road, postcode, district); default street, district with --free-text")
        ->capture_default_str();
    command_->add_flag("--free-text", o.free_text, "The column is prose: find place and street names in it");
    command_->add_option("--ambiguity-distance", o.ambiguity_distance,
                         "Candidates further apart than this many metres make a record ambiguous (not placed)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    command_->add_option("--max-number-gap", o.max_number_gap,
                         "Furthest house number used to interpolate a number missing from the register")
        ->check(CLI::Range(0, 100'000))
        ->capture_default_str();
    command_->add_option("--roads", o.roads,
                         "Road layer (lines, and named interchange points): FILE or FILE:LAYER (repeat); texts naming "
                         "E18, riksväg 56, länsväg 252, väg 66 or <name>motet are placed on it");
    command_->add_option("--road-ref-field", o.road_ref_field, "Road-number field of --roads (default: ref/vagnummer)");
    command_->add_option("--road-name-field", o.road_name_field, "Name field of --roads (default: name/namn)");
    // issue 16 (geotext): institution words per municipality, as the stage's "aliases"
    command_->add_option("--aliases", o.aliases, "Alias catalogue CSV (geodata/catalog/alias_*.csv; repeat)");
    command_->add_flag("--no-cache", o.no_cache, "Do not read or write the gazetteer cache");
    command_->add_flag("--json", o.json, "Print the summary as JSON");
}

bool GeocodeCommand::selected() const { return command_ && command_->parsed(); }

namespace {

// The output's folder: where the gazetteer cache goes when the user cache directory cannot be
// written (never beside the input).
std::filesystem::path output_dir(const GeocodeCommand::Options& o)
{
    auto dir = std::filesystem::path(o.output).parent_path();
    return dir.empty() ? std::filesystem::path(".") : dir;
}

// Gazetteers in priority order: addresses, then places, then districts.
geocode::Gazetteer load_gazetteers(const GeocodeCommand::Options& o, std::ostream& err)
{
    geocode::Gazetteer gazetteer;
    for (const auto& g : o.gazetteers) {
        auto s = spec_of(g, geocode::SourceKind::address);
        s.preset = o.preset;
        s.cache = !o.no_cache;
        s.cache_fallback_dir = output_dir(o);
        for (const auto& f : o.fields) {
            auto eq = f.find('=');
            if (eq == std::string::npos)
                throw core::UsageError("geocode: --field '" + f + "' is not ROLE=FIELD");
            auto role = f.substr(0, eq), name = f.substr(eq + 1);
            if (role == "street") s.street = name;
            else if (role == "number") s.number = name;
            else if (role == "letter") s.letter = name;
            else if (role == "postcode") s.postcode = name;
            else if (role == "town") s.town = name;
            else if (role == "address") s.address = name;
            else throw core::UsageError("geocode: unknown --field role '" + role + "'");
        }
        auto rep = geocode::load_gazetteer(gazetteer, s, o.crs);
        err << "gazetteer " << g << ": " << rep.added << " addresses" << (rep.from_cache ? " (cached)" : "") << "\n";
    }
    for (auto [list, kind] : {std::pair{&o.places, geocode::SourceKind::place},
                              std::pair{&o.districts, geocode::SourceKind::district}})
        for (const auto& p : *list) {
            auto s = spec_of(p, kind);
            s.name = kind == geocode::SourceKind::place ? o.name_field : o.district_name_field;
            s.cache = !o.no_cache;
            s.cache_fallback_dir = output_dir(o);
            auto rep = geocode::load_gazetteer(gazetteer, s, o.crs);
            err << (kind == geocode::SourceKind::place ? "places " : "districts ") << p << ": " << rep.added
                << " names\n";
        }
    for (const auto& p : o.roads) {
        auto g = spec_of(p, geocode::SourceKind::place);
        geocode::RoadSpec s;
        s.path = g.path;
        s.layer = g.layer;
        s.ref = o.road_ref_field;
        s.name = o.road_name_field;
        auto rep = geocode::load_roads(gazetteer, s, o.crs);
        err << "roads " << p << ": " << rep.added << " roads\n";
    }
    for (const auto& a : o.aliases) {
        auto rep = geocode::load_aliases(gazetteer, a, o.crs);
        err << "aliases " << a << ": " << rep.aliases + rep.places << " words\n";
    }
    gazetteer.build();
    for (const auto& u : gazetteer.unresolved_aliases())
        err << "warning: alias '" << u << "' names no gazetteer entry\n";
    return gazetteer;
}

// Geocodes the address column of the input CSV into the output CSV (the input columns plus the
// result columns), one output row per record.
geocode::GeocodeSummary geocode_file(const GeocodeCommand::Options& o, const geocode::Geocoder& geocoder,
                                     geocode::MatchType allowed, std::ostream& err)
{
    // The input through the library's CSV reader. Invalid UTF-8 under a declared utf-8 is kept
    // here, so that each such record says why in its own output row.
    const auto text = io::decode_text(io::read_file_bytes(o.input), io::parse_encoding(o.encoding));
    const bool geographic = crs::is_geographic(o.crs);
    const auto wanted = core::fold_case(o.column);
    std::vector<std::string> header;
    std::size_t col = 0;
    std::optional<io::CsvFileWriter> output;  // written beside the target, renamed when complete
    geocode::GeocodeSummary summary;
    std::size_t invalid_rows = 0, malformed_rows = 0;
    io::for_each_csv_row(text, 0, [&](const io::CsvRowView& row) {
        if (!output) {
            for (auto cell : row.cells)
                header.push_back(core::sanitize_utf8(cell));
            col = header.size();
            for (std::size_t i = 0; i < header.size(); ++i)
                if (core::fold_case(header[i]) == wanted)
                    col = i;
            if (col == header.size()) {
                std::string names;
                for (const auto& h : header)
                    names += (names.empty() ? "" : ", ") + h;
                throw core::InputError(o.input + ": column '" + o.column + "' not found (columns: " + names + ")");
            }
            output.emplace(o.output);
            for (const auto& h : header)
                output->rows().field(h);
            output->rows().write_row({"geocode_x", "geocode_y", "match_type", "score", "uncertainty_m", "matched",
                                      "source", "reason", "accepted", "district_code", "candidates"});
            return;
        }
        const auto where = "row " + std::to_string(row.line);
        if (!row.problem.empty() && ++malformed_rows <= 5)
            err << o.input << ": " << where << ": " << row.problem << "\n";
        const std::string_view cell = col < row.cells.size() ? row.cells[col] : std::string_view();
        geocode::GeocodeResult res;
        if (!core::is_valid_utf8(cell)) {
            res.reason = where + ": invalid UTF-8 in column '" + o.column +
                         "' (declare --encoding windows-1252 if the file is not UTF-8)";
            if (++invalid_rows <= 5)
                err << o.input << ": " << res.reason << "\n";
        } else {
            res = geocoder.geocode(cell);
        }
        summary.add(res, allowed);
        auto& csv = output->rows();
        for (std::size_t i = 0; i < header.size(); ++i)
            csv.field(core::sanitize_utf8(i < row.cells.size() ? row.cells[i] : std::string_view()));
        const bool accepted = geocode::has_point(res.type) && res.type <= allowed;
        std::string candidates;
        for (const auto& c : res.candidates)
            candidates += (candidates.empty() ? "" : " | ") + c;
        csv.write_row({format_coordinate(res.point.x, geographic), format_coordinate(res.point.y, geographic),
                       geocode::to_string(res.type), format_double(res.score, 3), format_double(res.uncertainty_m, 1),
                       res.matched, res.source, res.reason, accepted ? "1" : "0", res.code, candidates});
    });
    if (!output)
        throw core::InputError(o.input + ": empty file (no header)");
    output->commit();
    if (invalid_rows > 5)
        err << o.input << ": " << invalid_rows << " rows with invalid UTF-8 in total\n";
    if (malformed_rows > 5)
        err << o.input << ": " << malformed_rows << " malformed rows in total\n";
    return summary;
}

}  // namespace

int GeocodeCommand::run(std::ostream& out, std::ostream& err) const
{
    const auto& o = *options_;
    const std::string min_match = o.min_match.empty() ? (o.free_text ? "district" : "street") : o.min_match;
    auto allowed = geocode::match_type_from_string(min_match);
    if (!allowed || !geocode::has_point(*allowed))
        throw core::UsageError("geocode: --min-match '" + min_match +
                               "' is not one of exact, letter, interpolated, intersection, street, street_fuzzy, place, road, postcode, "
                               "district");
    if (o.gazetteers.empty() && o.places.empty() && o.districts.empty() && o.roads.empty())
        throw core::UsageError("geocode: give at least one --gazetteer, --places, --districts or --roads");

    auto gazetteer = load_gazetteers(o, err);
    geocode::GeocoderOptions gopt;
    gopt.free_text = o.free_text;
    gopt.ambiguity_distance_m = o.ambiguity_distance;
    gopt.max_number_gap = o.max_number_gap;
    geocode::Geocoder geocoder(gazetteer, gopt);

    const auto summary = geocode_file(o, geocoder, *allowed, err);
    if (summary.records > 0 && static_cast<double>(summary.accepted) < 0.1 * static_cast<double>(summary.records))
        err << "warning: only " << summary.accepted << " of " << summary.records
            << " rows were placed (under 10 %); --min-match is '" << min_match << "'\n";
    if (o.json)
        out << summary.to_json().dump(2) << "\n";
    else
        out << o.input << ": " << summary.to_text() << "wrote " << o.output << "\n";
    return 0;
}

}  // namespace trygg::cli
