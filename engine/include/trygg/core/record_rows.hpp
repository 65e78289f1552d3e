// SPDX-License-Identifier: MIT
#pragma once
// Rows of text cells as read from a small file (a catalogue): io reads the file, and the module
// that interprets it (stats, factors) gets these plain rows, so it reads no files itself.
#include <cstdint>
#include <string>
#include <vector>

namespace trygg::core {

struct RecordRows {
    std::string source;                          // the file, for messages
    std::vector<std::string> fields;             // header names; empty for an empty file
    std::vector<std::vector<std::string>> rows;  // rows[r][f]; missing cells are ""
    std::vector<std::uint64_t> lines;            // the physical line (or feature id) of each row
    std::vector<std::string> problems;           // per row, "" when fine (e.g. a ragged row)

    int field_index(const std::string& name) const
    {
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (fields[i] == name)
                return static_cast<int>(i);
        return -1;
    }
    // "a, b, c" for error messages.
    std::string field_list() const
    {
        std::string out;
        for (const auto& f : fields)
            out += (out.empty() ? "" : ", ") + f;
        return out;
    }
};

}  // namespace trygg::core
