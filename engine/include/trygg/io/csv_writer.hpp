// SPDX-License-Identifier: MIT
#pragma once
// CSV output with RFC 4180 quoting: a field is quoted when it holds the delimiter, a quote, CR
// or LF, and quotes inside it are doubled. Rows end in LF (as every CSV the engine has written).
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::io {

// One field as written to a CSV file.
std::string csv_quote(std::string_view field, char delimiter = ',');

// Writes rows to a stream, field by field or a row at a time.
class CsvWriter {
public:
    explicit CsvWriter(std::ostream& out, char delimiter = ',') : out_(out), delimiter_(delimiter) {}
    CsvWriter& field(std::string_view text);
    void end_row();
    void write_row(const std::vector<std::string>& fields);
    void write_row(std::initializer_list<std::string_view> fields);

private:
    std::ostream& out_;
    char delimiter_;
    bool row_started_ = false;
};

// A CSV file written beside its target ("<path>.tmp") and renamed into place by commit(), so a
// failed run never leaves a half-written file; without commit() the temporary file is removed.
// Throws core::OutputError naming the file when it cannot be written or renamed.
class CsvFileWriter {
public:
    explicit CsvFileWriter(std::filesystem::path path, char delimiter = ',');
    ~CsvFileWriter();
    CsvFileWriter(const CsvFileWriter&) = delete;
    CsvFileWriter& operator=(const CsvFileWriter&) = delete;

    CsvWriter& rows() { return writer_; }
    void commit();

private:
    std::filesystem::path path_, tmp_;
    std::ofstream file_;
    CsvWriter writer_;
    bool committed_ = false;
};

}  // namespace trygg::io
