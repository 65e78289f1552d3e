// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/io/geopackage_writer.hpp>

#include <gtest/gtest.h>

#include <fstream>

#include "shared_data.hpp"

using namespace trygg;

// Two side files with one final name: the second rename finds no temporary. The message must
// carry that cause, not the "Success" of the clean-up that ran before it was formatted.
TEST(GeopackageWriter, AFailedRenameReportsItsOwnCause)
{
    const auto dir = test::temp_dir("gpkg_writer_rename");
    auto write = [](const std::filesystem::path& p, const std::function<void()>&) { std::ofstream(p) << "x\n"; };
    const std::vector<io::SideFile> sides{{"same.txt", write, "first"}, {"same.txt", write, "second"}};
    try {
        io::write_geopackage({}, sides, dir / "ut.gpkg");
        FAIL() << "expected an OutputError";
    } catch (const core::OutputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("cannot move into place"), std::string::npos) << what;
        EXPECT_EQ(what.find("Success"), std::string::npos) << what;
        EXPECT_NE(what.find(std::make_error_code(std::errc::no_such_file_or_directory).message()), std::string::npos)
            << what;
    }
}
