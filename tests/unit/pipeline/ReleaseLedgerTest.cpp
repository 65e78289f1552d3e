// SPDX-License-Identifier: MIT
// The release ledger: WKB of district geometry, incident-set fingerprints, the SQLite file, and
// the three differencing checks on hand-made registers whose difference pieces are planted.
#include <trygg/core/datetime.hpp>
#include <trygg/core/error.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/incident_fingerprint.hpp>
#include <trygg/pipeline/pipeline.hpp>
#include <trygg/pipeline/release_check.hpp>
#include <trygg/pipeline/release_guard.hpp>
#include <trygg/pipeline/release_ledger.hpp>
#include <trygg/spatial/wkb.hpp>
#include <trygg/stats/aggregate.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

using namespace trygg;
using pipeline::Release;

namespace {

core::MultiPolygon square(double x0, double y0, double x1, double y1)
{
    return {{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
}

// Districts as squares 10 m wide along x: codes[i] covers x in [10 i, 10 (i + 1)) (widths[i]
// squares wide when given, e.g. a merged district).
core::DistrictLayer layer(std::vector<std::string> codes, std::vector<int> widths = {})
{
    core::DistrictLayer l;
    l.layer = "test";
    l.crs = "EPSG:3006";
    double x = 0;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const double w = 10.0 * (widths.empty() ? 1 : widths[i]);
        l.polygons.push_back(square(x, 0, x + w, 10));
        l.names.push_back(codes[i]);
        l.area_km2.push_back(w * 10 / 1e6);
        x += w;
    }
    l.codes = std::move(codes);
    return l;
}

struct Register {
    core::IncidentTable table;
    // One incident at x (y = 5), vald (bit 0), man aged 30, at `when`.
    void add(double x, const char* when, const std::string& id = "")
    {
        auto& t = table;
        t.x.push_back(x);
        t.y.push_back(5);
        t.time.push_back(core::parse_datetime(when)->minutes);
        t.has_clock.push_back(0);
        t.groups.push_back(1);
        t.sex.push_back(core::Sex::man);
        t.age.push_back(30);
        t.status.push_back(core::LocationStatus::located);
        t.area_code.push_back(-1);
        t.source_row.push_back(static_cast<std::uint32_t>(t.x.size() + 1));
        t.id.push_back(id);
    }
    void add_many(int n, double x, const char* when)
    {
        for (int i = 0; i < n; ++i)
            add(x, when);
    }
};

// The spine's artifacts for a register on `districts`, aggregated by `period`; the district of
// each incident from its x (the squares above).
std::shared_ptr<pipeline::AggregateArtifact> publication(const Register& reg, const core::DistrictLayer& districts,
                                                         stats::PeriodKind period)
{
    auto inc = std::make_shared<pipeline::IncidentsArtifact>();
    inc->table = reg.table;
    inc->table.group_names = {"vald"};
    auto dist = std::make_shared<pipeline::DistrictsArtifact>();
    dist->layer = districts;
    auto assigned = std::make_shared<pipeline::AssignedArtifact>();
    assigned->incidents = inc;
    assigned->districts = dist;
    for (std::size_t i = 0; i < reg.table.size(); ++i) {
        std::int32_t d = -1;
        for (std::size_t k = 0; k < districts.size(); ++k) {
            const auto& ring = districts.polygons[k][0].outer;
            if (reg.table.x[i] >= ring[0].x && reg.table.x[i] < ring[1].x)
                d = static_cast<std::int32_t>(k);
        }
        assigned->district.push_back(d);
    }
    auto agg = std::make_shared<pipeline::AggregateArtifact>();
    agg->assigned = assigned;
    stats::AggregateOptions o;
    o.period = period;
    o.suppress_below = 5;
    agg->result = stats::aggregate(inc->table, assigned->district, districts, nullptr, o);
    return agg;
}

std::optional<std::string> check(const pipeline::AggregateArtifact& earlier, const pipeline::AggregateArtifact& now)
{
    auto old = pipeline::release_of(earlier);
    old.id = 1;
    old.time = "2026-01-01T00:00:00Z";
    old.output = "first.gpkg";
    const auto& a = *now.assigned;
    const pipeline::ReleaseIncidents in{&a.incidents->table, &a.district, &a.districts->layer, now.result.options.age_bands};
    return pipeline::check_release({old}, pipeline::release_of(now), in);
}

std::string fingerprint(const core::IncidentTable& t)
{
    pipeline::IncidentFingerprint f;
    for (std::size_t i = 0; i < t.size(); ++i)
        f.add(t, i);
    return f.hex();
}

}  // namespace

TEST(Wkb, MultiPolygonWithAHoleRoundTrips)
{
    core::MultiPolygon mp = square(0, 0, 10, 10);
    mp[0].holes.push_back({{2, 2}, {3, 2}, {3, 3}, {2, 2}});
    mp.push_back(square(20, 0, 30.5, 10)[0]);
    const auto wkb = spatial::to_wkb(mp);
    // 1 + 4 + 4, then per polygon 1 + 4 + 4 and per ring 4 + 16 per point.
    EXPECT_EQ(wkb.size(), 9u + (9 + 4 + 5 * 16 + 4 + 4 * 16) + (9 + 4 + 5 * 16));
    const auto back = spatial::from_wkb(wkb);
    ASSERT_EQ(back.size(), 2u);
    ASSERT_EQ(back[0].holes.size(), 1u);
    EXPECT_EQ(back[0].holes[0][1].x, 3.0);
    EXPECT_EQ(back[1].outer[1].x, 30.5);
    EXPECT_THROW(spatial::from_wkb(wkb.substr(0, wkb.size() - 1)), core::DataError);
}

TEST(IncidentFingerprint, OrderDoesNotMatterOneMoreIncidentDoes)
{
    Register a;
    a.add(1, "2024-01-02", "x1");
    a.add(2, "2024-01-03", "x2");
    a.add(3, "2024-01-04", "");
    Register reordered;
    reordered.add(3, "2024-01-04", "");
    reordered.add(1, "2024-01-02", "x1");
    reordered.add(2, "2024-01-03", "x2");
    EXPECT_EQ(fingerprint(a.table), fingerprint(reordered.table));
    Register more = a;
    more.add(4, "2024-01-05", "x4");
    EXPECT_NE(fingerprint(a.table), fingerprint(more.table));
    Register changed = a;
    changed.table.age[0] = 31;  // same id, another age band's cell
    EXPECT_NE(fingerprint(a.table), fingerprint(changed.table));
    // Without an id the record is its content, not its row: the same record in other rows.
    Register no_ids;
    no_ids.add(1, "2024-01-02");
    no_ids.add(2, "2024-01-03");
    Register no_ids_reordered;
    no_ids_reordered.add(2, "2024-01-03");
    no_ids_reordered.add(1, "2024-01-02");
    EXPECT_EQ(fingerprint(no_ids.table), fingerprint(no_ids_reordered.table));
    Register no_ids_moved = no_ids;
    no_ids_moved.table.x[1] = 2.5;
    EXPECT_NE(fingerprint(no_ids.table), fingerprint(no_ids_moved.table));
}

TEST(ReleaseLedger, RecordsAndReadsReleases)
{
    const auto path = std::filesystem::temp_directory_path() / ("trygg_ledger_" + std::to_string(::getpid()) + ".sqlite");
    std::filesystem::remove(path);
    const pipeline::ReleaseLedger ledger(path);
    EXPECT_TRUE(ledger.releases().empty());  // no file yet: nothing published
    Register r;
    r.add_many(3, 5, "2024-02-01");
    auto release = pipeline::release_of(*publication(r, layer({"A"}), stats::PeriodKind::half_year));
    release.time = "2026-01-01T00:00:00Z";
    release.output = "a.gpkg";
    EXPECT_EQ(ledger.record(release), 1);
    EXPECT_EQ(ledger.record(release), 2);
    const auto back = ledger.releases();
    std::filesystem::remove(path);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[1].id, 2);
    EXPECT_EQ(back[0].output, "a.gpkg");
    ASSERT_EQ(back[0].periods.size(), 1u);
    EXPECT_EQ(back[0].periods[0].label, "2024H1");
    EXPECT_EQ(pipeline::span_text(back[0].periods[0].start, back[0].periods[0].end), "2024-01-01..2024-06-30");
    EXPECT_EQ(back[0].periods[0].incidents, 3u);
    EXPECT_EQ(back[0].area_fingerprint, release.area_fingerprint);
    ASSERT_EQ(back[0].districts.size(), 1u);
    EXPECT_EQ(spatial::from_wkb(back[0].districts[0].wkb)[0].outer[2].y, 10.0);
    // District A and the whole, 1 group, 4 sexes, 7 age labels.
    ASSERT_EQ(back[0].cells.size(), 2u * 4 * 7);
    EXPECT_EQ(back[0].cells[0].district, "A");
    EXPECT_EQ(back[0].cells[0].count, 3.0);
    EXPECT_FALSE(back[0].cells[0].published);  // 3 < 5: withheld
}

