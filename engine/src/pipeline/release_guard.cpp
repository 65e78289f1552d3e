// SPDX-License-Identifier: MIT
#include <trygg/core/datetime.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/incident_fingerprint.hpp>
#include <trygg/pipeline/release_guard.hpp>
#include <trygg/spatial/wkb.hpp>
#include <trygg/stats/source_coverage.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <ctime>

namespace trygg::pipeline {

namespace {

// [start, end) of an aggregate period label ("2024-05", "2024Q2", "2024H1", "2024").
std::pair<core::Minutes, core::Minutes> label_span(const std::string& label, stats::PeriodKind kind)
{
    const int year = std::stoi(label.substr(0, 4));
    int month0 = 0, length = 12;
    switch (kind) {
    case stats::PeriodKind::month: month0 = std::stoi(label.substr(5)) - 1, length = 1; break;
    case stats::PeriodKind::quarter: month0 = (std::stoi(label.substr(5)) - 1) * 3, length = 3; break;
    case stats::PeriodKind::half_year: month0 = (std::stoi(label.substr(5)) - 1) * 6, length = 6; break;
    case stats::PeriodKind::year: break;
    }
    const auto minute = [](int months) {
        return core::days_from_civil(months / 12, static_cast<unsigned>(months % 12 + 1), 1) * 1440;
    };
    const int first = year * 12 + month0;
    return {minute(first), minute(first + length)};
}

std::string area_fingerprint(const std::vector<ReleasedDistrict>& districts)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    for (const auto& d : districts) {
        const auto size = std::to_string(d.code.size()) + ":" + std::to_string(d.wkb.size()) + ":";
        EVP_DigestUpdate(ctx.get(), size.data(), size.size());
        EVP_DigestUpdate(ctx.get(), d.code.data(), d.code.size());
        EVP_DigestUpdate(ctx.get(), d.wkb.data(), d.wkb.size());
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &length);
    return core::to_hex(digest, length);
}

std::string utc_now()
{
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

Release release_of(const AggregateArtifact& aggregate)
{
    const auto& r = aggregate.result;
    const auto& assigned = *aggregate.assigned;
    const auto& layer = assigned.districts->layer;
    const auto& incidents = assigned.incidents->table;
    Release out;
    out.district_source = layer.source;
    out.district_layer = layer.layer;
    out.district_code_field = layer.code_field;
    out.suppress_below = r.options.suppress_below;
    for (std::size_t d = 0; d < layer.size(); ++d)
        out.districts.push_back({layer.codes[d], spatial::to_wkb(layer.polygons[d])});
    out.area_fingerprint = area_fingerprint(out.districts);
    for (const auto& label : r.periods) {
        auto [start, end] = label_span(label, r.options.period);
        start = std::max(start, incidents.study_from);  // the period as far as the run reads it
        end = std::min(end, incidents.study_to);
        IncidentFingerprint fingerprint;
        for (std::size_t i = 0; i < incidents.size(); ++i)
            if (assigned.district[i] >= 0 && incidents.time[i] >= start && incidents.time[i] < end)
                fingerprint.add(incidents, i);
        out.periods.push_back({label, start, end, fingerprint.hex(), fingerprint.count()});
    }
    out.cells.reserve(r.cells.size());
    for (std::size_t k = 0; k < r.cells.size(); ++k) {
        const auto& c = r.cells[k];
        if (stats::not_in_source(r, c))
            continue;  // issue 15: a group the source does not cover releases no count
        out.cells.push_back({"incident_counts", c.district < 0 ? "totalt" : layer.codes[static_cast<std::size_t>(c.district)],
                             r.periods[c.period], r.groups[c.group], r.sex_labels[c.sex], r.age_labels[c.age],
                             !c.suppressed, r.true_counts[k]});
    }
    return out;
}

ReleaseGuard::ReleaseGuard(const RunSettings& settings, const std::vector<NamedInput>& inputs)
{
    if (settings.ledger.empty() || settings.privacy == Privacy::internal)
        return;
    for (const auto& in : inputs)
        if (auto a = std::dynamic_pointer_cast<const AggregateArtifact>(in.artifact); a && a->assigned)
            aggregate_ = a;  // the last, as the writer's analysis districts
    if (!aggregate_) {
        // The ledger compares releases through an aggregate's periods and incident sets; a
        // publication of incidents without one (KDE, grid, meeting places alone) could be
        // differenced against the next unchecked, so it is refused rather than let through.
        for (const auto& in : inputs) {
            const auto kind = in.artifact->kind();
            if (kind == "assigned" || kind == "incidents" || kind == "kde" || kind == "grid_hotspots" ||
                kind == "meeting_places") {
                refusal_ = "the release ledger '" + settings.ledger.string() +
                           "' checks a publication through an aggregate of its incidents, and '" + in.tag + "' (" +
                           kind + ") has none among the writer's inputs: add the aggregate of the same incidents";
                break;
            }
        }
        return;
    }
    ledger_.emplace(settings.ledger);
    release_ = release_of(*aggregate_);
}

void ReleaseGuard::check(const std::string& writer) const
{
    if (!refusal_.empty())
        throw core::LedgerRefusal(writer + ": " + refusal_);
    if (!active())
        return;
    const auto& assigned = *aggregate_->assigned;
    const ReleaseIncidents incidents{&assigned.incidents->table, &assigned.district, &assigned.districts->layer,
                                     aggregate_->result.options.age_bands};
    if (auto why = check_release(ledger_->releases(), release_, incidents))
        throw core::LedgerRefusal(writer + ": the release ledger '" + ledger_->path().string() +
                                  "' refuses this publication: " + *why);
}

std::int64_t ReleaseGuard::record(const std::filesystem::path& output)
{
    if (!active())
        return 0;
    release_.time = utc_now();
    release_.output = output.filename().string();
    return ledger_->record(release_);
}

}  // namespace trygg::pipeline
