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

pipeline::StageRegistry fake_registry()
{
    pipeline::StageRegistry r;
    r.add<Constant>();
    r.add<Add>();
    return r;
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
