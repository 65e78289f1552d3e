// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/pipeline/pipeline.hpp>

#include <gtest/gtest.h>

using namespace trygg;
using nlohmann::json;

namespace {

// A tiny registry with fake stages, so the pipeline mechanics are tested without data.
struct Number : pipeline::Artifact {
    double value;
    explicit Number(double v) : value(v) {}
    std::string kind() const override { return "number"; }
};

struct Constant : pipeline::Stage {
    static pipeline::StageDescriptor descriptor()
    {
        return {"const", "a constant", {{"value", pipeline::OptionType::number, 1.0, false, "the value"}}, {}, "number"};
    }
    std::shared_ptr<const pipeline::Artifact> run(pipeline::StageContext& ctx) const override
    {
        return std::make_shared<Number>(ctx.option<double>("value"));
    }
};

struct Add : pipeline::Stage {
    static pipeline::StageDescriptor descriptor()
    {
        return {"add", "adds two numbers", {}, {{"number", true, "left"}, {"number", true, "right"}}, "number"};
    }
    std::shared_ptr<const pipeline::Artifact> run(pipeline::StageContext& ctx) const override
    {
        return std::make_shared<Number>(ctx.input<Number>(0)->value + ctx.input<Number>(1)->value);
    }
};

// A writer-like stage: a repeated input of any kind (default: every earlier stage).
struct Sum : pipeline::Stage {
    static pipeline::StageDescriptor descriptor()
    {
        return {"sum", "sums its inputs", {}, {{"*", false, "what to sum", true}}, "number"};
    }
    std::shared_ptr<const pipeline::Artifact> run(pipeline::StageContext& ctx) const override
    {
        double s = 0;
        for (const auto& in : ctx.inputs_in(0))
            if (auto n = std::dynamic_pointer_cast<const Number>(in.artifact))
                s += n->value;
        return std::make_shared<Number>(s);
    }
};

// A stage that names another by tag in an option ({"from": {"tag": ...}}).
struct Pick : pipeline::Stage {
    static pipeline::StageDescriptor descriptor()
    {
        return {"pick",
                "the number of the stage named in an option",
                {{"from", pipeline::OptionType::object, json::object(), false, "{\"tag\": a number stage}"}},
                {},
                "number",
                {{"from", "tag", "number"}}};
    }
    std::shared_ptr<const pipeline::Artifact> run(pipeline::StageContext& ctx) const override
    {
        auto n = std::dynamic_pointer_cast<const Number>(ctx.input_tagged(ctx.options()["from"]["tag"]));
        return std::make_shared<Number>(n ? n->value : -1.0);
    }
};

struct Text : pipeline::Artifact {
    std::string kind() const override { return "text"; }
};
struct Word : pipeline::Stage {
    static pipeline::StageDescriptor descriptor() { return {"word", "a text", {}, {}, "text"}; }
    std::shared_ptr<const pipeline::Artifact> run(pipeline::StageContext&) const override
    {
        return std::make_shared<Text>();
    }
};

pipeline::StageRegistry fake_registry()
{
    pipeline::StageRegistry r;
    r.add<Constant>();
    r.add<Add>();
    r.add<Sum>();
    r.add<Pick>();
    r.add<Word>();
    return r;
}

double run_number(const json& doc, const std::string& tag, nlohmann::json* manifest = nullptr)
{
    core::CollectingReporter reporter;
    core::CancelToken cancel;
    auto result = pipeline::run(pipeline::parse_pipeline(doc, {}), fake_registry(), reporter, cancel);
    if (manifest)
        *manifest = result.manifest;
    return result.find<Number>(tag)->value;
}

std::string plan_error(const json& doc)
{
    try {
        pipeline::plan(pipeline::parse_pipeline(doc, {}), fake_registry());
    } catch (const core::PipelineError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Pipeline, RunsStagesInOrderWithExplicitInputs)
{
    auto doc = json::parse(R"([{"type":"const","tag":"a","value":2},{"type":"const","tag":"b","value":40},
                               {"type":"add","inputs":["a","b"]}])");
    core::CollectingReporter reporter;
    core::CancelToken cancel;
    auto result = pipeline::run(pipeline::parse_pipeline(doc, {}), fake_registry(), reporter, cancel);
    EXPECT_DOUBLE_EQ(result.find<Number>("add")->value, 42.0);
}

TEST(Pipeline, DefaultsAreAppliedAndTagsMadeUnique)
{
    auto doc = json::parse(R"([{"type":"const"},{"type":"const","value":5},{"type":"add"}])");
    auto planned = pipeline::plan(pipeline::parse_pipeline(doc, {}), fake_registry());
    EXPECT_EQ(planned[0].spec.tag, "const");
    EXPECT_EQ(planned[1].spec.tag, "const#2");
    EXPECT_EQ(planned[0].options["value"], 1.0);
}

TEST(Pipeline, ErrorsNameTheStage)
{
    EXPECT_EQ(plan_error(json::parse(R"([{"type":"nosuch"}])")),
              "pipeline: stage 1 (nosuch): unknown stage type 'nosuch' (see `trygg stages`)");
    EXPECT_EQ(plan_error(json::parse(R"([{"type":"const","value":"x"}])")),
              "const: option 'value' must be number, got \"x\"");
    EXPECT_EQ(plan_error(json::parse(R"([{"type":"const","colour":1}])")),
              "const: unknown option 'colour' (see `trygg stages const`)");
    EXPECT_NE(plan_error(json::parse(R"([{"type":"add","tag":"s","inputs":["s","t"]},{"type":"const","tag":"t"}])"))
                  .find("cycle"),
              std::string::npos);
    EXPECT_NE(plan_error(json::parse(R"([{"type":"add"}])")).find("needs an input of kind 'number'"),
              std::string::npos);
    EXPECT_NE(plan_error(json::parse(R"({"pipeline":[{"type":"const"}],"privacy":"open"})")).find("privacy"),
              std::string::npos);
}

TEST(Pipeline, CancelStopsBeforeTheNextStage)
{
    auto doc = json::parse(R"([{"type":"const"}])");
    core::CollectingReporter reporter;
    core::CancelToken cancel;
    cancel.cancel();
    EXPECT_THROW(pipeline::run(pipeline::parse_pipeline(doc, {}), fake_registry(), reporter, cancel), core::Cancelled);
}

TEST(Pipeline, RepeatedInputTakesEveryEarlierStageUnlessInputsNameThem)
{
    // 1 + 2 + 4 (+ the word, which is no number): every earlier stage, recorded in the manifest.
    nlohmann::json manifest;
    auto doc = json::parse(R"([{"type":"const","tag":"a","value":1},{"type":"word","tag":"w"},
                               {"type":"const","tag":"b","value":2},{"type":"const","tag":"c","value":4},
                               {"type":"sum"}])");
    EXPECT_DOUBLE_EQ(run_number(doc, "sum", &manifest), 7.0);
    EXPECT_EQ(manifest["stages"][4]["inputs"], json::parse(R"(["a","w","b","c"])"));
    EXPECT_FALSE(manifest["stages"][0].contains("inputs"));
    auto planned = pipeline::plan(pipeline::parse_pipeline(doc, {}), fake_registry());
    ASSERT_EQ(planned[4].resolved.size(), 4u);
    EXPECT_EQ(planned[4].resolved[1].stage, 1u);
    // Named inputs: only those, in the order given.
    doc[4]["inputs"] = json::parse(R"(["c","a"])");
    EXPECT_DOUBLE_EQ(run_number(doc, "sum", &manifest), 5.0);
    EXPECT_EQ(manifest["stages"][4]["inputs"], json::parse(R"(["c","a"])"));
}

TEST(Pipeline, TagOptionsAreResolvedAndChecked)
{
    auto doc = json::parse(R"([{"type":"const","tag":"a","value":3},{"type":"word","tag":"w"},
                               {"type":"pick","from":{"tag":"a"}}])");
    EXPECT_DOUBLE_EQ(run_number(doc, "pick"), 3.0);
    doc[2]["from"]["tag"] = "w";
    EXPECT_EQ(plan_error(doc), "pick: option 'from.tag': 'w' is a word stage (kind 'text'), not of kind 'number'");
    doc[2]["from"]["tag"] = "later";
    doc.push_back(json::parse(R"({"type":"const","tag":"later"})"));
    EXPECT_EQ(plan_error(doc), "pick: option 'from.tag': 'later' is not the tag of an earlier stage");
    doc[2]["from"]["tag"] = 7;
    EXPECT_EQ(plan_error(doc), "pick: option 'from.tag': must be the tag of an earlier stage");
    // Without the option nothing is resolved.
    doc[2]["from"] = json::object();
    EXPECT_TRUE(pipeline::plan(pipeline::parse_pipeline(doc, {}), fake_registry())[2].resolved.empty());
}
