// SPDX-License-Identifier: MIT
#include <trygg/core/text_columns.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

// The incident table's text columns without a std::string per row (issue 20).
using namespace trygg;

TEST(TextColumn, ValuesReadBackAfterKeepAndAppend)
{
    core::TextColumn ids;
    for (const char* v : {"P1", "", "an id longer than a short string buffer", "P4"})
        ids.push_back(v);
    ASSERT_EQ(ids.size(), 4u);
    EXPECT_EQ(ids[0], "P1");
    EXPECT_EQ(ids[1], "");
    EXPECT_EQ(ids[2], "an id longer than a short string buffer");
    core::TextColumn more(std::vector<std::string>{"Q1", "Q2"});
    ids.append(more);
    ids.keep({0, 2, 5});
    EXPECT_EQ(ids, (std::vector<std::string>{"P1", "an id longer than a short string buffer", "Q2"}));
}

TEST(TextColumn, ACopySharesUntilOneChanges)
{
    core::TextColumn a(std::vector<std::string>{"x", "y"});
    core::TextColumn b = a;
    EXPECT_TRUE(b.shares_with(a));
    b.push_back("z");
    EXPECT_FALSE(b.shares_with(a));
    EXPECT_EQ(a.size(), 2u);
    EXPECT_EQ(b[2], "z");
}

TEST(CodedColumn, EachDistinctValueIsHeldOnceAndAppendRecodes)
{
    core::CodedColumn c;
    for (const char* v : {"0355", "0824", "0355", "0355", "5010"})
        c.push_back(v);
    EXPECT_EQ(c.distinct(), 3u);
    EXPECT_EQ(c.code(0), c.code(2));
    EXPECT_NE(c.code(0), c.code(1));
    EXPECT_EQ(c[4], "5010");
    // The other column numbers its values in its own order.
    const core::CodedColumn other(std::vector<std::string>{"5010", "1201", "0355"});
    c.append(other);
    EXPECT_EQ(c.distinct(), 4u);
    EXPECT_EQ(c.code(5), c.code(4));
    EXPECT_EQ(c.code(7), c.code(0));
    EXPECT_EQ(c, (std::vector<std::string>{"0355", "0824", "0355", "0355", "5010", "5010", "1201", "0355"}));
    c.keep({1, 6});
    EXPECT_EQ(c, (std::vector<std::string>{"0824", "1201"}));
}
