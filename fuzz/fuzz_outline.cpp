// libFuzzer target: outline -> classify -> extract on each report split from arbitrary input
// (lines as in fuzz_split.cpp). None of these stages throws, so any exception is a crash.
// Invariants: one block per body line, in order, text as written; no marked block above the
// top rank; sections and their items lie inside the report's lines; metrics point at a body
// line.
#include <set>

#include "classify/classify.h"
#include "extract/extract.h"
#include "fuzz_common.h"
#include "outline/outline.h"
#include "split/split.h"

using namespace huizong;

namespace {

void check_report(const std::string& title, const std::vector<Line>& body) {
  static const SectionLexicon sections_lex = SectionLexicon::load();
  static const ExtractLexicon extract_lex = ExtractLexicon::load();

  Outline outline = build_outline(body);
  FUZZ_CHECK(outline.blocks.size() == body.size());
  std::set<int> body_lines;
  for (std::size_t i = 0; i < body.size(); ++i) {
    FUZZ_CHECK(outline.blocks[i].line == body[i].number);
    FUZZ_CHECK(outline.blocks[i].text == body[i].text);
    body_lines.insert(body[i].number);
  }
  // The top rank is the highest level any block has.
  for (const Block& b : outline.blocks) FUZZ_CHECK(!b.marker || (b.rank() >= outline.top_rank && outline.top_rank > 0));

  std::vector<Section> sections = classify(outline, sections_lex);
  if (!body.empty()) {
    const int first = body.front().number, last = body.back().number;
    int prev = first;
    for (const Section& s : sections) {
      FUZZ_CHECK(s.line >= prev && s.line <= s.end_line && s.end_line <= last);
      prev = s.line;
      if (s.heading_line) FUZZ_CHECK(body_lines.count(*s.heading_line) == 1);
      for (const SectionItem& item : s.items) FUZZ_CHECK(item.line >= s.line && item.line <= s.end_line);
    }
  }

  Extracted ex = extract(title, outline, sections, extract_lex);
  for (const Metric& m : ex.metrics) {
    FUZZ_CHECK(body_lines.count(m.line) == 1);
    FUZZ_CHECK(!m.text.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const SplitLexicon split_lex = SplitLexicon::load();
  const std::vector<Line> lines = fuzz::lines_of(fuzz::as_view(data, size));
  SplitResult parts = split(lines, split_lex);
  for (const ReportSpan& rep : parts.reports) check_report(rep.title, rep.body);
  return 0;
}
