// SPDX-License-Identifier: MIT
#pragma once
// The release ledger around one writer: what its publication releases (built from the
// writer's inputs: the aggregate's periods, cells and incidents, and its district layer),
// checked against the ledger before anything is written, and recorded after the output has
// been renamed into place. Inactive without a "ledger" in the pipeline and in internal runs;
// with a ledger, a publication of incidents (KDE, grid, meeting places...) without an
// aggregate among the writer's inputs is refused, since nothing could check it.
#include <trygg/pipeline/release.hpp>
#include <trygg/pipeline/release_check.hpp>
#include <trygg/pipeline/release_ledger.hpp>
#include <trygg/pipeline/stage.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trygg::pipeline {

struct AggregateArtifact;

// What a publication of `aggregate` releases (id and time are set when it is recorded).
Release release_of(const AggregateArtifact& aggregate);

class ReleaseGuard {
public:
    ReleaseGuard(const RunSettings& settings, const std::vector<NamedInput>& inputs);
    bool active() const { return aggregate_ != nullptr; }
    // Throws core::LedgerRefusal (exit 7) with one line naming the earlier release.
    void check(const std::string& writer) const;
    // Records the release of `output`; returns its id (0 when inactive). Throws core::OutputError.
    std::int64_t record(const std::filesystem::path& output);

private:
    std::optional<ReleaseLedger> ledger_;
    std::shared_ptr<const AggregateArtifact> aggregate_;
    Release release_;
    std::string refusal_;  // a publication of incidents the ledger cannot check (no aggregate)
};

}  // namespace trygg::pipeline
