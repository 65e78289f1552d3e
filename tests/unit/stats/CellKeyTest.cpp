// SPDX-License-Identifier: MIT
#include <trygg/stats/cell_key.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

using trygg::stats::cell_key_perturbation;
using trygg::stats::CellKeySecret;
using trygg::stats::record_key;

namespace {

// The distribution of the perturbation over evenly spread keys.
std::map<int, double> distribution(double count)
{
    std::map<int, double> p;
    constexpr int steps = 100000;
    for (int k = 0; k < steps; ++k) {
        const auto key = static_cast<std::uint32_t>((k + 0.5) / steps * 4294967296.0);
        p[cell_key_perturbation(count, key)] += 1.0 / steps;
    }
    return p;
}

}  // namespace

TEST(CellKey, TheTableOfTheDocumentation)
{
    // Probabilities written in cell_key.hpp, checked against the implementation.
    const auto one = distribution(1);
    EXPECT_NEAR(one.at(-1), 0.30, 1e-4);
    EXPECT_NEAR(one.at(0), 0.45, 1e-4);
    EXPECT_NEAR(one.at(1), 0.20, 1e-4);
    EXPECT_NEAR(one.at(2), 0.05, 1e-4);
    EXPECT_EQ(one.count(-2), 0u);
    const auto many = distribution(7);
    EXPECT_NEAR(many.at(-2), 0.05, 1e-4);
    EXPECT_NEAR(many.at(-1), 0.20, 1e-4);
    EXPECT_NEAR(many.at(0), 0.50, 1e-4);
    EXPECT_NEAR(many.at(1), 0.20, 1e-4);
    EXPECT_NEAR(many.at(2), 0.05, 1e-4);
}

TEST(CellKey, UnbiasedNeverNegativeAndZeroStaysZero)
{
    for (double count : {1.0, 2.0, 3.0, 50.0}) {
        double mean = 0, var = 0;
        for (const auto& [d, p] : distribution(count)) {
            EXPECT_GE(count + d, 0) << count;
            mean += d * p;
            var += d * d * p;
        }
        EXPECT_NEAR(mean, 0.0, 1e-4) << count;
        // Hand computation: 0.3·1 + 0.2·1 + 0.05·4 = 0.7; 2·(0.05·4 + 0.2·1) = 0.8.
        EXPECT_NEAR(var, count < 2 ? 0.7 : 0.8, 1e-4) << count;
    }
    for (std::uint32_t key : {0u, 12345u, 4294967295u})
        EXPECT_EQ(cell_key_perturbation(0, key), 0);
}

TEST(CellKey, RecordKeysAreHmacSha256OfTheIdentityUnderTheSecretsDigest)
{
    // Python: k = hashlib.sha256(b"correct horse battery staple").digest();
    // int.from_bytes(hmac.new(k, b"id:E000001", hashlib.sha256).digest()[:4], "big").
    const auto secret = CellKeySecret::from_text("correct horse battery staple");
    EXPECT_EQ(record_key(secret, "id:E000001"), 1631248637u);
    EXPECT_EQ(record_key(secret, "content:0123456789abcdef"), 3655612346u);
}

TEST(CellKey, RecordKeysDependOnSecretAndIdentityAndSpreadEvenly)
{
    const auto a = CellKeySecret::from_text("first secret of the office");
    const auto b = CellKeySecret::from_text("second secret of the office");
    EXPECT_EQ(record_key(a, "id:E000001"), record_key(a, "id:E000001"));
    EXPECT_NE(record_key(a, "id:E000001"), record_key(b, "id:E000001"));
    EXPECT_NE(record_key(a, "id:E000001"), record_key(a, "id:E000002"));
    // Keys of consecutive ids fill [0, 2^32) evenly: ten deciles within 15 % (5 SD) of 1,000.
    int decile[10] = {};
    for (int i = 0; i < 10000; ++i)
        ++decile[record_key(a, "id:E" + std::to_string(i)) / 429496730u];
    for (int d : decile)
        EXPECT_NEAR(d, 1000, 150);
}

TEST(CellKey, NoKeyWithoutASecret)
{
    EXPECT_FALSE(CellKeySecret().is_set());
    EXPECT_THROW((void)record_key(CellKeySecret(), "id:E1"), std::logic_error);
}
