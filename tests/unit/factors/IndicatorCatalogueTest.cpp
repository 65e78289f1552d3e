#include <trygg/core/error.hpp>
#include <trygg/factors/indicator_catalogue.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace trygg::factors;

TEST(IndicatorCatalogue, ShippedCatalogueCoversTheFiveSpatialGoals)
{
    auto cat = read_indicator_catalogue(TRYGG_SOURCE_DIR "/geodata/catalog/indikatorer.csv");
    std::set<int> goals;
    std::map<std::string, const Indicator*> by_id;
    for (const auto& i : cat.indicators) {
        goals.insert(i.goal);
        by_id[i.id] = &i;
    }
    EXPECT_EQ(goals, (std::set<int>{1, 2, 3, 4, 5}));
    ASSERT_TRUE(by_id.count("sysselsattningsgrad"));
    EXPECT_EQ(by_id["sysselsattningsgrad"]->direction, Direction::protective);
    EXPECT_EQ(by_id["sysselsattningsgrad"]->form, RawForm::ratio);
    EXPECT_EQ(by_id["sysselsattningsgrad"]->field, "antal sysselsatta/antal totalt");
    ASSERT_TRUE(by_id.count("vald"));
    EXPECT_EQ(by_id["vald"]->direction, Direction::risk);
    EXPECT_EQ(by_id["vald"]->form, RawForm::rate);
    EXPECT_EQ(by_id["vald"]->goal, 5);
}

TEST(IndicatorCatalogue, BadCellNamesFileLineAndField)
{
    auto path = std::filesystem::temp_directory_path() / "trygg_bad_catalogue.csv";
    {
        std::ofstream f(path);
        f << "id,mal,namn_sv,riktning,kalla,falt,normalisering,vikt\n"
          << "a,1,A,risk,t,x,varde,1\n"
          << "b,1,B,uppåt,t,x,varde,1\n";
    }
    try {
        read_indicator_catalogue(path.string());
        FAIL() << "expected an InputError";
    } catch (const trygg::core::InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("line 3"), std::string::npos) << m;
        EXPECT_NE(m.find("riktning"), std::string::npos) << m;
    }
    std::filesystem::remove(path);
}
