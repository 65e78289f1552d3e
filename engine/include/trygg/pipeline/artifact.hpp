#pragma once
// What a stage produces and later stages consume. Each stage returns one artifact, stored
// under the stage's tag. Artifacts are immutable once returned.
#include <string>

namespace trygg::io {
class GeoPackageContent;
}

namespace trygg::pipeline {

struct RunSettings;

class Artifact {
public:
    virtual ~Artifact() = default;
    // The kind that stage descriptors name as inputs: "incidents", "districts", "table", ...
    virtual std::string kind() const = 0;
    // Adds this artifact's layers, fields and tables to a GeoPackage being assembled by
    // write.gpkg. Called in stage order; the default contributes nothing.
    virtual void contribute(io::GeoPackageContent& /*content*/, const RunSettings& /*settings*/) const {}
};

}  // namespace trygg::pipeline
