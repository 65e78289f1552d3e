// SPDX-License-Identifier: MIT
// Knox test with 999 permutations on the points of tests/bench/knox/make_knox_points.py
// (100,000 by default): build/release/tests/bench/bench_knox points.csv [delta] [tau] [perms] [threads]
// Prints one JSON line with the wall time (compare knox/knox_peer.py, see README "Benchmarks").
#include <trygg/stats/knox.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_knox points.csv [delta=200] [tau=14] [permutations=999] [threads=0]\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    std::string line;
    std::getline(in, line);  // header x,y,day
    std::vector<double> x, y, t;
    while (std::getline(in, line)) {
        std::istringstream s(line);
        double a, b, c;
        char comma;
        if (s >> a >> comma >> b >> comma >> c) {
            x.push_back(a);
            y.push_back(b);
            t.push_back(c);
        }
    }
    const double delta = argc > 2 ? std::stod(argv[2]) : 200.0, tau = argc > 3 ? std::stod(argv[3]) : 14.0;
    trygg::stats::PermutationOptions perm;
    perm.permutations = argc > 4 ? static_cast<std::uint32_t>(std::stoul(argv[4])) : 999u;
    perm.threads = argc > 5 ? static_cast<unsigned>(std::stoul(argv[5])) : 0u;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu = std::clock();  // CPU time of all threads: the machine is shared
    const auto r = trygg::stats::knox(x, y, t, delta, tau, perm);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu_s = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
    std::printf("{\"tool\": \"trygg knox\", \"n\": %zu, \"close_pairs\": %llu, \"both\": %llu, \"permutations\": %u, "
                "\"threads\": %u, \"p_sim\": %.6g, \"total_s\": %.3f, \"cpu_s\": %.3f}\n",
                x.size(), static_cast<unsigned long long>(r.both + r.space_only),
                static_cast<unsigned long long>(r.both), perm.permutations, perm.threads, r.p_sim, s, cpu_s);
    return 0;
}
