// SPDX-License-Identifier: MIT
#pragma once
// Binary cache of what a gazetteer source yielded, in the user's cache directory
// ($XDG_CACHE_HOME/trygg, default ~/.cache/trygg), else beside the output, else in the temp
// directory; never beside the source (see locations() in the .cpp). Valid while the source's size, modification time and
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
// `fallback_dir`: the output's folder, used when the user cache directory is not writable.
std::optional<CachedSource> read_cache(const std::filesystem::path& source, const std::string& key,
                                       const std::filesystem::path& fallback_dir, std::filesystem::path& file);
// Writes the cache; returns its path, or an empty path when no location was writable.
std::filesystem::path write_cache(const std::filesystem::path& source, const std::string& key,
                                  const std::filesystem::path& fallback_dir, const CachedSource& data);
// $XDG_CACHE_HOME/trygg, else $HOME/.cache/trygg, else empty.
std::filesystem::path user_cache_dir();

}  // namespace trygg::geocode::detail
