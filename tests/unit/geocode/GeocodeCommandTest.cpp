// SPDX-License-Identifier: MIT
// `trygg geocode` on awkward files: BOM, Windows-1252, invalid UTF-8 rows, empty and garbage
// records. Every input record gets one output row; outputs are always valid UTF-8.
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/crs/transformer.hpp>
#include <trygg/io/csv_reader.hpp>

#include "../../../engine/src/cli/geocode_command.hpp"
#include "shared_data.hpp"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace trygg;

namespace {

std::filesystem::path gpkg() { return test::source_dir() / "geodata" / "exempelstad" / "exempelstad.gpkg"; }

int run_geocode(std::vector<std::string> args, std::string& out_text, std::string& err_text)
{
    CLI::App app;
    cli::GeocodeCommand cmd(app);
    std::vector<const char*> argv{"trygg", "geocode"};
    for (const auto& a : args)
        argv.push_back(a.c_str());
    app.parse(static_cast<int>(argv.size()), argv.data());
    std::ostringstream out, err;
    int rc = cmd.run(out, err);
    out_text = out.str();
    err_text = err.str();
    return rc;
}

std::string slurp(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> lines_of(const std::string& s)
{
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);)
        v.push_back(l);
    return v;
}

}  // namespace

TEST(GeocodeCommand, EncodingsAndBadRecordsAreAllAccountedFor)
{
    if (!std::filesystem::exists(gpkg()))
        GTEST_SKIP() << "geodata/exempelstad not present";
    auto dir = test::temp_dir("geocode-cmd");
    // UTF-8 with BOM.
    {
        std::ofstream f(dir / "bom.csv", std::ios::binary);
        f << "\xEF\xBB\xBF" << "id;adress\n1;Storgatan 1\n2;\n3;Exempelstad\n4;Storg\x01" << "atan 1\n";
        f << "5;" << std::string(10240, '#') << "\n";
    }
    // Windows-1252: "Borggränd 7" with ä = 0xE4.
    {
        std::ofstream f(dir / "cp1252.csv", std::ios::binary);
        f << "id,adress\n1,Borggr\xE4nd 7\n";
    }
    std::string out, err;
    ASSERT_EQ(run_geocode({(dir / "bom.csv").string(), "-g", gpkg().string() + ":adresser", "--no-cache", "-o",
                           (dir / "bom_out.csv").string()},
                          out, err),
              0);
    auto rows = lines_of(slurp(dir / "bom_out.csv"));
    ASSERT_EQ(rows.size(), 6u);  // header + 5 records
    EXPECT_EQ(rows[0].rfind("id,adress,geocode_x", 0), 0u) << rows[0];  // BOM gone, ';' understood
    EXPECT_NE(rows[1].find(",exact,"), std::string::npos) << rows[1];
    EXPECT_NE(rows[2].find("empty address"), std::string::npos) << rows[2];
    EXPECT_NE(rows[3].find("postal town"), std::string::npos) << rows[3];
    EXPECT_NE(rows[4].find(",exact,"), std::string::npos) << rows[4];  // control character ignored
    EXPECT_NE(rows[5].find("limit"), std::string::npos) << rows[5].substr(rows[5].size() - 200);

    ASSERT_EQ(run_geocode({(dir / "cp1252.csv").string(), "-g", gpkg().string() + ":adresser", "--no-cache", "-o",
                           (dir / "cp_out.csv").string()},
                          out, err),
              0);
    auto cp = slurp(dir / "cp_out.csv");
    EXPECT_TRUE(core::is_valid_utf8(cp));
    EXPECT_NE(cp.find("Borggränd 7,"), std::string::npos) << cp;  // converted, not mojibake
    EXPECT_NE(cp.find(",exact,"), std::string::npos) << cp;

    // Declared UTF-8 but a Latin-1 row: that record says why, names its row, output stays UTF-8.
    ASSERT_EQ(run_geocode({(dir / "cp1252.csv").string(), "-g", gpkg().string() + ":adresser", "--no-cache",
                           "--encoding", "utf-8", "-o", (dir / "declared_out.csv").string()},
                          out, err),
              0);
    auto declared = slurp(dir / "declared_out.csv");
    EXPECT_TRUE(core::is_valid_utf8(declared));
    EXPECT_NE(declared.find("row 2: invalid UTF-8 in column 'adress'"), std::string::npos) << declared;
    EXPECT_NE(err.find("row 2"), std::string::npos) << err;
    std::filesystem::remove_all(dir);
}

