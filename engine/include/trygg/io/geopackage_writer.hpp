#pragma once
// Writes a GeoPackageContent atomically: everything goes to temporary files in the target
// folder, which are renamed into place only when all of them were written; the GeoPackage is
// renamed last. A run that fails or is killed while writing leaves the previous output
// untouched and no partial file under a final name. Renaming is not one atomic step: if a
// rename fails, side files renamed before it (the manifest first) are already replaced while
// the previous GeoPackage stays.
#include <trygg/io/geopackage_content.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace trygg::io {

// Returns the final paths written (the GeoPackage first). Throws core::OutputError.
std::vector<std::filesystem::path> write_geopackage(const GeoPackageContent& content,
                                                    const std::filesystem::path& path);

}  // namespace trygg::io
