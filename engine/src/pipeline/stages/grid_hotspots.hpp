// SPDX-License-Identifier: MIT
#pragma once
// grid_hotspots: Getis–Ord Gi* hot and cold cells on an SCB-aligned square or hexagon grid.
#include <trygg/pipeline/stage.hpp>
#include <trygg/spatial/grid.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

struct GridHotspotsStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

// kind "grid_hotspots". Publishes the polygon layer (default `hotspots_grid`): one row per
// in-cell × crime group × period with cell id, count (suppressed below the threshold), z, p, bin.
struct GridHotspotsArtifact : Artifact {
    struct Surface {
        std::string group, period;
        std::vector<double> counts;  // lattice-sized, true counts
        std::vector<char> withheld;  // lattice-sized: count not published (primary or secondary)
        bool z_withheld = false;     // z and p not published: they would reveal withheld counts
        std::vector<double> z, p;
        std::vector<std::int8_t> bin;
        std::vector<std::int32_t> neighbours;
        double cutoff_90 = 0, cutoff_95 = 0, cutoff_99 = 0;
    };
    std::string tag, layer, crs;
    spatial::Grid grid;
    double distance = 0;
    std::string distance_rule;
    bool fdr = true;
    int suppress_below = 5;  // 0 in internal runs
    std::vector<Surface> surfaces;
    std::size_t surfaces_z_withheld = 0;

    std::string kind() const override { return "grid_hotspots"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

}  // namespace trygg::pipeline
