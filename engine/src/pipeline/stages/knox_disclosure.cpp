// SPDX-License-Identifier: MIT
#include "knox_disclosure.hpp"

#include <trygg/pipeline/publication.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace trygg::pipeline {

namespace {

const std::vector<double>* reals(const io::FeatureTable& t, const std::string& name)
{
    const auto* c = t.find(name);
    return c ? std::get_if<std::vector<double>>(&c->values) : nullptr;
}

const std::vector<std::optional<std::string>>* texts(const io::FeatureTable& t, const std::string& name)
{
    const auto* c = t.find(name);
    return c ? std::get_if<std::vector<std::optional<std::string>>>(&c->values) : nullptr;
}

// The knox row's figures that give its close-in-both count back (as KnoxArtifact::publish).
const char* const count_figures[] = {"nara_bada", "nara_rum", "nara_tid", "ingen", "forvantat_bada",
                                     "forvantat_rum", "forvantat_tid", "forvantat_ingen", "knox_kvot",
                                     "p_poisson_storre", "p_poisson_minst", "p_sim", "p_sim_se",
                                     "sim_medel", "sim_sd"};

}  // namespace

void withhold_knox_against_near_repeat(Publication& publication)
{
    auto* knox = publication.find("knox");
    auto* near = publication.find("nara_upprepning");
    if (!knox || !near)
        return;
    auto& k = knox->table;
    const auto& n = near->table;
    const auto *k_group = texts(k, "grupp"), *n_group = texts(n, "grupp"), *n_stage = texts(n, "steg");
    const auto *reach_d = reals(k, "avstand_m"), *reach_t = reals(k, "dagar"), *both = reals(k, "nara_bada");
    const auto *d_hi = reals(n, "avstand_till_m"), *t_hi = reals(n, "dagar_till"), *obs = reals(n, "observerat");
    if (!k_group || !n_group || !n_stage || !reach_d || !reach_t || !both || !d_hi || !t_hi || !obs)
        return;
    for (std::size_t r = 0; r < k.row_count(); ++r) {
        if (std::isnan((*both)[r]))
            continue;
        std::set<std::string> stages;
        for (std::size_t c = 0; c < n.row_count(); ++c)
            if ((*n_group)[c] == (*k_group)[r])
                stages.insert(n_stage->at(c).value_or(""));
        bool gives_back = false;
        for (const auto& stage : stages) {
            bool d_edge = false, t_edge = false, withheld_inside = false;
            for (std::size_t c = 0; c < n.row_count(); ++c) {
                if ((*n_group)[c] != (*k_group)[r] || n_stage->at(c).value_or("") != stage)
                    continue;
                d_edge = d_edge || (*d_hi)[c] == (*reach_d)[r];
                t_edge = t_edge || (*t_hi)[c] == (*reach_t)[r];
                if ((*d_hi)[c] <= (*reach_d)[r] && (*t_hi)[c] <= (*reach_t)[r] && std::isnan((*obs)[c]))
                    withheld_inside = true;
            }
            gives_back = gives_back || (d_edge && t_edge && withheld_inside);
        }
        if (!gives_back)
            continue;
        for (const char* name : count_figures)
            if (auto* col = k.find_mutable(name))
                if (auto* v = std::get_if<std::vector<double>>(&col->values))
                    (*v)[r] = std::numeric_limits<double>::quiet_NaN();
        if (auto* col = k.find_mutable("anmarkning"))
            if (auto* v = std::get_if<std::vector<std::optional<std::string>>>(&col->values))
                (*v)[r] = "parantal redovisas inte: en undanhållen cell i nara_upprepning inom samma avstånd och tid";
    }
}

}  // namespace trygg::pipeline
