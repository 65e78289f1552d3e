// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/core/versions.hpp>
#include <trygg/io/geopackage_writer.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/pipeline/period_table.hpp>
#include <trygg/pipeline/publication.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

namespace trygg::pipeline {

Publication::Publication(std::string writer, std::function<std::string(const DistrictsArtifact&)> district_table_name)
    : writer_(std::move(writer)), district_table_name_(std::move(district_table_name))
{
}

void Publication::fail(const std::string& message) const { throw core::PipelineError(writer_ + ": " + message); }

PublishedTable* Publication::find(const std::string& name)
{
    for (auto& t : tables_)
        if (t.table.name() == name)
            return &t;
    return nullptr;
}

const PublishedTable* Publication::find_districts(const DistrictsArtifact& districts) const
{
    for (const auto& t : tables_)
        if (t.districts == &districts)
            return &t;
    return nullptr;
}

PublishedTable& Publication::new_table(const std::string& name, io::GeometryKind geometry, const std::string& tag)
{
    if (const auto* t = find(name))
        fail("table '" + name + "' is claimed by both '" + (t->owner.empty() ? t->claims.front() : t->owner) +
             "' and '" + tag + "'");
    tables_.push_back({io::FeatureTable(name, geometry), Audience::published, tag, {}, nullptr, false});
    return tables_.back();
}

void Publication::add_column(PublishedTable& t, io::Column column, const std::string& tag)
{
    const auto& columns = t.table.columns();
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == column.name)
            fail("column '" + column.name + "' of table '" + t.table.name() + "' is claimed by both '" + t.claims[i] +
                 "' and '" + tag + "'");
    t.table.add_column(std::move(column));
    t.claims.push_back(tag);
}

PublishedTable& Publication::district_table(const DistrictsArtifact& districts, const std::string& tag)
{
    for (auto& t : tables_)
        if (t.districts == &districts)
            return t;
    const auto name = district_table_name_(districts);
    const auto& layer = districts.layer;
    auto& t = new_table(name, io::GeometryKind::multipolygon, tag);
    t.districts = &districts;
    t.table.crs = layer.crs;
    t.table.description = "Districts with the latest period's key figures (source: " + layer.source + ")";
    t.table.style_qml = districts.style_qml();
    t.table.polygons = layer.polygons;
    using Text = std::vector<std::optional<std::string>>;
    add_column(t, {"kod", Text(layer.codes.begin(), layer.codes.end())}, tag);
    add_column(t, {"namn", Text(layer.names.begin(), layer.names.end())}, tag);
    add_column(t, {"area_km2", layer.area_km2}, tag);
    return t;
}

void Contribution::district_layer(const DistrictsArtifact& districts) { publication_.district_table(districts, tag_); }

void Contribution::district_columns(const DistrictsArtifact& districts, std::vector<io::Column> columns)
{
    auto& t = publication_.district_table(districts, tag_);
    for (auto& c : columns) {
        if (c.size() != districts.layer.size())
            publication_.fail("'" + tag_ + "' gives " + std::to_string(c.size()) + " values of '" + c.name +
                              "' for the " + std::to_string(districts.layer.size()) + " districts of '" +
                              t.table.name() + "'");
        publication_.add_column(t, std::move(c), tag_);
    }
}

void Contribution::district_style(const DistrictsArtifact& districts, std::string name, std::string qml)
{
    publication_.district_table(districts, tag_).table.extra_styles.emplace_back(std::move(name), std::move(qml));
}

io::FeatureTable& Contribution::table(const std::string& name, io::GeometryKind geometry, Audience audience)
{
    auto& t = publication_.new_table(name, geometry, tag_);
    t.audience = audience;
    return t.table;
}

io::FeatureTable& Contribution::area_table(const std::string& name, const core::AreaTable& table,
                                           std::string description)
{
    auto& t = this->table(name);
    t.description = std::move(description);
    std::vector<std::optional<std::string>> codes;
    for (const auto& row : table.rows)
        codes.emplace_back(row[0]);
    t.add_text("kod", std::move(codes));
    for (std::size_t c = 1; c < table.columns.size(); ++c) {
        std::vector<double> v;
        for (const auto& row : table.rows)
            v.push_back(core::parse_number(row[c]).value_or(std::numeric_limits<double>::quiet_NaN()));
        t.add_real(table.columns[c], std::move(v));
    }
    return t;
}

