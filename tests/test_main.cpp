// Catch2's main, with a scratch directory of this test program's own: tests write under
// std::filesystem::temp_directory_path(), and two suites running at once on one machine
// (a sanitizer build beside the normal one) must not share files.
#define CATCH_CONFIG_RUNNER
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

int main(int argc, char* argv[]) {
  namespace fs = std::filesystem;
  fs::path scratch = fs::temp_directory_path() / ("huizong-tests-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  ::setenv("TMPDIR", scratch.c_str(), 1);
  int result = Catch::Session().run(argc, argv);
  std::error_code ec;
  fs::remove_all(scratch, ec);
  return result;
}
