#include "split/split.h"

#include <algorithm>
#include <map>
#include <optional>

#include "common/cn_numeral.h"
#include "common/lexicon.h"
#include "common/marker.h"

namespace huizong {

namespace {

std::size_t count(const LexiconReader& j, const std::string& key, long long fallback) {
  return static_cast<std::size_t>(j.integer(key, fallback, 1, 100000));
}

// An empty wording in the lexicon would match everywhere: it is left out.
std::vector<std::string> without_empty(std::vector<std::string> words) {
  std::erase_if(words, [](const std::string& w) { return w.empty(); });
  return words;
}

}  // namespace

SplitLexicon SplitLexicon::load(const LexiconDir& dir) {
  LexiconReader j("split", dir);
  SplitLexicon lex;
  lex.compilation_words = j.strings("compilation_words");
  lex.title_words = j.strings("title_words");
  lex.weak_title_words = without_empty(j.normalised_strings("weak_title_words"));
  lex.title_period_words = j.normalised_strings("title_period_words");
  lex.year_word = normalise(j.text("year_word"));
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
  lex.toc_leaders = j.normalised_strings("toc_leaders");
  lex.title_decorations = without_empty(with_full_width_forms(j.normalised_strings("title_decorations")));
  lex.page_prefix = normalise(j.text("page_prefix"));
  lex.page_suffix = normalise(j.text("page_suffix"));
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

// A contents line split into its parts: `12．Title……………98` -> number, title, page.
struct EntryText {
  std::string_view title;  // without number, leader and page
  std::optional<int> page;
  bool paged = false;     // a page number after a tab, spaces or a leader (第…页 or bare)
  bool numbered = false;  // 12． / 一、 / (3) in front
};

bool ends_with_any(std::string_view s, const std::vector<std::string>& words, std::size_t& len) {
  for (const std::string& w : words)
    if (!w.empty() && s.ends_with(w)) {
      len = w.size();
      return true;
    }
  return false;
}

// The number in front of a contents line or title: 12． 12、 12 (space) 一、 (3) (三).
std::string_view strip_entry_number(std::string_view s, const SplitLexicon& lex, bool& numbered) {
  std::string_view rest = s;
  bool paren = rest.starts_with("(");
  if (paren) rest.remove_prefix(1);
  std::size_t i = 0;
  while (i < rest.size() && is_ascii_digit(rest[i])) ++i;
  if (i > 3) return s;  // 2023年… is a year, not a number
  if (i == 0) i = cn_digits_bytes(rest);
  if (i == 0 || i == rest.size()) return s;
  rest.remove_prefix(i);
  if (paren) {
    if (!rest.starts_with(")")) return s;
    rest.remove_prefix(1);
  } else if (std::string_view sep = leading_separator(rest, lex.number_separators); !sep.empty()) {
    std::size_t d = sep.size();
    while (d < rest.size() && is_ascii_digit(rest[d])) ++d;
    if (d > sep.size() && d < sep.size() + 4) return s;  // 1.5 is a number; 1.2023年… a numbered title
    rest.remove_prefix(sep.size());
  } else if (std::size_t at = 0; !rest.empty() && is_space_cp(utf8::decode(rest, at)) && is_ascii_digit(s[0])) {
    rest.remove_prefix(at);  // Word's numbered headings: `1 Title`
  } else {
    return s;
  }
  numbered = true;
  return trim(rest);
}

// Strip the page number at the end: `…\t98`, `… 98`, `……98`, `…第98页`. A page counts
// only behind a tab, two spaces or a leader of two characters or more (one will do before 第).
std::string_view strip_page(std::string_view s, const SplitLexicon& lex, EntryText& e) {
  std::string_view t = s;
  bool worded = !lex.page_suffix.empty() && t.ends_with(lex.page_suffix);
  if (worded) t = trim(t.substr(0, t.size() - lex.page_suffix.size()));
  std::size_t digits = 0;
  while (digits < t.size() && is_ascii_digit(t[t.size() - 1 - digits])) ++digits;
  if (digits == 0 || digits > 5 || digits == t.size()) return s;
  int page = std::stoi(std::string(t.substr(t.size() - digits)));
  t.remove_suffix(digits);
  if (worded) {
    t = trim(t);
    if (lex.page_prefix.empty() || !t.ends_with(lex.page_prefix)) return s;
    t.remove_suffix(lex.page_prefix.size());
  }
  // The leader: whitespace and leader characters, back to the title.
  std::size_t spaces = 0, leaders = 0, len = 0;
  bool tab = false;
  for (;;) {
    if (!t.empty() && (t.back() == ' ' || t.back() == '\t')) {
      tab = tab || t.back() == '\t';
      ++spaces;
      t.remove_suffix(1);
    } else if (ends_with_any(t, lex.toc_leaders, len)) {
      ++leaders;
      t.remove_suffix(len);
    } else {
      break;
    }
  }
  if (!(tab || spaces >= 2 || leaders >= 2 || (worded && spaces + leaders > 0)) || is_blank(t)) return s;
  e.paged = true;
  e.page = page;
  return trim(t);
}

EntryText entry_text(std::string_view norm, const SplitLexicon& lex) {
  EntryText e;
  std::string_view t = strip_page(norm, lex, e);
  t = strip_entry_number(t, lex, e.numbered);
  e.title = strip_piece_prefix(t, lex);
  return e;
}

// A title without the marks some put in front of it (|, &, ■…: a pasted table cell, a
// bullet), as written or full-width.
std::string_view strip_decoration(std::string_view s, const SplitLexicon& lex) {
  // Each decoration in list order, as long as the line starts with any (one search first:
  // most lines start with none).
  for (bool more = true; more;) {
    more = false;
    s = trim(s);
    if (!starts_with_any(s, lex.title_decorations)) break;
    for (const std::string& d : lex.title_decorations)
      if (s.starts_with(d)) {
        s.remove_prefix(d.size());
        more = true;
      }
  }
  return s;
}

// What two titles are compared by: the title without number, piece prefix and spaces.
std::string title_key(std::string_view norm, const SplitLexicon& lex) {
  bool numbered = false;
  std::string_view t = strip_decoration(norm, lex);
  t = strip_piece_prefix(strip_entry_number(strip_piece_prefix(t, lex), lex, numbered), lex);
  std::string key;
  key.reserve(t.size());
  for (std::size_t i = 0; i < t.size();) {
    std::size_t at = i;
    char32_t cp = utf8::decode(t, i);
    if (!is_space_cp(cp)) key.append(t.substr(at, i - at));
  }
  return key;
}

// A contents entry names this body title: the same, or (a long entry) the start of it.
bool entry_names(std::string_view entry_key, std::string_view line_key, const SplitLexicon& lex) {
  if (entry_key.empty()) return false;
  return line_key == entry_key || (entry_key.size() >= lex.toc_prefix_min_bytes && line_key.starts_with(entry_key));
}

class Splitter {
 public:
  Splitter(const std::vector<Line>& lines, const SplitLexicon& lex, const std::vector<int>& toc_lines,
           const std::vector<LineHint>& hints)
      : lines_(lines), lex_(lex), toc_lines_(toc_lines), hints_(hints) {}

  SplitResult run() {
    collect_content();
    hint_of_.assign(content_.size(), LineHint{});
    for (std::size_t k = 0, h = 0; k < content_.size(); ++k) {
      while (h < hints_.size() && hints_[h].line < content_[k].number) ++h;
      if (h < hints_.size() && hints_[h].line == content_[k].number) hint_of_[k] = hints_[h];
    }
    title_level_ = title_level();
    keys_.assign(content_.size(), std::nullopt);
    std::size_t first_body = read_front_matter();
    find_titles(first_body);
    build_reports(first_body);
    return std::move(out_);
  }

 private:
  const std::vector<Line>& lines_;
  const SplitLexicon& lex_;
  const std::vector<int>& toc_lines_;   // sorted line numbers the document marks as contents
  const std::vector<LineHint>& hints_;  // what the document's formatting says, in line order
  std::vector<LineHint> hint_of_;       // per content_ index (outline level -1: none)
  int title_level_ = 0;                 // outline level of the report titles (title_level())
  SplitResult out_;
  std::vector<Content> content_;
  std::vector<bool> is_title_;  // per content_ index
  std::vector<bool> in_toc_;
  bool numbered_titles_ = false;  // reports are titled 1．… 2．… (no table of contents)
  // title_key() of each content line ("" for paragraphs), made when first asked for: only
  // documents with contents compare titles.
  mutable std::vector<std::optional<std::string>> keys_;
  const std::string& key_of(std::size_t k) const {
    if (!keys_[k]) keys_[k] = content_[k].norm.empty() ? std::string() : title_key(content_[k].norm, lex_);
    return *keys_[k];
  }
  std::vector<std::pair<std::string, int>> front_keys_;  // compilation title and 目录: key, line

  void collect_content() {
    for (const Line& line : lines_) {
      if (is_blank(line.text)) continue;
      std::string text = contains_any(line.text, lex_.markers) ? without_markers(line) : line.text;
      if (text.empty()) {
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

  // The line without its marker words (each in the ledger), or "" when nothing else is
  // left.
  std::string without_markers(const Line& line) {
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
    if (is_blank(text)) text.clear();
    return text;
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
      front_keys_.emplace_back(title_key(content_[0].norm, lex_), content_[0].number);
      take(i++);
    }
    if (i < content_.size()) {
      if (auto n = declared_count(content_[i].norm, lex_)) {
        fm.declared_count = n;
        take(i++);
      }
    }
    bool toc_heading = i < content_.size() && is_toc_heading(content_[i]);
    if (toc_heading) {
      front_keys_.emplace_back(title_key(content_[i].norm, lex_), content_[i].number);
      take(i++);
    }
    // A contents only follows a compilation title, a count or 目录: a report's own
    // `1．` headings right after its title are not a table of contents.
    if (!(toc_heading || fm.declared_count || fm.title || (i < content_.size() && marked_toc(i)))) return i;
    bool paged = false;
    std::size_t body = read_contents(i, toc_heading, paged);
    // Numbered lines with no 目录 and no page numbers whose titles never come again are
    // the reports themselves (1．XX县司法局…总结 right after （2篇）), not a contents.
    bool marked = body > i && marked_toc(body - 1);
    if (!toc_heading && !paged && !marked && !fm.toc.empty() && !toc_titles_recur(body)) {
      fm.toc.clear();
      numbered_titles_ = true;
      return i;
    }
    for (std::size_t k = i; k < body; ++k) take(k);
    return body;
  }

  bool is_toc_heading(const Content& c) const {
    std::string key = title_key(c.norm, lex_);
    for (const std::string& h : lex_.toc_headings)
      if (key == title_key(h, lex_)) return true;
    return false;
  }

  // A line that may belong to a contents: an entry with a page number, or a short line
  // that could be a title or part of one (never a sentence).
  bool marked_toc(std::size_t k) const {
    return std::binary_search(toc_lines_.begin(), toc_lines_.end(), content_[k].number);
  }

  // A level-1 heading, or a line on a new page, that the document does not mark as its
  // contents: the contents has ended (entries are "toc N" paragraphs, not headings).
  bool starts_body(std::size_t k) const {
    return !marked_toc(k) && (hint_of_[k].outline_level == 0 || hint_of_[k].new_page);
  }

  // A heading of the titles' level on a new page: how Word users start each report of a
  // compilation.
  bool heading_on_new_page(std::size_t k) const {
    return hint_of_[k].outline_level == title_level_ && hint_of_[k].new_page;
  }

  // The outline level of the report titles: the one that starts the most pages, at least
  // two (ties to the higher level). Level 1 (Heading 1) as a rule; level 2 in a compilation in parts, whose
  // few part titles (第一部分 县直部门) are Heading 1 and its many report titles Heading 2.
  int title_level() const {
    std::map<int, int> pages;
    for (const LineHint& h : hint_of_)
      if (h.outline_level >= 0 && h.new_page) ++pages[h.outline_level];
    int best = 0, most = 1;  // one page break says nothing of a pattern
    for (auto [level, n] : pages)
      if (n > most) best = level, most = n;
    return best;
  }

  bool contents_candidate(std::size_t k) const {
    const Content& c = content_[k];
    if (marked_toc(k)) return true;
    if (c.norm.empty()) return false;
    if (entry_text(c.norm, lex_).paged) return true;
    if (length_cp(c.norm) > lex_.title_max_chars) return false;
    return !contains_any(c.norm, lex_.title_reject_words) && !c.norm.ends_with(":");
  }

  // One contents entry: lines [first, last] (an entry Word wrapped has two).
  struct Entry {
    std::size_t first = 0, last = 0;
    TocEntry toc;
    std::string key;
    bool front = false;  // names the compilation title or 目录 (listed as entries themselves)
  };

  // The contents from `from` on: fills the front matter's entries and returns where the
  // body starts, the line that names the first entry again (a title once the contents
  // ended is never a contents line), else after the last paged entry.
  std::size_t read_contents(std::size_t from, bool heading, bool& paged) {
    std::size_t run_end = from;
    while (run_end < content_.size() && contents_candidate(run_end) && !(run_end > from && starts_body(run_end)))
      ++run_end;
    std::vector<Entry> entries = group_entries(from, run_end, paged);
    std::size_t body = run_end;
    auto first = std::find_if(entries.begin(), entries.end(), [](const Entry& e) { return !e.front; });
    bool found = false;
    if (first != entries.end() && (heading || paged || entries.size() > 1))
      for (std::size_t j = first->last + 1; j < run_end && !found; ++j)
        if (!entry_text(content_[j].norm, lex_).paged && entry_names(first->key, key_of(j), lex_)) {
          body = j;
          found = true;
        }
    // The document's own contents (a .docx TOC field) ends where it says.
    std::size_t marked_end = from;
    for (std::size_t k = from; k < run_end; ++k)
      if (marked_toc(k)) marked_end = k + 1;
    if (marked_end > from) {
      body = marked_end;
    } else if (!found && paged) {
      body = from;
      for (const Entry& e : entries)
        if (e.toc.page) body = e.last + 1;
    } else if (!found) {
      // Bare entries: numbered lines, or after 目录 lines that look like titles.
      body = from;
      for (const Entry& e : entries) {
        bool numbered = false;
        strip_entry_number(content_[e.first].norm, lex_, numbered);
        if (!(numbered || (heading && looks_like_title(content_[e.first])))) break;
        body = e.last + 1;
      }
    }
    for (Entry& e : entries)
      if (e.last < body) out_.front.toc.push_back(std::move(e.toc));
    return body;
  }

  // Lines [from, to) as entries. Where entries carry page numbers, a line without one is
  // the first part of the next (Word wrapped it), unless it is a title of its own.
  std::vector<Entry> group_entries(std::size_t from, std::size_t to, bool& paged) {
    std::vector<EntryText> texts;
    for (std::size_t k = from; k < to; ++k) {
      texts.push_back(entry_text(content_[k].norm, lex_));
      paged = paged || texts.back().paged;
    }
    std::vector<Entry> entries;
    std::size_t start = from;
    for (std::size_t k = from; k < to; ++k) {
      const EntryText& t = texts[k - from];
      bool alone = !paged
                       ? k + 1 == to || !unpaged_wrap(k, texts[k - from], texts[k + 1 - from])
                       : t.paged || k + 1 == to || !texts[k + 1 - from].paged ||
                             (names_later_line(key_of(k), to) &&
                              !names_later_line(
                                  title_key(std::string(t.title) + std::string(texts[k + 1 - from].title), lex_), to));
      if (alone) {
        entries.push_back(make_entry(start, k, texts, from));
        start = k + 1;
      }
    }
    return entries;
  }

  // Entries without page numbers: lines k and k+1 are one entry Word wrapped when together
  // together they name a later line (the body title, or its start for a long entry), as
  // for paged entries. The halves may be lines of their own elsewhere: the same title
  // can be listed twice, and 工作总结及下半年工作打算 ends many.
  bool unpaged_wrap(std::size_t k, const EntryText& t, const EntryText& next) const {
    if (key_of(k).empty() || key_of(k + 1).empty()) return false;
    std::string joined = title_key(std::string(t.title) + std::string(next.title), lex_);
    for (std::size_t j = k + 2; j < content_.size(); ++j)
      if (entry_names(joined, key_of(j), lex_)) return true;
    return false;
  }

  // Lines [first, last] as one entry; texts[k - from] is line k's parts.
  Entry make_entry(std::size_t first, std::size_t last, const std::vector<EntryText>& texts, std::size_t from) const {
    Entry e;
    e.first = first;
    e.last = last;
    for (std::size_t k = first; k <= last; ++k) e.toc.title += texts[k - from].title;
    e.toc.line = content_[first].number;
    e.toc.page = texts[last - from].page;
    e.key = title_key(e.toc.title, lex_);
    for (const auto& [key, line] : front_keys_)
      if (key == e.key) {
        e.front = true;
        e.toc.matched_title_line = line;
      }
    return e;
  }

  // Whether some TOC entry's title appears as a line at or after `from`.
  bool toc_titles_recur(std::size_t from) const {
    for (const TocEntry& e : out_.front.toc) {
      std::string key = title_key(e.title, lex_);
      for (std::size_t k = from; k < content_.size(); ++k)
        if (entry_names(key, key_of(k), lex_)) return true;
    }
    return false;
  }

  // Whether a body line at or after `from` is exactly this title.
  bool names_later_line(const std::string& key, std::size_t from) const {
    for (std::size_t k = from; k < content_.size(); ++k)
      if (!key.empty() && key_of(k) == key) return true;
    return false;
  }

  bool starts_with_marker(std::string_view norm) const {
    if (scan_marker(norm, lex_.heading_markers)) return true;
    auto items = scan_inline_items(norm.substr(0, std::min<std::size_t>(norm.size(), 9)), lex_.heading_markers);
    return !items.empty() && items.front().offset == 0;
  }

  // A title in a wording that is also a heading's (工作开展情况, 工作打算…): only with a
  // year or period (2023年, 2023 年, 上半年) and a subject before the wording (XX局…).
  // `need_period` false: the document's formatting vouches for the title (a level-1 heading
  // on a new page), so 审计局工作情况 is one; 工作打算 alone still is not (no subject).
  bool weak_title(std::string_view t, bool need_period = true) const {
    std::size_t at = find_any(t, lex_.weak_title_words);
    if (at == std::string_view::npos) return false;
    std::string before(t.substr(0, at));
    bool period = false;
    for (const std::string& p : lex_.title_period_words)
      for (std::size_t f = p.empty() ? std::string::npos : before.find(p); f != std::string::npos; f = before.find(p)) {
        before.erase(f, p.size());
        period = true;
      }
    std::string subject;  // what is left without digits, spaces and the year word
    for (std::size_t i = 0; i < before.size();) {
      std::size_t from = i;
      char32_t cp = utf8::decode(before, i);
      if (cp >= '0' && cp <= '9') {
        std::size_t year_end = i;
        while (year_end < before.size() && is_ascii_digit(before[year_end])) ++year_end;
        std::size_t digits = year_end - from;
        std::string_view rest = trim(std::string_view(before).substr(year_end));
        if (digits == 4 && !lex_.year_word.empty() && rest.starts_with(lex_.year_word)) period = true;
        i = year_end;
        continue;
      }
      if (!is_space_cp(cp) && before.compare(from, lex_.year_word.size(), lex_.year_word) != 0)
        subject.append(before, from, i - from);
    }
    return (period || !need_period) && length_cp(subject) >= 2;
  }

  bool looks_like_title(const Content& c, bool formatted_title = false) const {
    std::string_view t = strip_piece_prefix(strip_decoration(c.norm, lex_), lex_);
    if (numbered_titles_)
      if (auto nt = numbered_title(t, lex_)) t = nt->second;
    std::size_t n = length_cp(t);
    if (n < lex_.title_min_chars || n > lex_.title_max_chars) return false;
    if (!contains_any(t, lex_.title_words) && !weak_title(t, !formatted_title)) return false;
    if (contains_any(t, lex_.title_reject_words)) return false;
    if (t.ends_with(":")) return false;  // normalised: ： is :
    if (starts_with_marker(t)) return false;
    return true;
  }

  void find_titles(std::size_t first_body) {
    is_title_.assign(content_.size(), false);
    in_toc_.assign(content_.size(), false);
    // TOC entries, in order, each found at the next body line with the same title (the
    // compilation title and 目录 listed as entries are found in the front matter).
    std::size_t from = first_body;
    for (TocEntry& e : out_.front.toc) {
      if (e.matched_title_line) continue;
      std::string key = title_key(e.title, lex_);
      for (std::size_t k = from; k < content_.size(); ++k) {
        if (entry_names(key, key_of(k), lex_)) {
          e.matched_title_line = content_[k].number;
          is_title_[k] = in_toc_[k] = true;
          from = k + 1;
          break;
        }
      }
    }
    for (std::size_t k = first_body; k < content_.size(); ++k)
      if (!is_title_[k] && looks_like_title(content_[k], heading_on_new_page(k))) is_title_[k] = true;
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
      r.title = std::string(
          strip_decoration(title_as_written_without_prefix(content_[k], in_toc_[k] || numbered_titles_), lex_));
      r.found_in_toc = in_toc_[k];
      r.end_line = r.title_line;
      std::size_t end = k + 1;
      while (end < content_.size() && !is_title_[end]) ++end;
      r.body.reserve(end - k - 1);
      r.body_norms.reserve(end - k - 1);
      std::size_t j = k + 1;
      for (; j < end; ++j) {
        r.body.push_back({content_[j].number, std::move(content_[j].text)});  // read no more
        r.body_norms.push_back(std::move(content_[j].norm));
        r.end_line = content_[j].number;
      }
      out_.reports.push_back(std::move(r));
      k = j;
    }
    if (out_.front.declared_count && static_cast<std::size_t>(*out_.front.declared_count) != out_.reports.size())
      // untranslated: kept in English in the model; translated on display (cli/messages.cpp)
      out_.warnings.push_back("declares " + std::to_string(*out_.front.declared_count) + " reports but holds " +
                              std::to_string(out_.reports.size()));
    for (const TocEntry& e : out_.front.toc)
      if (!e.matched_title_line)
        // untranslated: as above
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

SplitResult split(const std::vector<Line>& lines, const SplitLexicon& lexicon, const std::vector<int>& toc_lines,
                  const std::vector<LineHint>& hints) {
  return Splitter(lines, lexicon, toc_lines, hints).run();
}

}  // namespace huizong
