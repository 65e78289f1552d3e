// SPDX-License-Identifier: MIT
#include <trygg/io/csv_reader.hpp>
