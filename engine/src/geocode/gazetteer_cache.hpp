// SPDX-License-Identifier: MIT
#pragma once
// Binary cache of what a gazetteer source yielded, next to the source (or, when that folder is
// read-only, in the temp directory). Valid while the source's size, modification time and
// SHA-256 and the reading options (field mapping, kind, CRS) are unchanged.
#include <trygg/geocode/gazetteer.hpp>
#include <trygg/geocode/gazetteer_source.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace trygg::geocode::detail {

struct CachedSource {
    std::vector<AddressPoint> addresses;
    std::vector<NamedPlace> places;
    std::size_t features = 0;
    std::size_t skipped = 0;
};

// Hex key of the reading options.
std::string cache_key(const GazetteerSpec& spec, const std::string& crs);
// The cached entries if a valid cache exists; `file` is set to the cache file used.
std::optional<CachedSource> read_cache(const std::filesystem::path& source, const std::string& key,
                                       std::filesystem::path& file);
// Writes the cache; returns its path, or an empty path when no location was writable.
std::filesystem::path write_cache(const std::filesystem::path& source, const std::string& key, const CachedSource& data);

}  // namespace trygg::geocode::detail
