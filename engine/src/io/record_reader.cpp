// SPDX-License-Identifier: MIT
#include "gdal_util.hpp"
#include "pg_copy_rows.hpp"

#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/error_detail.hpp>
#include <trygg/io/database_source.hpp>
#include <trygg/io/csv_reader.hpp>
#include <trygg/io/csv_split.hpp>
#include <trygg/io/mapped_text.hpp>
#include <trygg/io/record_reader.hpp>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <future>
#include <mutex>
#include <numeric>
#include <thread>

namespace trygg::io {

namespace detail {

void ensure_gdal_registered()
{
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);  // errors are turned into our one-line messages
    });
}

std::string last_gdal_error(const std::string& fallback)
{
    const char* msg = CPLGetLastErrorMsg();
    return msg && *msg ? std::string(msg) : fallback;
}

std::string one_line(const std::string& message)
{
    std::string out;
    for (char c : message) {
        const char d = c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
        if (!(d == ' ' && (out.empty() || out.back() == ' ')))
            out += d;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return core::redact_source(out);
}

}  // namespace detail

int Records::field_index(const std::string& name) const
{
    int found = -1;
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i] == name) {
            // A header naming one field twice ("x,x") would silently use the first column.
            if (found >= 0)
                throw core::InputError("'" + source + "': field '" + name + "' appears twice in the header (columns " +
                                       std::to_string(found + 1) + " and " + std::to_string(i + 1) +
                                       "); rename one of them");
            found = static_cast<int>(i);
        }
    return found;
}

std::string Records::field_list() const
{
    std::string out;
    for (const auto& f : fields)
        out += (out.empty() ? "" : ", ") + f;
    return out;
}

bool is_csv_path(const std::string& path)
{
    auto ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}

namespace {

std::string trimmed(std::string_view f)
{
    auto b = f.find_first_not_of(" \t");
    auto e = f.find_last_not_of(" \t");
    return b == std::string_view::npos ? std::string() : std::string(f.substr(b, e - b + 1));
}

std::string width_problem(std::size_t cells, std::size_t fields, char delimiter)
{
    return "has " + std::to_string(cells) + " fields, the header has " + std::to_string(fields) +
           (delimiter == ',' ? "" : std::string(" (delimiter '") + delimiter + "')");
}

// One CSV row as a record of `nf` fields: ragged rows padded with "" or cut, and marked.
void deliver_csv_row(const CsvRowView& row, std::size_t nf, char delimiter, std::vector<std::string_view>& cells,
                     std::string& problem, std::size_t offset, std::size_t total,
                     const std::function<void(const RecordRow&)>& visit)
{
    static const std::optional<core::Point> no_point;
    std::string_view why = row.problem;
    if (why.empty() && row.cells.size() != nf) {
        problem = width_problem(row.cells.size(), nf, delimiter);
        why = problem;
    }
    cells.assign(row.cells.begin(), row.cells.begin() + static_cast<std::ptrdiff_t>(std::min(nf, row.cells.size())));
    cells.resize(nf);
    visit(RecordRow{row.line, cells, why, &no_point, offset + row.end_offset, total});
}

// The CSV path of for_each_record: the header row names the fields, every later row is
// handed over as views (ragged rows padded with "" or cut, and marked as a problem).
// A CSV file's UTF-8 text: mapped in place when it is UTF-8 already (pages released as rows
// are parsed), else read whole and converted.
struct CsvText {
    std::unique_ptr<MappedText> mapped;
    std::string decoded;
    std::string_view text;

