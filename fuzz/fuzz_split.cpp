// libFuzzer target: split (front matter, reports, ledger) on the lines of arbitrary input.
// Lines come from decode_text, or, when it refuses the bytes, from the raw bytes split on
// '\n'. split throws nothing, so any exception is a crash.
// Invariant (split.h): every non-blank line is in exactly one of the front matter, a report
// (title line or body) or a whole-line ledger entry; blank lines are in none; reports are in
// order without overlap; a partial ledger entry (a ##paidbegin## marker) is a byte span of its
// line, and the rest of that line stays content: a report's body or title line, or a
// front-matter line; never a line the ledger also sets aside whole (the same bytes would be
// in the ledger twice).
#include <map>
#include <set>

#include "fuzz_common.h"
#include "split/split.h"

using namespace huizong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const SplitLexicon lexicon = SplitLexicon::load();
  const std::vector<Line> lines = fuzz::lines_of(fuzz::as_view(data, size));
  fuzz::check_numbering(lines);
  const int n = static_cast<int>(lines.size());

  SplitResult r = split(lines, lexicon);

  std::map<int, int> seen;  // line -> places holding it
  for (int l : r.front.lines) ++seen[l];
  std::set<int> content_lines;  // front-matter, report title and body lines
  content_lines.insert(r.front.lines.begin(), r.front.lines.end());
  for (std::size_t i = 0; i < r.reports.size(); ++i) {
    const ReportSpan& rep = r.reports[i];
    FUZZ_CHECK(rep.title_line >= 1 && rep.title_line <= n);
    FUZZ_CHECK(rep.end_line >= rep.title_line && rep.end_line <= n);
    if (i) FUZZ_CHECK(rep.title_line > r.reports[i - 1].end_line);
    ++seen[rep.title_line];
    content_lines.insert(rep.title_line);
    int prev = rep.title_line;
    for (const Line& l : rep.body) {
      FUZZ_CHECK(l.number > prev && l.number <= rep.end_line);  // in order, inside the span
      FUZZ_CHECK(!is_blank(l.text));
      prev = l.number;
      ++seen[l.number];
      content_lines.insert(l.number);
    }
  }
  std::set<int> whole_ledger;
  for (const LedgerEntry& e : r.ledger)
    if (e.whole_line) whole_ledger.insert(e.line);
  for (const LedgerEntry& e : r.ledger) {
    FUZZ_CHECK(e.line >= 1 && e.line <= n);
    if (e.whole_line) {
      ++seen[e.line];
    } else {
      FUZZ_CHECK(whole_ledger.count(e.line) == 0);
      FUZZ_CHECK(content_lines.count(e.line) == 1);
      const std::string& raw = lines[static_cast<std::size_t>(e.line - 1)].text;
      FUZZ_CHECK(e.col_begin < e.col_end && e.col_end <= raw.size());
      FUZZ_CHECK(raw.compare(e.col_begin, e.col_end - e.col_begin, e.text) == 0);
    }
  }
  std::size_t non_blank = 0;
  for (const Line& l : lines) {
    if (is_blank(l.text)) {
      FUZZ_CHECK(seen.count(l.number) == 0);
    } else {
      ++non_blank;
      FUZZ_CHECK(seen.count(l.number) == 1 && seen[l.number] == 1);
    }
  }
  FUZZ_CHECK(seen.size() == non_blank);
  for (const TocEntry& t : r.front.toc) FUZZ_CHECK(t.line >= 1 && t.line <= n);
  if (r.front.title_line) FUZZ_CHECK(*r.front.title_line >= 1 && *r.front.title_line <= n);
  return 0;
}
