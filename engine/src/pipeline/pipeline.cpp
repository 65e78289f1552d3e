// SPDX-License-Identifier: MIT
#include "stage_beside.hpp"
#include "streamed_count_run.hpp"

#include <trygg/core/datetime.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/error_detail.hpp>
#include <trygg/crs/working_crs.hpp>
#include <trygg/pipeline/pipeline.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <new>
#include <set>
#include <sstream>
#include <thread>

namespace trygg::pipeline {

namespace {

std::string where(std::size_t index, const std::string& type)
{
    return "stage " + std::to_string(index + 1) + (type.empty() ? "" : " (" + type + ")");
}

bool type_matches(OptionType type, const nlohmann::json& v)
{
    switch (type) {
    case OptionType::string:
    case OptionType::path: return v.is_string();
    case OptionType::integer: return v.is_number_integer();
    case OptionType::number: return v.is_number();
    case OptionType::boolean: return v.is_boolean();
    case OptionType::array: return v.is_array();
    case OptionType::object: return v.is_object();
    }
    return false;
}

// "freeze": {"until": "YYYY-MM-DD"}: the first minute after that day.
std::int64_t parse_freeze(const nlohmann::json& freeze)
{
    const std::string usage = "pipeline: 'freeze' must be {\"until\": \"YYYY-MM-DD\"} (the last day of the closed periods)";
    if (!freeze.is_object() || freeze.size() != 1 || !freeze.contains("until") || !freeze["until"].is_string())
        throw core::PipelineError(usage);
    const auto text = freeze["until"].get<std::string>();
    std::string why;
    const auto when = core::parse_datetime(text, &why);
    if (!when || when->has_clock)
        throw core::PipelineError(usage + (why.empty() ? "" : ": " + why));
    return when->minutes / 1440 * 1440 + 1440;
}

RunSettings parse_settings(const nlohmann::json& doc, const std::filesystem::path& base_dir)
{
    RunSettings s;
    s.base_dir = base_dir;
    static const std::set<std::string> known{"pipeline", "privacy", "seed", "threads", "crs", "ledger", "freeze"};
    for (const auto& [key, value] : doc.items())
        if (!known.count(key))
            throw core::PipelineError("pipeline: unknown top-level key '" + key +
                                      "' (known: pipeline, privacy, seed, threads, crs, ledger, freeze)");
    if (doc.contains("privacy")) {
        const auto& p = doc["privacy"];
        if (p == "internal")
            s.privacy = Privacy::internal;
        else if (p == "publish")
            s.privacy = Privacy::publish;
        else
            throw core::PipelineError("pipeline: 'privacy' must be \"publish\" or \"internal\"");
    }
    if (doc.contains("seed")) {
        if (!doc["seed"].is_number_unsigned())
            throw core::PipelineError("pipeline: 'seed' must be a non-negative integer");
        s.seed = doc["seed"].get<std::uint64_t>();
    }
    if (doc.contains("threads")) {
        if (!doc["threads"].is_number_unsigned())
            throw core::PipelineError("pipeline: 'threads' must be a non-negative integer");
        s.threads = doc["threads"].get<unsigned>();
    }
    if (doc.contains("crs")) {
        if (!doc["crs"].is_string())
            throw core::PipelineError("pipeline: 'crs' must be a string such as \"EPSG:3006\"");
        s.crs = doc["crs"].get<std::string>();
        // Areas, distances and radii are computed in its units: refuse feet and degrees up front.
        if (auto problem = crs::working_crs_problem(s.crs))
            throw core::PipelineError("pipeline: " + *problem);
    }
    if (doc.contains("ledger")) {
        if (!doc["ledger"].is_string() || doc["ledger"].get<std::string>().empty())
            throw core::PipelineError("pipeline: 'ledger' must be the path of the release ledger (an SQLite file)");
        s.ledger = doc["ledger"].get<std::string>();
        if (s.ledger.is_relative() && !base_dir.empty())
            s.ledger = base_dir / s.ledger;
    }
    if (doc.contains("freeze"))
        s.freeze_before = parse_freeze(doc["freeze"]);
    return s;
}

}  // namespace

Pipeline parse_pipeline(const nlohmann::json& document, const std::filesystem::path& base_dir)
{
    Pipeline p;
    const nlohmann::json* stages = &document;
    if (document.is_object()) {
        if (!document.contains("pipeline"))
            throw core::PipelineError("pipeline: an object pipeline needs a \"pipeline\" array of stages");
        p.settings = parse_settings(document, base_dir);
        stages = &document["pipeline"];
    } else {
        p.settings.base_dir = base_dir;
    }
    if (!stages->is_array())
        throw core::PipelineError("pipeline: expected an array of stages");
    if (stages->empty())
        throw core::PipelineError("pipeline: the pipeline has no stages");

    std::map<std::string, int> type_count;
    std::set<std::string> tags;
    for (std::size_t i = 0; i < stages->size(); ++i) {
        const auto& s = (*stages)[i];
        if (!s.is_object())
            throw core::PipelineError("pipeline: " + where(i, "") + " is not an object");
        if (!s.contains("type") || !s["type"].is_string())
            throw core::PipelineError("pipeline: " + where(i, "") + " has no \"type\" string");
        StageSpec spec;
        spec.type = s["type"].get<std::string>();
        if (s.contains("tag")) {
            if (!s["tag"].is_string() || s["tag"].get<std::string>().empty())
                throw core::PipelineError("pipeline: " + where(i, spec.type) + ": \"tag\" must be a non-empty string");
            spec.tag = s["tag"].get<std::string>();
        } else {
            int n = ++type_count[spec.type];
            spec.tag = n == 1 ? spec.type : spec.type + "#" + std::to_string(n);
        }
        if (!tags.insert(spec.tag).second)
            throw core::PipelineError("pipeline: " + where(i, spec.type) + ": duplicate tag '" + spec.tag + "'");
        if (s.contains("inputs")) {
            const auto& in = s["inputs"];
            if (!in.is_array())
                throw core::PipelineError("pipeline: " + where(i, spec.type) + ": \"inputs\" must be an array of tags");
            for (const auto& t : in) {
                if (!t.is_string())
                    throw core::PipelineError("pipeline: " + where(i, spec.type) + ": \"inputs\" must be an array of tags");
                spec.input_tags.push_back(t.get<std::string>());
            }
        }
        spec.options = nlohmann::json::object();
        for (const auto& [key, value] : s.items())
            if (key != "type" && key != "tag" && key != "inputs")
                spec.options[key] = value;
        p.stages.push_back(std::move(spec));
    }
    return p;
}

Pipeline load_pipeline(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw core::InputError("pipeline: cannot read '" + file.string() + "'");
    std::stringstream buffer;
    buffer << in.rdbuf();
    nlohmann::json doc;
    // nlohmann keeps the last of two equal keys in one object; a pipeline that says "path" twice
    // would run with the second without a word. The callback sees every key in order: one set
    // of keys per open object, and the stage (1-based) when the object is inside the stage array.
    std::vector<std::set<std::string>> open_objects;
    std::string open_containers;  // 'o' / 'a' per open object or array, outermost first
    std::size_t stage = 0, stage_depth = 0;  // the stage being read (1-based) and its depth in open_containers
    std::string duplicate;
    const auto find_duplicates = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        if (event == E::object_start) {
            // A stage is an object in the top-level array, or in the array of the top-level object.
            if (open_containers == "a" || open_containers == "oa") {
                ++stage;
                stage_depth = open_containers.size() + 1;
            }
            open_objects.emplace_back();
            open_containers += 'o';
        } else if (event == E::array_start) {
            open_containers += 'a';
        } else if ((event == E::object_end || event == E::array_end) && !open_containers.empty()) {
            if (open_containers.back() == 'o' && !open_objects.empty())
                open_objects.pop_back();
            open_containers.pop_back();
        } else if (event == E::key && !open_objects.empty() && duplicate.empty() &&
                   !open_objects.back().insert(parsed.get<std::string>()).second) {
            const bool in_stage = stage > 0 && open_containers.size() >= stage_depth;
            duplicate = "the key \"" + parsed.get<std::string>() + "\" appears twice in one object" +
                        (in_stage ? " (stage " + std::to_string(stage) + ")" : "") +
                        "; the second would silently replace the first";
        }
        return true;
    };
    try {
        doc = nlohmann::json::parse(buffer.str(), find_duplicates);
    } catch (const nlohmann::json::exception& e) {
        // A syntax error (nlohmann's message includes "at line L, column C") or a number that
        // overflows a double, e.g. 1e400 (out_of_range); without nlohmann's "[json.exception...]".
        std::string what = e.what();
        auto pos = what.find("parse error");
        if (pos == std::string::npos && what.find("] ") != std::string::npos)
            pos = what.find("] ") + 2;
        throw core::PipelineError("pipeline: '" + file.string() + "' is not valid JSON: " +
                                  (pos == std::string::npos ? what : what.substr(pos)));
    }
    if (!duplicate.empty())
        throw core::PipelineError("pipeline: '" + file.string() + "': " + duplicate);
    return parse_pipeline(doc, {});  // relative paths resolve against the working directory
}

