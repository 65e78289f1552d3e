#include "spatial/geos_util.hpp"
