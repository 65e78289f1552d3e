// SPDX-License-Identifier: MIT
#include <trygg/core/record_identity.hpp>
#include <trygg/pipeline/incident_fingerprint.hpp>

#include <openssl/sha.h>

#include <cstdio>

namespace trygg::pipeline {

namespace {

void put(std::string& out, const std::string& field)
{
    out += field;
    out += '\x1f';  // unit separator: fields cannot run into each other
}

std::string number(double v)
{
    if (v != v)
        return "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

// The fields that decide which cells a record counts in, in a fixed order.
std::string content(const core::IncidentTable& t, std::size_t i)
{
    std::string out;
    put(out, std::to_string(t.time[i]));
    put(out, i < t.category.size() ? std::string(t.category[i]) : std::string());
    put(out, std::to_string(t.groups[i]));
    put(out, number(t.x[i]));
    put(out, number(t.y[i]));
    put(out, t.area_code[i] >= 0 ? t.area_codes[static_cast<std::size_t>(t.area_code[i])] : std::string());
    put(out, i < t.address.size() ? t.address[i] : std::string());
    put(out, std::to_string(static_cast<int>(t.sex[i])));
    put(out, std::to_string(t.age[i]));
    return out;
}

void sha256(const std::string& text, unsigned char (&digest)[SHA256_DIGEST_LENGTH])
{
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
}

// Eight digest bytes as a number, the same on every machine (the ledger file may move).
std::uint64_t u64_at(const unsigned char* bytes)
{
    std::uint64_t v = 0;
    for (int k = 0; k < 8; ++k)
        v = v << 8 | bytes[k];
    return v;
}

std::string hex64(std::uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace

void IncidentFingerprint::add(const core::IncidentTable& table, std::size_t i)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    sha256(core::record_identity(table, i) + '\x1e' + content(table, i), digest);
    for (int lane = 0; lane < 2; ++lane) {
        lane_[lane] += u64_at(digest + 8 * lane);  // wraps: a sum is independent of order
    }
    ++count_;
}

std::string IncidentFingerprint::hex() const
{
    return hex64(lane_[0]) + hex64(lane_[1]);
}

}  // namespace trygg::pipeline