namespace {
// A column of `rows` nulls of the same type as `like`.
io::Column null_column(const io::Column& like, const std::string& name, std::size_t rows)
{
    return std::visit(
        [&](const auto& v) -> io::Column {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::vector<double>>)
                return {name, std::vector<double>(rows, std::nan(""))};
            else
                return {name, V(rows)};
        },
        like.values);
}

void append_values(io::Column& to, const io::Column& from)
{
    std::visit(
        [&](auto& dst) {
            const auto& src = std::get<std::decay_t<decltype(dst)>>(from.values);
            dst.insert(dst.end(), src.begin(), src.end());
        },
        to.values);
}
}  // namespace

void Contribution::append_rows(const std::string& name, const io::FeatureTable& rows, const std::string& description)
{
    auto* t = publication_.find(name);
    if (!t) {
        t = &publication_.new_table(name, rows.geometry_kind(), tag_);
        t->owner.clear();
        t->shared_rows = true;
        t->table.description = description;
    } else if (!t->shared_rows) {
        publication_.fail("table '" + name + "' is claimed by both '" + t->owner + "' and '" + tag_ + "'");
    }
    const std::size_t before = t->table.columns().empty() ? 0 : t->table.row_count();
    const std::size_t added = rows.columns().empty() ? 0 : rows.row_count();
    for (const auto& c : rows.columns()) {
        auto* existing = t->table.find_mutable(c.name);
        if (!existing) {
            t->table.add_column(null_column(c, c.name, before));
            t->claims.push_back(tag_);
            existing = t->table.find_mutable(c.name);
        } else if (existing->values.index() != c.values.index()) {
            publication_.fail("column '" + c.name + "' of table '" + name + "' has another type in '" + tag_ + "'");
        }
        append_values(*existing, c);
    }
    for (const auto& c : t->table.columns())
        if (!rows.find(c.name))
            append_values(*t->table.find_mutable(c.name), null_column(c, c.name, added));
    auto& geometry = t->table;
    geometry.polygons.insert(geometry.polygons.end(), rows.polygons.begin(), rows.polygons.end());
    geometry.points.insert(geometry.points.end(), rows.points.begin(), rows.points.end());
}

std::shared_ptr<const JointPixelMask> Contribution::raster(PublishedRaster raster)
{
    raster.owner = tag_;
    auto joint = std::make_shared<JointPixelMask>();
    raster.joint = joint;
    io::GeoRaster meta = raster.raster;
    const auto* values = raster.values;
    publication_.side_files_.push_back({raster.file,
                                        [meta, values, joint](const std::filesystem::path& p,
                                                              const std::function<void()>& checkpoint) {
                                            io::GeoRaster out = meta;  // pixels copied one raster at a time
                                            out.values = *values;
                                            apply_joint_mask(out.values, *joint, meta.nodata);
                                            io::write_geotiff(p, out, checkpoint);
                                        },
                                        raster.description});
    publication_.rasters_.push_back(std::move(raster));
    return joint;
}

void apply_joint_mask(std::vector<float>& values, const JointPixelMask& joint, double nodata)
{
    for (std::size_t i = 0; i < joint.withheld.size() && i < values.size(); ++i)
        if (joint.withheld[i])
            values[i] = static_cast<float>(nodata);
}

void Publication::withhold_rasters_jointly()
{
    auto same_grid = [](const io::GeoRaster& a, const io::GeoRaster& b) {
        return a.origin_x == b.origin_x && a.origin_y == b.origin_y && a.pixel == b.pixel && a.cols == b.cols &&
               a.rows == b.rows && a.crs == b.crs;
    };
    std::vector<char> done(rasters_.size(), 0);
    for (std::size_t i = 0; i < rasters_.size(); ++i) {
        if (done[i] || !rasters_[i].withheld)
            continue;
        std::vector<std::size_t> grid;
        for (std::size_t j = i; j < rasters_.size(); ++j)
            if (!done[j] && rasters_[j].withheld && same_grid(rasters_[i].raster, rasters_[j].raster)) {
                grid.push_back(j);
                done[j] = 1;
            }
        std::vector<char> all(rasters_[i].withheld->size(), 0);
        for (std::size_t j : grid)
            for (std::size_t k = 0; k < all.size() && k < rasters_[j].withheld->size(); ++k)
                all[k] = all[k] || (*rasters_[j].withheld)[k];
        for (std::size_t j : grid) {
            auto& r = rasters_[j];
            if (*r.withheld == all)
                continue;
            auto joint = std::const_pointer_cast<JointPixelMask>(r.joint);
            joint->withheld = all;
            if (r.on_joint_mask)
                r.on_joint_mask(*this, all);
        }
    }
}

