// SPDX-License-Identifier: MIT
// read.incidents: an incident register (CSV, XLSX, any GDAL vector source) into the columnar
// incident table, with every row either kept (located, area code, not located) or rejected
// with the reason.
#include "option_reader.hpp"
#include "spine_stages.hpp"
#include "streamed_stages.hpp"

#include <trygg/core/connection_string.hpp>
#include <trygg/core/datetime.hpp>
#include <trygg/core/text.hpp>
#include <trygg/core/chunked_duplicates.hpp>
#include <trygg/core/duplicate_records.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/parallel_slices.hpp>
#include <trygg/core/warning_code.hpp>
#include <trygg/crs/transformer.hpp>
#include <trygg/io/catalogue_reader.hpp>
#include <trygg/io/incident_fields.hpp>
#include <trygg/io/incident_row_decoder.hpp>
#include <trygg/io/record_reader.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/pipeline/published_count.hpp>
#include <trygg/stats/crime_catalogue.hpp>
#include <trygg/stats/source_coverage.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <map>
#include <memory>
#include <numeric>
#include <thread>

namespace trygg::pipeline {

RowAccounting count_rows(const std::string& source, std::uint64_t rows, const core::IncidentTable& t)
{
    RowAccounting acc;
    acc.source = source;
    acc.rows = rows;
    for (const auto& r : t.rejects)
        (r.bucket == "outside" ? acc.outside : r.bucket == "not_located" ? acc.not_located : acc.rejected) += 1;
    for (std::size_t i = 0; i < t.size(); ++i)
        (t.status[i] == core::LocationStatus::not_located ? acc.not_located : acc.used) += 1;
    return acc;
}

namespace {
constexpr const char* default_catalogue = "geodata/catalog/brottskoder.csv";

// The default catalogue is looked for in the working directory, then beside the executable
// (as the QGIS plugin bundles it), then in the source tree or installed share folder, so the
// engine works from any working directory.
std::filesystem::path find_catalogue(const std::filesystem::path& given, bool is_default)
{
    std::error_code ec;
    if (!is_default || std::filesystem::exists(given, ec))
        return given;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec)
        return given;
    auto dir = exe.parent_path();
    for (const auto& candidate : {dir / "brottskoder.csv", dir / "../share/trygg/catalog/brottskoder.csv",
                                  dir / "../../geodata/catalog/brottskoder.csv",
                                  dir / "../../../geodata/catalog/brottskoder.csv"})
        if (std::filesystem::exists(candidate, ec))
            return candidate.lexically_normal();
    return given;
}
}  // namespace

void require_file(const ValidationContext& ctx, const std::string& option, const nlohmann::json& value)
{
    if (!value.is_string() || value.get<std::string>().empty())
        return;
    if (core::is_connection_string(value.get<std::string>())) {
        require_database_source(ctx, option, value.get<std::string>());
        return;
    }
    auto p = ctx.resolve(value.get<std::string>());
    std::error_code ec;
    if (!std::filesystem::exists(p, ec))
        throw core::InputError(ctx.tag + ": " + option + " '" + p.string() + "' not found");
    // A FIFO with no writer (or a device) would block the run forever, deaf to cancel; folders
    // are datasets to GDAL (a FileGDB, a shapefile folder) and are left to the reader.
    const auto status = std::filesystem::status(p, ec);
    if (!ec && !std::filesystem::is_regular_file(status) && !std::filesystem::is_directory(status))
        throw core::InputError(ctx.tag + ": " + option + " '" + p.string() +
                               "' is not a regular file (a pipe or a device); give a file");
}

StageDescriptor ReadIncidentsStage::descriptor()
{
    return {"read.incidents",
            "Read an incident register (CSV, XLSX, GeoPackage, any GDAL source) with a field mapping",
            {{"path", OptionType::path, nullptr, true, "The register file"},
             {"layer", OptionType::string, "", false, "Layer name in a multi-layer source (default: the first)"},
             {"fields", OptionType::object, nlohmann::json::object(), false,
              "Field mapping: {\"id\", \"time\", \"category\", \"x\", \"y\", \"lon\", \"lat\", \"area_code\", "
              "\"address\", \"sex\", \"age\", \"registered\"} -> column names (registered: when the incident was "
              "registered, needed by the top-level \"freeze\"). A row is located by x/y (in \"crs\"), else lon/lat "
              "(WGS84), else the source's point geometry, else area_code; an address alone waits for the geocoder"},
             {"crs", OptionType::string, "", false,
              "CRS of x/y and of the source's geometry (default: the source's own CRS)"},
             {"catalogue", OptionType::path, default_catalogue, false,
              "Crime catalogue mapping categories to crime groups: a CSV with columns pattern,kind,groups"
              "[,description]; kind is code (exact 4-digit brottskod), prefix (leading digits) or text (an event "
              "type, compared case-insensitively with the whole value); groups are vald, skadegorelse, tillgrepp, "
              "narkotika, ovrigt separated by ';'; unmatched values count as ovrigt and are reported (format and "
              "precedence: geodata/catalog/README.md; the default is also looked for beside the trygg executable "
              "and in the source tree)"},
             {"from", OptionType::string, "", false,
              "First date of the study period (YYYY-MM-DD); earlier incidents are counted as outside"},
             {"to", OptionType::string, "", false,
              "Last date of the study period (YYYY-MM-DD, inclusive); later incidents are counted as outside"},
             {"encoding", OptionType::string, "auto", false, "Text encoding: auto, utf-8 or windows-1252"},
             {"delimiter", OptionType::string, "", false, "CSV delimiter (default: detected from the header)"},
             {"duplicates", OptionType::string, "drop_exact", false,
              "Rows listed more than once: drop_exact (an exact duplicate - the same id and content, or the same "
              "content when there is no id - is counted once, the repeats go to the rejects as 'duplicate'; the "
              "same id with other content is kept and warned about), keep (every row counted, a warning) or error "
              "(exit 5 on any repeated id or content). Content is the mapped fields as read (time, category, "
              "location, area code, address, sex, age); unmapped columns, and the registration date, are not "
              "compared"},
             {"covers", OptionType::array, nlohmann::json::array(), false,
              "Crime groups the source covers, e.g. [\"vald\", \"skadegorelse\"] (default: the groups of the "
              "categories that occur in it). A group not covered is published as missing ('ej i källan'), never "
              "as 0"}},
            {},
            "incidents"};
}

