// SPDX-License-Identifier: MIT
#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/pipeline/manifest.hpp>

#include <openssl/evp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace trygg::pipeline {

namespace {
struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File open_for_hash(const std::filesystem::path& path)
{
    File in(std::fopen(path.c_str(), "rb"));
    if (!in)
        throw core::InputError("cannot read '" + path.string() + "'");
    return in;
}

std::string sha256_of(std::FILE* in, const std::filesystem::path& path, const std::atomic<bool>* stop = nullptr)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::vector<unsigned char> buffer(1 << 20);
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
        if (stop && stop->load(std::memory_order_relaxed))
            return {};  // the manifest is gone: nobody reads the hash
        EVP_DigestUpdate(ctx.get(), buffer.data(), n);
    }
    if (std::ferror(in))
        throw core::InputError("cannot read '" + path.string() + "'");
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest.data(), &length);
    return core::to_hex(digest.data(), length);
}
}  // namespace

std::string sha256_file(const std::filesystem::path& path)
{
    const auto in = open_for_hash(path);
    return sha256_of(in.get(), path);
}

void Manifest::record_input(const std::string& stage, const std::filesystem::path& path)
{
    // A database source has no file to hash: its provenance is added by record_database_input.
    nlohmann::json entry{{"stage", stage}, {"path", core::redact_source(path.string())}};
    std::error_code ec;
    std::optional<std::shared_future<std::string>> hash;
    if (std::filesystem::is_regular_file(path, ec)) {
        entry["size"] = std::filesystem::file_size(path, ec);
        // Hashed beside the run, on a thread at the lowest priority: it takes a core only
        // while one is idle (the serial steps), where hashing a 10M-row register first was a
        // second of the run's wall time (issue 20). Opened here so that an unreadable file
        // still fails at once.
        hash = std::async(std::launch::async, [in = open_for_hash(path), path, stop = stop_hashing_]() mutable {
            setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
            return sha256_of(in.get(), path, stop.get());
        });
    }
    std::lock_guard lock(mutex_);
    if (hash)
        pending_hashes_.emplace_back(inputs_.size(), std::move(*hash));
    inputs_.push_back(std::move(entry));
}

Manifest::~Manifest()
{
    // A failed or cancelled run does not wait for its inputs' hashes.
    stop_hashing_->store(true);
    for (const auto& stop : stop_absorbed_)
        stop->store(true);
}

void Manifest::resolve_hashes() const
{
    for (auto& [index, hash] : pending_hashes_)
        inputs_[index]["sha256"] = hash.get();
    pending_hashes_.clear();
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
    resolve_hashes();
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

void Manifest::record_timing(const std::string& tag, const std::string& type, double start_s, double wall_s,
                             double cpu_s, const std::string& beside)
{
    auto round_ms = [](double s) { return std::round(s * 1000.0) / 1000.0; };
    nlohmann::json entry{{"tag", tag},
                         {"type", type},
                         {"start_s", round_ms(start_s)},
                         {"wall_s", round_ms(wall_s)},
                         {"cpu_s", round_ms(cpu_s)}};
    if (!beside.empty())
        entry["beside"] = beside;
    std::lock_guard lock(mutex_);
    timings_.push_back(std::move(entry));
}

void Manifest::absorb(Manifest& other)
{
    std::scoped_lock lock(mutex_, other.mutex_);
    for (auto& [index, hash] : other.pending_hashes_)
        pending_hashes_.emplace_back(inputs_.size() + index, std::move(hash));
    other.pending_hashes_.clear();
    // Those hashes now stop with this manifest (other's destructor would stop them).
    stop_absorbed_.push_back(std::exchange(other.stop_hashing_, std::make_shared<std::atomic<bool>>(false)));
    for (auto& entry : other.inputs_)
        inputs_.push_back(std::move(entry));
    for (const auto& entry : other.accounting_) {  // (clang 14 cannot capture a structured binding)
        auto same = std::find_if(accounting_.begin(), accounting_.end(),
                                 [&](const auto& a) { return a.second.source == entry.second.source; });
        if (same != accounting_.end())
            *same = entry;
        else
            accounting_.push_back(entry);
    }
    warnings_.insert(warnings_.end(), other.warnings_.begin(), other.warnings_.end());
    published_warnings_.insert(published_warnings_.end(), other.published_warnings_.begin(),
                               other.published_warnings_.end());
    log_.insert(log_.end(), other.log_.begin(), other.log_.end());
    unpublished_detail_ = unpublished_detail_ || other.unpublished_detail_;
    for (auto& o : other.outputs_)
        outputs_.push_back(std::move(o));
    for (auto& t : other.timings_)
        timings_.push_back(std::move(t));
    extra_.update(other.extra_);
    other.inputs_ = nlohmann::json::array();
    other.accounting_.clear();
    other.warnings_.clear();
    other.published_warnings_.clear();
    other.log_.clear();
    other.outputs_ = nlohmann::json::array();
    other.timings_ = nlohmann::json::array();
    other.extra_ = nlohmann::json::object();
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
    resolve_hashes();
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
