// SPDX-License-Identifier: MIT
// Queen weights from the Västerås DeSO polygons equal libpysal.weights.Queen's, neighbour
// set by neighbour set. libpysal (Debian's python3-libpysal) is run by the test itself.
#include "reference_data.hpp"
#include "shared_data.hpp"

#include <trygg/spatial/weights_contiguity.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace trygg;

namespace {

// Runs `/usr/bin/python3 script` and returns its stdout; empty optional when it cannot run.
std::optional<std::string> run_python(const std::filesystem::path& script)
{
    const std::string cmd = "/usr/bin/python3 '" + script.string() + "' 2>/dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe)
        return std::nullopt;
    std::string out;
    char buf[4096];
    while (std::size_t got = fread(buf, 1, sizeof buf, pipe))
        out.append(buf, got);
    if (pclose(pipe) != 0)
        return std::nullopt;
    return out;
}

}  // namespace

TEST(LibpysalQueen, VasterasDesoNeighbourSetsMatch)
{
    TRYGG_SHARED_DATA_OR_SKIP(path, "vasteras/deso_2018.geojson");
    if (!std::filesystem::exists("/usr/bin/python3"))
        GTEST_SKIP() << "/usr/bin/python3 not found";
    const auto dir = test::temp_dir("libpysal-queen");
    const auto script = dir / "queen.py";
    std::ofstream(script) << "import warnings\nwarnings.filterwarnings('ignore')\n"
                             "import geopandas\nfrom libpysal.weights import Queen\n"
                             "df = geopandas.read_file('"
                          << path.string()
                          << "')\n"
                             "w = Queen.from_dataframe(df)\n"
                             "for i in range(len(df)):\n"
                             "    print(i, *sorted(w.neighbors[i]))\n";
    const auto out = run_python(script);
    std::filesystem::remove_all(dir);
    if (!out) {
        if (test::shared_data_required())
            FAIL() << "libpysal could not be run";
        GTEST_SKIP() << "libpysal (python3-libpysal) not available";
    }
    std::map<std::size_t, std::set<std::size_t>> expected;
    std::istringstream lines(*out);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream ss(line);
        std::size_t i, j;
        ss >> i;
        auto& s = expected[i];
        while (ss >> j)
            s.insert(j);
    }
    const auto polys = test::read_polygons(path);
    ASSERT_EQ(polys.size(), 84u);
    ASSERT_EQ(expected.size(), polys.size());
    const auto w = spatial::contiguity_weights(polys, {spatial::Contiguity::queen, 0.0});
    std::size_t links = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const auto nb = w.neighbours(i);
        EXPECT_EQ(std::set<std::size_t>(nb.begin(), nb.end()), expected[i]) << "DeSO feature " << i;
        links += expected[i].size();
    }
    EXPECT_EQ(w.links(), links);
    EXPECT_GT(links, 300u);  // a real contiguity, not an empty one
}
