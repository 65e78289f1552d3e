// SPDX-License-Identifier: MIT
// Any bytes as a pipeline document: parsing and planning either succeed or throw core::Error.
#include <trygg/core/error.hpp>
#include <trygg/pipeline/pipeline.hpp>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto doc = nlohmann::json::parse(data, data + size, nullptr, false);
    if (doc.is_discarded())
        return 0;
    try {
        auto p = trygg::pipeline::parse_pipeline(doc, "/nonexistent-fuzz-dir");
        trygg::pipeline::plan(p, trygg::pipeline::builtin_registry());
    } catch (const trygg::core::Error&) {
    }
    return 0;
}
