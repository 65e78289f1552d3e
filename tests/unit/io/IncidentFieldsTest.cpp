// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/io/incident_fields.hpp>

#include <gtest/gtest.h>

// The header mapper: field mapping + a source's header -> column index per incident field.
using namespace trygg;

namespace {

io::Records header_of(std::vector<std::string> fields)
{
    io::Records r;
    r.fields = std::move(fields);
    return r;
}

std::string error_of(const io::IncidentFields& f, const io::Records& h)
{
    try {
        io::map_incident_header(f, h, "inc.csv");
    } catch (const core::InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(IncidentFields, MapsEveryMappedKeyToItsColumnAndLeavesTheRestUnmapped)
{
    io::IncidentFields f;
    *f.find("id") = "nr";
    *f.find("time") = "datum";
    *f.find("x") = "e";
    *f.find("y") = "n";
    *f.find("sex") = "kon";
    const auto c = io::map_incident_header(f, header_of({"datum", "kon", "nr", "n", "e"}), "inc.csv");
    EXPECT_EQ(c.id, 2);
    EXPECT_EQ(c.time, 0);
    EXPECT_EQ(c.x, 4);
    EXPECT_EQ(c.y, 3);
    EXPECT_EQ(c.sex, 1);
    EXPECT_EQ(c.category, -1);
    EXPECT_EQ(c.lon, -1);
    EXPECT_EQ(c.area_code, -1);
    EXPECT_EQ(c.address, -1);
    EXPECT_EQ(c.age, -1);
}

TEST(IncidentFields, UnknownKeyHasNoMember)
{
    io::IncidentFields f;
    EXPECT_EQ(f.find("kommun"), nullptr);
    for (auto key : io::IncidentFields::keys)
        EXPECT_NE(f.find(key), nullptr) << key;
}

TEST(IncidentFields, MissingColumnIsOneErrorNamingColumnKeySourceAndFields)
{
    io::IncidentFields f;
    *f.find("time") = "datum";
    *f.find("age") = "alder";
    EXPECT_EQ(error_of(f, header_of({"id", "datum", "kon"})),
              "field 'alder' (\"age\") not found in 'inc.csv' (the fields are: id, datum, kon)");
}

TEST(IncidentFields, OneFieldHeaderWithDelimitersHintsAtTheDelimiter)
{
    io::IncidentFields f;
    *f.find("id") = "id";
    EXPECT_EQ(error_of(f, header_of({"id;datum;kod"})),
              "field 'id' (\"id\") not found in 'inc.csv' (the fields are: id;datum;kod); the header has one "
              "field: is \"delimiter\" right?");
}

TEST(IncidentFields, AnEmptyColumnNameIsMappedAndMissing)
{
    io::IncidentFields f;
    *f.find("address") = "";
    EXPECT_EQ(error_of(f, header_of({"id"})), "field '' (\"address\") not found in 'inc.csv' (the fields are: id)");
}
