// SPDX-License-Identifier: MIT
// The permutation engine: determinism across thread counts, sampling without replacement,
// and convergence of pseudo p-values as the number of permutations grows.
#include <trygg/spatial/weights_contiguity.hpp>
#include <trygg/stats/getis_ord.hpp>
#include <trygg/stats/global_autocorrelation.hpp>
#include <trygg/stats/local_moran.hpp>
#include <trygg/stats/permutation.hpp>

#include <gtest/gtest.h>

#include <set>

using namespace trygg;

namespace {

spatial::Weights rook_lattice(int side)
{
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (int r = 0; r < side; ++r)
        for (int c = 0; c < side; ++c) {
            const auto i = static_cast<std::uint32_t>(r * side + c);
            if (c + 1 < side)
                pairs.emplace_back(i, i + 1);
            if (r + 1 < side)
                pairs.emplace_back(i, i + static_cast<std::uint32_t>(side));
        }
    return spatial::Weights::from_pairs(static_cast<std::size_t>(side * side), pairs);
}

// Planted truth: a block of high values in the middle of a noisy field.
std::vector<double> planted(int side)
{
    std::vector<double> y(static_cast<std::size_t>(side * side));
    stats::SplitMix64 rng(42);
    for (int r = 0; r < side; ++r)
        for (int c = 0; c < side; ++c) {
            const bool hot = std::abs(r - side / 2) <= 2 && std::abs(c - side / 2) <= 2;
            y[static_cast<std::size_t>(r * side + c)] = (hot ? 20.0 : 5.0) + static_cast<double>(rng.below(1000)) / 250.0;
        }
    return y;
}

std::vector<double> p_sims(const std::vector<stats::PermutationSummary>& s)
{
    std::vector<double> p;
    for (const auto& x : s)
        p.push_back(x.p_sim);
    return p;
}

}  // namespace

TEST(Permutation, LocalMoranIdenticalForOneTwoAndEightThreads)
{
    const auto w = rook_lattice(20).row_standardised();
    const auto y = planted(20);
    std::vector<std::vector<double>> p, z;
    for (unsigned threads : {1u, 2u, 8u}) {
        const auto r = stats::local_moran(w, y, {999, 2024, threads});
        p.push_back(p_sims(r.sim));
        std::vector<double> zs;
        for (const auto& s : r.sim)
            zs.push_back(s.z_sim);
        z.push_back(zs);
    }
    EXPECT_EQ(p[0], p[1]);
    EXPECT_EQ(p[0], p[2]);
    EXPECT_EQ(z[0], z[1]);  // bitwise: no order-dependent reduction
    EXPECT_EQ(z[0], z[2]);
}

TEST(Permutation, GiStarAndGlobalMoranIdenticalForAnyThreadCount)
{
    const auto w = rook_lattice(15);
    const auto y = planted(15);
    stats::GetisOrdOptions o;
    o.permutation = {499, 7, 1};
    const auto a = stats::local_getis_ord(w, y, o);
    o.permutation.threads = 8;
    const auto b = stats::local_getis_ord(w, y, o);
    EXPECT_EQ(p_sims(a.sim), p_sims(b.sim));
    const auto g1 = stats::moran(w, y, {999, 7, 1});
    const auto g8 = stats::moran(w, y, {999, 7, 8});
    EXPECT_EQ(g1.sim.p_sim, g8.sim.p_sim);
    EXPECT_EQ(g1.sim.z_sim, g8.sim.z_sim);
}

TEST(Permutation, SeedChangesTheDraws)
{
    const auto w = rook_lattice(12).row_standardised();
    const auto y = planted(12);
    const auto a = stats::local_moran(w, y, {199, 1, 2});
    const auto b = stats::local_moran(w, y, {199, 2, 2});
    EXPECT_NE(p_sims(a.sim), p_sims(b.sim));
}

TEST(Permutation, DrawsAreDistinctOtherUnits)
{
    const std::size_t n = 12;
    std::vector<double> obs(n, 1.0);
    std::vector<std::uint32_t> draws(n, 11);  // every other unit: a full permutation of the rest
    bool ok = true;
    stats::conditional_permutation(obs, draws, {50, 3, 2}, [&](std::size_t i, std::span<const std::uint32_t> s) {
        std::set<std::uint32_t> u(s.begin(), s.end());
        ok = ok && u.size() == s.size() && !u.count(static_cast<std::uint32_t>(i)) && s.size() == 11;
        return 0.0;
    });
    EXPECT_TRUE(ok);
}

TEST(Permutation, PseudoPConvergesAsPermutationsGrow)
{
    const auto w = rook_lattice(30).row_standardised();
    const auto y = planted(30);
    const std::size_t centre = 15 * 30 + 15;  // middle of the hot block: strong analytic signal
    const auto analytic = stats::local_moran(w, y);
    ASSERT_LT(analytic.p[centre], 1e-6);
    std::vector<double> at;
    for (std::uint32_t perms : {99u, 999u, 9999u}) {
        const auto r = stats::local_moran(w, y, {perms, 99, 2});
        // No permutation beats the observed value: the pseudo p is the floor 1/(perms+1).
        EXPECT_DOUBLE_EQ(r.sim[centre].p_sim, 1.0 / (perms + 1.0)) << perms;
        at.push_back(r.sim[centre].p_sim);
    }
    EXPECT_GT(at[0], at[1]);
    EXPECT_GT(at[1], at[2]);
}

TEST(Permutation, ModeratePseudoPStabilisesWithinMonteCarloError)
{
    // A unit on the edge of the block: moderate signal. p(9,999) and p(99,999) differ by no
    // more than four binomial standard errors of the smaller run.
    const auto w = rook_lattice(30).row_standardised();
    const auto y = planted(30);
    const std::size_t edge = 13 * 30 + 12;
    const auto a = stats::local_moran(w, y, {9999, 5, 2}).sim[edge].p_sim;
    const auto b = stats::local_moran(w, y, {99999, 6, 2}).sim[edge].p_sim;
    const double se = std::sqrt(b * (1.0 - b) / 9999.0);
    EXPECT_NEAR(a, b, 4.0 * se + 1e-4) << a << " vs " << b;
}
