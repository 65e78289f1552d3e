#include <trygg/io/record_reader.hpp>
