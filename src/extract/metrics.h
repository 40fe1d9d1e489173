// Metrics in running text: 47个, 26.52亿元, 同比增长12.3%, 六大类, １２３万亩, and redacted
// placeholders (xxx家次, xx.x万亩, x项) that are flagged as redacted, never read as values.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huizong {

struct Metric {
  std::string text;              // the number and unit exactly as written, e.g. "26.52亿元", "xx项"
  std::optional<double> value;   // empty when redacted; １２３ and 六 read as 123 and 6
  std::string unit;              // as listed in lexicons/units.json, e.g. "亿元", "%", "个"
  std::string label;             // the few words before the number saying what it counts
  bool redacted = false;         // x/X/×/* placeholders instead of digits
  int line = 0;                  // physical line number (provenance)
};

// Unit list from lexicons/units.json ({"units": ["亿元", "万元", …]}), longest first.
struct UnitLexicon {
  std::vector<std::string> units;
  static UnitLexicon load(const std::string& lexicon_dir = {});
};

// All metrics in one line of text (as written). Years (2023年), dates (6月13日),
// ordinals (第一, 1．) and list numbers are not metrics.
std::vector<Metric> find_metrics(std::string_view text, int line_number, const UnitLexicon& units);

}  // namespace huizong
