// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/io/csv_writer.hpp>

namespace trygg::io {

std::string csv_quote(std::string_view field, char delimiter)
{
    const char special[] = {delimiter, '"', '\r', '\n', '\0'};
    if (field.find_first_of(std::string_view(special, 4)) == std::string_view::npos)
        return std::string(field);
    std::string q = "\"";
    for (char c : field) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + '"';
}

CsvWriter& CsvWriter::field(std::string_view text)
{
    if (row_started_)
        out_ << delimiter_;
    out_ << csv_quote(text, delimiter_);
    row_started_ = true;
    return *this;
}

void CsvWriter::end_row()
{
    out_ << '\n';
    row_started_ = false;
}

void CsvWriter::write_row(const std::vector<std::string>& fields)
{
    for (const auto& f : fields)
        field(f);
    end_row();
}

void CsvWriter::write_row(std::initializer_list<std::string_view> fields)
{
    for (auto f : fields)
        field(f);
    end_row();
}

CsvFileWriter::CsvFileWriter(std::filesystem::path path, char delimiter)
    : path_(std::move(path)), tmp_(path_.string() + ".tmp"), file_(tmp_, std::ios::binary | std::ios::trunc),
      writer_(file_, delimiter)
{
    if (!file_)
        throw core::OutputError(path_.string() + ": cannot write");
}

CsvFileWriter::~CsvFileWriter()
{
    if (committed_)
        return;
    file_.close();
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
}

void CsvFileWriter::commit()
{
    file_.close();
    if (!file_)
        throw core::OutputError(path_.string() + ": write failed");
    std::error_code ec;
    std::filesystem::rename(tmp_, path_, ec);
    if (ec)
        throw core::OutputError(path_.string() + ": cannot rename into place: " + ec.message());
    committed_ = true;
}

}  // namespace trygg::io
