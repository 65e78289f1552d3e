// SPDX-License-Identifier: MIT
#include "move_into_place.hpp"

#include <unistd.h>

namespace trygg::io::detail {

namespace {
std::filesystem::path backup_name(const std::filesystem::path& final_path)
{
    return final_path.parent_path() /
           ("." + final_path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-prev");
}
}  // namespace

MoveFailure move_into_place(const std::vector<std::pair<std::filesystem::path, std::filesystem::path>>& moves)
{
    struct Slot {
        std::filesystem::path backup;  // empty: no previous file
        bool moved = false;
    };
    std::vector<Slot> slots(moves.size());
    std::error_code ignored;
    auto undo = [&] {
        for (std::size_t i = 0; i < moves.size(); ++i) {
            const auto& [tmp, fin] = moves[i];
            if (slots[i].moved) {
                if (!slots[i].backup.empty())
                    std::filesystem::rename(slots[i].backup, fin, ignored);  // atomic: the previous file is back
                else
                    std::filesystem::remove(fin, ignored);
            } else if (!slots[i].backup.empty()) {
                std::filesystem::remove(slots[i].backup, ignored);
            }
            std::filesystem::remove(tmp, ignored);
            std::filesystem::remove(tmp.string() + "-journal", ignored);
        }
    };
    // A hard link keeps the previous file under its final name until the new one replaces it.
    for (std::size_t i = 0; i < moves.size(); ++i) {
        const auto& fin = moves[i].second;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(fin, ec))
            continue;
        auto backup = backup_name(fin);
        std::filesystem::remove(backup, ignored);
        std::filesystem::create_hard_link(fin, backup, ec);
        if (ec) {
            undo();
            return {fin, "cannot keep the previous file while replacing it (" + ec.message() + ")"};
        }
        slots[i].backup = backup;
    }
    for (std::size_t i = moves.size(); i-- > 0;) {
        std::error_code ec;
        std::filesystem::rename(moves[i].first, moves[i].second, ec);
        if (ec) {
            undo();
            return {moves[i].second, "cannot move into place (" + ec.message() + ")"};
        }
        slots[i].moved = true;
    }
    for (const auto& s : slots)
        if (!s.backup.empty())
            std::filesystem::remove(s.backup, ignored);
    return {};
}

}  // namespace trygg::io::detail
