// SPDX-License-Identifier: MIT
#include "geocode/gazetteer_cache.hpp"
#include "geocode/gazetteer_index.hpp"

#include <trygg/spatial/wkb.hpp>

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

namespace trygg::geocode::detail {

namespace {

// P2: places carry their polygon (WKB) and code, districts a point on their surface.
constexpr char magic[8] = {'T', 'R', 'Y', 'G', 'A', 'Z', 'P', '2'};

std::array<unsigned char, 32> sha256_file(const std::filesystem::path& p)
{
    std::array<unsigned char, 32> digest{};
    std::ifstream in(p, std::ios::binary);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        if (in.gcount() > 0)
            EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, digest.data(), &len);
    EVP_MD_CTX_free(ctx);
    return digest;
}

struct Stamp {
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
    std::array<unsigned char, 32> sha{};
};

Stamp stamp_of(const std::filesystem::path& p, bool with_hash)
{
    Stamp s;
    std::error_code ec;
    s.size = std::filesystem::file_size(p, ec);
    s.mtime = static_cast<std::int64_t>(std::filesystem::last_write_time(p, ec).time_since_epoch().count());
    if (with_hash)
        s.sha = sha256_file(p);
    return s;
}

class Writer {
public:
    explicit Writer(std::ofstream& o) : out_(o) {}
    template <typename T> void pod(const T& v) { out_.write(reinterpret_cast<const char*>(&v), sizeof v); }
    void str(const std::string& s)
    {
        pod(static_cast<std::uint32_t>(s.size()));
        out_.write(s.data(), static_cast<std::streamsize>(s.size()));
    }

private:
    std::ofstream& out_;
};

class Reader {
public:
    explicit Reader(std::ifstream& i) : in_(i) {}
    template <typename T> T pod()
    {
        T v{};
        in_.read(reinterpret_cast<char*>(&v), sizeof v);
        return v;
    }
    std::string str()
    {
        auto n = pod<std::uint32_t>();
        if (!in_ || n > (1u << 28))
            throw std::runtime_error("bad cache");
        std::string s(n, '\0');
        in_.read(s.data(), n);
        return s;
    }
    bool ok() const { return static_cast<bool>(in_); }

private:
    std::ifstream& in_;
};

// Where the cache may live, in order: the user's cache directory ($XDG_CACHE_HOME/trygg, else
// ~/.cache/trygg), then beside the output (`fallback_dir`/.trygg-cache), then the temp
// directory. Never beside the source: a data folder may be read-only or shared, and a cache
// there is clutter in it. The file name carries a hash of the source's absolute path, so two
// sources of the same name do not collide.
std::vector<std::filesystem::path> locations(const std::filesystem::path& source, const std::string& key,
                                             const std::filesystem::path& fallback_dir)
{
    std::error_code ec;
    auto abs = std::filesystem::absolute(source, ec);
    char h[17];
    std::snprintf(h, sizeof h, "%016llx", static_cast<unsigned long long>(hash_key(abs.string())));
    std::string name = std::string(h) + "-" + source.filename().string() + "." + key + ".trygg-gazetteer";
    std::vector<std::filesystem::path> out;
    if (auto root = user_cache_dir(); !root.empty())
        out.push_back(root / name);
    if (!fallback_dir.empty())
        out.push_back(std::filesystem::absolute(fallback_dir, ec) / ".trygg-cache" / name);
    out.push_back(std::filesystem::temp_directory_path(ec) / "trygg-gazetteer-cache" / name);
    return out;
}

}  // namespace

std::string cache_key(const GazetteerSpec& s, const std::string& crs)
{
    std::string all = "v2-places|" + s.layer + "|" + std::to_string(static_cast<int>(s.kind)) + "|" + s.preset + "|" + s.street +
                      "|" + s.number + "|" + s.letter + "|" + s.postcode + "|" + s.town + "|" + s.address + "|" + s.name + "|" + s.code +
                      "|" + crs;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash_key(all)));
    return std::string(buf, 8);
}

std::filesystem::path user_cache_dir()
{
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg && std::filesystem::path(xdg).is_absolute())  // the XDG spec ignores relative ones
        return std::filesystem::path(xdg) / "trygg";
    const char* home = std::getenv("HOME");
    if (home && *home)
        return std::filesystem::path(home) / ".cache" / "trygg";
    return {};
}

