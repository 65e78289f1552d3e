// SPDX-License-Identifier: MIT
#pragma once
// kde: kernel density rasters (GeoTIFF beside the GeoPackage) per crime group and period.
#include <trygg/pipeline/stage.hpp>
#include <trygg/stats/kernel_density.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

struct KdeStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

// kind "kde". Publishes one GeoTIFF per surface, its rows of the `kde_rasters` table (shared
// by every kde stage) and its entry in the manifest's "kde" section (extent, options, files).
struct KdeArtifact : Artifact {
    struct Surface {
        std::string group, period, file;
        std::size_t points = 0;
        double max_value = 0;
        std::size_t withheld_pixels = 0;  // pixels of the stage's shared withheld mask (publish)
        std::vector<float> values;  // nodata outside the study area when masked, and where withheld
    };
    std::string tag;
    std::string crs;
    stats::RasterGeometry raster;
    stats::KdeOptions options;
    std::string radius_rule;  // "given" or "automatic"
    std::string extent_rule;
    float nodata = -9999.0f;
    int suppress_below = 0;  // 0: nothing withheld (privacy internal)
    // Pixels withheld in every surface (raster-sized; empty when nothing can be withheld).
    std::vector<char> withheld_mask;
    std::vector<Surface> surfaces;

    std::string kind() const override { return "kde"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

}  // namespace trygg::pipeline
