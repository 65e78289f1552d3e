// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/crs/transformer.hpp>

#include <proj.h>

#include <cmath>
#include <limits>

namespace trygg::crs {

struct Transformer::Impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
    bool identity = false;
    ~Impl()
    {
        if (pj)
            proj_destroy(pj);
        if (ctx)
            proj_context_destroy(ctx);
    }
};

namespace {

struct Context {
    PJ_CONTEXT* ctx = proj_context_create();
    ~Context() { proj_context_destroy(ctx); }
};

PJ* create_crs(PJ_CONTEXT* ctx, const std::string& def)
{
    PJ* crs = proj_create(ctx, def.c_str());
    if (!crs)
        throw core::InputError("unknown CRS '" + def + "'");
    return crs;
}

}  // namespace

Transformer::Transformer(const std::string& from, const std::string& to) : impl_(std::make_unique<Impl>())
{
    impl_->ctx = proj_context_create();
    if (from == to) {
        impl_->identity = true;
        return;
    }
    PJ* src = create_crs(impl_->ctx, from);
    PJ* dst = nullptr;
    try {
        dst = create_crs(impl_->ctx, to);
    } catch (...) {
        proj_destroy(src);
        throw;
    }
    PJ* raw = proj_create_crs_to_crs_from_pj(impl_->ctx, src, dst, nullptr, nullptr);
    proj_destroy(src);
    proj_destroy(dst);
    if (!raw)
        throw core::InputError("no transformation from '" + from + "' to '" + to + "'");
    impl_->pj = proj_normalize_for_visualization(impl_->ctx, raw);
    proj_destroy(raw);
    if (!impl_->pj)
        throw core::InputError("cannot normalise axis order for '" + from + "' to '" + to + "'");
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

bool Transformer::is_identity() const { return impl_->identity; }

void Transformer::transform(double* x, double* y, std::size_t n) const
{
    if (impl_->identity || n == 0)
        return;
    proj_trans_generic(impl_->pj, PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, nullptr, 0, 0, nullptr, 0, 0);
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || std::abs(x[i]) == HUGE_VAL) {
            x[i] = nan;
            y[i] = nan;
        }
}

bool is_geographic(const std::string& def)
{
    Context c;
    PJ* crs = proj_create(c.ctx, def.c_str());
    if (!crs)
        throw core::InputError("unknown CRS '" + def + "'");
    auto type = proj_get_type(crs);
    proj_destroy(crs);
    return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

std::string crs_name(const std::string& def)
{
    Context c;
    PJ* crs = proj_create(c.ctx, def.c_str());
    if (!crs)
        return def;
    const char* name = proj_get_name(crs);
    std::string out = name ? name : def;
    proj_destroy(crs);
    return out;
}

}  // namespace trygg::crs