std::vector<PlannedStage> plan(const Pipeline& pipeline, const StageRegistry& registry)
{
    std::vector<PlannedStage> planned;
    std::map<std::string, std::size_t> index_of_tag;
    std::map<std::string, std::string> written_by;  // output file -> the writer's tag
    for (std::size_t i = 0; i < pipeline.stages.size(); ++i)
        index_of_tag[pipeline.stages[i].tag] = i;

    for (std::size_t i = 0; i < pipeline.stages.size(); ++i) {
        const auto& spec = pipeline.stages[i];
        const auto* d = registry.find(spec.type);
        if (!d)
            throw core::PipelineError("pipeline: " + where(i, spec.type) + ": unknown stage type '" + spec.type +
                                      "' (see `trygg stages`)");
        const std::string& tag = spec.tag;
        PlannedStage ps{spec, d, nlohmann::json::object(), {}, {}};

        // Options: unknown names, types, required, defaults.
        for (const auto& item : spec.options.items()) {
            const std::string& key = item.key();
            const auto& value = item.value();
            auto it = std::find_if(d->options.begin(), d->options.end(), [&](const OptionSpec& o) { return o.name == key; });
            if (it == d->options.end()) {
                for (const auto& [name, why] : d->withdrawn_options)
                    if (name == key)
                        throw core::PipelineError(tag + ": option '" + key + "' is no longer accepted: " + why);
                throw core::PipelineError(tag + ": unknown option '" + key + "' (see `trygg stages " + d->type + "`)");
            }
            if (!type_matches(it->type, value))
                throw core::PipelineError(tag + ": option '" + key + "' must be " + to_string(it->type) + ", got " +
                                          value.dump());
            // JSON has no NaN or infinity, but an overflowing literal such as 1e400 parses to one.
            if (value.is_number_float() && !std::isfinite(value.get<double>()))
                throw core::PipelineError(tag + ": option '" + key + "' must be a finite number");
            ps.options[key] = value;
        }
        for (const auto& o : d->options) {
            if (ps.options.contains(o.name))
                continue;
            if (o.required)
                throw core::PipelineError(tag + ": missing required option '" + o.name + "'");
            ps.options[o.name] = o.default_value;
        }

        // Inputs: explicit tags must name earlier stages; otherwise take the latest of each kind.
        std::vector<std::size_t> given;
        for (const auto& t : spec.input_tags) {
            auto it = index_of_tag.find(t);
            if (it == index_of_tag.end())
                throw core::PipelineError(tag + ": input '" + t + "' is not the tag of any stage");
            if (it->second == i)
                throw core::PipelineError(tag + ": a stage cannot be its own input (cycle)");
            if (it->second > i)
                throw core::PipelineError(tag + ": input '" + t + "' comes later in the pipeline "
                                          "(stages run in order; a forward reference would be a cycle)");
            given.push_back(it->second);
        }
        std::set<std::size_t> used;
        auto kind_of = [&](std::size_t j) { return planned[j].descriptor->output_kind; };
        for (std::size_t k = 0; k < d->inputs.size(); ++k) {
            const auto& slot = d->inputs[k];
            std::vector<std::size_t> chosen;
            for (auto j : given)
                if (!used.count(j) && slot.accepts(kind_of(j)) && (slot.repeated || chosen.empty()))
                    chosen.push_back(j);
            if (chosen.empty() && slot.repeated)
                for (std::size_t j = 0; j < i; ++j)  // none listed: every earlier stage of the kind
                    if (slot.accepts(kind_of(j)) && !used.count(j))
                        chosen.push_back(j);
            if (chosen.empty() && given.empty())
                for (std::size_t j = i; j-- > 0;)
                    if (slot.accepts(kind_of(j))) {
                        chosen.push_back(j);
                        break;
                    }
            if (chosen.empty() && slot.required)
                throw core::PipelineError(tag + ": needs an input of kind '" + slot.kind + "' (" + slot.help +
                                          ")" + (given.empty() ? ", and no earlier stage produces one" :
                                                                 ", and none of its \"inputs\" is one"));
            for (auto j : chosen) {
                used.insert(j);
                ps.resolved.push_back({j, k});
            }
            ps.inputs.push_back(chosen.empty() ? std::nullopt : std::optional<std::size_t>(chosen.front()));
        }
        for (auto j : given)
            if (!used.count(j))
                throw core::PipelineError(tag + ": input '" + pipeline.stages[j].tag + "' (kind '" +
                                          planned[j].descriptor->output_kind + "') is not accepted here");
        // Options naming a stage by tag: an earlier stage of the kind, resolved as an input.
        for (const auto& to : d->tag_options) {
            const auto& option = ps.options[to.option];
            const nlohmann::json* value = &option;
            if (!to.key.empty())
                value = option.is_object() && option.contains(to.key) ? &option[to.key] : nullptr;
            if (!value || value->is_null())
                continue;
            const auto fail = [&](const std::string& why) {
                throw core::PipelineError(tag + ": option '" + to.name() + "': " + why);
            };
            // A tag, or (TagOption::several) an array of tags.
            const bool list = to.several && value->is_array();
            if (!list && !value->is_string())
                fail(to.several ? "must be the tag of an earlier stage, or an array of them"
                                : "must be the tag of an earlier stage");
            for (const auto& item : list ? *value : nlohmann::json::array({*value})) {
                if (!item.is_string())
                    fail("must be the tag of an earlier stage, or an array of them");
                const auto t = item.get<std::string>();
                auto it = index_of_tag.find(t);
                if (it == index_of_tag.end() || it->second >= i)
                    fail("'" + t + "' is not the tag of an earlier stage");
                InputSpec want{to.kind, true, "", false};
                if (!want.accepts(kind_of(it->second)))
                    fail("'" + t + "' is a " + pipeline.stages[it->second].type + " stage (kind '" +
                         kind_of(it->second) + "'), not of kind '" + to.kind + "'");
                if (std::none_of(ps.resolved.begin(), ps.resolved.end(),
                                 [&](const PlannedInput& r) { return r.stage == it->second; }))
                    ps.resolved.push_back({it->second, d->inputs.size()});
            }
        }

        ValidationContext vctx{tag, pipeline.settings, {}};
        for (const auto& r : ps.resolved)
            vctx.inputs.emplace_back(pipeline.stages[r.stage].tag, kind_of(r.stage));
        registry.make(spec.type)->validate(ps.options, vctx);
        // Two writers to one file: the second would replace the first's output.
        if (spec.type.rfind("write.", 0) == 0 && ps.options.contains("path") && ps.options["path"].is_string()) {
            std::error_code ec;
            const auto target =
                std::filesystem::weakly_canonical(std::filesystem::absolute(vctx.resolve(ps.options["path"].get<std::string>()), ec), ec)
                    .string();
            const auto [it, fresh] = written_by.emplace(target, tag);
            if (!fresh)
                throw core::PipelineError(tag + ": writes '" + ps.options["path"].get<std::string>() + "', as '" +
                                          it->second + "' does; give one of them another \"path\"");
        }
        planned.push_back(std::move(ps));
    }
    return planned;
}

