// SPDX-License-Identifier: MIT
#include "geocode/prose_intersection.hpp"

#include <algorithm>
#include <optional>

namespace trygg::geocode::detail {

namespace {

using Kind = Token::Kind;

struct StreetSpan {
    std::size_t begin = 0, end = 0;  // token range [begin, end)
    const std::vector<std::uint32_t>* groups = nullptr;
};

bool is_crossing_word(const std::string& t)
{
    return t == "korsningen" || t == "korsning" || t == "hörnet" || t == "hörn" || t == "mellan";
}

// A joiner between two street names: "och", "/", "&", or nothing after a crossing word.
bool joins(const std::vector<Token>& tokens, std::size_t from, std::size_t to, bool after_crossing_word)
{
    if (to == from)
        return after_crossing_word;
    if (to != from + 1)
        return false;
    const auto& t = tokens[from];
    return t.kind == Kind::slash || t.kind == Kind::ampersand || (t.kind == Kind::word && t.text == "och");
}

}  // namespace

std::vector<Candidate> prose_intersections(const Matcher& m, const GazetteerIndex& idx, std::string_view utf8)
{
    auto tokens = tokenize(utf8);
    // The street name of tokens [begin, begin + len), longest first; only next to a joiner or a
    // crossing word, so most prose costs a scan and no lookups.
    auto street_at = [&](std::size_t begin, std::size_t len) -> std::optional<StreetSpan> {
        if (begin + len > tokens.size())
            return std::nullopt;
        for (std::size_t k = begin; k < begin + len; ++k)
            if (tokens[k].kind != Kind::word)
                return std::nullopt;
        auto key = name_key(std::vector<Token>(tokens.begin() + static_cast<std::ptrdiff_t>(begin),
                                               tokens.begin() + static_cast<std::ptrdiff_t>(begin + len)));
        if (key.size() < 4)
            return std::nullopt;
        auto it = idx.street_by_key.find(key);
        if (it == idx.street_by_key.end())
            return std::nullopt;
        return StreetSpan{begin, begin + len, &it->second};
    };
    auto starting = [&](std::size_t begin) -> std::optional<StreetSpan> {
        for (std::size_t len = idx.max_street_words; len >= 1; --len)
            if (auto s = street_at(begin, len))
                return s;
        return std::nullopt;
    };
    auto ending = [&](std::size_t end) -> std::optional<StreetSpan> {
        for (std::size_t len = std::min(idx.max_street_words, end); len >= 1; --len)
            if (auto s = street_at(end - len, len))
                return s;
        return std::nullopt;
    };
    std::vector<std::pair<StreetSpan, StreetSpan>> pairs;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (joins(tokens, i, i + 1, false) && i > 0) {
            auto a = ending(i);
            auto b = a ? starting(i + 1) : std::nullopt;
            if (a && b)
                pairs.emplace_back(*a, *b);
        } else if (tokens[i].kind == Kind::word && is_crossing_word(tokens[i].text)) {
            auto a = starting(i + 1);
            if (!a)
                continue;
            auto b = starting(a->end);  // "korsningen X Y"
            if (!b && a->end < tokens.size() && joins(tokens, a->end, a->end + 1, false))
                b = starting(a->end + 1);  // "korsningen X och Y": also found at the joiner
            if (b)
                pairs.emplace_back(*a, *b);
        }
    }
    std::vector<Candidate> out;
    for (const auto& [a, b] : pairs) {
        auto found = m.intersection(*a.groups, *b.groups, 0);
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

}  // namespace trygg::geocode::detail
