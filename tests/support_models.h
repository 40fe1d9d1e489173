// Models for the tests of aggregate and render, which link no parser: the fixture's model
// is checked in (tests/data/render/two_counties.model.json; test_model checks it is what
// the parser makes of two_counties.txt), the samples' model is parsed by the huizong binary
// at build time (tests/CMakeLists.txt, target test_models). The tests load them as
// `huizong render` does.
#pragma once
#include <string>

#include "model/model.h"

namespace huizong::test {

// The model of samples/, parsed at build time.
inline Model samples_model() { return load_model(std::string(HUIZONG_TEST_MODELS_DIR) + "/samples.json"); }

// The checked-in model of tests/data/render/two_counties.txt (paths are file names).
inline Model fixture_model() {
  return load_model(std::string(HUIZONG_TEST_DATA_DIR) + "/render/two_counties.model.json");
}

}  // namespace huizong::test
