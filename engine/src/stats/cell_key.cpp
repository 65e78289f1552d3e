#include <trygg/stats/cell_key.hpp>

#include <array>

namespace trygg::stats {

namespace {

// splitmix64's finaliser: a well-mixed 64-bit value from any input.
std::uint64_t mix(std::uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

struct Row {
    int first;                   // perturbation of the first step
    std::array<double, 5> upto;  // cumulative probabilities, one step per perturbation
};

// Probabilities from the table in the header, cumulated; the key's position in [0, 1) picks
// the perturbation.
constexpr Row one{-1, {0.30, 0.75, 0.95, 1.0, 1.0}};
constexpr Row many{-2, {0.05, 0.25, 0.75, 0.95, 1.0}};

}  // namespace

std::uint32_t record_key(std::uint64_t secret, std::string_view id)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a over the id, then mixed with the secret
    for (unsigned char c : id) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return static_cast<std::uint32_t>(mix(h ^ mix(secret)) >> 32);
}

int cell_key_perturbation(double count, std::uint32_t key)
{
    if (!(count >= 1))
        return 0;
    const Row& row = count < 2 ? one : many;
    const double u = (static_cast<double>(key) + 0.5) / 4294967296.0;
    for (std::size_t k = 0; k < row.upto.size(); ++k)
        if (u < row.upto[k])
            return row.first + static_cast<int>(k);
    return row.first + static_cast<int>(row.upto.size()) - 1;
}

}  // namespace trygg::stats
