// SPDX-License-Identifier: MIT
// Geocoder speed (single thread) against a synthetic 100,000-address gazetteer, index build
// time and memory, and accuracy with the noise generator on Exempelstad's register.
// Run: build/release/tests/bench/bench_geocode   (geodata is found via TRYGG_SOURCE_DIR)
#include <trygg/geocode/gazetteer_source.hpp>
#include <trygg/geocode/geocoder.hpp>

#include "geocode_noise.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

using namespace trygg;
using namespace trygg::geocode;

namespace {

struct Synthetic {
    std::vector<AddressPoint> entries;
    std::vector<bench::AddressParts> parts;
};

// Street names from Swedish-looking parts; every name unique, numbers 1..k on both sides.
Synthetic make_synthetic(std::size_t target)
{
    static const char* bases[] = {
        "Björk", "Ek", "Lind", "Alm", "Ask", "Asp", "Gran", "Tall", "Rönn", "Hassel", "Lönn", "Sälg", "Hägg", "Syren",
        "Ros", "Tulpan", "Lilje", "Viol", "Nejlika", "Prästkrage", "Blåklint", "Smörblomme", "Klöver", "Ljung",
        "Mossa", "Sten", "Berg", "Dal", "Ängs", "Åker", "Skogs", "Sjö", "Strand", "Hamn", "Kvarn", "Smed", "Bagar",
        "Skomakar", "Snickar", "Murar", "Kopparslagar", "Garvar", "Kyrk", "Skol", "Prost", "Klockar", "Torg",
        "Bro", "Borg", "Slotts", "Kungs", "Drottning", "Prins", "Fågel", "Trast", "Finke", "Svan", "Tran", "Örn",
        "Falk", "Hök", "Uggle", "Räv", "Varg", "Björn", "Lo", "Älg", "Hjort", "Rå", "Hare", "Ekorr", "Grävling",
        "Utter", "Bäver", "Mård", "Iller", "Vessle", "Igelkott", "Humle", "Bi", "Fjäril", "Nyckelpiga", "Myr",
        "Lärk", "Vipe", "Spov", "Tärn", "Mås", "Trut", "Skarv", "Gås", "And", "Kråk", "Skata", "Kaja", "Duv"};
    static const char* types[] = {"gatan", "vägen", "gränd", "stigen", "backen", "platsen", "slingan", "gången"};
    static const char* mods[] = {"", "Norra ", "Södra ", "Östra ", "Västra ", "Stora ", "Lilla ", "Gamla "};
    std::vector<std::string> names;
    for (const char* m : mods)
        for (const char* b : bases)
            for (const char* t : types)
                names.push_back(std::string(m) + b + t);
    std::mt19937_64 rng(20261127);
    std::shuffle(names.begin(), names.end(), rng);
    std::uniform_real_distribution<double> pos(0, 30000), angle(0, 2 * M_PI), u(0, 1);
    std::uniform_int_distribution<int> len(10, 60);
    Synthetic s;
    for (const auto& name : names) {
        if (s.entries.size() >= target)
            break;
        double x0 = 500000 + pos(rng), y0 = 6500000 + pos(rng), a = angle(rng);
        int k = len(rng);
        for (int n = 1; n <= k && s.entries.size() < target; ++n) {
            double along = (n / 2) * 12.0, side = n % 2 ? 12.0 : -12.0;
            core::Point p{x0 + along * std::cos(a) - side * std::sin(a), y0 + along * std::sin(a) + side * std::cos(a)};
            std::vector<std::string> letters{""};
            if (u(rng) < 0.08)
                letters = {"A", "B"};
            for (std::size_t li = 0; li < letters.size(); ++li) {
                AddressPoint e;
                e.street = name;
                e.number = n;
                e.letter = letters[li];
                e.point = {p.x + 4.0 * static_cast<double>(li), p.y};
                char pc[8];
                std::snprintf(pc, sizeof pc, "%d%04d", 7, static_cast<int>(p.x / 2000) % 50 * 100 + static_cast<int>(p.y / 2000) % 50);
                e.postcode = pc;
                e.town = "Benchby";
                s.entries.push_back(e);
                s.parts.push_back({e.street, e.number, e.letter, e.postcode, e.town});
            }
        }
    }
    return s;
}

const Synthetic& synthetic()
{
    static Synthetic s = make_synthetic(100000);
    return s;
}

Gazetteer build(const Synthetic& s)
{
    Gazetteer g;
    auto src = g.add_source("synthetic");
    for (auto e : s.entries) {
        e.source = src;
        g.add_address(std::move(e));
    }
    g.build();
    return g;
}

Gazetteer& synthetic_gazetteer()
{
    static Gazetteer g = build(synthetic());
    return g;
}

long peak_rss_kb()
{
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return 0;
}

// Queries of one kind, with their true points, fixed for all iterations.
struct Queries {
    std::vector<std::string> text;
    std::vector<core::Point> truth;
};

Queries make_queries(int kind, std::size_t n)
{
    const auto& s = synthetic();
    bench::AddressNoise noise(kind * 7919 + 1);
    std::mt19937_64 rng(kind + 42);
    std::uniform_int_distribution<std::size_t> pick(0, s.parts.size() - 1);
    Queries q;
    for (std::size_t i = 0; i < n; ++i) {
        auto k = pick(rng);
        q.truth.push_back(s.entries[k].point);
        if (kind == 0)
            q.text.push_back(bench::clean_address(s.parts[k]));
        else if (kind == 1)
            q.text.push_back(noise.typo_only(s.parts[k]));
        else
            q.text.push_back(noise.noisy(s.parts[k], 2));
    }
    return q;
}

void run_queries(benchmark::State& state, int kind)
{
    auto& g = synthetic_gazetteer();
    Geocoder geocoder(g);
    auto q = make_queries(kind, 20000);
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = geocoder.geocode(q.text[i]);
        benchmark::DoNotOptimize(r);
        if (++i == q.text.size())
            i = 0;
    }
    state.SetItemsProcessed(state.iterations());
    // Accuracy over the whole query set (outside the timed loop).
    std::size_t matched = 0, far = 0;
    for (std::size_t k = 0; k < q.text.size(); ++k) {
        auto r = geocoder.geocode(q.text[k]);
        if (has_point(r.type) && r.type <= MatchType::street) {
            ++matched;
            far += std::hypot(r.point.x - q.truth[k].x, r.point.y - q.truth[k].y) > 50.0;
        }
    }
    state.counters["matched_pct"] = 100.0 * static_cast<double>(matched) / static_cast<double>(q.text.size());
    state.counters["far_50m_pct"] = 100.0 * static_cast<double>(far) / static_cast<double>(q.text.size());
    state.counters["gazetteer_addresses"] = static_cast<double>(g.addresses().size());
}