void Contribution::side_file(io::SideFile file) { publication_.side_files_.push_back(std::move(file)); }

nlohmann::json& Contribution::manifest_section(const std::string& key)
{
    auto& s = publication_.sections_[key];
    if (s.is_null())
        s = nlohmann::json::object();
    return s;
}

int Contribution::suppress_below() const { return publication_.suppress_below(); }

std::string Publication::internal_file_name(const std::filesystem::path& gpkg)
{
    return gpkg.stem().string() + ".internal.gpkg";
}

void Publication::assemble_manifest(Manifest& manifest, const std::filesystem::path& gpkg)
{
    const auto dir = gpkg.parent_path();
    note_coverage_in_descriptions(*this);  // every table says the time its data cover
    manifest.record_output(gpkg, "GeoPackage");
    for (const auto& side : side_files_)
        manifest.record_output(dir / side.final_name, side.description);
    // The internal file: record-level tables and the run's log in full. Written when there is
    // something the publication leaves out (a record-level table, a message said without its data).
    if (separate_) {
        const auto log = manifest.log();
        bool needed = std::any_of(tables_.begin(), tables_.end(),
                                  [](const PublishedTable& t) { return t.audience == Audience::record_level; });
        needed = needed || manifest.has_unpublished_detail();
        if (needed) {
            auto& t = new_table("internal_log", io::GeometryKind::none, writer_);
            t.audience = Audience::record_level;
            t.table.description = "Every message of the run in full (rows, ids, values): internal, never publish";
            std::vector<std::optional<std::string>> stage, level, text;
            for (const auto& e : log) {
                stage.emplace_back(e.stage);
                level.emplace_back(e.level);
                text.emplace_back(e.text);
            }
            add_column(t, {"steg", std::move(stage)}, writer_);
            add_column(t, {"niva", std::move(level)}, writer_);
            add_column(t, {"meddelande", std::move(text)}, writer_);
            manifest.record_output(dir / internal_file_name(gpkg),
                                   "internal file: record-level data (rejects, full log); never publish");
        }
    }
    const std::string manifest_name = gpkg.stem().string() + ".manifest.json";
    manifest.record_output(dir / manifest_name, "run manifest");
    const auto v = core::versions();
    manifest.set("versions", {{"trygg", v.trygg}, {"gdal", v.gdal}, {"proj", v.proj}, {"geos", v.geos}});
    for (const auto& [key, value] : sections_.items())
        manifest.set(key, value);
    const auto json = manifest.to_json();

    auto& t = new_table("run_manifest", io::GeometryKind::none, writer_);
    t.table.description = "How this GeoPackage was made: inputs, options, versions and row accounting";
    std::vector<std::optional<std::string>> keys, values;
    for (const auto& [key, value] : json.items()) {
        keys.emplace_back(key);
        values.emplace_back(value.dump());
    }
    add_column(t, {"key", std::move(keys)}, writer_);
    add_column(t, {"value", std::move(values)}, writer_);
    const std::string text = json.dump(2) + "\n";
    side_files_.push_back({manifest_name,
                           [text](const std::filesystem::path& p, const std::function<void()>&) {
                               std::ofstream out(p, std::ios::binary);
                               out << text;
                               if (!out.flush())
                                   throw core::OutputError(p.string() + ": cannot write (disk full?)");
                           },
                           "run manifest"});
}

std::vector<std::filesystem::path> Publication::write_geopackage(const std::filesystem::path& gpkg,
                                                                 const std::function<void()>& checkpoint) const
{
    std::vector<const io::FeatureTable*> tables, internal;
    for (const auto& t : tables_)
        (separate_ && t.audience == Audience::record_level ? internal : tables).push_back(&t.table);
    if (internal.empty())
        return io::write_geopackage(tables, side_files_, gpkg, checkpoint);
    // The internal GeoPackage is a side file of the published one: written to a temporary and
    // renamed with everything else, so a failed run leaves neither half-written.
    auto side_files = side_files_;
    side_files.push_back({internal_file_name(gpkg),
                          [internal](const std::filesystem::path& p, const std::function<void()>& check) {
                              io::write_geopackage_file(internal, p, check);
                          },
                          "internal file"});
    return io::write_geopackage(tables, side_files, gpkg, checkpoint);
}

}  // namespace trygg::pipeline
