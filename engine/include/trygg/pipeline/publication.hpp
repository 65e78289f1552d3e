// SPDX-License-Identifier: MIT
#pragma once
// The publication: every table, layer, raster, side file and manifest section one run
// publishes, assembled from a writer's inputs before anything is written (DESIGN.md §3,
// "Writers and the publication"). Each artifact adds what it owns through a Contribution;
// columns computed on a district layer are keyed to that layer (its DistrictsArtifact), and
// the publication joins them onto the layer's table, whose name the writer decides once.
// Two inputs claiming one column or one table is an error naming both. The manifest is
// assembled here; disclosure control over the whole publication belongs here too (every
// published table and raster is reachable through tables() and rasters() before writing).
#include <trygg/core/area_table.hpp>
#include <trygg/io/feature_table.hpp>
#include <trygg/io/geotiff.hpp>
#include <trygg/io/side_file.hpp>

#include <nlohmann/json.hpp>

#include <deque>
#include <memory>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace trygg::pipeline {

struct DistrictsArtifact;
class Manifest;

// Who may read a table. Record-level tables hold rows about single input records (ids, row
// numbers, exact times): the rejects list and internal incident points. In published runs
// they go to `<stem>.internal.gpkg` beside the GeoPackage (never published), with the run's
// full log; internal runs keep them in the one GeoPackage.
enum class Audience { published, record_level };

struct PublishedTable {
    io::FeatureTable table;
    Audience audience = Audience::published;
    std::string owner;                 // tag of the input that created it ("" for shared tables)
    std::vector<std::string> claims;   // per column, same order as table.columns(): the input's tag
    const DistrictsArtifact* districts = nullptr;  // a district layer: the layer it shows
    bool shared_rows = false;          // rows appended by several inputs (global_statistics, kde_rasters)
};

// Pixels withheld over every raster with one georeferencing (Publication::withhold_rasters_jointly);
// empty until then, or when the raster's own mask already covers them.
struct JointPixelMask {
    std::vector<char> withheld;
};

// Sets the pixels `joint` withholds to nodata.
void apply_joint_mask(std::vector<float>& values, const JointPixelMask& joint, double nodata);

class Publication;

// A raster written beside the GeoPackage; its pixels stay in the artifact (which outlives the
// publication) and are read when the file is written.
struct PublishedRaster {
    std::string file;                  // name beside the GeoPackage
    io::GeoRaster raster;              // georeferencing, nodata, metadata; `values` left empty
    const std::vector<float>* values = nullptr;
    std::string description;
    std::string owner;                 // tag of the input
    // The pixels its owner withheld (nodata in `values`), raster-sized; null: nothing can be
    // withheld (internal runs). Rasters on one pixel grid share the union of these masks.
    const std::vector<char>* withheld = nullptr;
    // Set by Contribution::raster: the union mask, read when the file (and anything else the
    // owner derives from the pixels, e.g. a style's range) is written.
    std::shared_ptr<const JointPixelMask> joint;
    // Called when the union withholds pixels the owner did not, so that the owner can correct
    // what it published about them (counts of withheld pixels, maxima).
    std::function<void(Publication&, const std::vector<char>& joint)> on_joint_mask;
};

class Publication;

// What one input adds to the publication; every claim is recorded under the input's tag.
class Contribution {
public:
    Contribution(Publication& publication, std::string tag) : publication_(publication), tag_(std::move(tag)) {}
    const std::string& tag() const { return tag_; }

