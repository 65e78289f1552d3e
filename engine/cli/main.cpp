// SPDX-License-Identifier: MIT
// The trygg command: all behaviour lives in trygg::cli::run so it can be tested in-process.
#include <trygg/cli/cli.hpp>

#include <iostream>

int main(int argc, char** argv)
{
    return trygg::cli::run(argc, argv, std::cout, std::cerr);
}
