// For the tests that render (test_render, test_docx, test_xlsx): render options with a
// fixed version and date, so that outputs compare byte for byte.
#pragma once
#include <filesystem>

#include "render/outputs.h"

namespace huizong::test {

inline RenderOptions render_options(const std::filesystem::path& out) {
  RenderOptions o;
  o.out_dir = out;
  o.version = "test";
  o.generated = "2026-01-01";
  return o;
}

}  // namespace huizong::test