TEST(ReleaseCheck, IdenticalRepublicationIsAccepted)
{
    Register r;
    r.add_many(7, 5, "2024-02-01");
    r.add_many(2, 15, "2024-08-01");
    const auto p = publication(r, layer({"A", "B"}), stats::PeriodKind::half_year);
    EXPECT_EQ(check(*p, *p), std::nullopt);
}

TEST(ReleaseCheck, RepublishedPeriodWithOneMoreIncidentIsRefused)
{
    Register r;
    r.add_many(7, 5, "2024-02-01");
    Register more = r;
    more.add(5, "2024-03-01", "new");
    const auto districts = layer({"A"});
    const auto why = check(*publication(r, districts, stats::PeriodKind::half_year),
                           *publication(more, districts, stats::PeriodKind::half_year));
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("period 2024H1 (2024-01-01..2024-06-30) was published before from another incident set"),
              std::string::npos)
        << *why;
    EXPECT_NE(why->find("earlier release 1 of 2026-01-01T00:00:00Z, 'first.gpkg'"), std::string::npos) << *why;
}

TEST(ReleaseCheck, HalfYearAfterItsYearRefusedWhenTheOtherHalfIsSmall)
{
    // 2024: A holds 7 incidents in H1 and 2 in H2. The year minus H1 isolates the 2.
    Register r;
    r.add_many(7, 5, "2024-02-01");
    r.add_many(2, 5, "2024-09-01");
    const auto districts = layer({"A"});
    const auto year = publication(r, districts, stats::PeriodKind::year);
    const auto halves = publication(r, districts, stats::PeriodKind::half_year);
    const auto why = check(*year, *halves);
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("overlaps period 2024 (2024-01-01..2024-12-31) without being equal, and the days in the "
                        "earlier period but not in it hold 1 to 4 incidents in one cell (district 'A', vald, alla, 25-44)"),
              std::string::npos)
        << *why;
    // The other way round too: the half-years first, the year after.
    EXPECT_TRUE(check(*halves, *year));
    // H2 empty, or as large as the threshold in every cell: nothing small to isolate.
    Register none;
    none.add_many(7, 5, "2024-02-01");
    EXPECT_EQ(check(*publication(none, districts, stats::PeriodKind::year),
                    *publication(none, districts, stats::PeriodKind::half_year)),
              std::nullopt);
    Register five = none;
    five.add_many(5, 5, "2024-09-01");
    EXPECT_EQ(check(*publication(five, districts, stats::PeriodKind::year),
                    *publication(five, districts, stats::PeriodKind::half_year)),
              std::nullopt);
}

