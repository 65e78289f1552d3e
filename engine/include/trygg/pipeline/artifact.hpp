// SPDX-License-Identifier: MIT
#pragma once
// What a stage produces and later stages consume. Each stage returns one artifact, stored
// under the stage's tag. Artifacts are immutable once returned.
#include <string>

namespace trygg::pipeline {

struct RunSettings;
class Contribution;

class Artifact {
public:
    virtual ~Artifact() = default;
    // The kind that stage descriptors name as inputs: "incidents", "districts", "table", ...
    virtual std::string kind() const = 0;
    // Adds what this artifact publishes when it is an input of a writer (write.gpkg): its own
    // tables, rasters, side files and manifest section, and columns keyed to the district layer
    // it was computed on (never a table chosen by name: the writer names district layers and
    // joins the columns, see publication.hpp). Called in the order of the writer's inputs;
    // the default publishes nothing.
    virtual void publish(Contribution& /*out*/, const RunSettings& /*settings*/) const {}
};

}  // namespace trygg::pipeline
