// Test helpers that need huizong_model: include only from programs that link it.
#pragma once

#include "pipeline/pipeline.h"

namespace huizong::test {

// The lexicons, loaded once per test program.
inline const Lexicons& lexicons() {
  static const Lexicons lex = Lexicons::load();
  return lex;
}

}  // namespace huizong::test
