// SPDX-License-Identifier: MIT
#include <trygg/core/connection_string.hpp>

#include <gtest/gtest.h>

#include <cstdlib>

using trygg::core::has_password;
using trygg::core::is_connection_string;
using trygg::core::redact_source;

TEST(ConnectionString, RecognisesPgPrefixInAnyCase)
{
    EXPECT_TRUE(is_connection_string("PG:service=trygg"));
    EXPECT_TRUE(is_connection_string("pg:dbname=x"));
    EXPECT_FALSE(is_connection_string("data/PG:x.csv"));
    EXPECT_FALSE(is_connection_string("incidents.csv"));
}

TEST(ConnectionString, RedactsPlainAndQuotedPasswords)
{
    EXPECT_EQ(redact_source("PG:host=db password=hemligt123 dbname=gis"), "PG:host=db password=*** dbname=gis");
    EXPECT_EQ(redact_source("PG:host=db PASSWORD = 'a b\\' c' user=u"), "PG:host=db PASSWORD=*** user=u");
    EXPECT_EQ(redact_source("districts: path 'PG:password=x1 host=h' not found"),
              "districts: path 'PG:password=*** host=h' not found");
    EXPECT_EQ(redact_source("PG:postgresql://anna:hemligt@db.example/gis"), "PG:postgresql://anna:***@db.example/gis");
}

TEST(ConnectionString, LeavesTextWithoutPasswordAlone)
{
    const std::string text = "password authentication failed for user \"anna\"; PG:service=trygg";
    EXPECT_EQ(redact_source(text), text);
    EXPECT_FALSE(has_password("PG:service=trygg tables=public.brott"));
    EXPECT_FALSE(has_password("PG:postgresql://anna@db/gis"));
    EXPECT_TRUE(has_password("PG:service=trygg password=x"));
    EXPECT_TRUE(has_password("PG:postgresql://anna:x@db/gis"));
}

TEST(ConnectionString, RedactsThePasswordOfTheEnvironment)
{
    ::setenv("PGPASSWORD", "s3cret-value", 1);
    EXPECT_EQ(redact_source("server said s3cret-value twice: s3cret-value"), "server said *** twice: ***");
    ::unsetenv("PGPASSWORD");
}
