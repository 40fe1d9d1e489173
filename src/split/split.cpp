#include "split/split.h"

#include <algorithm>

#include "common/cn_numeral.h"
#include "common/lexicon.h"
#include "common/marker.h"

namespace huizong {

namespace {

std::size_t count(const LexiconReader& j, const std::string& key, long long fallback) {
  return static_cast<std::size_t>(j.integer(key, fallback, 1, 100000));
}

}  // namespace

SplitLexicon SplitLexicon::load(const LexiconDir& dir) {
  LexiconReader j("split", dir);
  SplitLexicon lex;
  lex.compilation_words = j.strings("compilation_words");
  lex.title_words = j.strings("title_words");
  lex.title_reject_words = j.strings("title_reject_words");
  lex.toc_headings = j.strings("toc_headings");
  lex.advertising = j.strings("advertising");
  lex.markers = j.strings("markers");
  lex.title_min_chars = count(j, "title_min_chars", 6);
  lex.title_max_chars = count(j, "title_max_chars", 60);
  lex.long_line_chars = count(j, "long_line_chars", 160);
  lex.toc_prefix_min_bytes = count(j, "toc_prefix_min_bytes", 18);
  lex.count_prefixes = j.normalised_strings("count_prefixes");
  lex.count_word = normalise(j.text("count_word"));
  lex.piece_prefix = normalise(j.text("piece_prefix"));
  lex.piece_separators = j.normalised_strings("piece_separators");
  lex.number_separators = j.normalised_strings("number_separators");
  j.done();
  lex.heading_markers = MarkerLexicon::load(dir);
  return lex;
}

namespace {

// A content line after markers and advertising were set aside.
struct Content {
  int number;
  std::string text;  // as written, markers removed
  std::string norm;  // normalise(text)
};

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Bytes of the run of Chinese numerals s starts with (一 of 篇一：).
std::size_t cn_digits_bytes(std::string_view s) {
  std::size_t i = 0;
  for (std::size_t next = 0; next < s.size() && cn_numeral::is_digit_or_ten(utf8::decode(s, next));) i = next;
  return i;
}

// The separator of `seps` that s starts with, or "" (a separator is never empty).
std::string_view leading_separator(std::string_view s, const std::vector<std::string>& seps) {
  for (const std::string& sep : seps)
    if (!sep.empty() && s.starts_with(sep)) return sep;
  return {};
}

// （8篇） / (8篇) / 共8篇
std::optional<int> declared_count(std::string_view norm, const SplitLexicon& lex) {
  std::string_view s = norm;
  if (s.starts_with("(")) s.remove_prefix(1);
  for (const std::string& p : lex.count_prefixes)
    if (!p.empty() && s.starts_with(p)) {
      s.remove_prefix(p.size());
      break;
    }
  int n = 0;
  std::size_t i = 0;
  while (i < s.size() && is_ascii_digit(s[i]) && i < 4) n = n * 10 + (s[i++] - '0');
  if (i == 0 || lex.count_word.empty()) return std::nullopt;
  s.remove_prefix(i);
  if (!s.starts_with(lex.count_word)) return std::nullopt;
  s.remove_prefix(lex.count_word.size());
  if (!(s.empty() || s == ")")) return std::nullopt;
  return n;
}

// Strip 篇1： / 篇一: style prefixes from a title.
std::string_view strip_piece_prefix(std::string_view norm, const SplitLexicon& lex) {
  if (lex.piece_prefix.empty() || !norm.starts_with(lex.piece_prefix)) return norm;
  std::string_view rest = norm.substr(lex.piece_prefix.size());
  std::size_t i = 0;
  while (i < rest.size() && is_ascii_digit(rest[i])) ++i;
  if (i == 0) i = cn_digits_bytes(rest);  // 篇一：
  if (i == 0) return norm;
  rest.remove_prefix(i);
  std::string_view sep = leading_separator(rest, lex.piece_separators);
  return sep.empty() ? norm : trim(rest.substr(sep.size()));
}

// The number of a `12．Title` line (normalised: ． became .), and the title after it.
std::optional<std::pair<int, std::string_view>> numbered_title(std::string_view norm, const SplitLexicon& lex) {
  std::size_t i = 0;
  int n = 0;
  while (i < norm.size() && i < 3 && is_ascii_digit(norm[i])) n = n * 10 + (norm[i++] - '0');
  if (i == 0 || n == 0) return std::nullopt;
  std::string_view rest = norm.substr(i);
  for (const std::string& sep : lex.number_separators)
    if (!sep.empty() && rest.starts_with(sep) && !(rest.size() > sep.size() && is_ascii_digit(rest[sep.size()])))
      return std::make_pair(n, trim(rest.substr(sep.size())));
  return std::nullopt;
}

// A TOC line: `12．Title<TAB>98` or `12.Title` (normalised: ． became .).
std::optional<TocEntry> toc_entry(const Content& c, const SplitLexicon& lex) {
  std::string_view s = c.norm;
  std::size_t i = 0;
  while (i < s.size() && is_ascii_digit(s[i])) ++i;
  std::string_view sep = i > 0 && i < 4 ? leading_separator(s.substr(i), lex.number_separators) : std::string_view();
  bool numbered = !sep.empty();
  bool paged = false;
  TocEntry e;
  e.line = c.number;
  // Page number after a tab (the raw text keeps the tab; normalise keeps it too).
  std::size_t tab = s.rfind('\t');
  std::string_view title = s;
  if (tab != std::string_view::npos) {
    std::string_view page = trim(s.substr(tab + 1));
    bool digits = !page.empty() && std::all_of(page.begin(), page.end(), is_ascii_digit);
    if (digits || page.empty()) {
      paged = true;
      if (digits && page.size() < 6) e.page = std::stoi(std::string(page));
      title = s.substr(0, tab);
    }
  }
  if (!numbered && !paged) return std::nullopt;
  if (numbered) title = title.substr(i + sep.size());
  e.title = std::string(strip_piece_prefix(trim(title), lex));
  if (e.title.empty()) return std::nullopt;
  return e;
}

class Splitter {
 public:
  Splitter(const std::vector<Line>& lines, const SplitLexicon& lex) : lines_(lines), lex_(lex) {}

