// SPDX-License-Identifier: MIT
// What the spine's artifacts write into the GeoPackage.
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/count_columns.hpp>
#include <trygg/pipeline/period_table.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/reject_summary.hpp>
#include <trygg/pipeline/stage.hpp>
#include <trygg/pipeline/styles.hpp>
#include <trygg/stats/cell_key.hpp>
#include <trygg/stats/source_coverage.hpp>

#include <cctype>
#include <unordered_map>
#include <utility>
#include <memory>
#include <cmath>

namespace trygg::pipeline {

namespace {
using Text = std::vector<std::optional<std::string>>;
using Ints = std::vector<std::optional<std::int64_t>>;

std::string format_count(double v) { return std::to_string(static_cast<long long>(std::llround(v))); }

// The `rejects` table's rows, read from the compact list while the table is written: as
// columns of strings the 3.7M rejects of a 10M-point run took ~1 GB (issue 20). Its source,
// outcome, field and reason repeat a few combinations: written once each, with a code a row.
class RejectTableRows final : public io::RowSource, public io::CodedRows {
public:
    RejectTableRows(const core::RejectList& rejects, const std::string& source) : rejects_(rejects), source_(source)
    {
        using io::ColumnKind;
        columns_ = {{"kalla", ColumnKind::text}, {"rad", ColumnKind::integer}, {"id", ColumnKind::text},
                    {"utfall", ColumnKind::text}, {"falt", ColumnKind::text},  {"orsak", ColumnKind::text}};
        for (std::size_t r = 0; r < rejects_.size(); ++r)
            if (combinations_.try_emplace(rejects_.kind(r), first_rows_.size()).second)
                first_rows_.push_back(r);
    }
    const std::vector<io::ColumnSpec>& columns() const override { return columns_; }
    std::size_t row_count() const override { return rejects_.size(); }
    void row(std::size_t r, io::RowSink& out) const override
    {
        const auto x = rejects_[r];
        out.text(source_);
        out.integer(static_cast<std::int64_t>(x.row));
        out.text(x.id);
        out.text(x.bucket);
        out.text(x.field);
        out.text(x.reason);
    }
    const io::CodedRows* coded_rows() const override { return this; }

    const std::vector<bool>& coded() const override { return coded_; }
    std::size_t combination_count() const override { return first_rows_.size(); }
    void combination(std::size_t k, io::RowSink& out) const override
    {
        const auto x = rejects_[first_rows_[k]];
        out.text(source_);
        out.text(x.bucket);
        out.text(x.field);
        out.text(x.reason);
    }
    std::size_t combination_of(std::size_t r) const override { return combinations_.at(rejects_.kind(r)); }
    void plain_row(std::size_t r, io::RowSink& out) const override
    {
        const auto x = rejects_[r];
        out.integer(static_cast<std::int64_t>(x.row));
        out.text(x.id);
    }

private:
    struct KindHash {
        std::size_t operator()(const std::pair<std::uint64_t, bool>& k) const
        {
            return std::hash<std::uint64_t>()(k.first * 0x9E3779B97F4A7C15ull + k.second);
        }
    };
    const core::RejectList& rejects_;
    const std::string& source_;
    std::vector<io::ColumnSpec> columns_;
    const std::vector<bool> coded_{true, false, false, true, true, true};
    std::unordered_map<std::pair<std::uint64_t, bool>, std::size_t, KindHash> combinations_;
    std::vector<std::size_t> first_rows_;  // a row of each combination, in order of first appearance
};
}  // namespace

std::string DistrictsArtifact::style_qml() const { return pipeline::style_qml("delomraden"); }

void DistrictsArtifact::publish(Contribution& out, const RunSettings&) const { out.district_layer(*this); }

void AssignedArtifact::publish(Contribution& out, const RunSettings& settings) const
{
    auto& r = out.table("rejects", io::GeometryKind::none, Audience::record_level);
    r.description = "Every input row not used, with where it went (outside, not_located, rejected) and why";
    r.set_row_source(std::make_shared<RejectTableRows>(rejects, incidents->table.source));

    if (settings.privacy == Privacy::publish) {
        // The rows themselves go to the internal file; the publication counts them by reason.
        auto& a = out.table("avvisade");
        a.description = "Input rows not used, counted per bucket and reason category (the rows are in the internal "
                        "file); '..' marks a withheld count";
        Text steg, utfall, orsak, visning;
        Ints antal, undertryckt;
        for (const auto& s : summarise_rejects(rejects, out.suppress_below())) {
            steg.emplace_back(out.tag());
            utfall.emplace_back(s.bucket);
            orsak.emplace_back(s.category);
            antal.emplace_back(s.withheld ? std::nullopt : std::optional<std::int64_t>(s.count));
            visning.emplace_back(s.withheld ? ".." : std::to_string(s.count));
            undertryckt.emplace_back(s.withheld ? 1 : 0);
        }
        a.add_text("steg", std::move(steg));
        a.add_text("utfall", std::move(utfall));
        a.add_text("orsak", std::move(orsak));
        a.add_integer("antal", std::move(antal));
        a.add_text("antal_visning", std::move(visning));
        a.add_integer("undertryckt", std::move(undertryckt));
    }

    if (settings.privacy != Privacy::internal)
        return;  // incident points are personal data: only in internal runs
    const auto& t = incidents->table;
    auto& p = out.table("incidents", io::GeometryKind::point, Audience::record_level);
    p.crs = settings.crs;
    p.description = "Incident points (internal run: personal data, do not publish)";
    Text ids, codes, groups, times;
    Ints rows;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (district[i] < 0 || t.status[i] != core::LocationStatus::located)
            continue;
        p.points.push_back({t.x[i], t.y[i]});
        ids.emplace_back(t.id_of(i));
        codes.emplace_back(districts->layer.codes[static_cast<std::size_t>(district[i])]);
        std::string g;
        for (std::size_t k = 0; k < t.group_names.size(); ++k)
            if (t.groups[i] & (1u << k))
                g += (g.empty() ? "" : ";") + t.group_names[k];
        groups.emplace_back(g);
        rows.emplace_back(t.source_row[i]);
    }
    p.add_text("id", std::move(ids));
    p.add_integer("rad", std::move(rows));
    p.add_text("kod", std::move(codes));
    p.add_text("grupper", std::move(groups));
}