TEST(ReleaseCheck, PeriodEndingLaterRefusedWhenTheExtraDaysAreSmall)
{
    Register r;
    r.add_many(6, 5, "2024-08-01");
    r.add(5, "2024-12-10");  // in December only
    auto to_november = r;
    to_november.table.study_to = core::parse_datetime("2024-12-01")->minutes;
    to_november.table.keep({0, 1, 2, 3, 4, 5});
    const auto districts = layer({"A"});
    const auto why = check(*publication(to_november, districts, stats::PeriodKind::half_year),
                           *publication(r, districts, stats::PeriodKind::half_year));
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("period 2024H2 (2024-07-01..2024-12-31) overlaps period 2024H2 (2024-07-01..2024-11-30)"),
              std::string::npos)
        << *why;
}

TEST(ReleaseCheck, MergedDistrictRefusedWhenAPartIsSmall)
{
    // Earlier: A (x 0-10) and B (x 10-20). Now: AB covering both. AB minus B isolates A.
    Register r;
    r.add_many(2, 5, "2024-02-01");
    r.add_many(7, 15, "2024-02-01");
    const auto before = publication(r, layer({"A", "B"}), stats::PeriodKind::half_year);
    const auto merged = publication(r, layer({"AB"}, {2}), stats::PeriodKind::half_year);
    const auto why = check(*before, *merged);
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("the district layer differs from the earlier release's for period 2024H1 and the piece "
                        "earlier district 'A' ∩ district 'AB' holds 1 to 4 incidents"),
              std::string::npos)
        << *why;
    // Both parts at least the threshold: accepted.
    Register big;
    big.add_many(5, 5, "2024-02-01");
    big.add_many(7, 15, "2024-02-01");
    EXPECT_EQ(check(*publication(big, layer({"A", "B"}), stats::PeriodKind::half_year),
                    *publication(big, layer({"AB"}, {2}), stats::PeriodKind::half_year)),
              std::nullopt);
    // A district renamed but with the same incidents isolates nothing.
    EXPECT_EQ(check(*before, *publication(r, layer({"A2", "B"}), stats::PeriodKind::half_year)), std::nullopt);
}

