// SPDX-License-Identifier: MIT
#include <trygg/core/record_identity.hpp>

#include <openssl/sha.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace trygg::core {

namespace {

void append_u64(std::string& out, std::uint64_t v)
{
    for (int k = 0; k < 8; ++k)
        out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));  // little-endian on every platform
}

}  // namespace

RecordContentHash& RecordContentHash::text(std::string_view s)
{
    bytes_.push_back('t');
    append_u64(bytes_, s.size());
    bytes_.append(s);
    return *this;
}

RecordContentHash& RecordContentHash::integer(std::int64_t v)
{
    bytes_.push_back('i');
    append_u64(bytes_, static_cast<std::uint64_t>(v));
    return *this;
}

RecordContentHash& RecordContentHash::number(double v)
{
    bytes_.push_back('n');
    if (std::isnan(v))
        v = std::numeric_limits<double>::quiet_NaN();
    else if (v == 0)
        v = 0;  // -0 as 0
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    append_u64(bytes_, bits);
    return *this;
}

std::uint64_t RecordContentHash::finish() const
{
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(bytes_.data()), bytes_.size(), digest.data());
    std::uint64_t h = 0;
    for (int k = 0; k < 8; ++k)
        h = (h << 8) | digest[static_cast<std::size_t>(k)];
    return h;
}

std::uint64_t content_hash_of(const IncidentTable& t, std::size_t i)
{
    RecordContentHash h;
    h.integer(i < t.time.size() ? t.time[i] : no_time).integer(i < t.has_clock.size() ? t.has_clock[i] : 0);
    h.text(i < t.category.size() ? std::string_view(t.category[i]) : std::string_view());
    const bool located = i < t.status.size() && t.status[i] == LocationStatus::located;
    h.number(located ? t.x[i] : std::nan("")).number(located ? t.y[i] : std::nan(""));
    const auto area = i < t.area_code.size() ? t.area_code[i] : -1;
    h.text(area >= 0 ? std::string_view(t.area_codes[static_cast<std::size_t>(area)]) : std::string_view());
    h.text(i < t.address.size() ? std::string_view(t.address[i]) : std::string_view());
    h.integer(i < t.sex.size() ? static_cast<int>(t.sex[i]) : 0).integer(i < t.age.size() ? t.age[i] : -1);
    return h.finish();
}

std::string record_identity(const IncidentTable& t, std::size_t i)
{
    if (i < t.id.size() && !t.id[i].empty())
        return "id:" + std::string(t.id[i]);
    const std::uint64_t h = i < t.content_hash.size() ? t.content_hash[i] : content_hash_of(t, i);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return std::string("content:") + hex;
}

}  // namespace trygg::core
