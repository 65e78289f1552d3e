// SPDX-License-Identifier: MIT
#pragma once
// Writes tables and side files atomically: everything goes to temporary files in the target
// folder, which are renamed into place only when all of them were written; the GeoPackage is
// renamed last. A run that fails or is killed while writing leaves the previous output
// untouched and no partial file under a final name. Renaming is not one atomic step: if a
// rename fails, side files renamed before it (the manifest first) are already replaced while
// the previous GeoPackage stays.
#include <trygg/io/feature_table.hpp>
#include <trygg/io/side_file.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace trygg::io {

// Returns the final paths written (the GeoPackage first). Throws core::OutputError.
// Tables are written in the order given.
// `checkpoint` (e.g. a cancel check) is called after each file is written and before anything
// is renamed; when it throws, the temporaries are removed and the previous output stays.
std::vector<std::filesystem::path> write_geopackage(const std::vector<const FeatureTable*>& tables,
                                                    const std::vector<SideFile>& side_files,
                                                    const std::filesystem::path& path,
                                                    const std::function<void()>& checkpoint = {});

// Writes `tables` into a new GeoPackage at `file` itself (no temporary, no rename): for a
// GeoPackage that is a side file of another (the internal file of a published run), which
// write_geopackage renames into place with the rest. `checkpoint` (may be empty) between
// transactions of long tables. Throws core::OutputError.
void write_geopackage_file(const std::vector<const FeatureTable*>& tables, const std::filesystem::path& file,
                           const std::function<void()>& checkpoint = {});

}  // namespace trygg::io