    // The district layer itself (geometry, kod, namn, area_km2), under the name the writer gives it.
    void district_layer(const DistrictsArtifact& districts);
    // Columns with one value per district of `districts` (the layer's order), joined onto that
    // layer's table; the layer is added first if it is not there yet.
    void district_columns(const DistrictsArtifact& districts, std::vector<io::Column> columns);
    // A further named QGIS style for the layer of `districts` (not its default).
    void district_style(const DistrictsArtifact& districts, std::string name, std::string qml);
    // A table this input owns alone (another claim on the name is an error).
    io::FeatureTable& table(const std::string& name, io::GeometryKind geometry = io::GeometryKind::none,
                            Audience audience = Audience::published);
    // A table keyed by area code that this input owns: `kod` and each further column of
    // `table` as numbers (an empty or non-numeric cell is null).
    io::FeatureTable& area_table(const std::string& name, const core::AreaTable& table, std::string description);
    // Rows of a table several inputs extend (each statistics stage its rows of
    // global_statistics, each kde stage its rasters in kde_rasters). Columns are matched by
    // name; a column an earlier input did not have is filled with nulls for its rows.
    void append_rows(const std::string& name, const io::FeatureTable& rows, const std::string& description);
    // A raster written beside the GeoPackage (the returned mask is filled if rasters on the
    // same pixel grid withhold more: apply it to anything derived from the pixels), and any
    // other file beside it.
    std::shared_ptr<const JointPixelMask> raster(PublishedRaster raster);
    void side_file(io::SideFile file);
    // A section of the run manifest (an object), e.g. manifest_section("kde")[tag] = {...}.
    nlohmann::json& manifest_section(const std::string& key);
    // Counts the input publishes itself (e.g. avvisade) are withheld from 1 to this - 1: the
    // writer sets it from the aggregates among its inputs (default 5, as SCB).
    int suppress_below() const;
    // The whole publication, for disclosure rules across tables of several inputs (issue 19:
    // a knox count and the near-repeat cells inside its reach, pipeline/stages/knox_disclosure).
    Publication& publication() { return publication_; }

private:
    Publication& publication_;
    std::string tag_;
};

class Publication {
public:
    // `writer` prefixes errors ("write.gpkg: ..."); `district_table_name` names each district
    // layer's table (write.gpkg: "delomraden" for the analysis districts).
    Publication(std::string writer, std::function<std::string(const DistrictsArtifact&)> district_table_name);

    Contribution contribution(const std::string& tag) { return Contribution(*this, tag); }

    // Everything, in the order it will be written. Mutable so that disclosure control can
    // withhold values across all of it before it is written.
    std::deque<PublishedTable>& tables() { return tables_; }
    const std::deque<PublishedTable>& tables() const { return tables_; }
    const std::vector<PublishedRaster>& rasters() const { return rasters_; }
    const std::vector<io::SideFile>& side_files() const { return side_files_; }
    const nlohmann::json& manifest_sections() const { return sections_; }

    // Published runs: record-level tables and the full log go to `<stem>.internal.gpkg`
    // beside the GeoPackage, never into it. Off (internal runs): one file, as before.
    void separate_record_level(bool separate) { separate_ = separate; }
    bool separates_record_level() const { return separate_; }
    void set_suppress_below(int threshold) { suppress_below_ = threshold; }
    int suppress_below() const { return suppress_below_; }
    // The internal file's name beside `gpkg`: `<stem>.internal.gpkg`.
    static std::string internal_file_name(const std::filesystem::path& gpkg);

    PublishedTable* find(const std::string& name);

    // Disclosure control across rasters: rasters with identical georeferencing (two kde
    // stages on one grid, every group and alla) could rebuild each other's withheld pixels,
    // so each withholds the union of their masks. Call after every input has contributed.
    void withhold_rasters_jointly();
    const PublishedTable* find_districts(const DistrictsArtifact& districts) const;

    // Completes the manifest (outputs, versions, the inputs' sections) for a GeoPackage at
    // `gpkg`, and adds it as the `run_manifest` table and `<stem>.manifest.json` beside it.
    void assemble_manifest(Manifest& manifest, const std::filesystem::path& gpkg);
    // Writes every table into `gpkg` and the side files beside it, atomically (record-level
    // tables into the internal file instead when separated). Returns the paths written.
    // Throws core::OutputError.
    // `checkpoint` as io::write_geopackage's (the writer's cancel check).
    std::vector<std::filesystem::path> write_geopackage(const std::filesystem::path& gpkg,
                                                        const std::function<void()>& checkpoint = {}) const;

private:
    friend class Contribution;
    PublishedTable& district_table(const DistrictsArtifact& districts, const std::string& tag);
    PublishedTable& new_table(const std::string& name, io::GeometryKind geometry, const std::string& tag);
    void add_column(PublishedTable& table, io::Column column, const std::string& tag);
    [[noreturn]] void fail(const std::string& message) const;

    std::string writer_;
    std::function<std::string(const DistrictsArtifact&)> district_table_name_;
    std::deque<PublishedTable> tables_;  // deque: references stay valid
    std::vector<PublishedRaster> rasters_;
    std::vector<io::SideFile> side_files_;
    nlohmann::json sections_ = nlohmann::json::object();
    bool separate_ = false;
    int suppress_below_ = 5;
};

}  // namespace trygg::pipeline
