// SPDX-License-Identifier: MIT
#include <trygg/core/demography.hpp>
#include <trygg/core/text.hpp>

namespace trygg::core {

namespace {

bool is_all(const std::string& folded)
{
    return folded.empty() || folded == "totalt" || folded == "total" || folded == "alla";
}

}  // namespace

std::optional<SexLabel> parse_sex(std::string_view text)
{
    const auto s = fold_label(text);
    if (s == "m" || s == "man" || s == "män" || s == "pojke" || s == "male" || s == "1")
        return SexLabel::man;
    if (s == "k" || s == "kvinna" || s == "kvinnor" || s == "flicka" || s == "f" || s == "female" || s == "2")
        return SexLabel::kvinna;
    if (is_all(s) || s == "båda könen")
        return SexLabel::all;
    return std::nullopt;
}

std::string_view sex_label(SexLabel sex)
{
    switch (sex) {
    case SexLabel::man: return "man";
    case SexLabel::kvinna: return "kvinna";
    case SexLabel::all: break;
    }
    return "alla";
}

std::vector<std::string> sex_labels()
{
    return {std::string(sex_label(SexLabel::all)), std::string(sex_label(SexLabel::man)),
            std::string(sex_label(SexLabel::kvinna)), std::string(unknown_label)};
}

std::optional<AgeRange> parse_age_range(std::string_view text)
{
    const auto s = fold_label(text);
    if (is_all(s) || s == "totalt ålder")
        return AgeRange{};
    std::size_t i = 0;
    auto number = [&](int& out) {
        const std::size_t start = i;
        int v = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && v < 100000)
            v = v * 10 + (s[i++] - '0');
        out = v;
        return i > start;
    };
    AgeRange r;
    if (!number(r.lo))
        return std::nullopt;
    while (i < s.size() && s[i] == ' ')
        ++i;
    if (i < s.size() && s[i] == '+') {
        r.hi = AgeRange::open_end;
        return r;
    }
    if (i >= s.size() || s[i] != '-')
        return std::nullopt;
    ++i;
    while (i < s.size() && s[i] == ' ')
        ++i;
    if (!number(r.hi))
        r.hi = AgeRange::open_end;  // "65-", "65-w"
    if (r.hi < r.lo)
        return std::nullopt;
    return r;
}

std::string age_label(AgeRange range)
{
    if (range.all())
        return std::string(sex_label(SexLabel::all));
    return std::to_string(range.lo) + "-" + (range.hi >= AgeRange::open_end ? std::string() : std::to_string(range.hi));
}

std::vector<std::string> age_labels(const std::vector<int>& bands)
{
    std::vector<std::string> labels{age_label(AgeRange{})};
    for (std::size_t b = 0; b < bands.size(); ++b)
        labels.push_back(age_label({bands[b], b + 1 < bands.size() ? bands[b + 1] - 1 : AgeRange::open_end}));
    labels.push_back(std::string(unknown_label));
    return labels;
}

}  // namespace trygg::core
