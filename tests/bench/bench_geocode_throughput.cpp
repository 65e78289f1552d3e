// SPDX-License-Identifier: MIT
// Geocoder throughput on one thread (issue 16: >= 100k structured addresses/s and >= 20k
// free-text events/s per core on a gazetteer of >= 100k entries), as a plain program so that a
// whole-process timer can run it with and without queries:
//
//   bench_geocode_throughput structured 400000   # build the gazetteer, geocode 400k addresses
//   bench_geocode_throughput freetext 100000     # ... 100k police-style event texts
//   bench_geocode_throughput structured 0        # the same set-up, no queries (the baseline)
//
// (wall(N) - wall(0)) / N is the time a query. It also prints its own in-process rate.
//
// The gazetteer: 100,000 synthetic address points on ~2,700 streets with Swedish names (the
// product of name parts, street types and name words such as Norra/Stora, every name unique,
// numbers 1..k on both sides, 8 % with letters A/B), 20 postal towns, plus 5,000 named places
// (squares, schools, stops: "<part>skolan", "<part>s torg" in each town) and 60 districts:
// 105,060 entries. Queries: register addresses as written (structured); event texts of
// 150-400 characters in the style of Polisen's (a street, a place, a street with a number, a
// crossing, or no place at all) for free text.
#include <trygg/geocode/geocoder.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iterator>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace trygg;
using namespace trygg::geocode;

namespace {

const char* bases[] = {
    "Björk", "Ek", "Lind", "Alm", "Ask", "Asp", "Gran", "Tall", "Rönn", "Hassel", "Lönn", "Sälg", "Hägg", "Syren",
    "Ros", "Tulpan", "Lilje", "Viol", "Nejlika", "Prästkrage", "Blåklint", "Smörblomme", "Klöver", "Ljung",
    "Mossa", "Sten", "Berg", "Dal", "Ängs", "Åker", "Skogs", "Sjö", "Strand", "Hamn", "Kvarn", "Smed", "Bagar",
    "Skomakar", "Snickar", "Murar", "Kopparslagar", "Garvar", "Kyrk", "Skol", "Prost", "Klockar", "Torg",
    "Bro", "Borg", "Slotts", "Kungs", "Drottning", "Prins", "Fågel", "Trast", "Finke", "Svan", "Tran", "Örn",
    "Falk", "Hök", "Uggle", "Räv", "Varg", "Björn", "Lo", "Älg", "Hjort", "Rå", "Hare", "Ekorr", "Grävling",
    "Utter", "Bäver", "Mård", "Iller", "Vessle", "Igelkott", "Humle", "Bi", "Fjäril", "Nyckelpiga", "Myr",
    "Lärk", "Vipe", "Spov", "Tärn", "Mås", "Trut", "Skarv", "Gås", "And", "Kråk", "Skata", "Kaja", "Duv"};
const char* types[] = {"gatan", "vägen", "gränd", "stigen", "backen", "platsen", "slingan", "gången"};
const char* mods[] = {"", "Norra ", "Södra ", "Östra ", "Västra ", "Stora ", "Lilla ", "Gamla "};
const char* towns[] = {"Benchby",  "Åsby",    "Ekeby",   "Norrby",  "Söderby", "Västerby", "Österby",
                       "Kvarnby",  "Bruksby", "Hammarby", "Lundby", "Sandby",  "Bergby",   "Dalby",
                       "Strandby", "Skogsby", "Ängby",   "Hagby",   "Torsby",  "Mossby"};

struct Data {
    Gazetteer gazetteer;
    std::vector<std::string> streets;  // "Name N[L], town" as a register writes it
    std::vector<std::string> street_names;
    std::vector<std::string> place_names;
};

void build(Data& d)
{
    std::vector<std::string> names;
    for (const char* m : mods)
        for (const char* b : bases)
            for (const char* t : types)
                names.push_back(std::string(m) + b + t);
    std::mt19937_64 rng(20261205);
    std::shuffle(names.begin(), names.end(), rng);
    std::uniform_real_distribution<double> pos(0, 40000), angle(0, 2 * M_PI), u(0, 1);
    std::uniform_int_distribution<int> len(10, 60);
    auto src = d.gazetteer.add_source("synthetic-addresses");
    std::size_t added = 0;
    for (std::size_t s = 0; added < 100000; ++s) {
        const auto& name = names[s % names.size()];
        const char* town = towns[(s / names.size() + s) % std::size(towns)];
        double x0 = 500000 + pos(rng), y0 = 6500000 + pos(rng), a = angle(rng);
        int k = len(rng);
        d.street_names.push_back(name);
        for (int n = 1; n <= k && added < 100000; ++n) {
            double along = (n / 2) * 12.0, side = n % 2 ? 12.0 : -12.0;
            core::Point p{x0 + along * std::cos(a) - side * std::sin(a), y0 + along * std::sin(a) + side * std::cos(a)};
            const bool letters = u(rng) < 0.08;
            for (int li = 0; li < (letters ? 2 : 1); ++li) {
                AddressPoint e;
                e.street = name;
                e.number = n;
                e.letter = letters ? std::string(1, static_cast<char>('A' + li)) : std::string();
                e.point = {p.x + 4.0 * li, p.y};
                char pc[8];
                std::snprintf(pc, sizeof pc, "7%04d", static_cast<int>(p.x / 2000) % 50 * 100 + static_cast<int>(p.y / 2000) % 50);
                e.postcode = pc;
                e.town = town;
                e.source = src;
                d.streets.push_back(e.street + " " + std::to_string(n) + e.letter + ", " + e.town);
                d.gazetteer.add_address(std::move(e));
                ++added;
            }
        }
    }
    auto psrc = d.gazetteer.add_source("synthetic-places");
    const char* kinds[] = {"skolan", "s torg", "parken", "hallen", "s IP"};
    for (int i = 0; i < 5000; ++i) {
        NamedPlace p;
        std::string base = std::string(bases[i % std::size(bases)]) + std::string(types[(i / 97) % 8]).substr(0, 3);
        base[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(base[0])));
        p.name = base + kinds[(i / 776) % 5] + (i >= 3880 ? std::string(" ") + towns[i % 20] : std::string());
        p.point = {500000 + pos(rng), 6500000 + pos(rng)};
        p.source = psrc;
        d.place_names.push_back(p.name);
        d.gazetteer.add_place(std::move(p));
    }
    for (int i = 0; i < 60; ++i) {
        NamedPlace p;
        p.name = std::string(towns[i % 20]) + (i < 20 ? "" : i < 40 ? " centrum" : " norra");
        p.point = {500000 + pos(rng), 6500000 + pos(rng)};
        p.radius_m = 800;
        p.kind = PlaceKind::district;
        p.source = psrc;
        d.gazetteer.add_place(std::move(p));
    }
    d.gazetteer.build();
}