std::optional<CachedSource> read_cache(const std::filesystem::path& source, const std::string& key,
                                       const std::filesystem::path& fallback_dir, std::filesystem::path& file)
{
    auto cheap = stamp_of(source, false);
    for (const auto& loc : locations(source, key, fallback_dir)) {
        std::ifstream in(loc, std::ios::binary);
        if (!in)
            continue;
        try {
            Reader r(in);
            char m[8];
            in.read(m, 8);
            if (!in || std::memcmp(m, magic, 8) != 0)
                continue;
            auto size = r.pod<std::uint64_t>();
            auto mtime = r.pod<std::int64_t>();
            auto sha = r.pod<std::array<unsigned char, 32>>();
            if (size != cheap.size || mtime != cheap.mtime)
                continue;
            if (sha != sha256_file(source))
                continue;
            CachedSource c;
            c.features = r.pod<std::uint64_t>();
            c.skipped = r.pod<std::uint64_t>();
            auto na = r.pod<std::uint64_t>();
            for (std::uint64_t i = 0; i < na && r.ok(); ++i) {
                AddressPoint a;
                a.street = r.str();
                a.number = r.pod<std::int32_t>();
                a.letter = r.str();
                a.postcode = r.str();
                a.town = r.str();
                a.point.x = r.pod<double>();
                a.point.y = r.pod<double>();
                a.feature = r.pod<std::int64_t>();
                c.addresses.push_back(std::move(a));
            }
            auto np = r.pod<std::uint64_t>();
            for (std::uint64_t i = 0; i < np && r.ok(); ++i) {
                NamedPlace p;
                p.name = r.str();
                p.point.x = r.pod<double>();
                p.point.y = r.pod<double>();
                p.radius_m = r.pod<double>();
                p.kind = static_cast<PlaceKind>(r.pod<std::uint8_t>());
                p.feature = r.pod<std::int64_t>();
                p.code = r.str();
                if (auto wkb = r.str(); !wkb.empty())
                    p.area = spatial::from_wkb(wkb);
                c.places.push_back(std::move(p));
            }
            if (!r.ok())
                continue;
            file = loc;
            return c;
        } catch (const std::exception&) {
            continue;  // a damaged cache is rebuilt
        }
    }
    return std::nullopt;
}

std::filesystem::path write_cache(const std::filesystem::path& source, const std::string& key,
                                  const std::filesystem::path& fallback_dir, const CachedSource& c)
{
    auto st = stamp_of(source, true);
    for (const auto& loc : locations(source, key, fallback_dir)) {
        std::error_code ec;
        std::filesystem::create_directories(loc.parent_path(), ec);
        auto tmp = loc;
        tmp += ".tmp";
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out)
                continue;
            Writer w(out);
            out.write(magic, 8);
            w.pod(st.size);
            w.pod(st.mtime);
            w.pod(st.sha);
            w.pod(static_cast<std::uint64_t>(c.features));
            w.pod(static_cast<std::uint64_t>(c.skipped));
            w.pod(static_cast<std::uint64_t>(c.addresses.size()));
            for (const auto& a : c.addresses) {
                w.str(a.street);
                w.pod(static_cast<std::int32_t>(a.number));
                w.str(a.letter);
                w.str(a.postcode);
                w.str(a.town);
                w.pod(a.point.x);
                w.pod(a.point.y);
                w.pod(a.feature);
            }
            w.pod(static_cast<std::uint64_t>(c.places.size()));
            for (const auto& p : c.places) {
                w.str(p.name);
                w.pod(p.point.x);
                w.pod(p.point.y);
                w.pod(p.radius_m);
                w.pod(static_cast<std::uint8_t>(p.kind));
                w.pod(p.feature);
                w.str(p.code);
                w.str(p.area.empty() ? std::string() : spatial::to_wkb(p.area));
            }
            if (!out)
                continue;
        }
        std::filesystem::rename(tmp, loc, ec);
        if (!ec)
            return loc;
        std::filesystem::remove(tmp, ec);
    }
    return {};
}

}  // namespace trygg::geocode::detail
