// SPDX-License-Identifier: MIT
#pragma once
// `trygg geocode`: geocode one CSV file's address column against gazetteers, outside a pipeline.
#include <iosfwd>
#include <memory>

namespace CLI {
class App;
}

namespace trygg::cli {

class GeocodeCommand {
public:
    // Registers the sub-command and its options on `app`.
    explicit GeocodeCommand(CLI::App& app);
    bool selected() const;
    // Runs it; throws core::Error subclasses (the caller maps them to exit codes).
    int run(std::ostream& out, std::ostream& err) const;

    struct Options;

private:
    std::shared_ptr<Options> options_;
    CLI::App* command_ = nullptr;
};

}  // namespace trygg::cli
