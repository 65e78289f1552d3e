// SPDX-License-Identifier: MIT
#pragma once
// `trygg batch FOLDER --jobs N` (issue 20): every pipeline (*.json) in a folder run as an
// independent `trygg run` process, at most N at a time, e.g. one pipeline per municipality
// each writing its own schema of one PostGIS database. A failing pipeline stops no other.
#include <iosfwd>
#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace trygg::cli {

class BatchCommand {
public:
    explicit BatchCommand(CLI::App& app);
    bool selected() const;
    // Runs the batch: one line per finished pipeline on `out`; each pipeline's own output in
    // <logs>/<stem>.log. Returns 0 when every pipeline succeeded, else the exit code of the
    // first failed pipeline in name order.
    int run(std::ostream& out, std::ostream& err) const;

    struct Options;

private:
    std::shared_ptr<Options> options_;
    CLI::App* command_ = nullptr;
};

}  // namespace trygg::cli
