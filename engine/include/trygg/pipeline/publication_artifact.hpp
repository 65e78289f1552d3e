// SPDX-License-Identifier: MIT
#pragma once
// What write.gpkg returns: the publication exactly as it was written (assembled, protected by
// disclosure control, manifest included) and the GeoPackage's path, so that a later writer
// (write.report) reads what was published and nothing more.
#include <trygg/pipeline/artifact.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/stage.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace trygg::pipeline {

struct PublicationArtifact : Artifact {
    PublicationArtifact(std::string writer, std::function<std::string(const DistrictsArtifact&)> district_table_name)
        : publication(std::move(writer), std::move(district_table_name))
    {
    }
    Publication publication;
    std::filesystem::path gpkg;                  // the GeoPackage written
    std::vector<std::filesystem::path> paths;    // every file written
    // The writer's inputs: the publication points into them (district layers, raster pixels),
    // so they live as long as it does.
    std::vector<NamedInput> inputs;
    std::string kind() const override { return "publication"; }
};

}  // namespace trygg::pipeline
