// SPDX-License-Identifier: MIT
// Any bytes as an SCB Statistikdatabasen export: read or rejected with core::InputError.
#include <trygg/core/error.hpp>
#include <trygg/io/area_table_reader.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::string path = "/tmp/trygg-fuzz-scb-" + std::to_string(::getpid()) + ".csv";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        trygg::io::AreaTableOptions o;
        o.format = trygg::io::TableFormat::scb;
        auto t = trygg::io::read_area_table(path, o);
        for (const auto& row : t.rows)
            if (row.size() != t.columns.size())
                std::abort();
    } catch (const trygg::core::InputError&) {
    }
    return 0;
}
