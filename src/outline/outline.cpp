#include "outline/outline.h"

#include <algorithm>
#include <tuple>

#include "common/lexicon.h"

namespace huizong {

OutlineLexicon OutlineLexicon::load(const LexiconDir& dir) {
  LexiconReader j("markers", dir);
  LexiconReader headings = j.object("headings");
  OutlineLexicon lex;
  lex.markers = MarkerLexicon::from(j.object("markers"));
  lex.sentence_ends = headings.normalised_strings("sentence_ends");
  lex.plain_max_chars = static_cast<std::size_t>(headings.integer("plain_max_chars", 24, 0, 1000));
  lex.plain_rejects = headings.normalised_strings("plain_rejects");
  lex.styled_max_chars = static_cast<std::size_t>(headings.integer("styled_max_chars", 60, 0, 1000));
  lex.date_line_end = normalise(headings.text("date_line_end"));
  lex.date_line_words = headings.normalised_strings("date_line_words");
  lex.date_line_max_chars = static_cast<std::size_t>(headings.integer("date_line_max_chars", 16, 0, 1000));
  headings.done();
  j.done();
  return lex;
}

const OutlineLexicon& OutlineLexicon::standard() {
  static const OutlineLexicon lex = load();
  return lex;
}

namespace {

// The heading sentence: text up to the first sentence end (。 : ; ! ?).
std::string heading_sentence(std::string_view norm, const OutlineLexicon& lex) {
  return std::string(trim(norm.substr(0, std::min(norm.size(), find_any(norm, lex.sentence_ends)))));
}

// 2023年6月13日: the date closing a report, not a heading.
bool is_date_line(std::string_view norm, const OutlineLexicon& lex) {
  if (lex.date_line_end.empty() || !norm.ends_with(lex.date_line_end)) return false;
  for (const std::string& w : lex.date_line_words)
    if (!contains(norm, w)) return false;
  return length_cp(norm) <= lex.date_line_max_chars;
}

bool is_plain_heading(std::string_view norm, const OutlineLexicon& lex) {
  // Short, no sentence inside, not a date line ending a report.
  if (length_cp(norm) > lex.plain_max_chars || is_date_line(norm, lex)) return false;
  std::string_view body = norm;
  if (body.ends_with(":")) body.remove_suffix(1);  // normalised: ： is :
  return !body.empty() && !contains_any(body, lex.plain_rejects);
}

// `norm` is normalise(text) if made already, else empty.
Block make_block(int number, std::string&& text, std::string&& norm, const OutlineLexicon& lex, bool styled_heading) {
  Block b;
  b.line = number;
  b.text = std::move(text);
  // Markers are read from the text as written: NFKC would turn ① into 1.
  b.marker = scan_marker(b.text, lex.markers);
  if (b.marker && !norm.empty()) {
    b.norm = std::move(norm);
    b.body_norm = normalise(std::string_view(b.text).substr(b.marker->bytes));
  } else if (b.marker) {
    std::tie(b.norm, b.body_norm) = normalise_with_tail(b.text, b.marker->bytes);
  } else {
    b.norm = norm.empty() ? normalise(b.text) : std::move(norm);
  }
  b.date_line = is_date_line(b.norm, lex);
  if (b.marker) {
    b.heading = heading_sentence(b.body_norm, lex);
  } else {
    b.body_norm = b.norm;
    b.plain_heading =
        is_plain_heading(b.norm, lex) || (styled_heading && !b.date_line && length_cp(b.norm) <= lex.styled_max_chars);
    if (b.plain_heading) b.heading = heading_sentence(b.norm, lex);
  }
  b.inline_items = scan_inline_items(b.text, lex.markers);
  return b;
}

// `take(line)` gives the line's text, copied or moved; `norms[k]` is body[k]'s normalised
// text if made already.
template <class Lines, class Take>
Outline outline_of(Lines& body, const OutlineLexicon& lex, const std::vector<LineHint>& hints, Take take,
                   std::vector<std::string>&& norms = {}) {
  Outline out;
  out.blocks.reserve(body.size());
  // Both in line order: one walk.
  auto hint = std::lower_bound(hints.begin(), hints.end(), body.empty() ? 0 : body.front().number,
                               [](const LineHint& h, int n) { return h.line < n; });
  for (std::size_t k = 0; k < body.size(); ++k) {
    auto& line = body[k];
    while (hint != hints.end() && hint->line < line.number) ++hint;
    bool styled = hint != hints.end() && hint->line == line.number && hint->outline_level >= 0;
    std::string norm = k < norms.size() ? std::move(norms[k]) : std::string();
    out.blocks.push_back(make_block(line.number, take(line), std::move(norm), lex, styled));
  }
  for (const Block& b : out.blocks)
    if (b.marker && (out.top_rank == 0 || b.rank() < out.top_rank)) out.top_rank = b.rank();
  return out;
}

}  // namespace

Outline build_outline(const std::vector<Line>& body, const OutlineLexicon& lex, const std::vector<LineHint>& hints) {
  return outline_of(body, lex, hints, [](const Line& l) { return std::string(l.text); });
}

Outline build_outline(std::vector<Line>&& body, const OutlineLexicon& lex, const std::vector<LineHint>& hints,
                      std::vector<std::string>&& norms) {
  return outline_of(
      body, lex, hints, [](Line& l) { return std::move(l.text); }, std::move(norms));
}

Outline build_outline(const std::vector<Line>& body) { return build_outline(body, OutlineLexicon::standard()); }

}  // namespace huizong
