// SPDX-License-Identifier: MIT
#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/pipeline/manifest.hpp>

#include <openssl/evp.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <memory>

namespace trygg::pipeline {

std::string sha256_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw core::InputError("cannot read '" + path.string() + "'");
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest.data(), &length);
    return core::to_hex(digest.data(), length);
}

void Manifest::record_input(const std::string& stage, const std::filesystem::path& path)
{
    // A database source has no file to hash: its provenance is added by record_database_input.
    nlohmann::json entry{{"stage", stage}, {"path", core::redact_source(path.string())}};
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
        entry["size"] = std::filesystem::file_size(path, ec);
        entry["sha256"] = sha256_file(path);
    }
    std::lock_guard lock(mutex_);
    inputs_.push_back(std::move(entry));
}

namespace {
// Options as the manifest shows them: every text without a password (a connection string).
nlohmann::json redacted(const nlohmann::json& value)
{
    if (value.is_string())
        return core::redact_source(value.get<std::string>());
    if (!value.is_structured())
        return value;
    nlohmann::json out = value;
    for (auto& [key, v] : out.items())
        v = redacted(v);
    return out;
}
}  // namespace

void Manifest::record_database_input(const std::string& stage, const std::string& source, nlohmann::json provenance)
{
    const auto shown = core::redact_source(source);
    std::lock_guard lock(mutex_);
    for (auto& entry : inputs_)
        if (entry["stage"] == stage && entry["path"] == shown) {
            entry.update(provenance);
            return;
        }
    provenance["stage"] = stage;
    provenance["path"] = shown;
    inputs_.push_back(std::move(provenance));
}

void Manifest::record_stage(const std::string& tag, const std::string& type, const nlohmann::json& options,
                            const std::vector<std::string>& inputs)
{
    nlohmann::json entry{{"tag", tag}, {"type", type}, {"options", redacted(options)}};
    if (!inputs.empty())
        entry["inputs"] = inputs;
    std::lock_guard lock(mutex_);
    stages_.push_back(std::move(entry));
}

void Manifest::record_accounting(const std::string& stage, const RowAccounting& given)
{
    RowAccounting accounting = given;
    accounting.source = core::redact_source(given.source);
    std::lock_guard lock(mutex_);
    for (auto& [s, a] : accounting_)
        if (a.source == accounting.source) {
            s = stage;
            a = accounting;
            return;
        }
    accounting_.emplace_back(stage, accounting);
}

void Manifest::record_warning(const std::string& text)
{
    std::lock_guard lock(mutex_);
    warnings_.push_back(text);
    published_warnings_.push_back(text);
}

void Manifest::record_message(bool warning, const std::string& stage, const std::string& full_text,
                              const std::string& published_text)
{
    const auto text = core::redact_source(full_text);
    const auto published = core::redact_source(published_text);
    std::lock_guard lock(mutex_);
    if (warning) {
        warnings_.push_back(stage + ": " + text);
        published_warnings_.push_back(stage + ": " + published);
    }
    log_.push_back({warning ? "warning" : "info", stage, text});
    unpublished_detail_ = unpublished_detail_ || text != published;
}

bool Manifest::has_unpublished_detail() const
{
    std::lock_guard lock(mutex_);
    return unpublished_detail_;
}

void Manifest::set_published(bool published)
{
    std::lock_guard lock(mutex_);
    published_ = published;
}

std::vector<Manifest::LogEntry> Manifest::log() const
{
    std::lock_guard lock(mutex_);
    return log_;
}

void Manifest::record_output(const std::filesystem::path& path, const std::string& what)
{
    std::lock_guard lock(mutex_);
    outputs_.push_back({{"path", core::redact_source(path.string())}, {"what", what}});
}

void Manifest::record_timing(const std::string& tag, const std::string& type, double wall_s, double cpu_s)
{
    auto round_ms = [](double s) { return std::round(s * 1000.0) / 1000.0; };
    std::lock_guard lock(mutex_);
    timings_.push_back({{"tag", tag}, {"type", type}, {"wall_s", round_ms(wall_s)}, {"cpu_s", round_ms(cpu_s)}});
}

void Manifest::set(const std::string& key, nlohmann::json value)
{
    std::lock_guard lock(mutex_);
    extra_[key] = std::move(value);
}

std::vector<RowAccounting> Manifest::accounting() const
{
    std::lock_guard lock(mutex_);
    std::vector<RowAccounting> out;
    for (const auto& [s, a] : accounting_)
        out.push_back(a);
    return out;
}

nlohmann::json Manifest::to_json() const
{
    std::lock_guard lock(mutex_);
    nlohmann::json j = extra_;
    j["inputs"] = inputs_;
    j["stages"] = stages_;
    nlohmann::json acc = nlohmann::json::array();
    for (const auto& [stage, a] : accounting_)
        acc.push_back({{"stage", stage},
                       {"source", a.source},
                       {"rows", a.rows},
                       {"used", a.used},
                       {"outside", a.outside},
                       {"not_located", a.not_located},
                       {"rejected", a.rejected},
                       {"balanced", a.balanced()}});
    j["accounting"] = acc;
    j["warnings"] = published_ ? published_warnings_ : warnings_;
    j["outputs"] = outputs_;
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); !(epoch && *epoch))
        j["timings"] = timings_;
    return j;
}

}  // namespace trygg::pipeline
