// SPDX-License-Identifier: MIT
#include <gdal.h>
