// SPDX-License-Identifier: MIT
#include <trygg/io/database_source.hpp>
#include <trygg/io/postgis_writer.hpp>

#include <gtest/gtest.h>

using trygg::io::is_plain_schema_name;
using trygg::io::libpq_conninfo;
using trygg::io::quoted_table_name;

TEST(DatabaseSource, ConninfoDropsThePrefixAndGdalsOwnKeys)
{
    EXPECT_EQ(libpq_conninfo("PG:service=trygg tables=polis.brott schemas=polis"), "service=trygg");
    EXPECT_EQ(libpq_conninfo("PG: host=db port=5432 dbname='gis data' active_schema=x user=u"),
              "host=db port=5432 dbname='gis data' user=u");
    EXPECT_EQ(libpq_conninfo("PG:"), "");
    EXPECT_EQ(libpq_conninfo("PG:postgresql://anna@db/gis"), "postgresql://anna@db/gis");
}

TEST(DatabaseSource, QuotesSchemaAndTable)
{
    EXPECT_EQ(quoted_table_name("polis.brott"), "\"polis\".\"brott\"");
    EXPECT_EQ(quoted_table_name("brott"), "\"brott\"");
    EXPECT_EQ(quoted_table_name("a\"b"), "\"a\"\"b\"");
}

TEST(PostgisWriter, AcceptsOnlyPlainSchemaNames)
{
    EXPECT_TRUE(is_plain_schema_name("trygg_vasteras"));
    EXPECT_FALSE(is_plain_schema_name("Trygg"));
    EXPECT_FALSE(is_plain_schema_name("1trygg"));
    EXPECT_FALSE(is_plain_schema_name("pg_trygg"));
    EXPECT_FALSE(is_plain_schema_name("a;drop"));
    EXPECT_FALSE(is_plain_schema_name(std::string(41, 'a')));
}
