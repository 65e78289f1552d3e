// SPDX-License-Identifier: MIT
// core/text: the byte sequences below are worked out by hand from the Unicode and
// Windows-1252 code charts (å U+00E5 = C3 A5, € U+20AC = E2 82 AC, U+FFFD = EF BF BD).
#include <trygg/core/text.hpp>

#include <gtest/gtest.h>

using namespace trygg::core;

TEST(Text, Windows1252SwedishLettersAndTypography)
{
    EXPECT_EQ(windows1252_to_utf8("\xE5\xE4\xF6"), "\xC3\xA5\xC3\xA4\xC3\xB6");          // åäö
    EXPECT_EQ(windows1252_to_utf8("\xC5\xC4\xD6\xC9"), "\xC3\x85\xC3\x84\xC3\x96\xC3\x89");  // ÅÄÖÉ
    EXPECT_EQ(windows1252_to_utf8("\x80"), "\xE2\x82\xAC");  // €
    EXPECT_EQ(windows1252_to_utf8("\x96"), "\xE2\x80\x93");  // en dash
    EXPECT_EQ(windows1252_to_utf8("\x9F"), "\xC5\xB8");      // Ÿ U+0178
    EXPECT_EQ(windows1252_to_utf8("\xA0\xFF"), "\xC2\xA0\xC3\xBF");
    EXPECT_EQ(windows1252_to_utf8("Borggr\xE4nd 7"), "Borggr\xC3\xA4nd 7");
}

TEST(Text, Windows1252UndefinedBytesBecomeReplacementCharacters)
{
    for (const char* b : {"\x81", "\x8D", "\x8F", "\x90", "\x9D"})
        EXPECT_EQ(windows1252_to_utf8(b), "\xEF\xBF\xBD") << static_cast<int>(static_cast<unsigned char>(b[0]));
    EXPECT_EQ(windows1252_to_utf8("a\x81z"), "a\xEF\xBF\xBDz");
}

TEST(Text, Utf8ValidationRejectsMalformedSequences)
{
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("V\xC3\xA4ster\xC3\xA5s"));
    EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));      // 3 bytes
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // 4 bytes, U+1F600
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
    EXPECT_FALSE(is_valid_utf8("V\xE4ster\xE5s"));   // Latin-1 bytes
    EXPECT_FALSE(is_valid_utf8("\xC3"));             // truncated
    EXPECT_FALSE(is_valid_utf8("\x80"));             // stray continuation byte
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));     // overlong '/' in 3 bytes
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));     // surrogate U+D800
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // U+110000
    EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));
    EXPECT_EQ(first_invalid_utf8("ab\xC3(z"), 2u);
    EXPECT_EQ(first_invalid_utf8("\xC3\xA5x\xFF"), 3u);
    EXPECT_EQ(first_invalid_utf8("ok"), std::string_view::npos);
}

TEST(Text, SanitizeReplacesEachBadByte)
{
    EXPECT_EQ(sanitize_utf8("a\xE4" "b"), "a\xEF\xBF\xBD" "b");
    EXPECT_EQ(sanitize_utf8("\xC3"), "\xEF\xBF\xBD");
    EXPECT_EQ(sanitize_utf8("\xE4\xE5"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(sanitize_utf8("\xC3\xA5\xED\xA0\x80"), "\xC3\xA5\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(sanitize_utf8("G\xC3\xA4vle"), "G\xC3\xA4vle");
}

TEST(Text, ByteOrderMark)
{
    EXPECT_TRUE(has_utf8_bom("\xEF\xBB\xBFkod"));
    EXPECT_FALSE(has_utf8_bom("\xEF\xBB"));
    EXPECT_FALSE(has_utf8_bom("kod"));
    EXPECT_EQ(without_utf8_bom("\xEF\xBB\xBFkod"), "kod");
    EXPECT_EQ(without_utf8_bom("kod"), "kod");
    EXPECT_EQ(without_utf8_bom("\xEF\xBB\xBF"), "");
}

TEST(Text, CaseFoldingIsUnicodeAndComposed)
{
    EXPECT_EQ(fold_case("V\xC3\x84STER\xC3\x85S"), "v\xC3\xA4ster\xC3\xA5s");  // VÄSTERÅS
    EXPECT_EQ(fold_case("\xC3\x96stra Ringv\xC3\xA4gen"), "\xC3\xB6stra ringv\xC3\xA4gen");
    EXPECT_EQ(fold_case("\xC3\x89"), "\xC3\xA9");  // É -> é
    // NFD "Å" (A + combining ring U+030A) folds to the precomposed "å".
    EXPECT_EQ(fold_case("A\xCC\x8A"), "\xC3\xA5");
    EXPECT_EQ(fold_case("Stra\xC3\x9F" "e"), "strasse");  // full folding: ß -> ss
    EXPECT_EQ(fold_case("\xC3\x97"), "\xC3\x97");         // × is not a letter
    EXPECT_EQ(fold_case("KOD 0123"), "kod 0123");
    // Not UTF-8: ASCII lowered, the other bytes kept.
    EXPECT_EQ(fold_case("AB\xC4"), "ab\xC4");
}

TEST(Text, TrimAndLabels)
{
    EXPECT_EQ(trim("  a b\t"), "a b");
    EXPECT_EQ(trim(" \t "), "");
    EXPECT_EQ(fold_label("  Skadeg\xC3\x96relse\t"), "skadeg\xC3\xB6relse");
    EXPECT_EQ(fold_label(""), "");
}

TEST(Text, ToHexIsLowercaseTwoDigitsPerByte)
{
    const unsigned char bytes[] = {0x00, 0x0f, 0xa5, 0xff};
    EXPECT_EQ(to_hex(bytes, 4), "000fa5ff");
    EXPECT_EQ(to_hex(bytes, 0), "");
}

TEST(Text, ShownValueCutsLongValuesAtACharacter)
{
    EXPECT_EQ(shown_value("0375"), "0375");
    EXPECT_EQ(shown_value(std::string(80, 'a')), std::string(80, 'a'));
    EXPECT_EQ(shown_value(std::string(81, 'a')), std::string(80, 'a') + "\xE2\x80\xA6 (81 characters)");
    // 79 ASCII letters then "åäö...": the cut falls after the first two-byte character, never inside it.
    const std::string text = std::string(79, 'a') + "\xC3\xA5\xC3\xA4\xC3\xB6";
    EXPECT_EQ(shown_value(text), std::string(79, 'a') + "\xC3\xA5" + "\xE2\x80\xA6 (82 characters)");
}
