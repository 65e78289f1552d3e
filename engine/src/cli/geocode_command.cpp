#include "cli/geocode_command.hpp"

#include <trygg/core/error.hpp>
#include <trygg/geocode/gazetteer_source.hpp>
#include <trygg/geocode/geocode_summary.hpp>
#include <trygg/geocode/geocoder.hpp>
#include <trygg/geocode/normalize.hpp>

#include "geocode/windows1252.hpp"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

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
    std::string min_match = "street";
    bool free_text = false;
    bool no_cache = false;
    bool json = false;
};

namespace {

using Row = std::vector<std::string>;

// RFC 4180 records (quoted fields may hold the delimiter, quotes and line breaks).
std::vector<Row> parse_csv(const std::string& text, char delimiter, std::vector<std::size_t>& line_of_row)
{
    std::vector<Row> rows;
    Row row;
    std::string field;
    bool quoted = false, any = false;
    std::size_t line = 1, row_line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && field.empty()) {
            quoted = any = true;
        } else if (c == delimiter) {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            if (any || !field.empty()) {
                row.push_back(std::move(field));
                rows.push_back(std::move(row));
                line_of_row.push_back(row_line);
            }
            row.clear();
            field.clear();
            any = false;
            ++line;
            row_line = line;
        } else {
            field += c;
            any = true;
        }
    }
    if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
        line_of_row.push_back(row_line);
    }
    return rows;
}