namespace {

enum class DuplicatePolicy { drop_exact, keep, error };

// The options of one read.incidents stage, parsed and checked once (validate and run both use it).
struct ReadIncidentsOptions {
    io::IncidentFields fields;
    io::RecordOptions records;  // layer, encoding, delimiter
    std::string crs;            // of x/y and the geometry; empty: the source's
    std::string catalogue;      // as given (resolved by the stage)
    core::Minutes from = INT64_MIN, to = INT64_MAX;  // study period [from 00:00, to+1 day 00:00)
    DuplicatePolicy duplicates = DuplicatePolicy::drop_exact;
    std::vector<std::string> covers;  // declared coverage (crime group names); empty: observed
};

ReadIncidentsOptions parse_read_incidents_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    ReadIncidentsOptions out;
    for (const auto& [key, value] : r.json("fields").items()) {
        auto* member = out.fields.find(key);
        if (!member)
            r.fail("unknown field mapping key '" + key +
                   "' (known: id, time, category, x, y, lon, lat, area_code, address, sex, age, registered)");
        if (!value.is_string())
            r.fail("field mapping '" + key + "' must be a column name");
        *member = value.get<std::string>();
    }
    const auto& f = out.fields;
    if (f.x.has_value() != f.y.has_value())
        r.fail("map both \"x\" and \"y\", or neither");
    if (f.lon.has_value() != f.lat.has_value())
        r.fail("map both \"lon\" and \"lat\", or neither");
    const auto delimiter = r.string("delimiter");
    if (delimiter.size() > 1 && delimiter != "\\t")
        r.fail("\"delimiter\" must be one character");
    out.records.delimiter = delimiter == "\\t" ? '\t' : delimiter.empty() ? 0 : delimiter[0];
    out.records.encoding = io::parse_encoding(r.string("encoding"));
    out.records.layer = r.string("layer");
    for (const char* key : {"from", "to"}) {
        auto text = r.string(key);
        std::string why;
        const auto when = text.empty() ? std::nullopt : core::parse_datetime(text, &why);
        if (!text.empty() && !when)
            r.fail("\"" + std::string(key) + "\": " + why);
        if (when && key[0] == 'f')
            out.from = when->minutes;
        else if (when)
            out.to = when->minutes / 1440 * 1440 + 1440;
    }
    // An inverted study period would quietly put every row "outside".
    if (out.from != INT64_MIN && out.to != INT64_MAX && out.from >= out.to)
        r.fail("\"from\" (" + r.string("from") + ") is later than \"to\" (" + r.string("to") + ")");
    out.crs = r.string("crs");
    out.catalogue = r.string("catalogue");
    const auto duplicates = r.string("duplicates");
    if (duplicates == "keep")
        out.duplicates = DuplicatePolicy::keep;
    else if (duplicates == "error")
        out.duplicates = DuplicatePolicy::error;
    else if (duplicates != "drop_exact")
        r.fail("\"duplicates\" must be drop_exact, keep or error, got '" + duplicates + "'");
    for (const auto& group : r.json("covers")) {
        if (!group.is_string() || group.get<std::string>().empty())
            r.fail("\"covers\" must be a list of crime group names, got " + group.dump());
        out.covers.push_back(group.get<std::string>());
    }
    return out;
}

}  // namespace

void ReadIncidentsStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    require_file(ctx, "path", o["path"]);
    if (o["fields"].contains("category"))
        require_file(ctx, "catalogue",
                     find_catalogue(ctx.resolve(o["catalogue"].get<std::string>()), o["catalogue"] == default_catalogue)
                         .string());
    const auto options = parse_read_incidents_options(o, ctx.tag);
    if (ctx.settings.freeze_before != INT64_MIN && options.fields.time && !options.fields.registered)
        throw core::PipelineError(ctx.tag + ": the pipeline's \"freeze\" needs the registration date: map "
                                  "\"registered\" in \"fields\"");
}

namespace {

// One read of an incident source: the header sets up the row decoder, each row becomes a
// record of the table or a reject, then coordinates go to the working CRS in bulk.
class IncidentReader {
public:
    IncidentReader(StageContext& ctx, const ReadIncidentsOptions& options, std::filesystem::path path,
                   core::IncidentTable& table)
        : ctx_(ctx), options_(options), path_(std::move(path)), t_(table)
    {
    }

    // `rows_hint`: about the rows of each part the source is read in (for_each_record_in_parts).
    void on_header(const io::Records& header, const std::vector<std::size_t>& rows_hint);
    // One row of part `part`; parts run on separate threads, each with its own state.
    void on_row(std::size_t part, const io::RecordRow& row);
    // After the last row: the parts' records, rejects and counts appended to part 0's in part
    // order, which is the source's row order.
    void merge_parts();
    // After the last row: coordinates to the working CRS; rows that cannot be transformed
    // become rejects.
    void transform();
    // Warnings about the rows, and the row accounting (counted here, once).
    RowAccounting report() const;