TEST(GeocodeCommand, MissingColumnIsAnInputError)
{
    if (!std::filesystem::exists(gpkg()))
        GTEST_SKIP() << "geodata/exempelstad not present";
    auto dir = test::temp_dir("geocode-cmd-col");
    {
        std::ofstream f(dir / "in.csv");
        f << "id,gata\n1,Storgatan 1\n";
    }
    std::string out, err;
    try {
        run_geocode({(dir / "in.csv").string(), "-g", gpkg().string() + ":adresser", "--no-cache", "-o",
                     (dir / "o.csv").string()},
                    out, err);
        FAIL() << "no error";
    } catch (const core::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("column 'adress' not found (columns: id, gata)"), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "o.csv"));
    std::filesystem::remove_all(dir);
}

// EPSG:4326 output was written with 2 decimals (about a kilometre); the degrees must keep the
// precision of the point. Checked against the projected output transformed independently.
TEST(GeocodeCommand, GeographicOutputKeepsFullPrecision)
{
    if (!std::filesystem::exists(gpkg()))
        GTEST_SKIP() << "geodata/exempelstad not present";
    auto dir = test::temp_dir("geocode-cmd-4326");
    {
        std::ofstream f(dir / "in.csv");
        f << "id,adress\n1,Storgatan 1\n";
    }
    auto point_in = [&](const std::string& crs, const std::string& name) {
        std::string out, err;
        EXPECT_EQ(run_geocode({(dir / "in.csv").string(), "-g", gpkg().string() + ":adresser", "--no-cache", "--crs",
                               crs, "-o", (dir / name).string()},
                              out, err),
                  0);
        auto doc = io::parse_csv(slurp(dir / name), ',');
        EXPECT_EQ(doc.rows.size(), 2u);
        EXPECT_EQ(doc.rows.at(0).cells.at(2), "geocode_x");
        EXPECT_EQ(doc.rows.at(1).cells.at(4), "exact");
        return std::pair{doc.rows.at(1).cells.at(2), doc.rows.at(1).cells.at(3)};
    };
    auto [e, n] = point_in("EPSG:3006", "sweref.csv");
    auto [lon_text, lat_text] = point_in("EPSG:4326", "wgs84.csv");
    double x = std::stod(e), y = std::stod(n);
    crs::Transformer("EPSG:3006", "EPSG:4326").transform(&x, &y, 1);
    // SWEREF99 TM is written to the centimetre: 1e-6 degrees is 0.1 m north and 0.06 m east.
    EXPECT_NEAR(std::stod(lon_text), x, 1e-6) << lon_text;
    EXPECT_NEAR(std::stod(lat_text), y, 1e-6) << lat_text;
    EXPECT_GT(lon_text.size() - lon_text.find('.'), 7u) << lon_text;
    EXPECT_EQ(e.size() - e.find('.'), 3u) << e;  // projected output unchanged: centimetres
    std::filesystem::remove_all(dir);
}