std::string csv_field(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// Invalid UTF-8 sequences replaced by U+FFFD, so outputs never carry broken bytes.
std::string sanitize_utf8(const std::string& s)
{
    if (geocode::is_valid_utf8(s))
        return s;
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n && i + n <= s.size() && geocode::is_valid_utf8(std::string_view(s).substr(i, n))) {
            out.append(s, i, n);
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

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

std::string lower(std::string s)
{
    return geocode::fold_case(s);
}

std::string format_double(double v, int decimals)
{
    if (!std::isfinite(v))
        return std::string();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

}  // namespace

GeocodeCommand::GeocodeCommand(CLI::App& app) : options_(std::make_shared<Options>())
{
    auto& o = *options_;
    command_ = app.add_subcommand("geocode", "Geocode the address column of a CSV file against gazetteers (offline)");
    command_->add_option("input", o.input, "CSV file with an address column")->required();
    command_->add_option("-o,--output", o.output, "CSV to write: the input columns plus geocode_x, geocode_y, match_type, score, "
                                                  "uncertainty_m, matched, source, reason, accepted")
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
                         "place, postcode, district)")
        ->capture_default_str();
    command_->add_flag("--free-text", o.free_text, "The column is prose: find place and street names in it");
    command_->add_flag("--no-cache", o.no_cache, "Do not read or write the gazetteer cache");
    command_->add_flag("--json", o.json, "Print the summary as JSON");
}

bool GeocodeCommand::selected() const { return command_ && command_->parsed(); }

int GeocodeCommand::run(std::ostream& out, std::ostream& err) const
{
    const auto& o = *options_;
    auto allowed = geocode::match_type_from_string(o.min_match);
    if (!allowed || !geocode::has_point(*allowed))
        throw core::UsageError("geocode: --min-match '" + o.min_match +
                               "' is not one of exact, letter, interpolated, intersection, street, place, postcode, district");
    if (o.gazetteers.empty() && o.places.empty() && o.districts.empty())
        throw core::UsageError("geocode: give at least one --gazetteer, --places or --districts");

    // Gazetteers in priority order: addresses, then places, then districts.
    geocode::Gazetteer gazetteer;
    for (const auto& g : o.gazetteers) {
        auto s = spec_of(g, geocode::SourceKind::address);
        s.preset = o.preset;
        s.cache = !o.no_cache;
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
            auto rep = geocode::load_gazetteer(gazetteer, s, o.crs);
            err << (kind == geocode::SourceKind::place ? "places " : "districts ") << p << ": " << rep.added
                << " names\n";
        }
    geocode::GeocoderOptions gopt;
    gopt.free_text = o.free_text;
    geocode::Geocoder geocoder(gazetteer, gopt);

    // Input text: BOM stripped, encoding detected or declared.
    std::ifstream in(o.input, std::ios::binary);
    if (!in)
        throw core::InputError(o.input + ": cannot open");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        text.erase(0, 3);
    std::string encoding = o.encoding;
    if (encoding == "auto")
        encoding = geocode::is_valid_utf8(text) ? "utf-8" : "windows-1252";
    if (encoding == "windows-1252" || encoding == "latin-1")
        text = geocode::detail::windows1252_to_utf8(text);
    auto first_line = text.substr(0, text.find('\n'));
    char delimiter = std::count(first_line.begin(), first_line.end(), ';') >
                             std::count(first_line.begin(), first_line.end(), ',')
                         ? ';'
                         : ',';
    std::vector<std::size_t> lines;
    auto rows = parse_csv(text, delimiter, lines);
    if (rows.empty())
        throw core::InputError(o.input + ": empty file (no header)");
    const auto header = rows.front();
    std::size_t col = header.size();
    for (std::size_t i = 0; i < header.size(); ++i)
        if (lower(sanitize_utf8(header[i])) == lower(o.column))
            col = i;
    if (col == header.size()) {
        std::string names;
        for (const auto& h : header)
            names += (names.empty() ? "" : ", ") + sanitize_utf8(h);
        throw core::InputError(o.input + ": column '" + o.column + "' not found (columns: " + names + ")");
    }

    // Output written beside the target and renamed when complete.
    std::filesystem::path target(o.output);
    auto tmp = target;
    tmp += ".tmp";
    std::ofstream csv(tmp, std::ios::binary | std::ios::trunc);
    if (!csv)
        throw core::OutputError(o.output + ": cannot write");
    for (const auto& h : header)
        csv << csv_field(sanitize_utf8(h)) << ",";
    csv << "geocode_x,geocode_y,match_type,score,uncertainty_m,matched,source,reason,accepted\n";
    geocode::GeocodeSummary summary;
    std::size_t invalid_rows = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        std::string cell = col < row.size() ? row[col] : std::string();
        geocode::GeocodeResult res;
        if (!geocode::is_valid_utf8(cell)) {
            res.reason = "row " + std::to_string(lines[r]) + ": invalid UTF-8 in column '" + o.column +
                         "' (declare --encoding windows-1252 if the file is not UTF-8)";
            if (++invalid_rows <= 5)
                err << o.input << ": " << res.reason << "\n";
        } else {
            res = geocoder.geocode(cell);
        }
        summary.add(res, *allowed);
        for (std::size_t i = 0; i < header.size(); ++i)
            csv << csv_field(sanitize_utf8(i < row.size() ? row[i] : std::string())) << ",";
        bool accepted = geocode::has_point(res.type) && res.type <= *allowed;
        csv << format_double(res.point.x, 2) << "," << format_double(res.point.y, 2) << ","
            << geocode::to_string(res.type) << "," << format_double(res.score, 3) << ","
            << format_double(res.uncertainty_m, 1) << "," << csv_field(res.matched) << "," << csv_field(res.source)
            << "," << csv_field(res.reason) << "," << (accepted ? 1 : 0) << "\n";
    }
    csv.close();
    if (!csv)
        throw core::OutputError(o.output + ": write failed");
    std::error_code ec;
    std::filesystem::rename(tmp, target, ec);
    if (ec)
        throw core::OutputError(o.output + ": cannot rename into place: " + ec.message());
    if (invalid_rows > 5)
        err << o.input << ": " << invalid_rows << " rows with invalid UTF-8 in total\n";
    if (o.json)
        out << summary.to_json().dump(2) << "\n";
    else
        out << o.input << ": " << summary.to_text() << "wrote " << o.output << "\n";
    return 0;
}

}  // namespace trygg::cli
