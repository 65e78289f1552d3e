// SPDX-License-Identifier: MIT
#include <trygg/core/reject_list.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

// The rejects of a source in row order: the reader's list is shared, never copied, and merged
// with a later stage's own rows as a stable sort of the concatenation would order them.
using namespace trygg;

namespace {

std::vector<std::string> ids(const core::RejectList& list)
{
    std::vector<std::string> out;
    for (const auto& r : list)
        out.emplace_back(r.id);
    return out;
}

}  // namespace

TEST(RejectList, MergesInRowOrderWithTheSharedListFirstOnEqualRows)
{
    const core::RejectRows read{{2, "r2", "rejected", "", ""}, {5, "r5", "outside", "", ""}};
    const core::RejectList list(&read, {{1, "a1", "outside", "", ""}, {5, "a5", "not_located", "", ""},
                                        {9, "a9", "outside", "", ""}});
    EXPECT_EQ(ids(list), (std::vector<std::string>{"a1", "r2", "r5", "a5", "a9"}));
    EXPECT_EQ(list.size(), 5u);
    EXPECT_EQ(list.shared(), &read);  // shared, not a copy
    EXPECT_EQ(list.own().size(), 3u);
}

TEST(RejectList, UnorderedListsAreStablySorted)
{
    // Feature ids need not come in order: equal rows keep their order within each list.
    const core::RejectRows read{{7, "r7", "", "", ""}, {3, "r3a", "", "", ""}, {3, "r3b", "", "", ""}};
    const core::RejectList list(&read, {{4, "a4", "", "", ""}, {3, "a3", "", "", ""}});
    EXPECT_EQ(ids(list), (std::vector<std::string>{"r3a", "r3b", "a3", "a4", "r7"}));
}

TEST(RejectList, EmptyAndWithoutSharedList)
{
    EXPECT_TRUE(core::RejectList().empty());
    const core::RejectList own_only(nullptr, {{2, "b", "", "", ""}, {1, "a", "", "", ""}});
    EXPECT_EQ(ids(own_only), (std::vector<std::string>{"a", "b"}));
}
