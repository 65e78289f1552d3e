// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/crs/transformer.hpp>
#include <trygg/geocode/alias_catalogue.hpp>
#include <trygg/io/csv_reader.hpp>

#include <cmath>
#include <cstdlib>
#include <map>

namespace trygg::geocode {

namespace {

std::string trimmed(std::string s)
{
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.erase(s.begin());
    return s;
}

std::vector<std::string> split_bar(const std::string& s)
{
    std::vector<std::string> out;
    std::string part;
    for (char c : s + "|") {
        if (c == '|') {
            if (auto t = trimmed(part); !t.empty())
                out.push_back(t);
            part.clear();
        } else {
            part += c;
        }
    }
    return out;
}

double number(const std::string& text, const std::string& where)
{
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
        throw core::InputError(where + ": '" + text + "' is not a number");
    return v;
}

}  // namespace

AliasLoadReport load_aliases(Gazetteer& gazetteer, const std::filesystem::path& path, const std::string& working_crs)
{
    if (!std::filesystem::exists(path))
        throw core::InputError(path.string() + ": alias catalogue not found");
    auto doc = io::read_csv_file(path.string());
    if (doc.rows.empty())
        throw core::InputError(path.string() + ": alias catalogue is empty (needs a header row)");
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < doc.rows[0].cells.size(); ++i)
        col[trimmed(doc.rows[0].cells[i])] = i;
    if (!col.count("alias"))
        throw core::InputError(path.string() + ": alias catalogue has no 'alias' column");
    AliasLoadReport report;
    std::uint32_t source = UINT32_MAX;
    for (std::size_t r = 1; r < doc.rows.size(); ++r) {
        const auto& row = doc.rows[r];
        const std::string line = path.string() + " line " + std::to_string(row.line);
        if (!row.problem.empty())
            throw core::InputError(line + ": " + row.problem);
        auto cell = [&](const char* name) {
            auto it = col.find(name);
            return it == col.end() || it->second >= row.cells.size() ? std::string() : trimmed(row.cells[it->second]);
        };
        auto alias = cell("alias");
        if (alias.empty())
            throw core::InputError(line + " column 'alias': empty");
        auto target = cell("target");
        auto x = cell("x"), y = cell("y"), crs = cell("crs");
        if (!target.empty()) {
            gazetteer.add_alias({alias, target, split_bar(cell("not_after"))});
            ++report.aliases;
            continue;
        }
        if (x.empty() || y.empty() || crs.empty())
            throw core::InputError(line + ": give 'target' (a gazetteer entry's name) or 'x', 'y' and 'crs'");
        if (cell("source").empty())
            throw core::InputError(line + " column 'source': coordinates need a note saying where they come from");
        double px = number(x, line + " column 'x'");
        double py = number(y, line + " column 'y'");
        crs::Transformer t(crs, working_crs);
        t.transform(&px, &py, 1);
        if (!std::isfinite(px) || !std::isfinite(py))
            throw core::InputError(line + ": coordinates cannot be transformed from " + crs + " to " + working_crs);
        if (source == UINT32_MAX)
            source = gazetteer.add_source(path.filename().string());
        NamedPlace p;
        p.name = alias;
        p.point = {px, py};
        p.source = source;
        p.feature = static_cast<std::int64_t>(row.line);
        gazetteer.add_place(std::move(p));
        ++report.places;
        // As an alias of itself: found in lower case, with its not_after words.
        gazetteer.add_alias({alias, alias, split_bar(cell("not_after"))});
    }
    return report;
}

}  // namespace trygg::geocode