namespace {
// Records messages in the manifest as they pass through (warnings are listed there).
class ManifestReporter : public core::Reporter {
public:
    ManifestReporter(core::Reporter& inner, Manifest& manifest) : inner_(inner), manifest_(manifest) {}
    void progress(const std::string& stage, std::uint64_t done, std::uint64_t total) override
    {
        inner_.progress(stage, done, total);
    }
    void message(core::Level level, const std::string& stage, const std::string& text) override
    {
        manifest_.record_message(level == core::Level::warning, stage, text, text);
        inner_.message(level, stage, text);
    }
    void message_with_published(core::Level level, const std::string& stage, const std::string& text,
                                const std::string& published) override
    {
        manifest_.record_message(level == core::Level::warning, stage, text, published);
        inner_.message(level, stage, text);
    }

private:
    core::Reporter& inner_;
    Manifest& manifest_;
};

// Runs `f` (a stage, or the wait for one), saying which stage failed.
template <class F> auto stage_errors(const std::string& tag, F&& f)
{
    try {
        return f();
    } catch (const core::Error& e) {
        core::add_error_param(e.what(), "stage", tag);  // the error event names the failing step
        throw;
    } catch (const std::bad_alloc&) {
        // Not a bug but a run too large for this machine: say which stage, and what helps.
        throw core::OutOfMemory(tag + ": out of memory; fewer districts, a coarser grid or pixel_size, "
                                "fewer periods or permutations need less (the previous output is kept)");
    }
}
}  // namespace

