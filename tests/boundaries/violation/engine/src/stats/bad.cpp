// SPDX-License-Identifier: MIT
#include <trygg/io/record_reader.hpp>