    CsvText(const std::string& path, Encoding encoding, unsigned threads = 1)
        : mapped(MappedText::open(path, encoding, threads))
    {
        if (mapped) {
            text = mapped->text();
        } else {
            decoded = read_text_file(path, encoding);
            text = decoded;
        }
    }
    const TextIndex* index() const { return mapped ? &mapped->index() : nullptr; }
    void release(std::size_t begin, std::size_t end) const
    {
        if (mapped)
            mapped->release(begin, end);
    }
};

// Releases a part's text behind its parser every release_window bytes.
struct ReleaseBehind {
    const CsvText& text;
    std::size_t released;
    void after_row(std::size_t row_end)
    {
        if (row_end - released >= release_window) {
            text.release(released, row_end);
            released = row_end;
        }
    }
};

void stream_csv_text(const std::string& path, const CsvText& source, const RecordOptions& options,
                     const std::function<void(const Records&)>& header,
                     const std::function<void(const RecordRow&)>& visit)
{
    const std::string_view text = source.text;
    ReleaseBehind behind{source, 0};
    Records r;
    r.source = path;
    bool have_header = false;
    const char delimiter = options.delimiter ? options.delimiter : detect_csv_delimiter(text);
    std::vector<std::string_view> cells;
    std::string problem;
    for_each_csv_row(text, delimiter, [&](const CsvRowView& row) {
        if (!have_header) {
            have_header = true;
            for (auto f : row.cells)
                r.fields.push_back(trimmed(f));
            header(r);
            return;
        }
        deliver_csv_row(row, r.fields.size(), delimiter, cells, problem, 0, text.size(), visit);
        behind.after_row(row.end_offset);
    });
    if (!have_header)
        header(r);  // an empty file: no fields, no rows
}

void stream_csv_records(const std::string& path, const RecordOptions& options,
                        const std::function<void(const Records&)>& header,
                        const std::function<void(const RecordRow&)>& visit)
{
    const CsvText text(path, options.encoding);
    stream_csv_text(path, text, options, header, visit);
}

// Thrown inside a worker's parse when another part failed: stops it early.
struct PartStopped {};

Records read_csv_records(const std::string& path, const RecordOptions& options)
{
    auto doc = read_csv_file(path, CsvOptions{options.delimiter, options.encoding});
    Records r;
    r.source = path;
    if (doc.rows.empty())
        return r;
    r.fields = doc.rows.front().cells;
    for (auto& f : r.fields)
        f = trimmed(f);
    for (std::size_t i = 1; i < doc.rows.size(); ++i) {
        auto& row = doc.rows[i];
        std::string problem = row.problem;
        if (problem.empty() && row.cells.size() != r.fields.size())
            problem = width_problem(row.cells.size(), r.fields.size(), doc.delimiter);
        row.cells.resize(r.fields.size());
        r.rows.push_back(std::move(row.cells));
        r.row_numbers.push_back(row.line);
        r.problems.push_back(std::move(problem));
    }
    return r;
}

void append_polygon(const OGRPolygon& poly, core::MultiPolygon& out)
{
    core::Polygon p;
    auto ring_of = [](const OGRLinearRing* ring) {
        core::Ring r;
        if (!ring)
            return r;
        r.reserve(static_cast<std::size_t>(ring->getNumPoints()));
        for (int i = 0; i < ring->getNumPoints(); ++i)
            r.push_back({ring->getX(i), ring->getY(i)});
        if (!r.empty() && (r.front().x != r.back().x || r.front().y != r.back().y))
            r.push_back(r.front());
        return r;
    };
    p.outer = ring_of(poly.getExteriorRing());
    for (int i = 0; i < poly.getNumInteriorRings(); ++i)
        p.holes.push_back(ring_of(poly.getInteriorRing(i)));
    if (!p.outer.empty())
        out.push_back(std::move(p));
}

void to_multipolygon(const OGRGeometry* g, core::MultiPolygon& out)
{
    if (!g || g->IsEmpty())
        return;
    auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon) {
        append_polygon(*g->toPolygon(), out);
    } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
        for (const auto* part : *g->toGeometryCollection())
            to_multipolygon(part, out);
    } else if (type == wkbCurvePolygon || type == wkbMultiSurface) {
        std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
        to_multipolygon(linear.get(), out);
    }
}

