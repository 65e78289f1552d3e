// SPDX-License-Identifier: MIT
// Two read stages in a row run side by side, and a run reads the same as when they ran in turn:
// messages, manifest, errors and cancel (pipeline.cpp, stage_beside.cpp).
#include <trygg/core/error.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/pipeline/pipeline.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace trygg;
using nlohmann::json;

namespace {

struct Value : pipeline::Artifact {
    double value;
    explicit Value(double v) : value(v) {}
    std::string kind() const override { return "value"; }
};

// What the fake stages saw, planted per test.
struct Seen {
    std::atomic<bool> second_started{false};
    std::atomic<bool> first_saw_second{false};
    std::atomic<bool> left_by_cancel{false};
    std::atomic<bool> next_cancelled_while_first_ran{false};
};
Seen* seen = nullptr;

// A reader: says two things, records an input and its accounting, may wait for the stage after
// it to start ("wait_for_next"), run until cancelled ("until_cancelled"), wait for the stage
// after it to be cancelled ("until_next_cancelled") or fail ("fail").
struct FakeRead : pipeline::Stage {
    static pipeline::StageDescriptor descriptor()
    {
        return {"read.fake",
                "a fake reader",
                {{"value", pipeline::OptionType::number, 1.0, false, ""},
                 {"wait_for_next", pipeline::OptionType::boolean, false, false, ""},
                 {"until_cancelled", pipeline::OptionType::boolean, false, false, ""},
                 {"until_next_cancelled", pipeline::OptionType::boolean, false, false, ""},
                 {"fail", pipeline::OptionType::string, "", false, ""}},
                {},
                "value"};
    }
    std::shared_ptr<const pipeline::Artifact> run(pipeline::StageContext& ctx) const override
    {
        if (ctx.tag() != "first")
            seen->second_started = true;
        ctx.info("starts");
        ctx.progress(1, 2);
        ctx.manifest().record_input(ctx.tag(), "/nonexistent/" + ctx.tag() + ".csv");
        ctx.manifest().record_accounting(ctx.tag(), {ctx.tag() + ".csv", 3, 2, 1, 0, 0});
        if (ctx.option<bool>("wait_for_next"))
            // Up to 20 s: a run in turn never starts the next stage while this one runs.
            for (int k = 0; k < 2000 && !seen->second_started; ++k)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (ctx.tag() == "first")
            seen->first_saw_second = seen->second_started.load();
        // Up to 20 s (a stage never cancelled fails the test, it does not hang it).
        if (ctx.option<bool>("until_cancelled"))
            for (int k = 0; k < 20000; ++k) {
                if (ctx.cancel().cancelled()) {
                    seen->left_by_cancel = true;
                    ctx.cancel().check();
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        if (ctx.option<bool>("until_next_cancelled")) {  // deaf to cancel itself
            for (int k = 0; k < 2000 && !seen->left_by_cancel; ++k)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            seen->next_cancelled_while_first_ran = seen->left_by_cancel.load();
        }
        if (!ctx.option<std::string>("fail").empty())
            ctx.fail_input(ctx.option<std::string>("fail"));
        ctx.warn("done with row 7", "done");
        ctx.progress(2, 2);
        return std::make_shared<Value>(ctx.option<double>("value"));
    }
};

struct Add : pipeline::Stage {
    static pipeline::StageDescriptor descriptor()
    {
        return {"add", "adds", {}, {{"value", true, "left"}, {"value", true, "right"}}, "value"};
    }
    std::shared_ptr<const pipeline::Artifact> run(pipeline::StageContext& ctx) const override
    {
        ctx.info("adds");
        return std::make_shared<Value>(ctx.input<Value>(0)->value + ctx.input<Value>(1)->value);
    }
};

// A reader of what an earlier stage made.
struct DerivedRead : pipeline::Stage {
    static pipeline::StageDescriptor descriptor()
    {
        return {"read.derived", "reads beside a value", {}, {{"value", true, "the value"}}, "value"};
    }
    std::shared_ptr<const pipeline::Artifact> run(pipeline::StageContext& ctx) const override
    {
        return std::make_shared<Value>(ctx.input<Value>(0)->value + 1.0);
    }
};

// Not a reader.
struct Constant : pipeline::Stage {
    static pipeline::StageDescriptor descriptor() { return {"const", "a constant", {}, {}, "value"}; }
    std::shared_ptr<const pipeline::Artifact> run(pipeline::StageContext&) const override
    {
        return std::make_shared<Value>(1.0);
    }
};

pipeline::StageRegistry registry()
{
    pipeline::StageRegistry r;
    r.add<FakeRead>();
    r.add<Add>();
    r.add<Constant>();
    r.add<DerivedRead>();
    return r;
}

json two_reads(unsigned threads)
{
    return {{"threads", threads},
            {"privacy", "publish"},
            {"pipeline",
             json::parse(R"([{"type":"read.fake","tag":"first","value":2,"wait_for_next":true},
                              {"type":"read.fake","tag":"second","value":40},
                              {"type":"add","inputs":["first","second"]}])")}};
}

struct Outcome {
    std::vector<core::CollectingReporter::Entry> said;
    json manifest;
    double sum = 0;
};

// Plants a fresh Seen for the fake stages while it lives.
struct Watching {
    Seen fresh;
    Watching() { seen = &fresh; }
    ~Watching() { seen = nullptr; }
};

Outcome run(const json& doc)
{
    Watching watch;
    core::CollectingReporter reporter;
    auto result = pipeline::run(pipeline::parse_pipeline(doc, {}), registry(), reporter, {});
    Outcome out{reporter.entries(), result.manifest, result.find<Value>("add")->value};
    out.manifest.erase("timings");
    return out;
}

// Runs `doc`, which must fail with an InputError: its message.
std::string input_error_of(const json& doc, core::CollectingReporter& reporter)
{
    try {
        pipeline::run(pipeline::parse_pipeline(doc, {}), registry(), reporter, {});
    } catch (const core::InputError& e) {
        return e.what();
    }
    return "(the run did not fail)";
}

std::vector<std::string> said_texts(const std::vector<core::CollectingReporter::Entry>& said)
{
    std::vector<std::string> out;
    for (const auto& e : said)
        out.push_back(e.stage + ": " + e.text);
    return out;
}

}  // namespace

TEST(StageBeside, TheNextReadStartsWhileTheFirstRunsAndTheRunReadsAsInTurn)
{
    {
        Watching watch;
        core::CollectingReporter reporter;
        auto result = pipeline::run(pipeline::parse_pipeline(two_reads(2), {}), registry(), reporter, {});
        EXPECT_TRUE(watch.fresh.first_saw_second) << "the second read did not start while the first ran";
        EXPECT_DOUBLE_EQ(result.find<Value>("add")->value, 42.0);
        const auto& timings = result.manifest["timings"];
        EXPECT_EQ(timings[0]["beside"], "second");
        EXPECT_EQ(timings[1]["beside"], "first");
        EXPECT_FALSE(timings[2].contains("beside"));
    }

    // The same run on one thread: in turn (the first waits for a second that never starts),
    // and every message, input, accounting and warning in the same order.
    const auto beside = run(two_reads(2));
    auto one_thread = two_reads(1);
    one_thread["pipeline"][0]["wait_for_next"] = false;
    const auto in_turn = run(one_thread);
    const std::vector<std::string> expected{"first: starts", "first: done with row 7", "second: starts",
                                            "second: done with row 7", "add: adds"};
    EXPECT_EQ(said_texts(beside.said), expected);
    EXPECT_EQ(said_texts(in_turn.said), expected);
    EXPECT_EQ(beside.manifest["warnings"], json::parse(R"(["first: done","second: done"])"));
    EXPECT_EQ(beside.manifest["inputs"][1]["path"], "/nonexistent/second.csv");
    EXPECT_EQ(beside.manifest["accounting"][1]["stage"], "second");
    json without_settings = beside.manifest, in_turn_without = in_turn.manifest;
    without_settings.erase("stages");
    in_turn_without.erase("stages");  // their "threads" differ
    EXPECT_EQ(without_settings, in_turn_without);
}

TEST(StageBeside, OnlyAReadThatNeedsNothingOfTheStageBeforeRunsBesideIt)
{
    auto ran_beside = [](const json& doc) {
        Watching watch;
        core::CollectingReporter reporter;
        auto result = pipeline::run(pipeline::parse_pipeline(doc, {}), registry(), reporter, {});
        for (const auto& t : result.manifest["timings"])
            if (t.contains("beside"))
                return true;
        return false;
    };
    auto doc = two_reads(2);
    doc["pipeline"][0]["wait_for_next"] = false;
    EXPECT_TRUE(ran_beside(doc));
    auto uses_first = doc;
    uses_first["pipeline"][1] = json{{"type", "read.derived"}, {"tag", "second"}, {"inputs", {"first"}}};
    uses_first["pipeline"][2]["inputs"] = json::array({"first", "second"});
    EXPECT_FALSE(ran_beside(uses_first));
    auto after_no_read = doc;
    after_no_read["pipeline"][0] = json{{"type", "const"}, {"tag", "first"}};
    EXPECT_FALSE(ran_beside(after_no_read));
    auto one_thread = doc;
    one_thread["threads"] = 1u;
    EXPECT_FALSE(ran_beside(one_thread));
}

TEST(StageBeside, WhenTheFirstFailsItsErrorIsTheRunsAndTheSecondIsStoppedUnheard)
{
    auto doc = two_reads(2);
    doc["pipeline"][0]["fail"] = "no such layer";
    doc["pipeline"][1]["until_cancelled"] = true;
    Watching watch;
    core::CollectingReporter reporter;
    EXPECT_EQ(input_error_of(doc, reporter), "first: no such layer");
    EXPECT_TRUE(watch.fresh.left_by_cancel) << "the second read was not cancelled";
    EXPECT_EQ(said_texts(reporter.entries()), std::vector<std::string>{"first: starts"});
}

TEST(StageBeside, WhenTheSecondFailsItsErrorComesAtItsTurnAfterWhatItSaidBefore)
{
    auto doc = two_reads(2);
    doc["pipeline"][1]["fail"] = "field 'x' not found";
    Watching watch;
    core::CollectingReporter reporter;
    EXPECT_EQ(input_error_of(doc, reporter), "second: field 'x' not found");
    EXPECT_EQ(said_texts(reporter.entries()),
              (std::vector<std::string>{"first: starts", "first: done with row 7", "second: starts"}));
}

TEST(StageBeside, TheRunsCancelReachesTheStageBeside)
{
    // The first read does not stop: the second must hear the run's cancel while it runs.
    auto doc = two_reads(2);
    doc["pipeline"][0]["wait_for_next"] = false;
    doc["pipeline"][0]["until_next_cancelled"] = true;
    doc["pipeline"][1]["until_cancelled"] = true;
    Watching watch;
    core::CollectingReporter reporter;
    core::CancelToken cancel;
    std::thread stopper([&] {
        while (!watch.fresh.second_started)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        cancel.cancel();
    });
    EXPECT_THROW(pipeline::run(pipeline::parse_pipeline(doc, {}), registry(), reporter, cancel), core::Cancelled);
    stopper.join();
    EXPECT_TRUE(watch.fresh.next_cancelled_while_first_ran);
}
