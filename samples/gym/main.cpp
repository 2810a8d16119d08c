#include "gym/cli.hpp"

int main(int argc, char** argv) { return gym::cli::run(std::vector<std::string>(argv, argv + argc)); }