TEST(ReleaseCheck, DroppedDistrictRefusedWhenItIsSmall)
{
    // Earlier: A and B; now only B. The earlier total minus today's isolates A's 2 incidents,
    // which today's run counts outside every district.
    Register r;
    r.add_many(2, 5, "2024-02-01");
    r.add_many(7, 15, "2024-02-01");
    const auto both = publication(r, layer({"A", "B"}), stats::PeriodKind::half_year);
    auto only_b = layer({"B"});
    only_b.polygons[0] = square(10, 0, 20, 10);
    const auto why = check(*both, *publication(r, only_b, stats::PeriodKind::half_year));
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("the piece earlier district 'A' ∩ outside every district holds 1 to 4 incidents"),
              std::string::npos)
        << *why;
}

TEST(ReleaseLedger, PipelineKeysLedgerAndFreeze)
{
    const nlohmann::json stage = {{"type", "read.table"}, {"path", "x.csv"}, {"key", "kod"}};
    const auto settings = [&](nlohmann::json top) {
        top["pipeline"] = nlohmann::json::array({stage});
        return pipeline::parse_pipeline(top, "/data").settings;
    };
    EXPECT_EQ(settings({{"ledger", "ledger.sqlite"}}).ledger, std::filesystem::path("/data/ledger.sqlite"));
    EXPECT_EQ(settings({{"ledger", "/keep/ledger.sqlite"}}).ledger, std::filesystem::path("/keep/ledger.sqlite"));
    EXPECT_TRUE(settings(nlohmann::json::object()).ledger.empty());
    // Until 2024-06-30 inclusive: the first minute left open is 2024-07-01 00:00.
    EXPECT_EQ(settings({{"freeze", {{"until", "2024-06-30"}}}}).freeze_before,
              core::parse_datetime("2024-07-01")->minutes);
    EXPECT_EQ(settings(nlohmann::json::object()).freeze_before, INT64_MIN);
    EXPECT_THROW(settings({{"ledger", 3}}), core::PipelineError);
    EXPECT_THROW(settings({{"freeze", "2024-06-30"}}), core::PipelineError);
    EXPECT_THROW(settings({{"freeze", {{"until", "2024-06-31"}}}}), core::PipelineError);
    EXPECT_THROW(settings({{"freeze", {{"until", "2024-06-30 12:00"}}}}), core::PipelineError);
}