std::vector<std::string> event_texts(const Data& d, std::size_t n)
{
    static const char* openers[] = {"Polisen larmades vid 22-tiden till", "En man i 30-årsåldern greps på",
                                    "Strax efter midnatt inkom ett larm om bråk på",
                                    "Två personer har skadats i en trafikolycka på",
                                    "En kvinna uppger att hon blivit rånad på"};
    static const char* tails[] = {
        ". Ingen person ska ha skadats allvarligt, enligt polisens presstalesperson. Polisen har inlett en "
        "förundersökning och söker vittnen.",
        ". Det är oklart hur händelsen gått till. En patrull är på plats och gör en teknisk undersökning.",
        " i samband med en kontroll. Mannen misstänks för ringa narkotikabrott och eget bruk.",
        ". Larmet kom in via 112 och flera enheter skickades till platsen."};
    std::mt19937_64 rng(7);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& street = d.street_names[rng() % d.street_names.size()];
        const auto& place = d.place_names[rng() % d.place_names.size()];
        std::string text = openers[rng() % 5];
        switch (rng() % 5) {
        case 0: text += " " + street; break;
        case 1: text += " " + street + " " + std::to_string(1 + rng() % 30); break;
        case 2: text += " " + place; break;
        case 3: text += " korsningen " + street + " och " + d.street_names[rng() % d.street_names.size()]; break;
        default: text += " en adress i centrala delarna av staden"; break;
        }
        text += tails[rng() % 4];
        out.push_back(std::move(text));
    }
    return out;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s structured|freetext N\n", argv[0]);
        return 2;
    }
    const std::string mode = argv[1];
    const std::size_t n = std::strtoull(argv[2], nullptr, 10);
    Data d;
    build(d);
    GeocoderOptions o;
    o.free_text = mode == "freetext";
    Geocoder geocoder(d.gazetteer, o);
    std::vector<std::string> texts;
    if (o.free_text) {
        texts = event_texts(d, std::min<std::size_t>(n, 50000));
    } else {
        std::mt19937_64 rng(11);
        for (std::size_t i = 0; i < std::min<std::size_t>(n, 100000); ++i)
            texts.push_back(d.streets[rng() % d.streets.size()]);
    }
    std::size_t placed = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i)
        placed += has_point(geocoder.geocode(texts[i % texts.size()]).type);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s: gazetteer %zu addresses + %zu places; %zu queries in %.3f s (%.0f/s), %zu placed\n", mode.c_str(),
                d.gazetteer.addresses().size(), d.gazetteer.places().size(), n, s, n ? static_cast<double>(n) / s : 0.0, placed);
    return 0;
}
