// SPDX-License-Identifier: MIT
#include "spatial/geos_util.hpp"
