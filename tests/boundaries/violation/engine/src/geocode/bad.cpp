// SPDX-License-Identifier: MIT
#include <ogr_api.h>