Records read_gdal_records(const std::string& path, const RecordOptions& options)
{
    detail::ensure_gdal_registered();
    CPLErrorReset();
    // Spreadsheets: the first row is always the header (a register is mapped by column names),
    // and cells are read as text so codes such as 0375 keep their leading zero.
    for (const char* driver : {"OGR_XLSX", "OGR_ODS"}) {
        CPLSetThreadLocalConfigOption((std::string(driver) + "_HEADERS").c_str(), "FORCE");
        CPLSetThreadLocalConfigOption((std::string(driver) + "_FIELD_TYPES").c_str(), "STRING");
    }
    // A database: connect once first so a refused connection is one clear line, and list every
    // table (GDAL's PG driver lists only spatial ones by default) so "no layer" names them all.
    const bool database = core::is_connection_string(path);
    if (database)
        check_database_connection(path);
    const std::string shown = database ? core::redact_source(path) : path;
    const char* pg_options[] = {"LIST_ALL_TABLES=YES", nullptr};
    detail::DatasetPtr ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                     database ? pg_options : nullptr, nullptr));
    if (!ds)
        throw core::with_detail(core::InputError(shown + ": cannot open as a vector source (" +
                                                 detail::one_line(detail::last_gdal_error("unknown format")) + ")"),
                                {"file_unreadable", {{"file", shown}}});
    auto* dataset = static_cast<GDALDataset*>(ds.get());
    OGRLayer* layer = nullptr;
    if (options.layer.empty()) {
        if (dataset->GetLayerCount() == 0)
            throw core::InputError(shown + ": has no layers");
        // A database holds many tables: the first is no sensible default.
        if (database && dataset->GetLayerCount() > 1) {
            std::string names;
            for (int i = 0; i < dataset->GetLayerCount(); ++i)
                names += (i ? ", " : "") + std::string(dataset->GetLayer(i)->GetName());
            throw core::InputError(shown + ": name the table in \"layer\" (tables: " + names + ")");
        }
        layer = dataset->GetLayer(0);
    } else {
        layer = dataset->GetLayerByName(options.layer.c_str());
        if (!layer) {
            std::string names;
            for (int i = 0; i < dataset->GetLayerCount(); ++i)
                names += (i ? ", " : "") + std::string(dataset->GetLayer(i)->GetName());
            throw core::InputError(shown + ": no layer '" + options.layer + "' (layers: " + names + ")");
        }
    }
    Records r;
    r.source = shown;
    r.layer = layer->GetName();
    r.row_word = database ? "row" : "feature";
    const auto* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        r.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    if (const auto* srs = layer->GetSpatialRef()) {
        char* wkt = nullptr;
        const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
        if (srs->exportToWkt(&wkt, opts) == OGRERR_NONE && wkt)
            r.crs = wkt;
        CPLFree(wkt);
    }
    auto gtype = wkbFlatten(layer->GetGeomType());
    if (options.read_geometry) {
        if (gtype == wkbPoint || gtype == wkbMultiPoint)
            r.geometry = RecordGeometry::point;
        else if (gtype == wkbPolygon || gtype == wkbMultiPolygon || gtype == wkbCurvePolygon || gtype == wkbMultiSurface)
            r.geometry = RecordGeometry::polygon;
        else if (gtype == wkbUnknown && defn->GetGeomFieldCount() > 0)
            r.geometry = RecordGeometry::polygon;  // decided per feature below
    }
    // A PostGIS table with an integer key: its rows by COPY, the fields as the server's text
    // (pg_copy_rows.hpp); the feature loop below fetched the same rows several times slower.
    const char* fid_column = layer->GetFIDColumn();
    if (database && fid_column && *fid_column &&
        (r.geometry == RecordGeometry::none || r.geometry == RecordGeometry::point)) {
        const bool point = r.geometry == RecordGeometry::point;
        detail::copy_table_rows(path,
                                {r.layer, fid_column, r.fields, point ? layer->GetGeometryColumn() : "",
                                 gtype == wkbMultiPoint},
                                [&](std::uint64_t fid, std::vector<std::string>& cells,
                                    const std::optional<core::Point>& pt) {
                                    r.rows.push_back(std::move(cells));
                                    r.row_numbers.push_back(fid);
                                    r.problems.emplace_back();
                                    if (point)
                                        r.points.push_back(pt);
                                });
        return r;
    }
    layer->ResetReading();
    bool any_point = false, any_polygon = false;
    for (auto& feature : *layer) {
        std::vector<std::string> row(r.fields.size());
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            if (feature->IsFieldSetAndNotNull(i))
                row[static_cast<std::size_t>(i)] = feature->GetFieldAsString(i);
        r.rows.push_back(std::move(row));
        r.row_numbers.push_back(static_cast<std::uint64_t>(feature->GetFID()));
        r.problems.emplace_back();
        if (r.geometry == RecordGeometry::none)
            continue;
        const OGRGeometry* g = feature->GetGeometryRef();
        std::optional<core::Point> pt;
        core::MultiPolygon mp;
        if (g && !g->IsEmpty()) {
            auto t = wkbFlatten(g->getGeometryType());
            if (t == wkbPoint) {
                pt = core::Point{g->toPoint()->getX(), g->toPoint()->getY()};
                any_point = true;
            } else if (t == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
                const auto* p = g->toMultiPoint()->getGeometryRef(0);
                pt = core::Point{p->getX(), p->getY()};
                any_point = true;
            } else {
                to_multipolygon(g, mp);
                any_polygon = any_polygon || !mp.empty();
            }
        }
        r.points.push_back(pt);
        r.polygons.push_back(std::move(mp));
    }
    if (r.geometry != RecordGeometry::none) {
        if (any_point && !any_polygon)
            r.geometry = RecordGeometry::point;
        else if (any_polygon)
            r.geometry = RecordGeometry::polygon;
        if (r.geometry == RecordGeometry::point)
            r.polygons.clear();
        else
            r.points.clear();
    }
    return r;
}

}  // namespace

