// SPDX-License-Identifier: MIT
#include <trygg/crs/working_crs.hpp>

#include <gtest/gtest.h>

using namespace trygg;

TEST(WorkingCrs, ProjectedMetreCrsAreAccepted)
{
    EXPECT_EQ(crs::working_crs_problem("EPSG:3006"), std::nullopt);   // SWEREF99 TM
    EXPECT_EQ(crs::working_crs_problem("EPSG:3010"), std::nullopt);   // SWEREF99 16 30
    EXPECT_EQ(crs::working_crs_problem("EPSG:3021"), std::nullopt);   // RT90 2.5 gon V
    EXPECT_EQ(crs::working_crs_problem("EPSG:5845"), std::nullopt);   // SWEREF99 TM + RH2000 height: compound
    EXPECT_EQ(crs::working_crs_problem("+proj=utm +zone=33 +ellps=GRS80 +units=m +type=crs"), std::nullopt);
}

TEST(WorkingCrs, FeetAreRefusedNamingTheUnit)
{
    auto p = crs::working_crs_problem("EPSG:2276");  // NAD83 / Texas North Central (ftUS)
    ASSERT_TRUE(p);
    EXPECT_NE(p->find("'EPSG:2276' (NAD83 / Texas North Central (ftUS))"), std::string::npos) << *p;
    EXPECT_NE(p->find("US survey foot (1 unit = 0.3048006096 m), not metres"), std::string::npos) << *p;
    EXPECT_NE(p->find("such as \"EPSG:3006\""), std::string::npos) << *p;
    p = crs::working_crs_problem("EPSG:2231");  // NAD83 / Colorado North (ftUS)
    ASSERT_TRUE(p);
    p = crs::working_crs_problem("+proj=utm +zone=33 +ellps=GRS80 +units=ft +type=crs");  // international foot
    ASSERT_TRUE(p);
    EXPECT_NE(p->find("(1 unit = 0.3048 m)"), std::string::npos) << *p;
}

TEST(WorkingCrs, DegreesAndUnknownAreRefused)
{
    auto p = crs::working_crs_problem("EPSG:4326");
    ASSERT_TRUE(p);
    EXPECT_NE(p->find("'EPSG:4326' (WGS 84) is geographic (degrees)"), std::string::npos) << *p;
    EXPECT_TRUE(crs::working_crs_problem("EPSG:4619"));  // SWEREF99 geographic
    EXPECT_TRUE(crs::working_crs_problem("EPSG:4978"));  // geocentric
    EXPECT_EQ(crs::working_crs_problem("EPSG:999999"), "unknown CRS 'EPSG:999999'");
}