  SplitResult run() {
    collect_content();
    std::size_t first_body = read_front_matter();
    find_titles(first_body);
    build_reports(first_body);
    return std::move(out_);
  }

 private:
  const std::vector<Line>& lines_;
  const SplitLexicon& lex_;
  SplitResult out_;
  std::vector<Content> content_;
  std::vector<bool> is_title_;  // per content_ index
  std::vector<bool> in_toc_;
  bool numbered_titles_ = false;  // reports are titled 1．… 2．… (no table of contents)

  void collect_content() {
    for (const Line& line : lines_) {
      if (is_blank(line.text)) continue;
      // Every marker occurrence in the line as written, then the line without them.
      std::vector<std::pair<std::size_t, std::size_t>> spans;  // [begin, end) bytes
      for (const std::string& m : lex_.markers)
        for (std::size_t p = line.text.find(m); p != std::string::npos; p = line.text.find(m, p + m.size()))
          spans.emplace_back(p, p + m.size());
      std::sort(spans.begin(), spans.end());
      std::string text;
      std::size_t kept_from = 0;
      for (auto [b, e] : spans) {
        if (b < kept_from) continue;  // overlapping marker words: the first one wins
        out_.ledger.push_back({line.number, LedgerKind::marker, line.text.substr(b, e - b), false, b, e});
        text += line.text.substr(kept_from, b - kept_from);
        kept_from = e;
      }
      text += line.text.substr(kept_from);
      if (is_blank(text)) {
        set_aside_whole_line(line, LedgerKind::marker);  // nothing but markers
        continue;
      }
      // Only short lines can be titles, counts or TOC entries: long paragraphs are not
      // normalised here (outline does that once for every line it keeps).
      std::string norm = length_cp(text) <= lex_.long_line_chars ? normalise(text) : std::string();
      if (contains_any(norm.empty() ? std::string_view(text) : std::string_view(norm), lex_.advertising)) {
        set_aside_whole_line(line, LedgerKind::advertising);  // markers included (##paidend##【…素材库】)
        continue;
      }
      content_.push_back({line.number, std::move(text), std::move(norm)});
    }
  }

