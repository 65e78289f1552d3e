#include <trygg/io/csv_reader.hpp>