namespace {
void require_source(const std::string& path)
{
    if (core::is_connection_string(path))
        return;  // a database: GDAL's PG driver opens it, the connection is checked there
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw core::InputError(path + ": file not found");
    if (std::filesystem::is_directory(path, ec) && is_csv_path(path))
        throw core::InputError(path + ": is a directory");
}
}  // namespace

Records read_records(const std::string& path, const RecordOptions& options)
{
    require_source(path);
    if (is_csv_path(path))
        return read_csv_records(path, options);
    return read_gdal_records(path, options);
}

void for_each_record(const std::string& path, const RecordOptions& options,
                     const std::function<void(const Records&)>& header,
                     const std::function<void(const RecordRow&)>& visit)
{
    require_source(path);
    if (is_csv_path(path))
        return stream_csv_records(path, options, header, visit);
    const auto records = read_gdal_records(path, options);
    header(records);
    static const std::optional<core::Point> no_point;
    std::vector<std::string_view> cells;
    const std::size_t n = records.rows.size();
    for (std::size_t r = 0; r < n; ++r) {
        cells.assign(records.rows[r].begin(), records.rows[r].end());
        const auto* point = records.geometry == RecordGeometry::point ? &records.points[r] : &no_point;
        visit(RecordRow{records.row_numbers[r], cells, records.problems[r], point, r + 1, n});
    }
}