    // A streamed read (read_incidents_in_chunks): duplicates are found across chunks, and each
    // chunk's records leave the table once transformed (its rejects stay).
    void read_in_chunks(std::size_t expected_records) { chunked_.emplace(expected_records); }
    // Parts for the next chunk's rows (on_header makes the first chunk's).
    void begin_parts(const std::vector<std::size_t>& rows_hint);
    // The chunk's records, moved out of the table (counted for the accounting first).
    core::IncidentTable take_records();

private:
    // The state of one part of the source while it is read (part 0 writes into the table).
    struct Part {
        core::IncidentTable own;
        core::IncidentTable* t = nullptr;
        std::optional<io::IncidentRowDecoder> decoder;
        std::map<std::string, std::size_t, std::less<>> area_index;
        std::map<std::string, std::uint64_t> unknown_categories;
        std::uint64_t bad_sex = 0, bad_age = 0, rows = 0;
        // Indexes into *t given in lon/lat (rows are 32-bit). The other located records are in
        // the source's CRS: found again by their status, not listed (4 bytes a record).
        std::vector<std::uint32_t> lonlat_rows;
        std::uint16_t observed_groups = 0;              // groups of the categories read
    };
    void append(Part& p, const io::DecodedIncident& d, std::uint64_t row_number);
    void reserve_columns(core::IncidentTable& t, std::size_t rows) const;
    void transform_rows(const std::vector<std::uint32_t>& rows, const std::string& from_crs);
    // The located records not in lonlat_rows_, from the source's CRS.
    void transform_source_crs();
    // The duplicates policy, after the transformation (so that t_ holds only records).
    void handle_duplicates();
    void handle_chunk_duplicates();
    // Exact repeats become rejects and leave the table.
    void drop_exact(const std::vector<core::ChunkedDuplicates::Repeat>& exact);
    // The threads the run may use.
    unsigned threads() const
    {
        return std::max(1u, ctx_.settings().threads ? ctx_.settings().threads : std::thread::hardware_concurrency());
    }
    // The source column holding a content field of core::first_content_difference.
    std::string column_of(const std::string& content_field) const;

