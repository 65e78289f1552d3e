#include <ogr_api.h>
