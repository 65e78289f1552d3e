#pragma once
// Writes a GeoPackageContent atomically: everything goes to temporary files in the target
// folder, which are renamed into place only when all of them were written. A failed or
// killed run leaves the previous output untouched and no partial file under the final name.
#include <trygg/io/geopackage_content.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace trygg::io {

// Returns the final paths written (the GeoPackage first). Throws core::OutputError.
std::vector<std::filesystem::path> write_geopackage(const GeoPackageContent& content,
                                                    const std::filesystem::path& path);

}  // namespace trygg::io