    StageContext& ctx_;
    const ReadIncidentsOptions& options_;
    std::filesystem::path path_;
    core::IncidentTable& t_;
    io::Records header_;  // the description only (fields, CRS, geometry); rows are streamed
    io::IncidentColumns columns_;
    std::string source_crs_;
    std::optional<stats::CrimeCatalogue> catalogue_;
    std::vector<std::unique_ptr<Part>> parts_;
    // After merge_parts: part 0's counts are the source's.
    std::map<std::string, std::uint64_t> unknown_categories_;
    std::uint64_t bad_sex_ = 0, bad_age_ = 0, rows_ = 0;
    std::vector<std::uint32_t> lonlat_rows_;  // indexes into t_ given in lon/lat
    std::size_t repeated_ids_ = 0;      // distinct ids on more than one row (policy keep)
    std::size_t exact_duplicates_ = 0;  // rows dropped as exact duplicates
    std::size_t conflicting_ids_ = 0;   // rows kept with an id seen before and other content
    std::string conflict_example_;      // one such id
    std::uint16_t observed_groups_ = 0; // groups of the categories read (coverage by observation)
    std::optional<io::IncidentRowSettings> settings_;  // each part's decoder is made from these
    std::uint16_t declared_groups_ = 0; // the groups of "covers"
    // A streamed read: the duplicates of earlier chunks, and the records taken out so far.
    std::optional<core::ChunkedDuplicates> chunked_;
    std::uint64_t taken_used_ = 0, taken_not_located_ = 0;
};

void IncidentReader::on_header(const io::Records& header, const std::vector<std::size_t>& rows_hint)
{
    header_.source = header.source;
    header_.layer = header.layer;
    header_.crs = header.crs;
    header_.geometry = header.geometry;
    header_.fields = header.fields;
    header_.row_word = header.row_word;
    try {
        columns_ = io::map_incident_header(options_.fields, header_, path_.string());
    } catch (const core::InputError& e) {
        ctx_.fail_input(e.what());
    }
    const bool has_geometry = header_.geometry == io::RecordGeometry::point;
    if (header_.geometry == io::RecordGeometry::polygon)
        ctx_.fail_input("'" + path_.string() + "' has polygon geometry; incidents must be points or columns");
    // CRS of x/y and of the geometry: declared, else the layer's; needed only if used.
    source_crs_ = options_.crs.empty() ? header_.crs : options_.crs;
    if ((columns_.x >= 0 || has_geometry) && source_crs_.empty())
        ctx_.fail_input("'" + path_.string() +
                        "' has no CRS for its coordinates; declare one, e.g. \"crs\": \"EPSG:3006\"");
    io::IncidentRowSettings settings{columns_, header_.fields, has_geometry, options_.from, options_.to,
                                     ctx_.settings().freeze_before, {}, 1};
    if (columns_.category >= 0) {
        auto cpath = find_catalogue(ctx_.path_option("catalogue"), options_.catalogue == default_catalogue);
        ctx_.manifest().record_input(ctx_.tag(), cpath);
        catalogue_ = stats::CrimeCatalogue::from_rows(io::read_catalogue(cpath.string()));
        settings.groups_of = [this](std::string_view category) { return catalogue_->match(std::string(category)); };
        settings.fallback_groups = catalogue_->fallback_mask();
    }
    t_.group_names = catalogue_ ? catalogue_->group_names() : std::vector<std::string>{"alla"};
    if (!options_.covers.empty() && !catalogue_)
        throw core::PipelineError(ctx_.tag() + ": \"covers\" names crime groups, which need \"category\" mapped");
    declared_groups_ = stats::declared_coverage(t_.group_names, options_.covers, ctx_.tag());
    t_.has_time = columns_.time >= 0;
    t_.study_from = options_.from;
    t_.study_to = options_.to;
    settings_.emplace(std::move(settings));
    begin_parts(rows_hint);
}

void IncidentReader::begin_parts(const std::vector<std::size_t>& rows_hint)
{
    parts_.clear();
    const std::size_t total = std::accumulate(rows_hint.begin(), rows_hint.end(), std::size_t{0});
    for (std::size_t k = 0; k < std::max<std::size_t>(rows_hint.size(), 1); ++k) {
        auto p = std::make_unique<Part>();
        p->t = k == 0 ? &t_ : &p->own;
        p->decoder.emplace(*settings_);
        // Columns sized once (part 0 for every part, which are appended to it): growing them by
        // doubling cost a copy and page faults of each column several times over.
        if (k < rows_hint.size())
            reserve_columns(*p->t, k == 0 ? total : rows_hint[k]);
        parts_.push_back(std::move(p));
    }
}

void IncidentReader::reserve_columns(core::IncidentTable& t, std::size_t rows) const
{
    t.x.reserve(rows), t.y.reserve(rows), t.time.reserve(rows), t.has_clock.reserve(rows);
    t.groups.reserve(rows), t.sex.reserve(rows), t.age.reserve(rows), t.status.reserve(rows);
    t.area_code.reserve(rows), t.source_row.reserve(rows);
    if (columns_.id < 0)
        t.content_hash.reserve(rows);
    if (columns_.id >= 0)
        t.id.reserve(rows);
    if (columns_.category >= 0)
        t.category.reserve(rows);
    if (columns_.address >= 0)
        t.address.reserve(rows);
}

void IncidentReader::on_row(std::size_t part, const io::RecordRow& row)
{
    auto& p = *parts_[part];
    if (p.rows++ % 8192 == 0) {
        ctx_.cancel().check();
        if (part == 0)  // the reporter is not shared between threads; part 0's share stands for all
            ctx_.progress(row.progress_done, row.progress_total);
    }
    io::DecodedIncident d;
    core::Reject reject;
    if (!p.decoder->decode(row, d, reject)) {
        p.t->rejects.push_back(std::move(reject));
        return;
    }
    if (d.unknown_category)
        ++p.unknown_categories[d.category.empty() ? "(empty)" : std::string(d.category)];
    p.bad_sex += d.invalid_sex;
    p.bad_age += d.invalid_age;
    p.observed_groups |= d.groups;
    append(p, d, row.number);
}

void IncidentReader::append(Part& p, const io::DecodedIncident& d, std::uint64_t row_number)
{
    auto& t = *p.t;
    const std::size_t i = t.x.size();
    if (d.coordinates == io::CoordinateSource::lonlat)
        p.lonlat_rows.push_back(static_cast<std::uint32_t>(i));
    std::int32_t area = -1;
    if (d.status == core::LocationStatus::area_code) {
        auto it = p.area_index.find(d.area_code);
        if (it == p.area_index.end()) {
            it = p.area_index.emplace(std::string(d.area_code), t.area_codes.size()).first;
            t.area_codes.emplace_back(d.area_code);
        }
        area = static_cast<std::int32_t>(it->second);
    }
    t.x.push_back(d.x);
    t.y.push_back(d.y);
    t.time.push_back(d.time);
    t.has_clock.push_back(d.has_clock);
    t.groups.push_back(d.groups);
    t.sex.push_back(d.sex);
    t.age.push_back(d.age);
    t.status.push_back(d.status);
    t.area_code.push_back(area);
    t.source_row.push_back(static_cast<std::uint32_t>(row_number));
    // Only a record without an id has a content hash (its identity): the column stays empty
    // while every record has one (8 bytes a record at the read's peak), 0 for those that do.
    if (d.id.empty() || !t.content_hash.empty()) {
        if (t.content_hash.size() < i)
            t.content_hash.resize(i, 0);
        t.content_hash.push_back(d.content_hash);
    }
    if (columns_.id >= 0)
        t.id.emplace_back(d.id);
    if (columns_.address >= 0)
        t.address.emplace_back(d.address);
    if (columns_.category >= 0)
        t.category.emplace_back(d.category);
}

namespace {
// Appends `from` to `to`, moving the elements; `from` is emptied.
template <class T>
void append_column(core::SharedColumn<T>& to, core::SharedColumn<T>& from)
{
    if (from.empty())
        return;
    auto& out = to.own();
    auto& in = from.own();
    out.insert(out.end(), std::make_move_iterator(in.begin()), std::make_move_iterator(in.end()));
    from.clear();
}
template <class T>
void append_column(std::vector<T>& to, std::vector<T>& from)
{
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    std::vector<T>().swap(from);
}
}  // namespace

void IncidentReader::merge_parts()
{
    if (parts_.empty())
        return;
    auto& first = *parts_.front();
    if (parts_.size() > 1) {
        std::size_t total = 0;
        for (const auto& p : parts_)
            total += p->t->size();
        reserve_columns(t_, total);  // a no-op unless the hint was short (line breaks in quotes)
    }
    for (std::size_t k = 1; k < parts_.size(); ++k) {
        auto& p = *parts_[k];
        auto& t = p.own;
        const std::size_t offset = t_.size(), part_size = t.size();
        for (auto i : p.lonlat_rows)
            first.lonlat_rows.push_back(static_cast<std::uint32_t>(offset + i));
        // Area codes keep their order of first appearance in the source.
        std::vector<std::int32_t> remap(t.area_codes.size());
        for (std::size_t c = 0; c < t.area_codes.size(); ++c) {
            auto it = first.area_index.find(t.area_codes[c]);
            if (it == first.area_index.end()) {
                it = first.area_index.emplace(t.area_codes[c], t_.area_codes.size()).first;
                t_.area_codes.push_back(t.area_codes[c]);
            }
            remap[c] = static_cast<std::int32_t>(it->second);
        }
        if (!remap.empty())
            for (auto& a : t.area_code.own())
                if (a >= 0)
                    a = remap[static_cast<std::size_t>(a)];
        if (!t.content_hash.empty()) {
            t_.content_hash.resize(offset, 0);
            t.content_hash.resize(part_size, 0);
        }
        // Each column on its own, on every thread: copying a part's columns (and faulting in
        // their pages) on one thread was a serial second of the read at 10M (issue 20).
        // The largest first.
        core::run_tasks({[&] { t_.id.append(t.id), t.id.clear(); },
                         [&] { append_column(t_.x, t.x); },
                         [&] { append_column(t_.y, t.y); },
                         [&] { append_column(t_.time, t.time); },
                         [&] { append_column(t_.content_hash, t.content_hash); },
                         [&] { append_column(t_.address, t.address); },
                         [&] { t_.rejects.append(t.rejects), t.rejects.clear(); },
                         [&] { append_column(t_.area_code, t.area_code); },
                         [&] { append_column(t_.source_row, t.source_row); },
                         [&] { t_.category.append(t.category), t.category.clear(); },
                         [&] { append_column(t_.groups, t.groups); },
                         [&] { append_column(t_.age, t.age); },
                         [&] { append_column(t_.has_clock, t.has_clock); },
                         [&] { append_column(t_.sex, t.sex); },
                         [&] { append_column(t_.status, t.status); }},
                        threads());
        for (const auto& [category, n] : p.unknown_categories)
            first.unknown_categories[category] += n;
        first.bad_sex += p.bad_sex;
        first.bad_age += p.bad_age;
        first.rows += p.rows;
        first.observed_groups |= p.observed_groups;
        parts_[k].reset();
    }
    // Added to: a streamed read merges each chunk's parts.
    for (const auto& [category, n] : first.unknown_categories)
        unknown_categories_[category] += n;
    bad_sex_ += first.bad_sex;
    bad_age_ += first.bad_age;
    rows_ += first.rows;
    observed_groups_ |= first.observed_groups;
    lonlat_rows_ = std::move(first.lonlat_rows);
    if (!t_.content_hash.empty())
        t_.content_hash.resize(t_.size(), 0);
    parts_.clear();
}

void IncidentReader::transform_rows(const std::vector<std::uint32_t>& rows, const std::string& from_crs)
{
    if (rows.empty())
        return;
    crs::Transformer tr(from_crs, ctx_.settings().crs);
    if (tr.is_identity())
        return;  // nothing moves: no copy of the coordinates (16 bytes a record at the peak)
    std::vector<double> xs, ys;
    xs.reserve(rows.size()), ys.reserve(rows.size());
    for (auto i : rows) {
        xs.push_back(t_.x[i]);
        ys.push_back(t_.y[i]);
    }
    tr.transform(xs.data(), ys.data(), xs.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
        t_.x[rows[k]] = xs[k];
        t_.y[rows[k]] = ys[k];
    }
}

void IncidentReader::transform_source_crs()
{
    crs::Transformer tr(source_crs_, ctx_.settings().crs);
    if (tr.is_identity())
        return;  // nothing moves: no copy of the coordinates
    // In chunks: a copy of a chunk's coordinates, not of every record's.
    constexpr std::size_t chunk = 1 << 16;
    std::vector<std::size_t> rows;
    std::vector<double> xs, ys;
    rows.reserve(chunk), xs.reserve(chunk), ys.reserve(chunk);
    auto flush = [&] {
        tr.transform(xs.data(), ys.data(), xs.size());
        for (std::size_t k = 0; k < rows.size(); ++k) {
            t_.x[rows[k]] = xs[k];
            t_.y[rows[k]] = ys[k];
        }
        rows.clear(), xs.clear(), ys.clear();
    };
    std::size_t next_lonlat = 0;
    for (std::size_t i = 0; i < t_.size(); ++i) {
        if (next_lonlat < lonlat_rows_.size() && lonlat_rows_[next_lonlat] == i) {
            ++next_lonlat;
            continue;
        }
        if (t_.status[i] != core::LocationStatus::located)
            continue;
        rows.push_back(i), xs.push_back(t_.x[i]), ys.push_back(t_.y[i]);
        if (rows.size() == chunk)
            flush();
    }
    if (!rows.empty())
        flush();
}

void IncidentReader::transform()
{
    t_.rows_read = rows_;
    ctx_.progress(rows_, rows_);
    const auto located = static_cast<std::size_t>(
        std::count(t_.status.begin(), t_.status.end(), core::LocationStatus::located));
    if (located > lonlat_rows_.size())  // some in the source's CRS
        transform_source_crs();
    transform_rows(lonlat_rows_, "EPSG:4326");
    std::vector<std::uint32_t>().swap(lonlat_rows_);  // freed before the duplicate scan
    const auto untransformable = [&](std::size_t i) {
        return t_.status[i] == core::LocationStatus::located && !(std::isfinite(t_.x[i]) && std::isfinite(t_.y[i]));
    };
    std::size_t first_bad = 0;
    while (first_bad < t_.size() && !untransformable(first_bad))
        ++first_bad;
    // A list of the kept records only when one is dropped (8 bytes a record otherwise kept
    // through the duplicate scan).
    if (first_bad < t_.size()) {
        std::vector<std::size_t> keep;
        keep.reserve(t_.size());
        for (std::size_t i = 0; i < t_.size(); ++i) {
            if (untransformable(i))
                t_.rejects.push_back({t_.source_row[i], t_.id_of(i), "rejected",
                                      columns_.x >= 0 ? header_.fields[static_cast<std::size_t>(columns_.x)] : "geometry",
                                      "coordinates cannot be transformed to " + ctx_.settings().crs,
                                      "coordinates cannot be transformed"});
            else
                keep.push_back(i);
        }
        t_.keep(keep);
    }
    handle_duplicates();
    t_.groups_not_in_source = stats::groups_not_in_source(t_.group_names.size(), catalogue_.has_value(),
                                                          options_.covers.empty() ? observed_groups_ : declared_groups_);
}

std::string IncidentReader::column_of(const std::string& content_field) const
{
    const auto name = [&](int c) { return header_.fields[static_cast<std::size_t>(c)]; };
    if (content_field == "location")
        return columns_.x >= 0 ? name(columns_.x) + "/" + name(columns_.y)
               : columns_.lon >= 0 ? name(columns_.lon) + "/" + name(columns_.lat) : "geometry";
    const int c = content_field == "time"        ? columns_.time
                  : content_field == "category"  ? columns_.category
                  : content_field == "area_code" ? columns_.area_code
                  : content_field == "address"   ? columns_.address
                  : content_field == "sex"       ? columns_.sex
                  : content_field == "age"       ? columns_.age
                                                 : -1;
    return c >= 0 ? name(c) : content_field;
}

void IncidentReader::handle_duplicates()
{
    if (chunked_)
        return handle_chunk_duplicates();
    const auto scan = core::find_duplicate_records(t_, threads());
    if (options_.duplicates == DuplicatePolicy::keep) {
        repeated_ids_ = scan.repeated_ids;
        return;
    }
    if (options_.duplicates == DuplicatePolicy::error && !(scan.exact.empty() && scan.conflicting.empty())) {
        // The earliest repeat in the file, exact or not.
        const auto* first = scan.exact.empty() ? &scan.conflicting.front() : &scan.exact.front();
        if (!scan.conflicting.empty() && !scan.exact.empty() && scan.conflicting.front().index < first->index)
            first = &scan.conflicting.front();
        const auto& r = *first;
        const auto id = t_.id_of(r.index);
        ctx_.fail_data("'" + path_.string() + "' " + header_.row_word + " " + std::to_string(t_.source_row[r.index]) +
                       " repeats " + header_.row_word + " " + std::to_string(t_.source_row[r.first]) +
                       (id.empty() ? " (no id)" : " (id '" + id + "')") +
                       (r.differing_field.empty()
                            ? ": identical in every mapped field"
                            : ": first difference in field '" + column_of(r.differing_field) + "'") +
                       " (\"duplicates\": \"error\"; drop_exact counts an exact duplicate once)");
    }
    conflicting_ids_ = scan.conflicting.size();
    if (!scan.conflicting.empty())
        conflict_example_ = t_.id_of(scan.conflicting.front().index);
    std::vector<core::ChunkedDuplicates::Repeat> exact;
    exact.reserve(scan.exact.size());
    for (const auto& r : scan.exact)
        exact.push_back({r.index, t_.source_row[r.first]});
    drop_exact(exact);
}

// A chunk of a streamed read: its repeats of itself and of every earlier chunk, by row (the
// records of earlier chunks are gone). "error" is not read in chunks (streamed_count_plan).
void IncidentReader::handle_chunk_duplicates()
{
    const auto scan = chunked_->add(t_);
    if (options_.duplicates == DuplicatePolicy::keep) {
        repeated_ids_ = chunked_->repeated_ids();
        return;
    }
    if (options_.duplicates == DuplicatePolicy::error)
        throw core::Error(core::ExitCode::internal, ctx_.tag() + ": \"duplicates\": \"error\" is not read in chunks");
    conflicting_ids_ += scan.conflicting.size();
    if (conflict_example_.empty() && !scan.conflicting.empty())
        conflict_example_ = t_.id_of(scan.conflicting.front().index);
    drop_exact(scan.exact);
}

void IncidentReader::drop_exact(const std::vector<core::ChunkedDuplicates::Repeat>& exact)
{
    if (exact.empty())
        return;
    exact_duplicates_ += exact.size();
    const std::string id_field = columns_.id >= 0 ? header_.fields[static_cast<std::size_t>(columns_.id)] : "";
    std::vector<char> drop(t_.size(), 0);
    for (const auto& r : exact) {
        drop[r.index] = 1;
        t_.rejects.push_back({t_.source_row[r.index], t_.id_of(r.index), "rejected", id_field,
                              "duplicate of " + header_.row_word + " " + std::to_string(r.first_row) + " (same " +
                                  (t_.id_of(r.index).empty() ? "" : "id and ") + "content)",
                              "duplicate"});
    }
    std::vector<std::size_t> keep;
    keep.reserve(t_.size() - exact.size());
    for (std::size_t i = 0; i < t_.size(); ++i)
        if (!drop[i])
            keep.push_back(i);
    t_.keep(keep);
}

core::IncidentTable IncidentReader::take_records()
{
    for (std::size_t i = 0; i < t_.size(); ++i)
        (t_.status[i] == core::LocationStatus::not_located ? taken_not_located_ : taken_used_) += 1;
    core::IncidentTable chunk;
    chunk.source = t_.source;
    chunk.group_names = t_.group_names;
    chunk.has_time = t_.has_time;
    chunk.study_from = t_.study_from, chunk.study_to = t_.study_to;
    chunk.x = std::exchange(t_.x, {});
    chunk.y = std::exchange(t_.y, {});
    chunk.time = std::exchange(t_.time, {});
    chunk.has_clock = std::exchange(t_.has_clock, {});
    chunk.groups = std::exchange(t_.groups, {});
    chunk.sex = std::exchange(t_.sex, {});
    chunk.age = std::exchange(t_.age, {});
    chunk.status = std::exchange(t_.status, {});
    chunk.area_code = std::exchange(t_.area_code, {});
    chunk.source_row = std::exchange(t_.source_row, {});
    chunk.content_hash = std::exchange(t_.content_hash, {});
    chunk.id = std::exchange(t_.id, {});
    chunk.address = std::exchange(t_.address, {});
    chunk.category = std::exchange(t_.category, {});
    chunk.area_codes = std::exchange(t_.area_codes, {});
    return chunk;
}

RowAccounting IncidentReader::report() const
{
    if (!unknown_categories_.empty()) {
        std::uint64_t total = 0;
        std::string examples;
        std::size_t shown = 0;
        for (const auto& [cat, count] : unknown_categories_) {
            total += count;
            if (shown++ < 5)
                examples += (examples.empty() ? "" : ", ") + core::shown_value(cat) + " (" + std::to_string(count) + ")";
        }
        const std::string what = " rows have a category not in the catalogue; counted as ovrigt";
        const std::string text = std::to_string(total) + what + ": " + examples +
                                 (unknown_categories_.size() > 5 ? ", ..." : "");
        ctx_.warn(core::coded_warning(text, {"unknown_categories",
                                             {{"count", std::to_string(total)}, {"examples", examples},
                                              {"file", t_.source}}}),
                  published_count(total) + what);
    }
    if (t_.groups_not_in_source) {
        std::string names;
        for (std::size_t g = 0; g < t_.group_names.size(); ++g)
            if (t_.groups_not_in_source & (1u << g))
                names += (names.empty() ? "" : ", ") + t_.group_names[g];
        ctx_.warn(core::coded_warning(
            "crime groups not in the source (" +
                std::string(options_.covers.empty() ? "no code of theirs occurs in it" : "not in \"covers\"") +
                "): " + names + "; their counts are published as missing ('" + stats::not_in_source_text +
                "'), not as 0",
            {"groups_not_in_source",
             {{"groups", names}, {"declared", options_.covers.empty() ? "0" : "1"}, {"file", t_.source}}}));
    }
    if (repeated_ids_) {
        const std::string what = " ids appear more than once; each row is counted (\"duplicates\": \"keep\"), "
                                 "check for double registration";
        ctx_.warn(core::coded_warning(std::to_string(repeated_ids_) + what,
                                      {"repeated_ids", {{"count", std::to_string(repeated_ids_)}, {"file", t_.source}}}),
                  published_count(repeated_ids_) + what);
    }
    if (exact_duplicates_) {
        const std::string what = " rows repeat an earlier row (same id and content, or same content without id) "
                                 "and are counted once; the repeats are rejects with reason 'duplicate'";
        ctx_.warn(core::coded_warning(std::to_string(exact_duplicates_) + what,
                                      {"duplicate_rows",
                                       {{"count", std::to_string(exact_duplicates_)}, {"file", t_.source}}}),
                  published_count(exact_duplicates_) + what);
    }
    if (conflicting_ids_) {
        const std::string what = " rows have an id seen on an earlier row with other content; both are counted "
                                 "(\"duplicates\": \"error\" refuses them)";
        ctx_.warn(core::coded_warning(std::to_string(conflicting_ids_) + what + ", e.g. id '" +
                                          core::shown_value(conflict_example_) + "'",
                                      {"conflicting_ids",
                                       {{"count", std::to_string(conflicting_ids_)},
                                        {"example", core::shown_value(conflict_example_)}, {"file", t_.source}}}),
                  published_count(conflicting_ids_) + what);
    }
    if (bad_sex_) {
        const std::string what = " rows have an unrecognised sex (expected M/K, man/kvinna); taken as unknown";
        ctx_.warn(core::coded_warning(std::to_string(bad_sex_) + what,
                                      {"unrecognised_sex", {{"count", std::to_string(bad_sex_)}, {"file", t_.source}}}),
                  published_count(bad_sex_) + what);
    }
    if (bad_age_) {
        const std::string what = " rows have an age that is not a whole number 0-120; taken as unknown";
        ctx_.warn(core::coded_warning(std::to_string(bad_age_) + what,
                                      {"unrecognised_age", {{"count", std::to_string(bad_age_)}, {"file", t_.source}}}),
                  published_count(bad_age_) + what);
    }
    const std::uint64_t n = rows_;
    RowAccounting acc = count_rows(t_.source, n, t_);
    acc.used += taken_used_;  // records of a streamed read's earlier chunks
    acc.not_located += taken_not_located_;
    // Duplicates have their own warning above.
    if (const auto invalid = acc.rejected - exact_duplicates_) {
        // The first row the decoder rejected, else the first that could not be transformed: the
        // same row whether the rejects were listed at once or chunk by chunk (a streamed read).
        const auto untransformable = [](const core::RejectView& x) {
            return x.category == "coordinates cannot be transformed";
        };
        auto it = std::find_if(t_.rejects.begin(), t_.rejects.end(), [&](const core::RejectView& x) {
            return x.bucket == "rejected" && x.category != "duplicate" && !untransformable(x);
        });
        if (it == t_.rejects.end())
            it = std::find_if(t_.rejects.begin(), t_.rejects.end(), untransformable);
        const core::RejectView first = *it;
        const std::string what = std::to_string(invalid) + " of " + std::to_string(n) + " rows rejected";
        ctx_.warn(core::coded_warning(what + " (see the rejects table); first: " + header_.row_word + " " +
                                          std::to_string(first.row) + ": " +
                                          (first.field.empty() ? "" : "field '" + std::string(first.field) + "': ") +
                                          std::string(first.reason),
                                      {"rows_rejected",
                                       {{"count", std::to_string(invalid)}, {"rows", std::to_string(n)},
                                        {"row", std::to_string(first.row)}, {"field", std::string(first.field)},
                                        {"category", std::string(first.category)}, {"reason", std::string(first.reason)},
                                        {"file", t_.source}}}),
                  what + " (counted by reason in avvisade; the rows are in the internal file)");
    }
    if (n == 0)
        ctx_.warn(core::coded_warning("'" + path_.string() + "' has no rows", {"no_rows", {{"file", path_.string()}}}));
    if (ctx_.settings().freeze_before != INT64_MIN && columns_.time >= 0) {
        const auto frozen = std::count_if(t_.rejects.begin(), t_.rejects.end(), [&](const core::RejectView& x) {
            return x.bucket == "outside" && columns_.registered >= 0 &&
                   x.field == header_.fields[static_cast<std::size_t>(columns_.registered)];
        });
        ctx_.info(std::to_string(frozen) + " rows of closed periods registered after the freeze date; counted as outside");
        int y;
        unsigned m, d, h, mi;
        core::civil_from_minutes(ctx_.settings().freeze_before - 1440, y, m, d, h, mi);
        char until[16];
        std::snprintf(until, sizeof until, "%04d-%02u-%02u", y, m, d);
        ctx_.manifest().set("freeze", {{"until", until}, {"registered_after_freeze", frozen}});
    }
    ctx_.manifest().record_accounting(ctx_.tag(), acc);
    ctx_.info(std::to_string(n) + " rows: " + std::to_string(acc.used) + " located or area-coded, " +
              std::to_string(acc.not_located) + " not located, " + std::to_string(acc.outside) +
              " outside the study period, " + std::to_string(acc.rejected) + " rejected");
    return acc;
}

// Runs `read` (the source's rows into the reader): the reader's own lines name the stage
// already; the source's (cannot open, cannot connect) get it here.
template <class Read> void read_source(StageContext& ctx, Read&& read)
{
    try {
        read();
    } catch (const core::InputError& e) {
        if (std::string(e.what()).rfind(ctx.tag() + ": ", 0) == 0)
            throw;
        ctx.fail_input(e.what());
    }
}

// The threads the run may read on.
unsigned read_threads(const StageContext& ctx)
{
    return std::max(1u, ctx.settings().threads ? ctx.settings().threads : std::thread::hardware_concurrency());
}

// What every read of the register starts with: its options, its file (recorded in the
// manifest) and the artifact whose table the reader fills.
struct ReadStart {
    ReadIncidentsOptions options;
    std::filesystem::path path;
    std::shared_ptr<IncidentsArtifact> artifact = std::make_shared<IncidentsArtifact>();
    explicit ReadStart(StageContext& ctx)
        : options(parse_read_incidents_options(ctx.options(), ctx.tag())), path(ctx.path_option("path"))
    {
        ctx.manifest().record_input(ctx.tag(), path);
        // Shown in messages, the accounting and every rejects row: never with a password.
        artifact->table.source = core::redact_source(path.string());
    }
};

}  // namespace

