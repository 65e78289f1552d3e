// SPDX-License-Identifier: MIT
#pragma once
// Moves the files of one publication into place all or nothing: a reader sees either every
// previous file or every new one, never a new manifest beside a previous GeoPackage.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace trygg::io::detail {

struct MoveFailure {
    std::filesystem::path target;  // empty when every file is in place
    std::string reason;
};

// `moves` are (temporary, final) pairs, moved in reverse order (the first one last). Before
// any move, each existing final file gets a hard-linked backup (".<name>.tmp-<pid>-prev", so a
// run killed here leaves only a stale temporary the next run removes; the final name always
// holds a complete file). When a move fails, the finals already moved are put back from their
// backups (or removed when there was none) and the temporaries removed.
MoveFailure move_into_place(const std::vector<std::pair<std::filesystem::path, std::filesystem::path>>& moves);

}  // namespace trygg::io::detail
