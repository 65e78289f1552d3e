// SPDX-License-Identifier: MIT
#include "hotspot_variable.hpp"

#include <string>

namespace trygg::report {

namespace {

std::string text_option(const nlohmann::json& options, const char* key, const std::string& fallback)
{
    const auto it = options.find(key);
    return it != options.end() && it->is_string() ? it->get<std::string>() : fallback;
}

nlohmann::json id_of(const nlohmann::json& options)
{
    if (text_option(options, "source", "aggregate") == "table") {
        const auto column = text_option(options, "column", "");
        return column.empty() ? nlohmann::json(nullptr) : nlohmann::json(column);
    }
    const auto group = text_option(options, "group", "");
    if (group.empty())
        return nullptr;
    // The suffixes name the measure as the count tables' columns do (antal, per_1000).
    std::string id = group;
    if (text_option(options, "measure", "rate") == "count") {
        id += "_antal";
    } else {
        const auto smoothing = text_option(options, "smoothing", "none");
        if (smoothing == "eb_standardised")
            id += "_eb_standardiserad";
        else
            id += "_per_1000" + (smoothing == "none" ? std::string() : "_" + smoothing);
    }
    const auto period = text_option(options, "period", "latest");
    if (period != "latest")
        id += "_" + period;
    return id;
}

}  // namespace

nlohmann::json hotspot_variable_id(const nlohmann::json& manifest)
{
    const auto stages = manifest.find("stages");
    if (stages == manifest.end() || !stages->is_array())
        return nullptr;
    for (const char* type : {"gistar", "local_moran"})
        for (const auto& s : *stages)
            if (s.is_object() && s.value("type", std::string()) == type && s.contains("options") &&
                s["options"].is_object())
                return id_of(s["options"]);
    return nullptr;
}

}  // namespace trygg::report
