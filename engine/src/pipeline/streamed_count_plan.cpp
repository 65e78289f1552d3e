// SPDX-License-Identifier: MIT
#include <trygg/core/connection_string.hpp>
#include <trygg/io/record_reader.hpp>
#include <trygg/pipeline/streamed_count.hpp>

#include <string>

namespace trygg::pipeline {

namespace {

bool is_writer(const std::string& type)
{
    return type == "write.gpkg" || type == "write.postgis" || type == "write.report";
}

std::string text_option(const nlohmann::json& options, const char* key)
{
    const auto it = options.find(key);
    return it != options.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// No option, null, an empty list or object: not set.
bool unset(const nlohmann::json& options, const char* key)
{
    const auto it = options.find(key);
    return it == options.end() || it->is_null() || ((it->is_array() || it->is_object()) && it->empty());
}

}  // namespace

std::optional<StreamedCountPlan> streamed_count_plan(const std::vector<PlannedStage>& stages,
                                                     const RunSettings& settings)
{
    // The release ledger fingerprints every record: it needs the whole table.
    if (settings.privacy != Privacy::publish || settings.freeze_before != INT64_MIN || !settings.ledger.empty())
        return std::nullopt;
    std::optional<std::size_t> read;
    for (std::size_t s = 0; s < stages.size(); ++s)
        if (stages[s].spec.type == "read.incidents") {
            if (read)
                return std::nullopt;  // two registers: not the plain count
            read = s;
        }
    if (!read)
        return std::nullopt;
    const auto& read_options = stages[*read].options;
    const auto path = text_option(read_options, "path");
    if (path.empty() || core::is_connection_string(path) || !io::is_csv_path(path) ||
        text_option(read_options, "duplicates") == "error")
        return std::nullopt;
    // The one stage of `type` reading stage `from` in slot 0, every other reader of it a
    // writer; nullopt otherwise.
    const auto only_reader = [&](std::size_t from, const std::string& type) -> std::optional<std::size_t> {
        std::optional<std::size_t> found;
        for (std::size_t s = from + 1; s < stages.size(); ++s)
            for (const auto& in : stages[s].resolved) {
                if (in.stage != from)
                    continue;
                if (stages[s].spec.type == type && in.slot == 0 && (!found || *found == s))
                    found = s;
                else if (!is_writer(stages[s].spec.type))
                    return std::nullopt;
            }
        return found;
    };
    const auto assign = only_reader(*read, "assign");
    if (!assign)
        return std::nullopt;
    const auto aggregate = only_reader(*assign, "aggregate");
    if (!aggregate)
        return std::nullopt;
    const auto& agg = stages[*aggregate].options;
    const auto periods = agg.find("periods");
    if (!unset(agg, "levels") || text_option(agg, "disclosure") == "cell_key" ||
        (periods != agg.end() && periods->is_array() && periods->size() > 1))
        return std::nullopt;
    for (std::size_t s = *aggregate + 1; s < stages.size(); ++s)
        for (const auto& in : stages[s].resolved)
            if (in.stage == *aggregate && !is_writer(stages[s].spec.type))
                return std::nullopt;
    // The three run when the aggregate's turn comes: no writer may read the first two before,
    // and the districts must be read by then.
    for (std::size_t s = *read + 1; s < *aggregate; ++s)
        for (const auto& in : stages[s].resolved)
            if ((in.stage == *read || in.stage == *assign) && s != *assign)
                return std::nullopt;
    return StreamedCountPlan{*read, *assign, *aggregate};
}

}  // namespace trygg::pipeline
