// SPDX-License-Identifier: MIT
#include <trygg/io/incident_row_decoder.hpp>

#include <gtest/gtest.h>

#include <cmath>

// The row decoder on hand-made rows. Minutes since 1970-01-01 from Python's datetime:
// 2024-03-05 14:30 -> 28494150; 2024-03-01 -> 28487520; 2024-04-01 -> 28532160.
using namespace trygg;

namespace {

// Header: id, datum, kod, x, y, lon, lat, deso, adress, kon, alder
const std::vector<std::string> fields{"id", "datum", "kod", "x", "y", "lon", "lat", "deso", "adress", "kon", "alder"};

io::IncidentRowSettings settings()
{
    io::IncidentRowSettings s;
    s.columns = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    s.field_names = fields;
    s.groups_of = [](std::string_view code) -> std::uint16_t { return code == "0375" ? 0b011 : 0; };
    s.fallback_groups = 0b100;
    return s;
}

struct Row {
    std::vector<std::string> text;
    std::vector<std::string_view> cells;
    std::string problem;
    std::optional<core::Point> point;
    io::RecordRow record() const { return io::RecordRow{7, cells, problem, &point}; }
};

Row row(std::vector<std::string> text)
{
    Row r{std::move(text), {}, "", std::nullopt};
    for (const auto& t : r.text)
        r.cells.emplace_back(t);
    return r;
}

// id, datum, kod, x, y, lon, lat, deso, adress, kon, alder
const std::vector<std::string> good{"a1", "2024-03-05 14:30", "0375", "590261", "6609533", "", "", "", "Storgatan 1",
                                    "K", "34"};

}  // namespace

TEST(IncidentRowDecoder, GoodRowIsALocatedIncident)
{
    io::IncidentRowDecoder d(settings());
    const auto r = row(good);
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_TRUE(d.decode(r.record(), out, reject));
    EXPECT_EQ(out.coordinates, io::CoordinateSource::xy);
    EXPECT_EQ(out.status, core::LocationStatus::located);
    EXPECT_EQ(out.x, 590261.0);
    EXPECT_EQ(out.y, 6609533.0);
    EXPECT_EQ(out.time, 28494150);
    EXPECT_TRUE(out.has_clock);
    EXPECT_EQ(out.groups, 0b011);
    EXPECT_FALSE(out.unknown_category);
    EXPECT_EQ(out.sex, core::Sex::kvinna);
    EXPECT_EQ(out.age, 34);
    EXPECT_EQ(out.id, "a1");
    EXPECT_EQ(out.address, "Storgatan 1");
    EXPECT_EQ(out.category, "0375");
}

TEST(IncidentRowDecoder, BadDateIsRejectedWithTheTimeField)
{
    io::IncidentRowDecoder d(settings());
    auto text = good;
    text[1] = "2023-02-30";
    const auto r = row(text);
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_FALSE(d.decode(r.record(), out, reject));
    EXPECT_EQ(reject.row, 7u);
    EXPECT_EQ(reject.id, "a1");
    EXPECT_EQ(reject.bucket, "rejected");
    EXPECT_EQ(reject.field, "datum");
    EXPECT_NE(reject.reason.find("impossible date '2023-02-30'"), std::string::npos) << reject.reason;
}

TEST(IncidentRowDecoder, DateOutsideTheStudyPeriodIsOutside)
{
    auto s = settings();
    s.from = 28487520;  // 2024-03-01
    s.to = 28532160;    // 2024-04-01 (exclusive)
    io::IncidentRowDecoder d(s);
    auto text = good;
    text[1] = "2024-04-01";
    const auto r = row(text);
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_FALSE(d.decode(r.record(), out, reject));
    EXPECT_EQ(reject.bucket, "outside");
    EXPECT_EQ(reject.field, "datum");
    EXPECT_EQ(reject.reason, "date '2024-04-01' is outside the study period");
    text[1] = "2024-03-01";
    const auto inside = row(text);
    EXPECT_TRUE(d.decode(inside.record(), out, reject));
}

TEST(IncidentRowDecoder, BadCoordinateIsRejectedWithItsField)
{
    io::IncidentRowDecoder d(settings());
    auto text = good;
    text[4] = "inf";
    const auto r = row(text);
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_FALSE(d.decode(r.record(), out, reject));
    EXPECT_EQ(reject.bucket, "rejected");
    EXPECT_EQ(reject.field, "y");
    EXPECT_EQ(reject.reason, "not a finite number: 'inf'");
}

TEST(IncidentRowDecoder, LatitudeOutOfRangeIsRejected)
{
    io::IncidentRowDecoder d(settings());
    auto text = good;
    text[3] = text[4] = "";
    text[5] = "16.5";
    text[6] = "95";
    const auto r = row(text);
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_FALSE(d.decode(r.record(), out, reject));
    EXPECT_EQ(reject.field, "lat");
    EXPECT_EQ(reject.reason, "longitude/latitude out of range");
}

