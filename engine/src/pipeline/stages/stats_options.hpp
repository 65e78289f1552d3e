// SPDX-License-Identifier: MIT
#pragma once
// Option declarations shared by the statistics stages.
#include <trygg/pipeline/stage.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

inline std::vector<OptionSpec> permutation_options(long long default_permutations)
{
    return {
        {"permutations", OptionType::integer, default_permutations, false,
         "random permutations for pseudo p-values (0: analytic inference only)"},
        {"seed", OptionType::integer, nullptr, false, "random seed (default: the run's seed); same seed, same result "
                                                      "for any thread count"},
    };
}

// `columns` names what the stage writes on its districts' layer, for the prefix option's help.
// local_moran and gistar share one significance rule (issue 21): see "significance".
inline std::vector<OptionSpec> significance_options(const std::string& columns)
{
    return {
        {"alpha", OptionType::number, 0.05, false, "significance level for classes"},
        {"correction", OptionType::string, "none", false, "none | fdr (Benjamini-Hochberg) | bonferroni"},
        {"significance", OptionType::string, "auto", false,
         "which p decides significance: auto (pseudo when permutations > 0, else analytic; the same rule for "
         "local_moran and gistar) | pseudo (permutation p_sim; needs permutations > 0) | analytic (normal "
         "approximation, two-sided)"},
        {"prefix", OptionType::string, nullptr, false,
         "column prefix on the weights' district layer (delomraden for the analysis districts; default: the "
         "stage tag); columns " + columns +
             "; a row with the options used goes to the global_statistics table"},
    };
}

inline std::vector<InputSpec> statistics_inputs()
{
    return {
        {"weights", true, "spatial weights between the districts (stage weights)"},
        {"aggregate", false, "counts and population per district (source aggregate)"},
        {"table", false, "a table keyed by district code (source table)"},
    };
}

template <typename... Lists> std::vector<OptionSpec> join_options(Lists... lists)
{
    std::vector<OptionSpec> out;
    (out.insert(out.end(), lists.begin(), lists.end()), ...);
    return out;
}

}  // namespace trygg::pipeline
