// SPDX-License-Identifier: MIT
#pragma once
// The factors module's stages: reallocate, trygghetsanalys.
#include <trygg/core/geometry.hpp>
#include <trygg/pipeline/stage.hpp>

#include <trygg/core/district_layer.hpp>

#include <map>
#include <optional>
#include <string>
#include <unordered_map>

namespace trygg::pipeline {

// District code -> index in O(1) (DistrictLayer::index_of scans, which is quadratic over a
// table of 6,000 DeSO).
class CodeIndex {
public:
    explicit CodeIndex(const core::DistrictLayer& layer)
    {
        for (std::size_t i = 0; i < layer.size(); ++i)
            map_.emplace(layer.codes[i], static_cast<int>(i));
    }
    int operator()(const std::string& code) const
    {
        auto it = map_.find(code);
        return it == map_.end() ? -1 : it->second;
    }

private:
    std::unordered_map<std::string, int> map_;
};

struct ReallocateStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

struct TrygghetsanalysStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

}  // namespace trygg::pipeline

#include <trygg/factors/goal_index.hpp>
#include <trygg/factors/goal_consistency.hpp>
#include <trygg/factors/index_uncertainty.hpp>
#include <trygg/factors/index_validation.hpp>
#include <trygg/io/feature_table.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/factors/indicator_catalogue.hpp>
#include <trygg/factors/indicator_evaluation.hpp>
#include <trygg/pipeline/artifacts.hpp>

#include <limits>

namespace trygg::pipeline {

// One catalogue indicator as computed for the districts (factors/indicator_evaluation.hpp).
using IndicatorResult = factors::IndicatorResult;

// A CSV copy of a table's columns (not its geometry), written beside the GeoPackage.
void add_csv_side_file(Contribution& out, const io::FeatureTable& table, const std::string& name);

// One line of the out-of-sample validation (option "validation"; trygghetsanalys_validation.hpp).
struct ValidationRow {
    std::string ranking;  // mal<g>_<name> or risk_total
    std::string outcome;  // the crime-rate indicator (or "summa" of them) in the later periods
    std::string method;   // "index" (on the earlier periods) or "brottstakt" (the earlier rate alone)
    std::string early, late;
    factors::ValidationMeasures measures;
};

// kind "trygghetsanalys". Publishes `trygghetsanalys` (one polygon per district), the long
// table `indikatorer`, the table `jamlikhet` (equality view), and CSV side files.
struct TrygghetsanalysArtifact : Artifact {
    std::shared_ptr<const DistrictsArtifact> districts;
    std::string catalogue_source;
    std::vector<IndicatorResult> indicators;       // the available ones, catalogue order
    std::vector<std::string> unavailable;          // "id: reason"
    std::array<int, factors::goal_count> catalogue_count{};  // indicators per goal in the catalogue
    factors::GoalIndex index;
    nlohmann::json survey = nlohmann::json::object();  // per reallocated indicator: districts, coverage, base
    std::vector<factors::GoalConsistency> consistency;  // per goal with indicators of weight > 0
    // The Monte Carlo over the index's choices ("uncertainty" option; none by default).
    std::optional<factors::IndexUncertainty> uncertainty;
    std::uint64_t uncertainty_seed = 0;
    std::map<std::string, std::string> uncertainty_alternatives;
    std::vector<ValidationRow> validation;  // empty: no "validation" option
    factors::Normalisation normalisation = factors::Normalisation::z_score;
    double confidence = 0.95;
    bool csv = true;
    std::string kind() const override { return "trygghetsanalys"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

}  // namespace trygg::pipeline

namespace trygg::pipeline {

struct PointFactorsStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

// kind "table" (usable wherever a table is): per district columns <type>_antal,
// <type>_per_1000, <type>_andel_nara, <type>_tillgang, plus the points themselves for the
// meeting-place profile.
// Publishes the table `punktfaktorer_<tag>` (district code and every column).
struct PointFactorsArtifact : TableArtifact {
    std::string tag;
    std::vector<core::Point> points;  // working CRS
    std::vector<std::string> types, names;
    std::vector<std::int32_t> district;
    void publish(Contribution& out, const RunSettings& settings) const override;
};

}  // namespace trygg::pipeline

namespace trygg::pipeline {

// kind "table": a reallocated table. Publishes the table `omfordelning_<tag>` (district code,
// each moved column, coverage) so the moved values can be checked.
struct ReallocatedArtifact : TableArtifact {
    std::string tag;
    // The table as read (before the move): trygghetsanalys reads a survey's base (respondents,
    // the catalogue's 'bas') from it, since only the moved columns are in `table`.
    std::shared_ptr<const TableArtifact> source_table;
    std::vector<std::string> kinds;  // per moved column: "count" / "share"
    // The source areas (with a table row) against the districts' union: what the clip dropped.
    struct ClipReport {
        std::size_t source_areas = 0, partly_outside = 0, wholly_outside = 0;
        double outside_area_share = 0;  // of the source areas' total area
    } clip;
    void publish(Contribution& out, const RunSettings& settings) const override;
};

}  // namespace trygg::pipeline

#include <trygg/factors/meeting_place_profile.hpp>

namespace trygg::pipeline {

struct MeetingPlacesStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

// kind "meeting_places". Publishes the point layer `motesplatser` (ranked profile) and
// motesplatser.csv.
struct MeetingPlacesArtifact : Artifact {
    std::string crs, group;
    double radius = 0, ring_outer = 0, confidence = 0.95;
    int suppress_below = 5;
    std::vector<core::Point> points;
    std::vector<std::string> names, types, districts;
    std::vector<factors::PlaceProfile> profiles;
    std::string kind() const override { return "meeting_places"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

}  // namespace trygg::pipeline
