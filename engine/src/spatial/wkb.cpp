// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/spatial/wkb.hpp>

#include <bit>
#include <cstdint>
#include <cstring>

namespace trygg::spatial {

namespace {

constexpr std::uint32_t wkb_polygon = 3, wkb_multipolygon = 6;

class Writer {
public:
    void byte(std::uint8_t b) { out.push_back(static_cast<char>(b)); }
    void u32(std::uint32_t v)
    {
        for (int i = 0; i < 4; ++i)
            byte(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void f64(double v)
    {
        const auto bits = std::bit_cast<std::uint64_t>(v);
        for (int i = 0; i < 8; ++i)
            byte(static_cast<std::uint8_t>(bits >> (8 * i)));
    }
    void ring(const core::Ring& r)
    {
        u32(static_cast<std::uint32_t>(r.size()));
        for (const auto& p : r) {
            f64(p.x);
            f64(p.y);
        }
    }
    void polygon(const core::Polygon& p)
    {
        byte(1);
        u32(wkb_polygon);
        u32(static_cast<std::uint32_t>(1 + p.holes.size()));
        ring(p.outer);
        for (const auto& h : p.holes)
            ring(h);
    }
    std::string out;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    std::uint8_t byte()
    {
        need(1);
        return static_cast<std::uint8_t>(in_[pos_++]);
    }
    std::uint64_t uint(int bytes)
    {
        need(static_cast<std::size_t>(bytes));
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) {
            const auto b = static_cast<std::uint64_t>(static_cast<std::uint8_t>(in_[pos_ + static_cast<std::size_t>(i)]));
            v |= little_ ? b << (8 * i) : b << (8 * (bytes - 1 - i));
        }
        pos_ += static_cast<std::size_t>(bytes);
        return v;
    }
    std::uint32_t header()
    {
        const auto order = byte();
        if (order > 1)
            fail();
        little_ = order == 1;
        return static_cast<std::uint32_t>(uint(4));
    }
    core::Ring ring()
    {
        const auto n = static_cast<std::uint32_t>(uint(4));
        need(static_cast<std::size_t>(n) * 16);
        core::Ring r(n);
        for (auto& p : r) {
            p.x = std::bit_cast<double>(uint(8));
            p.y = std::bit_cast<double>(uint(8));
        }
        return r;
    }
    core::Polygon polygon_body()
    {
        const auto rings = static_cast<std::uint32_t>(uint(4));
        core::Polygon p;
        for (std::uint32_t i = 0; i < rings; ++i)
            (i == 0 ? p.outer : p.holes.emplace_back()) = ring();
        return p;
    }
    bool done() const { return pos_ == in_.size(); }
    [[noreturn]] static void fail() { throw core::DataError("not a polygon WKB"); }

private:
    void need(std::size_t n) const
    {
        if (in_.size() - pos_ < n)
            fail();
    }
    std::string_view in_;
    std::size_t pos_ = 0;
    bool little_ = true;
};

}  // namespace

std::string to_wkb(const core::MultiPolygon& geometry)
{
    Writer w;
    w.byte(1);
    w.u32(wkb_multipolygon);
    w.u32(static_cast<std::uint32_t>(geometry.size()));
    for (const auto& p : geometry)
        w.polygon(p);
    return std::move(w.out);
}

core::MultiPolygon from_wkb(std::string_view wkb)
{
    Reader r(wkb);
    core::MultiPolygon out;
    const auto type = r.header();
    if (type == wkb_polygon) {
        out.push_back(r.polygon_body());
    } else if (type == wkb_multipolygon) {
        const auto n = static_cast<std::uint32_t>(r.uint(4));
        for (std::uint32_t i = 0; i < n; ++i) {
            if (r.header() != wkb_polygon)
                Reader::fail();
            out.push_back(r.polygon_body());
        }
    } else {
        Reader::fail();
    }
    if (!r.done())
        Reader::fail();
    return out;
}

}  // namespace trygg::spatial
