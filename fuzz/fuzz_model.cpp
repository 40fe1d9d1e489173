// libFuzzer target: the model loader (huizong::parse_model_text, what load_model runs on a
// model.json) on arbitrary bytes. huizong::Error (a refused model) is fine; anything else,
// a sanitizer report or a stack overflow on deep nesting, is a crash. Invariants on a model
// it accepts (what render relies on): report ids unique, every duplicate_of names an earlier
// report that is kept, years of four digits, and the model written out again reads back
// to the same model.
#include <map>
#include <set>
#include <string>

#include "fuzz_common.h"
#include "model/model.h"

using namespace huizong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Model model;
  try {
    model = parse_model_text(fuzz::as_view(data, size), "fuzz.json");
  } catch (const Error& e) {
    FUZZ_CHECK(e.code() == ExitCode::input);
    FUZZ_CHECK(!e.problem().empty());
    return 0;
  }
  std::map<std::string, bool> kept;  // id -> not a duplicate
  for (const Report& r : model.reports) {
    if (r.duplicate_of) {
      auto it = kept.find(*r.duplicate_of);
      FUZZ_CHECK(it != kept.end() && it->second);
    }
    FUZZ_CHECK(kept.emplace(r.id, !r.duplicate_of).second);
    FUZZ_CHECK(!r.period.year || (*r.period.year >= 1000 && *r.period.year <= 9999));
  }
  std::string again = model_to_json_text(model);
  Model back = parse_model_text(again, "again.json");  // an Error here escapes: a crash
  FUZZ_CHECK(model_to_json_text(back) == again);
  return 0;
}
