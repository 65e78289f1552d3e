#pragma once
// Everything one run writes: GeoPackage layers and tables, files beside it (rasters, CSV),
// and the run manifest. Assembled by write.gpkg from the artifacts, then written atomically.
#include <trygg/io/feature_table.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <deque>
#include <string>
#include <vector>

namespace trygg::io {

class GeoPackageContent {
public:
    // Get or create a layer/table by name, keeping first-creation order.
    FeatureTable& table(const std::string& name, GeometryKind geometry = GeometryKind::none);
    FeatureTable* find(const std::string& name);
    const std::deque<FeatureTable>& tables() const { return tables_; }

    // Files written beside the GeoPackage (e.g. GeoTIFF rasters). The writer callback is called
    // with a temporary path; the file is renamed to `final_name` (relative to the GeoPackage's
    // folder) only when the whole run succeeded.
    struct SideFile {
        std::string final_name;
        std::function<void(const std::filesystem::path& temp_path)> write;
        std::string description;
    };
    void add_side_file(SideFile file) { side_files_.push_back(std::move(file)); }
    const std::vector<SideFile>& side_files() const { return side_files_; }

    // The analysis districts (those incidents were assigned to) are written as the layer
    // "delomraden"; any other district layer as "omraden_<its layer name>". Set by write.gpkg.
    const void* primary_districts = nullptr;

    // Free-form sections added to the run manifest (e.g. {"kde": {...extent, options...}}).
    nlohmann::json manifest_extra = nlohmann::json::object();

private:
    std::deque<FeatureTable> tables_;  // deque: references stay valid
    std::vector<SideFile> side_files_;
};

}  // namespace trygg::io