void for_each_record_in_parts(const std::string& path, const RecordOptions& options, std::size_t parts,
                              const std::function<void(const Records&, const std::vector<std::size_t>&)>& header,
                              const std::function<void(std::size_t, const RecordRow&)>& visit)
{
    require_source(path);
    if (!is_csv_path(path)) {
        const auto records = read_gdal_records(path, options);
        header(records, {records.rows.size()});
        static const std::optional<core::Point> no_point;
        std::vector<std::string_view> cells;
        const std::size_t n = records.rows.size();
        for (std::size_t r = 0; r < n; ++r) {
            cells.assign(records.rows[r].begin(), records.rows[r].end());
            const auto* point = records.geometry == RecordGeometry::point ? &records.points[r] : &no_point;
            visit(0, RecordRow{records.row_numbers[r], cells, records.problems[r], point, r + 1, n});
        }
        return;
    }
    const CsvText source(path, options.encoding, static_cast<unsigned>(std::max<std::size_t>(parts, 1)));
    const std::string_view text = source.text;
    const char delimiter = options.delimiter ? options.delimiter : detect_csv_delimiter(text);
    const auto split = split_csv_rows(text, delimiter, std::max<std::size_t>(parts, 1), std::size_t{1} << 20,
                                      source.index());
    // Line breaks per part: about its rows (more with embedded line breaks), to size columns once.
    std::vector<std::size_t> rows_hint;
    for (const auto& part : split)
        rows_hint.push_back(
            static_cast<std::size_t>(source.index()
                                         ? source.index()->newlines_in(text, part.begin, part.end)
                                         : std::count(text.data() + part.begin, text.data() + part.end, '\n')) +
            1);
    source.release(0, text.size());  // what splitting read (a quoted text is walked to each boundary)
    if (split.size() == 1)
        return stream_csv_text(
            path, source, options, [&](const Records& r) { header(r, rows_hint); },
            [&](const RecordRow& row) { visit(0, row); });

    // Part 0 (with the header row) on this thread; the others wait for the header, then run.
    Records r;
    r.source = path;
    std::promise<bool> header_promise;
    auto header_ready = header_promise.get_future().share();
    bool header_signalled = false;
    auto signal_header = [&](bool ok) {
        if (!header_signalled) {
            header_signalled = true;
            header_promise.set_value(ok);
        }
    };
    std::atomic<bool> stop{false};
    std::vector<std::exception_ptr> errors(split.size());
    std::vector<std::thread> workers;
    for (std::size_t k = 1; k < split.size(); ++k)
        workers.emplace_back([&, k, ready = header_ready] {
            try {
                if (!ready.get())
                    return;
                const auto& part = split[k];
                std::vector<std::string_view> cells;
                std::string problem;
                const auto nf = r.fields.size();
                ReleaseBehind behind{source, part.begin};
                for_each_csv_row(text.substr(part.begin, part.end - part.begin), delimiter,
                                 part.first_line, [&](const CsvRowView& row) {
                                     if (stop.load(std::memory_order_relaxed))
                                         throw PartStopped{};
                                     deliver_csv_row(row, nf, delimiter, cells, problem, part.begin, text.size(),
                                                     [&](const RecordRow& rec) { visit(k, rec); });
                                     behind.after_row(part.begin + row.end_offset);
                                 });
            } catch (const PartStopped&) {
            } catch (...) {
                errors[k] = std::current_exception();
                stop = true;
            }
        });
    bool have_header = false;
    try {
        std::vector<std::string_view> cells;
        std::string problem;
        const auto& part = split.front();
        ReleaseBehind behind{source, 0};
        for_each_csv_row(text.substr(0, part.end), delimiter, 1, [&](const CsvRowView& row) {
            if (stop.load(std::memory_order_relaxed))
                throw PartStopped{};
            if (!have_header) {
                have_header = true;
                for (auto f : row.cells)
                    r.fields.push_back(trimmed(f));
                header(r, rows_hint);
                signal_header(true);
                return;
            }
            // Progress over part 0 only: the parts are of about equal size and run together.
            deliver_csv_row(row, r.fields.size(), delimiter, cells, problem, 0, part.end, [&](const RecordRow& rec) {
                visit(0, rec);
            });
            behind.after_row(row.end_offset);
        });
    } catch (const PartStopped&) {
    } catch (...) {
        errors[0] = std::current_exception();
        stop = true;
    }
    signal_header(false);
    for (auto& w : workers)
        w.join();
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
    if (!have_header)  // part 0 held blank lines only: no row was handed over, read it in one part
        return stream_csv_text(
            path, source, options,
            [&](const Records& rec) { header(rec, {std::accumulate(rows_hint.begin(), rows_hint.end(), std::size_t{0})}); },
            [&](const RecordRow& row) { visit(0, row); });
}

