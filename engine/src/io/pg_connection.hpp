// SPDX-License-Identifier: MIT
#pragma once
// Private: one libpq connection for the io module (provenance queries, write.postgis).
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

namespace trygg::io::detail {

class PgConnection {
public:
    // Throws core::InputError (or OutputError when `for_output`) with one line on failure.
    PgConnection(const std::string& source, bool for_output);
    PGconn* get() const { return conn_.get(); }
    // Runs `sql`; throws with `what` and the server's first message line on failure.
    void exec(const std::string& sql, const std::string& what) const;
    // Runs a query with text parameters and returns the rows as text (NULL as "").
    std::vector<std::vector<std::string>> query(const std::string& sql, const std::vector<std::string>& params,
                                                const std::string& what) const;
    std::string quote_identifier(const std::string& name) const;
    std::string quote_literal(const std::string& value) const;
    const std::string& shown() const { return shown_; }

private:
    struct Closer {
        void operator()(PGconn* c) const { PQfinish(c); }
    };
    std::unique_ptr<PGconn, Closer> conn_;
    std::string shown_;  // the source as messages show it (redacted)
    bool for_output_;
    [[noreturn]] void fail(const std::string& message) const;
};

// The first line of a libpq/server message, without "FATAL:  " / "ERROR:  " and trailing blanks.
std::string first_line(const char* message);

}  // namespace trygg::io::detail
