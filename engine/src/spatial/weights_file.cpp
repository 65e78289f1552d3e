// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/spatial/weights_file.hpp>

#include <charconv>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>
#include <unordered_map>

namespace trygg::spatial {

namespace {

struct LineReader {
    std::ifstream in;
    std::string file;
    std::size_t line_no = 0;

    explicit LineReader(const std::filesystem::path& p) : in(p), file(p.string())
    {
        if (!in)
            throw core::InputError(file + ": cannot open weights file");
    }
    // Next non-blank line split into tokens; false at end of file.
    bool next(std::vector<std::string>& tokens)
    {
        std::string line;
        while (std::getline(in, line)) {
            ++line_no;
            std::istringstream ss(line);
            tokens.clear();
            for (std::string t; ss >> t;)
                tokens.push_back(t);
            if (!tokens.empty())
                return true;
        }
        return false;
    }
    [[noreturn]] void fail(const std::string& what) const
    {
        throw core::InputError(file + ":" + std::to_string(line_no) + ": " + what);
    }
    long long integer(const std::string& t, const char* what) const
    {
        long long v = 0;
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec != std::errc() || p != t.data() + t.size())
            fail(std::string("expected ") + what + ", found '" + t + "'");
        return v;
    }
};

struct Header {
    std::size_t n = 0;
    bool keyed = false;
};

Header read_header(LineReader& r)
{
    std::vector<std::string> t;
    if (!r.next(t))
        r.fail("empty weights file");
    Header h;
    if (t.size() == 1) {
        h.n = static_cast<std::size_t>(r.integer(t[0], "the number of units"));
    } else if (t.size() >= 2) {
        // `0 n name key`; some writers put 1 (or another flag) first, as juvenile.gwt does.
        r.integer(t[0], "a header flag (0)");
        h.n = static_cast<std::size_t>(r.integer(t[1], "the number of units"));
        h.keyed = t.size() >= 4;
    }
    return h;
}

// Maps ids in the file to record indices.
class IdMap {
public:
    IdMap(const Header& h, const std::vector<std::string>& record_ids, LineReader& r) : reader_(r)
    {
        if (!record_ids.empty() && record_ids.size() != h.n)
            r.fail("header says " + std::to_string(h.n) + " units but there are " +
                   std::to_string(record_ids.size()) + " records");
        if (h.keyed && !record_ids.empty()) {
            for (std::size_t i = 0; i < record_ids.size(); ++i)
                index_.emplace(record_ids[i], static_cast<std::uint32_t>(i));
            ids_ = record_ids;
            fixed_ = true;
        } else if (!h.keyed) {
            for (std::size_t i = 0; i < h.n; ++i)
                index_.emplace(std::to_string(i + 1), static_cast<std::uint32_t>(i));
            fixed_ = true;
        }
        n_ = h.n;
    }
    std::uint32_t operator()(const std::string& id)
    {
        auto it = index_.find(id);
        if (it != index_.end())
            return it->second;
        if (fixed_)
            reader_.fail("unknown id '" + id + "' (not one of the " + std::to_string(n_) + " records)");
        if (ids_.size() >= n_)
            reader_.fail("id '" + id + "' makes more units than the " + std::to_string(n_) + " in the header");
        ids_.push_back(id);
        const auto k = static_cast<std::uint32_t>(ids_.size() - 1);
        index_.emplace(id, k);
        return k;
    }
    std::vector<std::string> ids(bool keep) const { return keep ? ids_ : std::vector<std::string>{}; }

private:
    LineReader& reader_;
    std::unordered_map<std::string, std::uint32_t> index_;
    std::vector<std::string> ids_;
    std::size_t n_ = 0;
    bool fixed_ = false;
};

// Keyed files carry their ids; unkeyed ones are labelled with the records' ids when given.
std::vector<std::string> ids_for(const Header& h, const IdMap& map, const std::vector<std::string>& record_ids)
{
    return h.keyed ? map.ids(true) : record_ids;
}

}  // namespace