// Issue 16: the CLI has the stage's options (--ambiguity-distance, --max-number-gap, --roads),
// and its cache never goes beside the input.
TEST(GeocodeCommand, StageOptionsAreCliOptionsToo)
{
    auto dir = test::temp_dir("geocode-cmd-parity");
    {
        // Two "Ågatan 1" 150 m apart (a street name reused in two villages), and Ågatan 2 / 40.
        std::ofstream f(dir / "g.geojson");
        f << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3006"}},"features":[)"
          << R"({"type":"Feature","properties":{"gatunamn":"Ågatan","nummer":1,"postort":"Aby"},"geometry":{"type":"Point","coordinates":[1000,1000]}},)"
          << R"({"type":"Feature","properties":{"gatunamn":"Ågatan","nummer":1,"postort":"Bby"},"geometry":{"type":"Point","coordinates":[1150,1000]}},)"
          << R"({"type":"Feature","properties":{"gatunamn":"Bgatan","nummer":2,"postort":"Aby"},"geometry":{"type":"Point","coordinates":[5000,5000]}},)"
          << R"({"type":"Feature","properties":{"gatunamn":"Bgatan","nummer":40,"postort":"Aby"},"geometry":{"type":"Point","coordinates":[5000,5380]}}]})";
    }
    {
        std::ofstream f(dir / "in.csv");
        f << "id,adress\n1,Ågatan 1\n2,Bgatan 20\n";
    }
    auto run = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{(dir / "in.csv").string(), "-g", (dir / "g.geojson").string(), "--field",
                                      "street=gatunamn", "--field", "number=nummer", "--field", "town=postort",
                                      "-o", (dir / "out.csv").string()};
        args.insert(args.end(), extra.begin(), extra.end());
        std::string out, err;
        EXPECT_EQ(run_geocode(args, out, err), 0) << err;
        auto doc = io::parse_csv(slurp(dir / "out.csv"), ',');
        return std::pair{doc.rows.at(1).cells.at(4), doc.rows.at(2).cells.at(4)};
    };
    auto xdg = dir / "xdg";
    ::setenv("XDG_CACHE_HOME", xdg.string().c_str(), 1);
    auto [a, b] = run({});
    EXPECT_EQ(a, "ambiguous");  // 150 m apart > 100 m
    EXPECT_EQ(b, "street");     // 20 is 18 numbers from 2 and 20 from 40: beyond the gap of 10
    auto [a2, b2] = run({"--ambiguity-distance", "200", "--max-number-gap", "20"});
    EXPECT_EQ(a2, "exact");
    EXPECT_EQ(b2, "interpolated");
    // The cache went to $XDG_CACHE_HOME/trygg, not beside the input.
    EXPECT_TRUE(std::filesystem::exists(xdg / "trygg"));
    for (const auto& e : std::filesystem::directory_iterator(dir))
        EXPECT_EQ(e.path().string().find(".trygg-gazetteer"), std::string::npos) << e.path();
    ::unsetenv("XDG_CACHE_HOME");
    std::filesystem::remove_all(dir);
}

TEST(GeocodeCommand, RoadsFromARoadLayer)
{
    auto roads = test::source_dir() / "geodata" / "exempelstad" / "vagar.gpkg";
    if (!std::filesystem::exists(roads) || !std::filesystem::exists(gpkg()))
        GTEST_SKIP() << "geodata/exempelstad not present";
    auto dir = test::temp_dir("geocode-cmd-roads");
    {
        std::ofstream f(dir / "in.csv");
        f << "id,text\n1,Trafikolycka vid Råbylundsmotet\n2,Stillastående fordon på E18\n";
    }
    std::string out, err;
    ASSERT_EQ(run_geocode({(dir / "in.csv").string(), "--roads", roads.string() + ":vagar", "--roads",
                           roads.string() + ":trafikplatser", "--free-text", "--column", "text", "--min-match", "road",
                           "--no-cache", "-o", (dir / "o.csv").string()},
                          out, err),
              0)
        << err;
    auto doc = io::parse_csv(slurp(dir / "o.csv"), ',');
    ASSERT_EQ(doc.rows.size(), 3u);
    EXPECT_EQ(doc.rows[1].cells.at(4), "road");
    EXPECT_EQ(doc.rows[1].cells.at(2), "592986.00");  // generate_roads.py's node
    EXPECT_EQ(doc.rows[1].cells.at(10), "1");          // accepted at min_match road
    EXPECT_EQ(doc.rows[2].cells.at(4), "unmatched");
    EXPECT_NE(doc.rows[2].cells.at(9).find("road without a locator"), std::string::npos);
    std::filesystem::remove_all(dir);
}
