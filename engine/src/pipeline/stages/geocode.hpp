// SPDX-License-Identifier: MIT
#pragma once
// geocode: incident addresses to points against user-supplied gazetteers (offline).
#include <trygg/geocode/geocode_summary.hpp>
#include <trygg/geocode/geocoder.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/stage.hpp>

#include <vector>

namespace trygg::pipeline {

struct GeocodeStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

// The incidents with geocoded rows located, plus the per-record results. Publishes the
// `geokodning_sammanfattning` table (hit rate per match type and source) always, and the
// per-record `geokodning` table (addresses: personal data) only in internal runs.
struct GeocodedIncidentsArtifact : IncidentsArtifact {
    std::vector<std::uint32_t> records;           // incident indices that were geocoded
    std::vector<geocode::GeocodeResult> results;  // same order as `records`
    geocode::GeocodeSummary summary;
    geocode::MatchType allowed = geocode::MatchType::street;
    void publish(Contribution& out, const RunSettings& settings) const override;
};

}  // namespace trygg::pipeline