void AggregateArtifact::publish(Contribution& out, const RunSettings& settings) const
{
    const auto& res = result;
    const auto& districts = *assigned->districts;
    const auto& layer = districts.layer;
    auto& t = out.table("incident_counts");
    t.description = "Incidents per district × period × crime group × sex × age band; '..' marks suppressed counts";
    t.style_qml = style_qml("incident_counts");
    write_count_columns(t, res, layer);
    if (res.options.cell_key_noise) {
        t.description = "Incidents per district × period × crime group × sex × age band; every count perturbed by "
                        "cell-key noise (-2..+2, mean 0), nothing withheld; totals are perturbed on their own and "
                        "need not equal the sum of their parts" +
                        std::string(sparse_rows_note);
        // What the record keys rest on; the secret itself is never written, only that one was set.
        const auto& incidents = assigned->incidents->table;
        std::size_t with_id = 0, used = 0;
        for (std::size_t i = 0; i < incidents.size(); ++i)
            if (assigned->district[i] >= 0) {
                ++used;
                with_id += !incidents.id_of(i).empty();
            }
        out.manifest_section("disclosure") = {
            {"method", "cell_key"},
            {"secret", "set"},
            {"record_keys", with_id == used ? "id"
                            : with_id == 0  ? "record content (no id)"
                                            : "id, else record content"},
            {"max_perturbation", stats::cell_key_max_perturbation},
            {"table", "count 1: -1/0/+1/+2 with p 0.30/0.45/0.20/0.05; count >= 2: -2..+2 with p "
                      "0.05/0.20/0.50/0.20/0.05"}};
    } else {
        out.manifest_section("disclosure") = {{"method", res.options.suppress_below > 1 ? "suppress" : "none"},
                                                {"suppress_below", res.options.suppress_below}};
    }

    publish_period_coverage(out, res, settings.privacy != Privacy::internal);

    // Reporting levels (issue 15): coarser levels' tables, the nesting and the published shares.
    publish_levels(out, *this);
    // Several period lengths (issue 15, part periods): the coarser lengths' tables and periods.
    publish_lengths(out, *this, settings.privacy != Privacy::internal);

    // Latest complete period's key figures on the district layer the incidents were assigned to.
    if (res.periods.empty())
        return;
    std::vector<io::Column> d;
    const int p = res.period_index("latest");
    const std::size_t n = res.district_count;
    d.push_back({"period", Text(n, res.periods[static_cast<std::size_t>(p)])});
    std::vector<double> pop(n);
    for (std::size_t k = 0; k < n; ++k)
        pop[k] = res.find(static_cast<int>(k), p, 0)->population;
    d.push_back({"befolkning", std::move(pop)});
    for (std::size_t g = 0; g < res.groups.size(); ++g) {
        Ints count;
        Text shown;
        std::vector<double> rate, change;
        for (std::size_t k = 0; k < n; ++k) {
            const auto c = res.find(static_cast<int>(k), p, static_cast<int>(g));
            const bool missing = stats::not_in_source(res, *c);
            count.emplace_back(c->suppressed || missing ? std::nullopt
                                                        : std::optional<std::int64_t>(std::llround(c->count)));
            shown.emplace_back(c->suppressed ? ".." : missing ? stats::not_in_source_text : format_count(c->count));
            rate.push_back(c->rate_per_1000);
            change.push_back(c->change_pct);
        }
        const auto& name = res.groups[g];
        d.push_back({name + "_antal", std::move(count)});
        d.push_back({name + "_visning", std::move(shown)});
        d.push_back({name + "_per_1000", std::move(rate)});
        d.push_back({name + "_forandring_pct", std::move(change)});
    }
    out.district_columns(districts, std::move(d));
}

}  // namespace trygg::pipeline