RunResult run(const Pipeline& pipeline, const StageRegistry& registry, core::Reporter& reporter,
              const core::CancelToken& cancel)
{
    auto planned = plan(pipeline, registry);
    RunSettings settings = pipeline.settings;
    if (settings.threads == 0)
        settings.threads = std::max(1u, std::thread::hardware_concurrency());

    Manifest manifest;
    manifest.set_published(settings.privacy == Privacy::publish);
    ManifestReporter mreporter(reporter, manifest);
    manifest.set("settings", {{"privacy", settings.privacy == Privacy::internal ? "internal" : "publish"},
                              {"seed", settings.seed},
                              {"crs", settings.crs}});
    RunResult result;
    const auto run_start = StageBeside::Clock::now();
    std::unique_ptr<StageBeside> beside;  // the next stage, started beside the current one
    auto inputs_of = [&](const PlannedStage& ps) {
        std::vector<std::shared_ptr<const Artifact>> inputs;
        for (const auto& slot : ps.inputs)
            inputs.push_back(slot ? result.artifacts[*slot].second : nullptr);
        return inputs;
    };
    auto named_inputs_of = [&](const PlannedStage& ps) {
        std::vector<NamedInput> named;
        for (const auto& r : ps.resolved)
            named.push_back({result.artifacts[r.stage].first, r.slot, result.artifacts[r.stage].second});
        return named;
    };
    // A register too large to hold whole, only counted: read, assigned and counted a chunk at a
    // time when the aggregate's turn comes (streamed_count.hpp).
    auto streamed = streamed_count_plan(planned, settings);
    if (streamed) {
        std::error_code ec;
        const auto& read = planned[streamed->read];
        const auto path = ValidationContext{read.spec.tag, settings, {}}.resolve(read.options.at("path").get<std::string>());
        const auto bytes = std::filesystem::file_size(path, ec);
        if (ec || !worth_streaming(bytes))
            streamed.reset();
    }
    const auto part_of_stream = [&](std::size_t i) {
        return streamed && (i == streamed->read || i == streamed->assign);
    };
    for (std::size_t i = 0; i < planned.size(); ++i) {
        const auto& ps = planned[i];
        cancel.check();
        std::vector<std::string> input_tags;
        for (const auto& r : ps.resolved)
            input_tags.push_back(result.artifacts[r.stage].first);
        manifest.record_stage(ps.spec.tag, ps.spec.type, ps.options, input_tags);
        if (part_of_stream(i)) {
            result.artifacts.emplace_back(ps.spec.tag, nullptr);  // made at the aggregate's turn
            continue;
        }
        if (streamed && i == streamed->aggregate) {
            const auto context = [&](std::size_t k) {
                const auto& s = planned[k];
                return std::make_unique<StageContext>(s.spec.tag, *s.descriptor, s.options, inputs_of(s), settings,
                                                      mreporter, cancel, manifest, named_inputs_of(s));
            };
            auto read_ctx = context(streamed->read), assign_ctx = context(streamed->assign), aggregate_ctx = context(i);
            const double now_s = std::chrono::duration<double>(StageBeside::Clock::now() - run_start).count();
            auto count = stage_errors(planned[streamed->read].spec.tag, [&] {
                return run_streamed_count(*read_ctx, *assign_ctx, *aggregate_ctx, streamed_chunk_bytes(), now_s);
            });
            for (const auto& [k, done] : {std::pair{streamed->read, &count.read}, std::pair{streamed->assign, &count.assign},
                                          std::pair{i, &count.aggregate}}) {
                manifest.record_timing(planned[k].spec.tag, planned[k].spec.type, done->start_s, done->wall_s,
                                       done->cpu_s, "");
                if (k != i)
                    result.artifacts[k].second = done->artifact;
            }
            // Said in the manifest only: everything else reads as the whole-table run's.
            manifest.set("streamed", {{"stages", {planned[streamed->read].spec.tag, planned[streamed->assign].spec.tag,
                                                  ps.spec.tag}},
                                      {"chunks", count.chunks},
                                      {"chunk_bytes", streamed_chunk_bytes()}});
            result.artifacts.emplace_back(ps.spec.tag, std::move(count.aggregate.artifact));
            continue;
        }
        if (beside) {  // its turn
            auto finished = stage_errors(ps.spec.tag, [&] { return beside->finish(mreporter, manifest); });
            beside.reset();
            manifest.record_timing(ps.spec.tag, ps.spec.type, finished.start_s, finished.wall_s, finished.cpu_s,
                                   planned[i - 1].spec.tag);
            result.artifacts.emplace_back(ps.spec.tag, std::move(finished.artifact));
            continue;
        }
        StageContext ctx(ps.spec.tag, *ps.descriptor, ps.options, inputs_of(ps), settings, mreporter, cancel,
                         manifest, named_inputs_of(ps));
        auto stage = registry.make(ps.spec.type);
        std::string beside_tag;
        if (may_run_beside(planned, i, settings.threads) && !part_of_stream(i + 1)) {
            const auto& next = planned[i + 1];
            beside = std::make_unique<StageBeside>(next, registry, inputs_of(next), named_inputs_of(next), settings,
                                                   cancel, settings.privacy == Privacy::publish, run_start);
            beside_tag = next.spec.tag;
        }
        const auto wall0 = StageBeside::Clock::now();
        const double cpu0 = process_cpu_seconds();
        auto artifact = stage_errors(ps.spec.tag, [&] { return stage->run(ctx); });
        manifest.record_timing(ps.spec.tag, ps.spec.type,
                               std::chrono::duration<double>(wall0 - run_start).count(),
                               std::chrono::duration<double>(StageBeside::Clock::now() - wall0).count(),
                               process_cpu_seconds() - cpu0, beside_tag);
        result.artifacts.emplace_back(ps.spec.tag, std::move(artifact));
    }
    result.manifest = manifest.to_json();
    result.accounting = manifest.accounting();
    for (const auto& o : result.manifest["outputs"])
        result.outputs.emplace_back(o["path"].get<std::string>());
    return result;
}

}  // namespace trygg::pipeline
