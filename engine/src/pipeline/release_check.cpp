// SPDX-License-Identifier: MIT
#include <trygg/core/demography.hpp>
#include <trygg/pipeline/release_check.hpp>
#include <trygg/spatial/district_index.hpp>
#include <trygg/spatial/wkb.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>

namespace trygg::pipeline {

namespace {

constexpr const char* whole = "totalt";  // the municipality row's district in the ledger

// Incidents per cell key "area␟group␟sex␟age".
using Tally = std::unordered_map<std::string, double>;

std::string key(const std::string& area, const std::string& group, const std::string& sex, const std::string& age)
{
    return area + '\x1f' + group + '\x1f' + sex + '\x1f' + age;
}

// "district 'A', vald, kvinna, 18-24" for a message.
std::string describe(const std::string& k)
{
    std::vector<std::string> parts(1);
    for (char c : k) {
        if (c == '\x1f')
            parts.emplace_back();
        else
            parts.back().push_back(c);
    }
    std::string out = parts[0].empty() ? "" : parts[0] == whole ? "the whole area, " : "district '" + parts[0] + "', ";
    for (std::size_t i = 1; i < parts.size(); ++i)
        out += (i > 1 ? ", " : "") + parts[i];
    return out;
}

// The cells one incident counts in, as aggregate counts them: each of its crime groups, sex
// and age band with their "alla" margins.
class CellLabels {
public:
    explicit CellLabels(const std::vector<int>& bands) : bands_(bands), sex_(core::sex_labels()), age_(core::age_labels(bands)) {}

    void add(Tally& tally, const std::vector<std::string>& areas, const core::IncidentTable& t, std::size_t i,
             double weight = 1) const
    {
        const auto& sex = sex_[t.sex[i] == core::Sex::man ? 1 : t.sex[i] == core::Sex::kvinna ? 2 : 3];
        const auto& age = age_[age_index(t.age[i])];
        for (std::size_t g = 0; g < t.group_names.size(); ++g) {
            if (!(t.groups[i] & (1u << g)))
                continue;
            for (const auto& area : areas)
                for (const auto* s : {&sex_[0], &sex})
                    for (const auto* a : {&age_[0], &age})
                        tally[key(area, t.group_names[g], *s, *a)] += weight;
        }
    }

private:
    std::size_t age_index(std::int16_t age) const
    {
        if (age < 0)
            return age_.size() - 1;
        std::size_t band = 0;
        for (std::size_t b = 0; b < bands_.size(); ++b)
            if (age >= bands_[b])
                band = b + 1;
        return band == 0 ? age_.size() - 1 : band;
    }
    std::vector<int> bands_;
    std::vector<std::string> sex_, age_;
};

// The district of an earlier release that holds this run's incident: by point in its
// polygons, or by area code for an incident located only by one. "" when none.
class EarlierDistricts {
public:
    explicit EarlierDistricts(const Release& release)
    {
        std::vector<core::MultiPolygon> polygons;
        for (const auto& d : release.districts) {
            codes_.push_back(d.code);
            polygons.push_back(spatial::from_wkb(d.wkb));
        }
        index_ = std::make_unique<spatial::DistrictIndex>(polygons);
    }
    std::string of(const core::IncidentTable& t, std::size_t i) const
    {
        if (std::isfinite(t.x[i]) && std::isfinite(t.y[i])) {
            const auto d = index_->locate(t.x[i], t.y[i]);
            return d < 0 ? std::string() : codes_[static_cast<std::size_t>(d)];
        }
        if (t.area_code[i] >= 0) {
            const auto& code = t.area_codes[static_cast<std::size_t>(t.area_code[i])];
            if (std::find(codes_.begin(), codes_.end(), code) != codes_.end())
                return code;
        }
        return {};
    }

private:
    std::vector<std::string> codes_;
    std::unique_ptr<spatial::DistrictIndex> index_;
};

// The first cell holding 1..k-1 incidents (either sign: a difference may be negative).
std::optional<std::string> small_cell(const Tally& tally, int k)
{
    std::vector<std::string> found;
    for (const auto& [cell, n] : tally)
        if (std::abs(n) >= 1 && std::abs(n) <= k - 1)
            found.push_back(cell);
    if (found.empty())
        return std::nullopt;
    return *std::min_element(found.begin(), found.end());  // the same cell named on every run
}

class Checker {
public:
    Checker(const Release& candidate, const ReleaseIncidents& in) : cand_(candidate), in_(in), labels_(in.age_bands) {}

