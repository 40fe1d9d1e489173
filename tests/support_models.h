// Models for the tests of aggregate and render, which link no parser: the huizong binary
// parses the inputs at build time (tests/CMakeLists.txt, target test_models) and the tests
// load the model files, as `huizong render` does.
#pragma once
#include <string>

#include "model/model.h"

namespace huizong::test {

// HUIZONG_TEST_MODELS_DIR/<name>.json: "samples" (samples/), "two_counties"
// (tests/data/render/two_counties.txt).
inline Model test_model(const std::string& name) {
  return load_model(std::string(HUIZONG_TEST_MODELS_DIR) + "/" + name + ".json");
}

}  // namespace huizong::test
