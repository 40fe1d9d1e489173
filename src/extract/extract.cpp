// extract(): the report's writer, period, plan period, topic, signature and metrics, each
// found by its own part (extract/parts.h).
#include "extract/extract.h"

#include <iterator>

#include "common/text.h"
#include "extract/parts.h"

namespace huizong {
namespace {

// The metrics of every block, in reading order, with their lines.
std::vector<Metric> metrics_of(const Outline& outline, const UnitLexicon& units) {
  std::vector<Metric> out;
  for (const Block& b : outline.blocks) {
    auto m = find_metrics(b.text, b.line, units);
    out.insert(out.end(), std::make_move_iterator(m.begin()), std::make_move_iterator(m.end()));
  }
  return out;
}

}  // namespace

Extracted extract(const std::string& title, const Outline& outline, const std::vector<Section>& sections,
                  const ExtractLexicon& lex) {
  using namespace extract_parts;
  Extracted ex;
  std::string t = normalise(title);
  ex.signature = find_signature(outline, lex);
  ex.org = find_writer(t, outline, ex.signature, lex);
  ex.period = find_period(t, outline, lex.periods);
  ex.plan_period = find_plan_period(t, outline, sections, ex.period, lex.periods);
  ex.topic = find_topic(t, lex);
  ex.metrics = metrics_of(outline, lex.units);
  return ex;
}

}  // namespace huizong