TEST(IncidentRowDecoder, MissingCategoryCountsInTheFallbackGroup)
{
    io::IncidentRowDecoder d(settings());
    auto text = good;
    text[2] = "";
    const auto r = row(text);
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_TRUE(d.decode(r.record(), out, reject));
    EXPECT_EQ(out.groups, 0b100);
    EXPECT_TRUE(out.unknown_category);
    EXPECT_EQ(out.category, "");
}

TEST(IncidentRowDecoder, AreaCodeOnlyIsAreaCoded)
{
    io::IncidentRowDecoder d(settings());
    const auto r = row({"a2", "2024-03-05", "0375", "", "", "", "", "0180C1010", "", "", ""});
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_TRUE(d.decode(r.record(), out, reject));
    EXPECT_EQ(out.status, core::LocationStatus::area_code);
    EXPECT_EQ(out.coordinates, io::CoordinateSource::none);
    EXPECT_EQ(out.area_code, "0180C1010");
    EXPECT_TRUE(std::isnan(out.x));
    EXPECT_FALSE(out.has_clock);
    EXPECT_EQ(out.sex, core::Sex::unknown);
    EXPECT_EQ(out.age, -1);
    EXPECT_FALSE(out.invalid_sex);
    EXPECT_FALSE(out.invalid_age);
}

TEST(IncidentRowDecoder, AddressOnlyIsNotLocatedAndKeepsTheAddress)
{
    io::IncidentRowDecoder d(settings());
    const auto r = row({"a3", "2024-03-05", "0375", "", "", "", "", "", "Kungsgatan 4", "man", "x"});
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_TRUE(d.decode(r.record(), out, reject));
    EXPECT_EQ(out.status, core::LocationStatus::not_located);
    EXPECT_EQ(out.address, "Kungsgatan 4");
    EXPECT_EQ(out.sex, core::Sex::man);
    EXPECT_TRUE(out.invalid_age);
    EXPECT_EQ(out.age, -1);
}

TEST(IncidentRowDecoder, PointGeometryIsUsedWithoutCoordinateColumns)
{
    auto s = settings();
    s.has_geometry = true;
    io::IncidentRowDecoder d(s);
    auto r = row({"a4", "2024-03-05", "0375", "", "", "", "", "0180C1010", "", "", ""});
    r.point = core::Point{10.0, 20.0};
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_TRUE(d.decode(r.record(), out, reject));
    EXPECT_EQ(out.coordinates, io::CoordinateSource::geometry);
    EXPECT_EQ(out.status, core::LocationStatus::located);
    EXPECT_EQ(out.x, 10.0);
    EXPECT_EQ(out.y, 20.0);
}

TEST(IncidentRowDecoder, RowWithAParseProblemIsRejectedWithoutAField)
{
    io::IncidentRowDecoder d(settings());
    auto r = row(good);
    r.problem = "has 12 fields, the header has 11";
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_FALSE(d.decode(r.record(), out, reject));
    EXPECT_EQ(reject.field, "");
    EXPECT_EQ(reject.reason, "has 12 fields, the header has 11");
}

TEST(IncidentRowDecoder, UnrecognisedSexIsUnknownAndFlagged)
{
    bool invalid = false;
    EXPECT_EQ(io::parse_sex("Kvinna", invalid), core::Sex::kvinna);
    EXPECT_FALSE(invalid);
    EXPECT_EQ(io::parse_sex(" MÄN ", invalid), core::Sex::man);
    EXPECT_FALSE(invalid);
    EXPECT_EQ(io::parse_sex("", invalid), core::Sex::unknown);
    EXPECT_FALSE(invalid);
    EXPECT_EQ(io::parse_sex("okänd", invalid), core::Sex::unknown);
    EXPECT_TRUE(invalid);
}

TEST(IncidentRowDecoder, WithoutTimeMappingRowsHaveNoTime)
{
    auto s = settings();
    s.columns.time = -1;
    io::IncidentRowDecoder d(s);
    auto text = good;
    text[1] = "not a date";
    const auto r = row(text);
    io::DecodedIncident out;
    core::Reject reject;
    ASSERT_TRUE(d.decode(r.record(), out, reject));
    EXPECT_EQ(out.time, core::no_time);
}

