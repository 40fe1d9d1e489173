// metrics: the figures in running text — 47个, 26.52亿元, 同比增长12.3%, 六大类, １２３万亩 —
// and redacted placeholders (xxx家次, xx.x万亩, x项) that are flagged as redacted, never read
// as values. Every word (units, fillers, stops, ordinal and range marks) is in
// lexicons/units.json; Chinese numerals are read by common/cn_numeral.h.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/lexicon.h"
#include "model/types.h"

namespace huizong {

// Matching rules compiled from units.json (metrics/parts.h): the units folded and indexed
// by first character, the word lists and the settings.
struct MetricRules;

// lexicons/units.json of one lexicon directory. Copies share the (immutable) rules.
struct UnitLexicon {
  // Unit list ({"units": ["亿元", "万元", …]}), full-width folded, longest first.
  std::vector<std::string> units;
  // Everything else load() read, and the unit index find_metrics matches with. Empty in a
  // default-constructed lexicon; when `units` is filled by hand without it, find_metrics
  // builds it from `units` on every call, with empty word lists and the default settings
  // of MetricRules (so only "<number><unit>" is matched).
  std::shared_ptr<const MetricRules> rules;

  static UnitLexicon load(const LexiconDir& lexicon_dir = {});
};

// All metrics in one line of text (as written). Years (2023年), dates (6月13日),
// ordinals (第一, 1．) and list numbers are not metrics.
std::vector<Metric> find_metrics(std::string_view text, int line_number, const UnitLexicon& units);

}  // namespace huizong
