// SPDX-License-Identifier: MIT
#include <trygg/geocode/normalize.hpp>

#include <gtest/gtest.h>

using namespace trygg::geocode;

TEST(GeocodeNormalize, NfcAndNfdGiveTheSameKey)
{
    // "Västerås" precomposed vs. decomposed (a + combining diaeresis, a + combining ring).
    EXPECT_EQ(word_key("V\xC3\xA4ster\xC3\xA5s"), word_key("Va\xCC\x88stera\xCC\x8As"));
}

TEST(GeocodeNormalize, DiacriticsMatchTypedAsAsciiOrDigraphs)
{
    EXPECT_EQ(word_key("Västerås"), "vasteras");
    EXPECT_EQ(word_key("Vasteras"), "vasteras");
    EXPECT_EQ(word_key("Vaesteraas"), "vasteras");
    EXPECT_EQ(word_key("Örebro"), word_key("Oerebro"));
    EXPECT_EQ(word_key("Ängsgärdet"), word_key("Angsgardet"));
    EXPECT_EQ(word_key("Dünavägen"), "dunavagen");
}

TEST(GeocodeNormalize, PunctuationInsideNamesIsIgnoredInKeys)
{
    EXPECT_EQ(word_key("S:t"), "st");
    EXPECT_EQ(name_key("Karl IX:s väg"), name_key("Karl IXs väg"));
}

TEST(GeocodeNormalize, TokenizerSplitsNumberAndLetter)
{
    auto t = tokenize("Vasagatan 12B");
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0].text, "vasagatan");
    EXPECT_EQ(t[1].kind, Token::Kind::number);
    EXPECT_EQ(t[1].text, "12");
    EXPECT_EQ(t[2].text, "b");
    EXPECT_TRUE(t[2].attached);
}

TEST(GeocodeNormalize, TokenizerKeepsColonAbbreviationsAndDots)
{
    auto t = tokenize("S:t Eriks g.");
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0].text, "s:t");
    EXPECT_EQ(t[2].text, "g");
    EXPECT_TRUE(t[2].dot);
}

TEST(GeocodeNormalize, StreetTypeAbbreviations)
{
    EXPECT_EQ(name_key("Vasag."), name_key("Vasagatan"));
    EXPECT_EQ(name_key("Vasa g."), name_key("Vasagatan"));
    EXPECT_EQ(name_key("Vasa gt."), name_key("Vasagatan"));
    EXPECT_EQ(name_key("Kopparbergsv."), name_key("Kopparbergsvägen"));
    EXPECT_EQ(name_key("Kopparbergs v."), name_key("Kopparbergsvägen"));
    EXPECT_EQ(name_key("Fiskartorgspl."), name_key("Fiskartorgsplatsen"));
    EXPECT_EQ(name_key("Kyrkgr."), name_key("Kyrkgränd"));
}

TEST(GeocodeNormalize, NameWordAbbreviations)
{
    EXPECT_EQ(name_key("St. Nygatan"), name_key("Stora Nygatan"));
    EXPECT_EQ(name_key("L. Nygatan"), name_key("Lilla Nygatan"));
    EXPECT_EQ(name_key("S:t Eriksgatan"), name_key("Sankt Eriksgatan"));
    EXPECT_EQ(name_key("S:ta Gertruds väg"), name_key("Sankta Gertruds väg"));
    EXPECT_EQ(name_key("N:a Ringvägen"), name_key("Norra Ringvägen"));
    EXPECT_EQ(name_key("S:a Ringvägen"), name_key("Södra Ringvägen"));
    EXPECT_EQ(name_key("Ö:a Ringvägen"), name_key("Östra Ringvägen"));
    EXPECT_EQ(name_key("V:a Ringvägen"), name_key("Västra Ringvägen"));
    EXPECT_EQ(name_key("G:la Tanneforsvägen"), name_key("Gamla Tanneforsvägen"));
}

TEST(GeocodeNormalize, StAtTheEndIsNotStora)
{
    // Only a leading "St." is Stora; a one-word name keeps its letters.
    EXPECT_EQ(name_key("St."), "st");
    EXPECT_NE(name_key("Vasa St."), name_key("Vasa Stora"));
}

TEST(GeocodeNormalize, ConcatenatedAndSeparatedForms)
{
    EXPECT_EQ(name_key("Stor gatan"), name_key("Storgatan"));
    EXPECT_EQ(name_key("STORGATAN"), name_key("storgatan"));
    EXPECT_EQ(name_key("Vasa esplanaden"), name_key("Vasaesplanaden"));
}