  // A line that is boilerplate as a whole is one ledger entry, replacing the partial
  // entries its markers got.
  void set_aside_whole_line(const Line& line, LedgerKind kind) {
    std::erase_if(out_.ledger, [&](const LedgerEntry& e) { return e.line == line.number; });
    out_.ledger.push_back({line.number, kind, line.text, true, 0, line.text.size()});
  }

  // Returns the index in content_ where the body starts.
  std::size_t read_front_matter() {
    FrontMatter& fm = out_.front;
    std::size_t i = 0;
    auto take = [&](std::size_t k) { fm.lines.push_back(content_[k].number); };
    if (content_.empty()) return 0;
    bool counted_next = content_.size() > 1 && declared_count(content_[1].norm, lex_).has_value();
    if (contains_any(content_[0].norm, lex_.compilation_words) || counted_next) {
      fm.title = std::string(trim(content_[0].text));
      fm.title_line = content_[0].number;
      take(i++);
    }
    if (i < content_.size()) {
      if (auto n = declared_count(content_[i].norm, lex_)) {
        fm.declared_count = n;
        take(i++);
      }
    }
    bool toc_heading = false;
    if (i < content_.size() &&
        std::find(lex_.toc_headings.begin(), lex_.toc_headings.end(), content_[i].norm) != lex_.toc_headings.end()) {
      toc_heading = true;
      take(i++);
    }
    // TOC entries only follow a compilation title, a count or 目录: a report's own
    // `1．` headings right after its title are not a table of contents.
    if (toc_heading || fm.declared_count || fm.title) {
      std::size_t toc_start = i;
      while (i < content_.size()) {
        auto e = toc_entry(content_[i], lex_);
        // After 目录 the entries may be bare titles (no number, no page).
        if (!e && toc_heading && looks_like_title(content_[i]))
          e = TocEntry{content_[i].number, std::string(strip_piece_prefix(content_[i].norm, lex_)), std::nullopt, 0};
        if (!e) break;
        // The first title again: the table of contents ended and the body began.
        if (!fm.toc.empty() && e->title == fm.toc.front().title) break;
        fm.toc.push_back(*e);
        take(i++);
      }
      // Numbered lines with no 目录 whose titles never come again are the reports
      // themselves (1．XX县司法局…总结 right after （2篇）), not a table of contents.
      if (!toc_heading && !fm.toc.empty() && !toc_titles_recur(i)) {
        fm.lines.resize(fm.lines.size() - fm.toc.size());
        fm.toc.clear();
        i = toc_start;
        numbered_titles_ = true;
      }
    }
    return i;
  }

  // Whether some TOC entry's title appears as a line at or after `from`.
  bool toc_titles_recur(std::size_t from) const {
    for (std::size_t k = from; k < content_.size(); ++k)
      for (const TocEntry& e : out_.front.toc)
        if (title_text(content_[k]) == e.title) return true;
    return false;
  }

  // A line's title text: without 篇1： and, where titles are numbered, without 1．.
  std::string_view title_text(const Content& c) const {
    std::string_view t = strip_piece_prefix(c.norm, lex_);
    if (auto nt = numbered_title(t, lex_)) return nt->second;
    return t;
  }

  bool starts_with_marker(std::string_view norm) const {
    if (scan_marker(norm, lex_.heading_markers)) return true;
    auto items = scan_inline_items(norm.substr(0, std::min<std::size_t>(norm.size(), 9)), lex_.heading_markers);
    return !items.empty() && items.front().offset == 0;
  }

  bool looks_like_title(const Content& c) const {
    std::string_view t = strip_piece_prefix(c.norm, lex_);
    if (numbered_titles_)
      if (auto nt = numbered_title(t, lex_)) t = nt->second;
    std::size_t n = length_cp(t);
    if (n < lex_.title_min_chars || n > lex_.title_max_chars) return false;
    if (!contains_any(t, lex_.title_words)) return false;
    if (contains_any(t, lex_.title_reject_words)) return false;
    if (t.ends_with(":")) return false;  // normalised: ： is :
    if (starts_with_marker(t)) return false;
    return true;
  }