TEST(IncidentRowDecoder, ContentHashIsTheRecordNotItsRowOrItsSpelling)
{
    io::IncidentRowDecoder d(settings());
    auto hash_of = [&](std::vector<std::string> text, std::uint64_t number) {
        const auto r = row(std::move(text));
        auto record = r.record();
        record.number = number;
        io::DecodedIncident out;
        core::Reject reject;
        EXPECT_TRUE(d.decode(record, out, reject));
        return out.content_hash;
    };
    // A row with an id needs no content hash: the id is its identity.
    EXPECT_EQ(hash_of(good, 7), 0u);
    auto without_id = good;
    without_id[0] = "";
    const auto base = hash_of(without_id, 7);
    EXPECT_NE(base, 0u);
    EXPECT_EQ(hash_of(without_id, 8), base);  // another row number: the same record
    auto text = without_id;
    text[1] = "2024-03-05T14:30";  // the same time written another way
    text[3] = "590261.0";
    EXPECT_EQ(hash_of(text, 7), base);
    // Each of the record's own fields changes it.
    for (std::size_t f : {1u, 2u, 3u, 4u, 8u, 9u, 10u}) {
        text = without_id;
        text[f] = f == 1 ? "2024-03-05 14:31" : f == 9 ? "M" : f == 8 ? "Storgatan 2" : f == 2 ? "0376" : "35";
        EXPECT_NE(hash_of(text, 7), base) << fields[f];
    }
    text = without_id;
    text[3] = text[4] = "";
    text[7] = "0180C1010";  // an area code instead of coordinates
    const auto by_area = hash_of(text, 7);
    text[7] = "0180C1020";
    EXPECT_NE(hash_of(text, 7), by_area);
}

// Freezing closed periods: with freeze_before = 2024-04-01 00:00 (28532160), a row dated in March
// and registered in April belongs to a later release (bucket "outside"); one registered in
// March, or with no registration date, or dated in April, stays.
TEST(IncidentRowDecoder, RowRegisteredAfterTheFreezeOfItsClosedPeriodIsOutside)
{
    auto s = settings();
    s.field_names.push_back("registrerad");
    s.columns.registered = 11;
    s.freeze_before = 28532160;
    io::IncidentRowDecoder d(s);
    io::DecodedIncident out;
    core::Reject reject;
    const auto with = [&](const std::string& date, const std::string& registered) {
        auto text = good;
        text[1] = date;
        text.push_back(registered);
        return row(text);
    };
    const auto late = with("2024-03-05 14:30", "2024-04-02");
    ASSERT_FALSE(d.decode(late.record(), out, reject));
    EXPECT_EQ(reject.bucket, "outside");
    EXPECT_EQ(reject.field, "registrerad");
    const auto in_time = with("2024-03-05 14:30", "2024-03-31 23:59");
    EXPECT_TRUE(d.decode(in_time.record(), out, reject));
    const auto unknown = with("2024-03-05 14:30", "");
    EXPECT_TRUE(d.decode(unknown.record(), out, reject));
    const auto open_period = with("2024-04-05", "2024-05-01");
    EXPECT_TRUE(d.decode(open_period.record(), out, reject));
    const auto bad = with("2024-03-05", "2024-13-01");
    ASSERT_FALSE(d.decode(bad.record(), out, reject));
    EXPECT_EQ(reject.bucket, "rejected");
    EXPECT_EQ(reject.field, "registrerad");
}

// Kept rows build no reject: `reject` is left as it was. A refusal after kept rows and after
// other refusals carries only its own row's values (no field left over from a frozen-kept row,
// no "outside" from the refusal before).
TEST(IncidentRowDecoder, EachRejectHoldsOnlyItsOwnRowsValues)
{
    auto s = settings();
    s.field_names.push_back("registrerad");
    s.columns.registered = 11;
    s.freeze_before = 28532160;  // 2024-04-01
    s.to = 28532160 + 60 * 24 * 365;
    io::IncidentRowDecoder d(s);
    io::DecodedIncident out;
    core::Reject reject{99, "sentinel", "b", "f", "r", "c"};
    auto kept_text = good;
    kept_text.push_back("2024-03-31");  // registered before the freeze: kept
    const auto kept = row(kept_text);
    ASSERT_TRUE(d.decode(kept.record(), out, reject));
    EXPECT_EQ(reject.row, 99u);
    EXPECT_EQ(reject.id, "sentinel");
    EXPECT_EQ(reject.field, "f");

    auto late_text = good;
    late_text[0] = "a2";
    late_text[1] = "2026-01-01";  // after "to": outside, field datum
    late_text.push_back("");
    const auto late = row(late_text);
    ASSERT_FALSE(d.decode(late.record(), out, reject));
    EXPECT_EQ(reject.bucket, "outside");
    EXPECT_EQ(reject.field, "datum");

    ASSERT_TRUE(d.decode(kept.record(), out, reject));  // frozen-kept again
    auto bad_text = kept_text;
    bad_text[0] = "a3";
    auto bad = row(bad_text);
    bad.problem = "unterminated quote starting at line 7";
    ASSERT_FALSE(d.decode(bad.record(), out, reject));
    EXPECT_EQ(reject.row, 7u);
    EXPECT_EQ(reject.id, "a3");
    EXPECT_EQ(reject.bucket, "rejected");
    EXPECT_EQ(reject.field, "");
    EXPECT_EQ(reject.reason, "unterminated quote starting at line 7");
    EXPECT_EQ(reject.category, "malformed row");
}
