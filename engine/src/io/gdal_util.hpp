// SPDX-License-Identifier: MIT
#pragma once
// Private GDAL helpers for the io module.
#include <gdal.h>
#include <ogr_api.h>

#include <memory>
#include <string>

namespace trygg::io::detail {

void ensure_gdal_registered();

struct DatasetCloser {
    void operator()(void* ds) const
    {
        if (ds)
            GDALClose(static_cast<GDALDatasetH>(ds));
    }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

// The last GDAL error message, or `fallback`.
std::string last_gdal_error(const std::string& fallback);
// A (possibly multi-line) library message as one line, without any password it quotes.
std::string one_line(const std::string& message);

}  // namespace trygg::io::detail