void BM_GeocodeExact(benchmark::State& state) { run_queries(state, 0); }
void BM_GeocodeFuzzyTypo(benchmark::State& state) { run_queries(state, 1); }
void BM_GeocodeRealisticNoise(benchmark::State& state) { run_queries(state, 2); }

void BM_BuildIndex100k(benchmark::State& state)
{
    const auto& s = synthetic();
    long before = peak_rss_kb();
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto g = build(s);
        bytes = g.memory_bytes();
        benchmark::DoNotOptimize(g);
    }
    state.counters["addresses"] = static_cast<double>(s.entries.size());
    state.counters["index_MB"] = static_cast<double>(bytes) / 1e6;
    state.counters["peak_rss_growth_MB"] = static_cast<double>(peak_rss_kb() - before) / 1e3;
}

std::filesystem::path exempelstad_gpkg()
{
    return std::filesystem::path(TRYGG_SOURCE_DIR) / "geodata" / "exempelstad" / "exempelstad.gpkg";
}

// Load of the register through GDAL, without and with the cache.
void BM_LoadExempelstadRegister(benchmark::State& state)
{
    if (!std::filesystem::exists(exempelstad_gpkg())) {
        state.SkipWithError("geodata/exempelstad not found");
        return;
    }
    GazetteerSpec spec;
    spec.path = exempelstad_gpkg();
    spec.layer = "adresser";
    spec.cache = state.range(0) != 0;
    if (spec.cache) {  // warm the cache once
        Gazetteer warm;
        load_gazetteer(warm, spec, "EPSG:3006");
    }
    for (auto _ : state) {
        Gazetteer g;
        auto rep = load_gazetteer(g, spec, "EPSG:3006");
        g.build();
        benchmark::DoNotOptimize(rep);
    }
}

// The accuracy figures with this noise generator: every register address made noisy
// (1-2 operations), truth = the register point.
void BM_ExempelstadNoisyAccuracy(benchmark::State& state)
{
    if (!std::filesystem::exists(exempelstad_gpkg())) {
        state.SkipWithError("geodata/exempelstad not found");
        return;
    }
    Gazetteer g;
    GazetteerSpec spec;
    spec.path = exempelstad_gpkg();
    spec.layer = "adresser";
    spec.cache = false;
    load_gazetteer(g, spec, "EPSG:3006");
    Geocoder geocoder(g);
    std::size_t exact_clean = 0, matched = 0, far = 0, n = 0;
    for (auto _ : state) {
        bench::AddressNoise noise(20240101);
        exact_clean = matched = far = n = 0;
        for (const auto& a : g.addresses()) {
            bench::AddressParts p{a.street, a.number, a.letter, a.postcode, a.town};
            exact_clean += geocoder.geocode(bench::clean_address(p)).type == MatchType::exact;
            auto r = geocoder.geocode(noise.noisy(p, 2));
            ++n;
            if (has_point(r.type) && r.type <= MatchType::street) {
                ++matched;
                far += std::hypot(r.point.x - a.point.x, r.point.y - a.point.y) > 50.0;
            }
        }
    }
    state.counters["clean_exact_pct"] = 100.0 * static_cast<double>(exact_clean) / static_cast<double>(n);
    state.counters["noisy_matched_pct"] = 100.0 * static_cast<double>(matched) / static_cast<double>(n);
    state.counters["noisy_far_50m_pct"] = 100.0 * static_cast<double>(far) / static_cast<double>(n);
    state.counters["records"] = static_cast<double>(n);
}

}  // namespace

BENCHMARK(BM_BuildIndex100k)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_GeocodeExact);
BENCHMARK(BM_GeocodeFuzzyTypo);
BENCHMARK(BM_GeocodeRealisticNoise);
BENCHMARK(BM_LoadExempelstadRegister)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ExempelstadNoisyAccuracy)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
