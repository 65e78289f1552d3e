// SPDX-License-Identifier: MIT
#pragma once
// write.postgis (issue 20): the publication a write.gpkg stage wrote, copied into one schema
// of a PostgreSQL/PostGIS database atomically, with the layers' QGIS styles in
// public.layer_styles.
#include <trygg/pipeline/stage.hpp>

namespace trygg::pipeline {

struct WritePostgisStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

}  // namespace trygg::pipeline