    std::optional<std::string> check(const Release& r) const
    {
        const auto named = [&](const std::string& why) {
            return why + "; earlier release " + std::to_string(r.id) + " of " + r.time + ", '" + r.output + "'";
        };
        const int k = std::max(r.suppress_below, cand_.suppress_below);
        const bool same_layer = r.area_fingerprint == cand_.area_fingerprint;
        std::unique_ptr<EarlierDistricts> old;
        if (!same_layer)
            old = std::make_unique<EarlierDistricts>(r);
        // b first: another layer also changes which incidents a period counts, and then the
        // pieces are the better explanation.
        for (const auto& p : r.periods)
            for (const auto& q : cand_.periods) {
                const auto from = std::max(p.start, q.start), to = std::min(p.end, q.end);
                if (!same_layer && k > 1 && from < to)
                    if (auto why = pieces_of_layers(*old, from, to, k))
                        return named("the district layer differs from the earlier release's for period " + q.label +
                                     " and " + *why);
            }
        for (const auto& p : r.periods)
            for (const auto& q : cand_.periods)
                if (p.start == q.start && p.end == q.end && p.fingerprint != q.fingerprint)
                    return named("period " + q.label + " (" + span_text(q.start, q.end) +
                                 ") was published before from another incident set (incidents added, removed, "
                                 "changed or no longer in the districts); freeze closed periods (\"freeze\") or "
                                 "publish only new periods");
        if (k <= 1)
            return std::nullopt;
        for (const auto& p : r.periods)
            for (const auto& q : cand_.periods) {
                const auto from = std::max(p.start, q.start), to = std::min(p.end, q.end);
                if (from >= to || (p.start == q.start && p.end == q.end))
                    continue;
                if (auto why = period_difference(r, p, q, old.get(), k))
                    return named("period " + q.label + " (" + span_text(q.start, q.end) + ") overlaps period " +
                                 p.label + " (" + span_text(p.start, p.end) + ") without being equal, and " + *why);
            }
        return std::nullopt;
    }

private:
    const core::IncidentTable& t() const { return *in_.table; }
    std::string current(std::size_t i) const
    {
        return in_.districts->codes[static_cast<std::size_t>((*in_.district_of)[i])];
    }
    bool used(std::size_t i) const { return (*in_.district_of)[i] >= 0; }
    // Incidents in [from, to), used or not (one outside the new districts may be in an old one).
    void each_in(std::int64_t from, std::int64_t to, const std::function<void(std::size_t)>& f) const
    {
        for (std::size_t i = 0; i < t().size(); ++i)
            if (t().time[i] >= from && t().time[i] < to)
                f(i);
    }
    void each_used(std::int64_t from, std::int64_t to, const std::function<void(std::size_t)>& f) const
    {
        each_in(from, to, [&](std::size_t i) {
            if (used(i))
                f(i);
        });
    }

    // Check b: pieces old district A ∩ new district B within [from, to).
    std::optional<std::string> pieces_of_layers(const EarlierDistricts& old, std::int64_t from, std::int64_t to,
                                                int k) const
    {
        std::map<std::pair<std::string, std::string>, Tally> pieces;
        std::unordered_map<std::string, Tally> of_old, of_new;
        each_in(from, to, [&](std::size_t i) {
            const auto a = old.of(t(), i), b = used(i) ? current(i) : std::string();
            if (a.empty() && b.empty())
                return;  // in neither layer: in no published count
            labels_.add(pieces[{a, b}], {""}, t(), i);
            labels_.add(of_old[a], {""}, t(), i);
            labels_.add(of_new[b], {""}, t(), i);
        });
        // Pieces inside both layers first, then those outside one of them.
        for (const bool inside : {true, false})
        for (const auto& [ab, tally] : pieces) {
            const bool both = !ab.first.empty() && !ab.second.empty();
            // A and B hold the same incidents: nothing new to difference. Not so for a piece
            // outside one of the layers: the difference of the totals isolates it.
            if (both != inside || (both && tally == of_old[ab.first] && tally == of_new[ab.second]))
                continue;
            if (auto cell = small_cell(tally, k))
                return "the piece " + (ab.first.empty() ? std::string("outside every earlier district") :
                                                          "earlier district '" + ab.first + "'") +
                       " ∩ " + (ab.second.empty() ? std::string("outside every district") : "district '" + ab.second + "'") +
                       " holds 1 to " + std::to_string(k - 1) + " incidents (" +
                       describe(*cell) + ")";
        }
        return std::nullopt;
    }

    // Check c: the part of q outside p counted here; the part of p outside q as the earlier
    // release's counts minus this run's count of p ∩ q (on the earlier districts).
    std::optional<std::string> period_difference(const Release& r, const ReleasedPeriod& p, const ReleasedPeriod& q,
                                                 const EarlierDistricts* old, int k) const
    {
        const auto small = [&](const Tally& tally, const std::string& part) -> std::optional<std::string> {
            if (auto cell = small_cell(tally, k))
                return part + " hold 1 to " + std::to_string(k - 1) + " incidents in one cell (" + describe(*cell) + ")";
            return std::nullopt;
        };
        if (q.start < p.start || q.end > p.end) {
            Tally added;
            each_used(q.start, q.end, [&](std::size_t i) {
                if (t().time[i] < p.start || t().time[i] >= p.end)
                    labels_.add(added, {current(i), whole}, t(), i);
            });
            if (auto why = small(added, "the days in it but not in the earlier period"))
                return why;
        }
        if (p.start < q.start || p.end > q.end) {
            Tally shared;
            each_in(std::max(p.start, q.start), std::min(p.end, q.end), [&](std::size_t i) {
                const auto area = old ? old->of(t(), i) : used(i) ? current(i) : std::string();
                if (!area.empty())
                    labels_.add(shared, {area, whole}, t(), i);
            });
            Tally dropped;
            for (const auto& c : r.cells)
                if (c.period == p.label && c.table == "incident_counts") {
                    const auto k2 = key(c.district, c.group, c.sex, c.age);
                    const auto it = shared.find(k2);
                    dropped[k2] = c.count - (it == shared.end() ? 0.0 : it->second);
                }
            if (auto why = small(dropped, "the days in the earlier period but not in it"))
                return why;
        }
        return std::nullopt;
    }

    const Release& cand_;
    const ReleaseIncidents& in_;
    CellLabels labels_;
};

}  // namespace

std::optional<std::string> check_release(const std::vector<Release>& earlier, const Release& candidate,
                                         const ReleaseIncidents& incidents)
{
    const Checker checker(candidate, incidents);
    for (const auto& r : earlier)
        if (auto why = checker.check(r))
            return why;
    return std::nullopt;
}

}  // namespace trygg::pipeline