  void find_titles(std::size_t first_body) {
    is_title_.assign(content_.size(), false);
    in_toc_.assign(content_.size(), false);
    // TOC entries, in order, each found at the next body line with the same title.
    std::size_t from = first_body;
    for (TocEntry& e : out_.front.toc) {
      for (std::size_t k = from; k < content_.size(); ++k) {
        std::string_view t = title_text(content_[k]);
        if (t == e.title || (e.title.size() >= lex_.toc_prefix_min_bytes && t.starts_with(e.title))) {
          e.matched_title_line = content_[k].number;
          is_title_[k] = in_toc_[k] = true;
          from = k + 1;
          break;
        }
      }
    }
    for (std::size_t k = first_body; k < content_.size(); ++k)
      if (!is_title_[k] && looks_like_title(content_[k])) is_title_[k] = true;
    // A title repeated on the next line is one title.
    for (std::size_t k = first_body + 1; k < content_.size(); ++k)
      if (is_title_[k] && is_title_[k - 1] &&
          strip_piece_prefix(content_[k].norm, lex_) == strip_piece_prefix(content_[k - 1].norm, lex_))
        is_title_[k] = false;
  }

  void build_reports(std::size_t first_body) {
    auto first_title = std::find(is_title_.begin() + static_cast<std::ptrdiff_t>(first_body), is_title_.end(), true);
    std::size_t start = static_cast<std::size_t>(first_title - is_title_.begin());
    if (first_title == is_title_.end()) {
      // No title anywhere: the file is one report, titled by its first content line.
      if (first_body >= content_.size()) return;
      start = first_body;
      is_title_[start] = true;
    }
    // Content between the front matter and the first title has no report to belong to.
    for (std::size_t k = first_body; k < start; ++k) out_.front.lines.push_back(content_[k].number);

    for (std::size_t k = start; k < content_.size();) {
      ReportSpan r;
      r.title_line = content_[k].number;
      r.title_as_written = std::string(trim(content_[k].text));
      r.title = title_as_written_without_prefix(content_[k], in_toc_[k] || numbered_titles_);
      r.found_in_toc = in_toc_[k];
      r.end_line = r.title_line;
      std::size_t j = k + 1;
      for (; j < content_.size() && !is_title_[j]; ++j) {
        r.body.push_back({content_[j].number, content_[j].text});
        r.end_line = content_[j].number;
      }
      out_.reports.push_back(std::move(r));
      k = j;
    }
    if (out_.front.declared_count && static_cast<std::size_t>(*out_.front.declared_count) != out_.reports.size())
      out_.warnings.push_back("declares " + std::to_string(*out_.front.declared_count) + " reports but holds " +
                              std::to_string(out_.reports.size()));
    for (const TocEntry& e : out_.front.toc)
      if (!e.matched_title_line)
        out_.warnings.push_back("table of contents entry at line " + std::to_string(e.line) + " (" + e.title +
                                ") has no report in the body");
  }

  // The title as written, without 篇1： (and 1． where titles are numbered). Prefixes are
  // found on the normalised text and dropped from the raw one by code point count (NFKC
  // maps these prefix characters one to one).
  std::string title_as_written_without_prefix(const Content& c, bool numbered) const {
    std::string_view norm = c.norm;
    std::string_view t = strip_piece_prefix(norm, lex_);
    if (numbered)
      if (auto nt = numbered_title(t, lex_)) t = nt->second;
    std::size_t drop = t.empty() ? 0 : length_cp(norm.substr(0, static_cast<std::size_t>(t.data() - norm.data())));
    std::string_view raw = trim(c.text);
    return std::string(trim(raw.substr(utf8::prefix(raw, drop).size())));
  }
};

}  // namespace

SplitResult split(const std::vector<Line>& lines, const SplitLexicon& lexicon) {
  return Splitter(lines, lexicon).run();
}

}  // namespace huizong
