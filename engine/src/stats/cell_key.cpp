// SPDX-License-Identifier: MIT
#include <trygg/stats/cell_key.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <array>
#include <stdexcept>

namespace trygg::stats {

namespace {

struct Row {
    int first;                   // perturbation of the first step
    std::array<double, 5> upto;  // cumulative probabilities, one step per perturbation
};

// Probabilities from the table in the header, cumulated; the key's position in [0, 1) picks
// the perturbation.
constexpr Row one{-1, {0.30, 0.75, 0.95, 1.0, 1.0}};
constexpr Row many{-2, {0.05, 0.25, 0.75, 0.95, 1.0}};

}  // namespace

CellKeySecret CellKeySecret::from_text(std::string_view text)
{
    CellKeySecret s;
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), s.key_.data());
    s.set_ = true;
    return s;
}

std::uint32_t record_key(const CellKeySecret& secret, std::string_view identity)
{
    if (!secret.is_set())
        throw std::logic_error("cell key: record key without a secret");
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.key_.data(), static_cast<int>(secret.key_.size()),
         reinterpret_cast<const unsigned char*>(identity.data()), identity.size(), mac.data(), &length);
    return static_cast<std::uint32_t>(mac[0]) << 24 | static_cast<std::uint32_t>(mac[1]) << 16 |
           static_cast<std::uint32_t>(mac[2]) << 8 | static_cast<std::uint32_t>(mac[3]);
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