std::shared_ptr<const Artifact> ReadIncidentsStage::run(StageContext& ctx) const
{
    const ReadStart start(ctx);
    // Plain references: lambdas below capture them (clang 14 cannot capture structured bindings).
    const auto& options = start.options;
    const auto& path = start.path;
    const auto& artifact = start.artifact;
    IncidentReader reader(ctx, options, path, artifact->table);
    std::string layer;
    read_source(ctx, [&] {
        // A CSV is parsed and decoded on every thread the run may use (one part each).
        io::for_each_record_in_parts(
            path.string(), options.records, read_threads(ctx),
            [&](const io::Records& header, const std::vector<std::size_t>& rows_hint) {
                layer = header.layer;
                reader.on_header(header, rows_hint);
            },
            [&](std::size_t part, const io::RecordRow& row) { reader.on_row(part, row); });
        reader.merge_parts();
    });
    record_database_provenance(ctx, path.string(), layer);
    reader.transform();
    artifact->accounting = reader.report();
    return artifact;
}

std::shared_ptr<IncidentsArtifact> read_incidents_in_chunks(
    StageContext& ctx, std::size_t chunk_bytes, const std::function<void(const core::IncidentTable& chunk)>& use)
{
    const ReadStart start(ctx);
    // Plain references: lambdas below capture them (clang 14 cannot capture structured bindings).
    const auto& options = start.options;
    const auto& path = start.path;
    const auto& artifact = start.artifact;
    IncidentReader reader(ctx, options, path, artifact->table);
    // The duplicates' list is sized once for the most records the file can hold (a row takes
    // at least this many bytes); pages that are never written are never in memory.
    constexpr std::size_t min_row_bytes = 24;
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    reader.read_in_chunks(ec ? 0 : static_cast<std::size_t>(bytes / min_row_bytes));
    read_source(ctx, [&] {
        io::for_each_record_in_chunks(
            path.string(), options.records, read_threads(ctx), chunk_bytes,
            [&](const io::Records& header) { reader.on_header(header, {}); },
            [&](const std::vector<std::size_t>& rows_hint) { reader.begin_parts(rows_hint); },
            [&](std::size_t part, const io::RecordRow& row) { reader.on_row(part, row); },
            [&] {
                reader.merge_parts();
                reader.transform();
                use(reader.take_records());
            });
    });
    artifact->accounting = reader.report();
    return artifact;
}

}  // namespace trygg::pipeline