Weights read_gal(const std::filesystem::path& path, const std::vector<std::string>& record_ids)
{
    LineReader r(path);
    const Header h = read_header(r);
    IdMap map(h, record_ids, r);
    std::vector<NeighbourList> lists(h.n);
    std::vector<bool> seen(h.n, false);
    std::vector<std::string> t, nb;
    std::size_t units = 0;
    while (r.next(t)) {
        if (t.size() != 2)
            r.fail("expected 'id k' (unit id and number of neighbours)");
        const auto i = map(t[0]);
        const auto k = r.integer(t[1], "a neighbour count");
        if (k < 0)
            r.fail("negative neighbour count");
        if (seen[i])
            r.fail("unit '" + t[0] + "' listed twice");
        seen[i] = true;
        ++units;
        if (k == 0)
            continue;
        if (!r.next(nb))
            r.fail("unit '" + t[0] + "': missing its line of " + std::to_string(k) + " neighbour ids");
        if (static_cast<long long>(nb.size()) != k)
            r.fail("unit '" + t[0] + "' should have " + std::to_string(k) + " neighbour ids, found " +
                   std::to_string(nb.size()));
        for (const auto& id : nb) {
            const auto j = map(id);
            for (auto& e : lists[i])
                if (e.first == j)
                    r.fail("unit '" + t[0] + "' lists neighbour '" + id + "' twice");
            lists[i].emplace_back(j, 1.0);
        }
    }
    if (units != h.n)
        throw core::InputError(r.file + ": header says " + std::to_string(h.n) + " units but " +
                               std::to_string(units) + " are listed");
    return Weights::from_lists(std::move(lists), WeightsStyle::binary, ids_for(h, map, record_ids));
}

Weights read_gwt(const std::filesystem::path& path, const std::vector<std::string>& record_ids)
{
    LineReader r(path);
    const Header h = read_header(r);
    IdMap map(h, record_ids, r);
    std::vector<NeighbourList> lists(h.n);
    std::vector<std::string> t;
    while (r.next(t)) {
        if (t.size() != 3)
            r.fail("expected 'i j w'");
        const auto i = map(t[0]);
        const auto j = map(t[1]);
        double w = 0.0;
        try {
            std::size_t used = 0;
            w = std::stod(t[2], &used);
            if (used != t[2].size())
                throw std::invalid_argument("");
        } catch (const std::exception&) {
            r.fail("weight '" + t[2] + "' is not a number");
        }
        for (auto& e : lists[i])
            if (e.first == j)
                r.fail("link " + t[0] + " -> " + t[1] + " listed twice");
        lists[i].emplace_back(j, w);
    }
    return Weights::from_lists(std::move(lists), WeightsStyle::custom, ids_for(h, map, record_ids));
}

namespace {
std::ofstream open_out(const std::filesystem::path& path)
{
    std::ofstream out(path);
    if (!out)
        throw core::OutputError(path.string() + ": cannot write weights file");
    out << std::setprecision(std::numeric_limits<double>::max_digits10);
    return out;
}
void header(std::ostream& out, const Weights& w, const std::string& key)
{
    if (w.ids().empty())
        out << w.size() << '\n';
    else
        out << "0 " << w.size() << " trygg " << key << '\n';
}
}  // namespace

void write_gal(const Weights& weights, const std::filesystem::path& path, const std::string& key)
{
    auto out = open_out(path);
    header(out, weights, key);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        out << weights.id(i) << ' ' << weights.cardinality(i) << '\n';
        bool first = true;
        for (auto j : weights.neighbours(i)) {
            out << (first ? "" : " ") << weights.id(j);
            first = false;
        }
        out << '\n';
    }
    if (!out)
        throw core::OutputError(path.string() + ": write failed");
}

void write_gwt(const Weights& weights, const std::filesystem::path& path, const std::string& key)
{
    auto out = open_out(path);
    header(out, weights, key);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        auto nb = weights.neighbours(i);
        auto wt = weights.weights(i);
        for (std::size_t k = 0; k < nb.size(); ++k)
            out << weights.id(i) << ' ' << weights.id(nb[k]) << ' ' << wt[k] << '\n';
    }
    if (!out)
        throw core::OutputError(path.string() + ": write failed");
}

}  // namespace trygg::spatial