void for_each_record_in_chunks(const std::string& path, const RecordOptions& options, std::size_t parts,
                               std::size_t chunk_bytes, const std::function<void(const Records&)>& header,
                               const std::function<void(const std::vector<std::size_t>&)>& begin,
                               const std::function<void(std::size_t, const RecordRow&)>& visit,
                               const std::function<void()>& end)
{
    require_source(path);
    if (!is_csv_path(path))
        throw core::InputError(path + ": not a CSV file (only a CSV is read in chunks)");
    parts = std::max<std::size_t>(parts, 1);
    const CsvText source(path, options.encoding, static_cast<unsigned>(parts));
    const std::string_view text = source.text;
    const char delimiter = options.delimiter ? options.delimiter : detect_csv_delimiter(text);
    // The header row first, on its own: every part of every chunk is then rows only.
    struct HeaderRead {};
    Records r;
    r.source = path;
    std::size_t body = text.size();
    try {
        for_each_csv_row(text, delimiter, [&](const CsvRowView& row) {
            for (auto f : row.cells)
                r.fields.push_back(trimmed(f));
            body = row.end_offset;
            throw HeaderRead{};
        });
    } catch (const HeaderRead&) {
    }
    header(r);
    // Split with the whole text's line index; the first part then starts after the header.
    const std::size_t part_bytes = std::max<std::size_t>(chunk_bytes / parts, 1);
    const std::size_t wanted = std::max<std::size_t>((text.size() + part_bytes - 1) / part_bytes, 1);
    auto split = split_csv_rows(text, delimiter, wanted, std::min(part_bytes, std::size_t{1} << 20), source.index());
    source.release(0, text.size());  // what splitting read
    const auto newlines = [&](std::size_t from, std::size_t to) {
        return static_cast<std::size_t>(source.index() ? source.index()->newlines_in(text, from, to)
                                                       : std::count(text.data() + from, text.data() + to, '\n'));
    };
    while (split.size() > 1 && split.front().end <= body)
        split.erase(split.begin());
    split.front().begin = std::min(body, split.front().end);
    split.front().first_line = newlines(0, split.front().begin) + 1;
    std::atomic<bool> stop{false};
    for (std::size_t first = 0; first < split.size(); first += parts) {
        const std::size_t count = std::min(parts, split.size() - first);
        std::vector<std::size_t> rows_hint;
        for (std::size_t k = 0; k < count; ++k)
            rows_hint.push_back(newlines(split[first + k].begin, split[first + k].end) + 1);
        begin(rows_hint);
        std::vector<std::exception_ptr> errors(count);
        const auto run_part = [&](std::size_t k) {
            try {
                const auto& part = split[first + k];
                std::vector<std::string_view> cells;
                std::string problem;
                ReleaseBehind behind{source, part.begin};
                for_each_csv_row(text.substr(part.begin, part.end - part.begin), delimiter, part.first_line,
                                 [&](const CsvRowView& row) {
                                     if (stop.load(std::memory_order_relaxed))
                                         throw PartStopped{};
                                     deliver_csv_row(row, r.fields.size(), delimiter, cells, problem, part.begin,
                                                     text.size(), [&](const RecordRow& rec) { visit(k, rec); });
                                     behind.after_row(part.begin + row.end_offset);
                                 });
                source.release(part.begin, part.end);
            } catch (const PartStopped&) {
            } catch (...) {
                errors[k] = std::current_exception();
                stop = true;
            }
        };
        std::vector<std::thread> workers;
        for (std::size_t k = 1; k < count; ++k)
            workers.emplace_back(run_part, k);
        run_part(0);
        for (auto& w : workers)
            w.join();
        for (const auto& e : errors)
            if (e)
                std::rethrow_exception(e);
        end();
    }
}

std::vector<std::string> layer_names(const std::string& path)
{
    detail::ensure_gdal_registered();
    detail::DatasetPtr ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    std::vector<std::string> names;
    if (!ds)
        return names;
    auto* dataset = static_cast<GDALDataset*>(ds.get());
    for (int i = 0; i < dataset->GetLayerCount(); ++i)
        names.emplace_back(dataset->GetLayer(i)->GetName());
    return names;
}

}  // namespace trygg::io
