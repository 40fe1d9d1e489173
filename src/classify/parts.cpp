// classify, the walk: a report's blocks, in order, -> its parts (sections) with their items.
// What a heading names is decided in classify.cpp (heading_kinds).
#include <algorithm>

#include "classify/classify.h"

namespace huizong {

namespace {

constexpr std::size_t npos = std::string_view::npos;

// One part of the report as the classifier builds it: the section it becomes, where its
// text begins, and what it is still waiting for.
struct Part {
  Section section;
  std::size_t first_block = 0;  // index in Outline::blocks of the block it opens on
  // Byte offset in that block's text where the part begins (0: the whole block). A
  // paragraph that states problems and turns to plans (…不足。下一步，…) is split there.
  std::size_t turn = 0;
  // A plans part opened together with problems by one heading (存在问题及下步打算): it
  // really begins where the text turns to plans, if it does.
  bool plans_pending = false;
  // Numbering that restarted at 一 inside the part lists its items: the ordinal the list
  // expects next (0: no such list).
  int restarted_next = 0;
};

// The blocks [begin, end) a part covers, and the bytes of its first and last block that
// are its own: [from, …) of the first (after a turn), […, upto) of the last (before the
// next part's turn; npos: to the end).
struct Extent {
  std::size_t begin = 0, end = 0;
  std::size_t from = 0, upto = npos;

  std::pair<std::size_t, std::size_t> piece(std::size_t i, std::string_view text) const {
    std::size_t b0 = i == begin ? std::min(from, text.size()) : 0;
    std::size_t e0 = i + 1 == end && upto != npos ? std::min(upto, text.size()) : text.size();
    return {b0, std::max(b0, e0)};
  }
};

// Walks the blocks once, in document order, opening a Part where the text starts a new
// one; then lists each part's items.
class Classifier {
 public:
  Classifier(const Outline& o, const SectionLexicon& lex) : o_(o), lex_(lex) {}

  std::vector<Section> run() {
    for (const Block& b : o_.blocks) {
      if (is_top_level(b))
        top_level_heading(b);
      else if (!(b.is_heading() && subheading(b)))
        body_block(b);
    }
    drop_empty_plans_of_mixed_headings();
    for (std::size_t s = 0; s < parts_.size(); ++s) list_items(s);
    state_shared_headings();
    std::vector<Section> out;
    out.reserve(parts_.size());
    for (Part& p : parts_) out.push_back(std::move(p.section));
    return out;
  }

 private:
  const Outline& o_;
  const SectionLexicon& lex_;
  std::vector<Part> parts_;
  SectionKind enclosing_ = SectionKind::preamble;  // kind of the enclosing top-level part
  int nested_rank_ = 0;                            // rank of the subheading that opened a nested part, 0 if none

  bool is_top_level(const Block& b) const { return b.marker && b.rank() == o_.top_rank; }
  std::size_t index_of(const Block& b) const { return static_cast<std::size_t>(&b - o_.blocks.data()); }
  SectionKind current_kind() const { return parts_.empty() ? SectionKind::preamble : parts_.back().section.kind; }

  // ---- Opening parts ----

  // A heading of the report's highest level opens the part(s) it names, achievements when
  // it names none, unless the current part absorbs it.
  void top_level_heading(const Block& b) {
    auto kinds = heading_kinds(b.heading, lex_);
    if (kinds.empty() && absorbs_top_level(b)) {
      // 下半年工作计划： then 1、2、3、 — the numbered parts are the plan's items.
      extend(b);
      return;
    }
    if (kinds.empty()) kinds.push_back(SectionKind::achievements);
    for (SectionKind k : kinds) open(k, b, OpenedBy::heading, true);
    parts_.back().plans_pending = names_problems_then_plans(kinds);
    enclosing_ = kinds.back();
    nested_rank_ = 0;
  }

  // A deeper or unmarked heading that opens a part; false when it is only text of the
  // current part.
  bool subheading(const Block& b) {
    SectionKind current = current_kind();
    auto kinds = heading_kinds(b.heading, lex_, false);
    bool names_part = !kinds.empty() && (kinds.front() == SectionKind::problems || kinds.front() == SectionKind::plans);
    if (names_part && kinds.back() != current) {
      for (SectionKind k : kinds)
        if (k != current) open(k, b, b.marker ? OpenedBy::subheading : OpenedBy::plain_heading, true);
      parts_.back().plans_pending = names_problems_then_plans(kinds) && current != SectionKind::problems;
      nested_rank_ = b.marker ? b.rank() : 0;
      return true;
    }
    if (b.plain_heading && !b.marker && current == SectionKind::preamble && is_achievements_heading(b)) {
      open(SectionKind::achievements, b, OpenedBy::plain_heading, true);
      enclosing_ = SectionKind::achievements;
      return true;
    }
    // A sibling of the subheading that opened a nested part closes it.
    if (nested_rank_ && b.marker && b.rank() <= nested_rank_ && kinds.empty() && current != enclosing_ &&
        enclosing_ != SectionKind::preamble) {
      open(enclosing_, b, OpenedBy::subheading, true);
      nested_rank_ = 0;
      return true;
    }
    return false;
  }

  // Any other block: a paragraph may open a part or turn to plans; it belongs to the
  // current part (the preamble before any).
  void body_block(const Block& b) {
    paragraph(b, current_kind());
    if (parts_.empty()) open(SectionKind::preamble, b, OpenedBy::start, false);
    extend(b);
  }

  // Whether an unkinded top-level heading continues the current part: a part opened by an
  // unmarked heading sits above the numbered parts; numbering that restarts at 一 after a
  // paragraph turned to plans (下一步，…) lists that paragraph's items; and numbering that
  // restarts at 一 right under a later heading (二、下半年工作计划 / 一、…七、) lists that
  // heading's items, one level too high.
  bool absorbs_top_level(const Block& b) {
    if (parts_.empty()) return false;
    Part& cur = parts_.back();
    const Section& s = cur.section;
    if (s.kind != SectionKind::problems && s.kind != SectionKind::plans && s.kind != SectionKind::achievements)
      return false;
    if (s.opened_by == OpenedBy::plain_heading) return true;
    if (s.opened_by != OpenedBy::paragraph && s.opened_by != OpenedBy::heading) return false;
    const Block& opener = o_.blocks[cur.first_block];
    bool restarts = b.marker->ordinal == 1 && (s.opened_by == OpenedBy::paragraph ||
                                               (s.end_line == s.line && opener.marker && opener.marker->ordinal > 1));
    if (restarts) cur.restarted_next = 1;
    // The restarted list runs 一、二、三…; a number that does not continue it (三、 after
    // 四、) is the document's own numbering again: a new part.
    if (cur.restarted_next == 0 || b.marker->ordinal != cur.restarted_next) {
      cur.restarted_next = 0;
      return false;
    }
    ++cur.restarted_next;
    return true;
  }

  bool is_achievements_heading(const Block& b) const { return contains_any(b.heading, lex_.achievements.heading); }

  void open(SectionKind kind, const Block& b, OpenedBy how, bool heading) {
    Part p;
    Section& s = p.section;
    s.kind = kind;
    s.line = b.line;
    s.end_line = b.line;
    if (heading) {
      s.heading_line = b.line;
      s.heading = b.heading;
    }
    s.opened_by = how;
    p.first_block = index_of(b);
    parts_.push_back(std::move(p));
  }

  // Opens `kind` in the middle of b, at byte `offset` of its text; the part before
  // keeps the start of the line.
  void open_at_turn(SectionKind kind, const Block& b, std::size_t offset) {
    extend(b);  // the part before has the line up to the turn
    open(kind, b, OpenedBy::paragraph, false);
    parts_.back().turn = offset;
  }

  void extend(const Block& b) {
    if (!parts_.empty()) parts_.back().section.end_line = b.line;
  }

  // 二、存在的问题和下半年工作打算 / （一）存在的问题 … （二）下半年工作打算: the plans part
  // the heading opened holds nothing — its subheadings open the real parts.
  void drop_empty_plans_of_mixed_headings() {
    for (std::size_t i = parts_.size(); i-- > 1;) {
      const Section& s = parts_[i].section;
      const Section& before = parts_[i - 1].section;
      bool mixed = s.kind == SectionKind::plans && before.kind == SectionKind::problems && before.line == s.line &&
                   parts_[i].turn == 0 && s.end_line == s.line;
      bool later_plans = std::any_of(parts_.begin() + static_cast<std::ptrdiff_t>(i) + 1, parts_.end(),
                                     [](const Part& x) { return x.section.kind == SectionKind::plans; });
      if (mixed && later_plans) parts_.erase(parts_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }

  // ---- Paragraphs ----

  void paragraph(const Block& b, SectionKind current) {
    if (current == SectionKind::plans && parts_.back().plans_pending) {
      move_pending_plans(b);
      return;
    }
    // A paragraph of the problems part that turns to plans (…不足。今后，我局将…).
    if (current == SectionKind::problems && !starts_plans_paragraph(b)) {
      if (std::size_t turn = plans_turn(b); turn != npos) {
        open_at_turn(SectionKind::plans, b, turn);
        return;
      }
    }
    if (opens_problems(b, current)) {
      open(SectionKind::problems, b, OpenedBy::paragraph, false);
      // 问题…下一步: a paragraph that states problems and turns to plans holds both.
      if (std::size_t turn = plans_turn(b); turn != npos) open_at_turn(SectionKind::plans, b, turn);
      return;
    }
    if (current != SectionKind::plans && starts_plans_paragraph(b))
      open(SectionKind::plans, b, OpenedBy::paragraph, false);
  }

  // Whether paragraph b opens the problems part.
  bool opens_problems(const Block& b, SectionKind current) const {
    if (current != SectionKind::problems && current != SectionKind::plans) return starts_problems_paragraph(b);
    // 二、下半年工作计划 then 上半年虽然取得了一定成绩，但仍存在一些问题：一是… 下一步，…: the
    // first paragraph of a plans part states the problems before the plans begin. Its
    // first sentence speaks of the past, not of the coming period, and the text turns to
    // the plans right after it, in the paragraph or in the next (a plan that names
    // problems — 针对存在的问题，我局将… — does not).
    if (current == SectionKind::plans && first_after_heading(b) && starts_problems_paragraph(b) &&
        (plans_turn(b) != npos || next_starts_plans(b))) {
      return !contains_any(first_sentence(b.body_norm), lex_.future_words);
    }
    return false;
  }

  bool starts_problems_paragraph(const Block& b) const {
    std::string_view t = b.body_norm;
    if (!starts_with_any(t, lex_.problems.paragraph_openers)) {
      // …总体良好，但…仍存在一些不足: a problem stated in the first sentence.
      std::string_view first = first_sentence(t);
      std::size_t p = find_any(first, lex_.problem_statements);
      return p != npos && contains_any(first.substr(p), lex_.problem_cues) &&
             !contains_any(first.substr(0, p), lex_.problems.heading_exclude);
    }
    // The opener must lead to a problem soon: 虽然取得成绩，但…不足.
    std::string_view window = utf8::prefix(t, lex_.cue_window_chars);
    if (!contains_any(window, lex_.problem_cues)) return false;
    return !contains_any(utf8::prefix(t, lex_.exclude_window_chars), lex_.problems.heading_exclude);
  }

  bool starts_plans_paragraph(const Block& b) const { return starts_plans_paragraph_text(b.body_norm); }

  // 下一步，… or 2023年下半年，我局将… (a year before the opener).
  bool starts_plans_paragraph_text(std::string_view norm) const {
    if (starts_with_any(norm, lex_.plans.paragraph_openers)) return true;
    std::size_t digits = 0;
    while (digits < norm.size() && digits < 4 && norm[digits] >= '0' && norm[digits] <= '9') ++digits;
    if (digits == 4 && !lex_.year_suffix.empty() && norm.substr(4).starts_with(lex_.year_suffix))
      return starts_with_any(norm.substr(4 + lex_.year_suffix.size()), lex_.plans.paragraph_openers);
    return false;
  }

  static bool names_problems_then_plans(const std::vector<SectionKind>& kinds) {
    return kinds.size() == 2 && kinds[0] == SectionKind::problems && kinds[1] == SectionKind::plans;
  }

  bool next_starts_plans(const Block& b) const {
    std::size_t i = index_of(b) + 1;
    return i < o_.blocks.size() && !o_.blocks[i].marker && starts_plans_paragraph(o_.blocks[i]);
  }

  // b is the first block after the heading that opened the current part.
  bool first_after_heading(const Block& b) const {
    const Section& cur = parts_.back().section;
    return cur.heading_line && cur.end_line == cur.line && b.line > cur.line;
  }

  // Under a heading that named problems and plans, the plans begin at the paragraph that
  // opens with a plans word (下一步，…) or turns to plans in a later sentence; until then
  // the text is the problems part's.
  void move_pending_plans(const Block& b) {
    std::size_t turn = starts_plans_paragraph(b) ? 0 : plans_turn(b);
    if (turn == npos) return;
    Section& problems = parts_[parts_.size() - 2].section;
    Part& plans = parts_.back();
    Section& s = plans.section;
    problems.end_line = turn ? b.line : s.end_line;
    s.line = s.end_line = b.line;
    s.heading_line.reset();
    s.heading.clear();
    s.opened_by = OpenedBy::paragraph;
    plans.first_block = index_of(b);
    plans.turn = turn;
    plans.plans_pending = false;
  }

  // Byte offset in b.text of a later sentence that starts with a plans opener (…不足。
  // 下一步，…), or npos.
  std::size_t plans_turn(const Block& b) const {
    // 针对以上问题，我们将…。 right before 三、下半年重点工作: the sentence leads to the plans
    // heading, which is where the plans begin.
    std::size_t next = index_of(b) + 1;
    if (next < o_.blocks.size() && o_.blocks[next].is_heading()) {
      auto kinds = heading_kinds(o_.blocks[next].heading, lex_);
      if (std::find(kinds.begin(), kinds.end(), SectionKind::plans) != kinds.end()) return npos;
    }
    std::string_view t = b.text;
    for (std::size_t p = 0; p < t.size();) {
      std::string stop;
      std::size_t at = find_any(t.substr(p), lex_.turn_after, &stop);
      if (at == npos) break;
      std::size_t from = p + at + stop.size();
      from += leading_space_bytes(t.substr(from));
      p = from;
      if (!starts_plans_paragraph_text(normalise(utf8::prefix(t.substr(from), lex_.plan_opener_chars)))) continue;
      // The sentence must state a plan (下一步，我局将…), not the outlook (下阶段，经济
      // 下行压力仍然较大).
      if (contains_any(normalise(first_sentence(t.substr(from))), lex_.plan_verbs)) return from;
    }
    return npos;
  }

  // ---- Items ----

  // The blocks and bytes part s covers.
  Extent extent_of(std::size_t s) const {
    const Part& part = parts_[s];
    Extent x;
    x.begin = x.end = part.first_block;
    while (x.end < o_.blocks.size() && o_.blocks[x.end].line <= part.section.end_line) ++x.end;
    x.from = part.turn;
    if (s + 1 < parts_.size() && parts_[s + 1].turn && parts_[s + 1].first_block == x.end - 1)
      x.upto = parts_[s + 1].turn;
    return x;
  }

  // Items: the next level of headings inside the part, else 一是/二是 items, else the
  // undivided text as one item. Two parts opened on one heading share it; the later one
  // owns what follows.
  void list_items(std::size_t s) {
    Section& sec = parts_[s].section;
    if (s + 1 < parts_.size() && parts_[s + 1].section.line == sec.line && parts_[s + 1].turn == 0) return;
    Extent x = extent_of(s);
    bool by_heading = sec.heading_line.has_value();
    if (int rank = item_rank(x, by_heading))
      for (std::size_t i = x.begin + (by_heading ? 1 : 0); i < x.end; ++i)
        if (o_.blocks[i].rank() == rank) sec.items.push_back(heading_item(o_.blocks[i]));
    if (sec.items.empty())
      for (std::size_t i = x.begin; i < x.end; ++i) add_inline_items(sec, o_.blocks[i], x.piece(i, o_.blocks[i].text));
    if (sec.items.empty()) add_text_item(sec, x, by_heading);
  }

  // The rank of the headings that are a part's items: the highest rank below the opening
  // heading's (any rank for a part opened by a paragraph: 下一步，… then 一、二、 restarted),
  // or the opener's own rank when numbering restarted under it and was absorbed.
  int item_rank(const Extent& x, bool by_heading) const {
    int opener_rank = by_heading ? o_.blocks[x.begin].rank() : 0;
    int rank = 0;
    for (std::size_t i = x.begin + (by_heading ? 1 : 0); i < x.end; ++i) {
      int r = o_.blocks[i].rank();
      if (r > opener_rank && (rank == 0 || r < rank)) rank = r;
    }
    for (std::size_t i = x.begin + 1; opener_rank && i < x.end; ++i)
      if (o_.blocks[i].rank() == opener_rank) rank = opener_rank;
    return rank;
  }

  // The part's first non-blank text (after its heading) as its one item, unless it only
  // says there is nothing to report.
  void add_text_item(Section& sec, const Extent& x, bool by_heading) const {
    for (std::size_t i = x.begin; i < x.end; ++i) {
      auto [b0, e0] = x.piece(i, o_.blocks[i].text);
      std::string_view body = std::string_view(o_.blocks[i].text).substr(b0, e0 - b0);
      if (i == x.begin && by_heading) body = after_heading(o_.blocks[i]);
      if (is_blank(body)) continue;
      if (!says_nothing(body)) sec.items.push_back({o_.blocks[i].line, "", std::string(trim(body))});
      return;
    }
  }

  // Parts opened on one heading (存在问题及下步打算): the later one owns the lines that
  // follow; the earlier one is stated by the shared line itself.
  void state_shared_headings() {
    for (std::size_t s = parts_.size(); s-- > 1;) {
      Section& earlier = parts_[s - 1].section;
      if (earlier.line == parts_[s].section.line && parts_[s].turn == 0 && earlier.items.empty())
        earlier.items.push_back(heading_item(o_.blocks[parts_[s - 1].first_block]));
    }
  }

  static SectionItem heading_item(const Block& b) { return {b.line, marker_text(b), std::string(trim(b.text))}; }

  // 暂无。: the part's text says there is nothing to list.
  bool says_nothing(std::string_view body) const {
    std::string t = normalise(body);
    if (t.starts_with("(") && t.ends_with(")") && t.size() > 2) t = t.substr(1, t.size() - 2);  // （无）
    for (bool cut = true; cut && !t.empty();) {
      cut = false;
      for (const std::string& p : lex_.trailing)
        if (!p.empty() && t.ends_with(p)) {
          t.resize(t.size() - p.size());
          cut = true;
          break;
        }
    }
    return std::find(lex_.nothing_to_report.begin(), lex_.nothing_to_report.end(), t) != lex_.nothing_to_report.end();
  }

  static std::string marker_text(const Block& b) {
    return b.marker ? std::string(trim(std::string_view(b.text).substr(0, b.marker->bytes))) : std::string();
  }

  // The text after the heading sentence of a heading line: after the first heading end
  // (三、下半年工作计划：继续… / （一）存在问题。…).
  std::string_view after_heading(const Block& b) const {
    std::string_view t = b.text;
    std::string stop;
    std::size_t p = find_any(t, lex_.heading_ends, &stop);
    return p == npos ? std::string_view() : t.substr(p + stop.size());
  }

  // Text up to the end of its first sentence.
  std::string_view first_sentence(std::string_view t) const {
    return t.substr(0, std::min(t.size(), find_any(t, lex_.sentence_ends)));
  }

  // The 一是/二是 items of b whose marker lies in the bytes [range.first, range.second). A
  // part that begins after a turn numbers its own items (…二是…。下一步，我局将：一是…).
  void add_inline_items(Section& sec, const Block& b, std::pair<std::size_t, std::size_t> range) const {
    std::vector<InlineItemMark> rescanned;
    if (range.first > 0) {
      std::string_view own = std::string_view(b.text).substr(range.first, range.second - range.first);
      rescanned = scan_inline_items(own, lex_.heading_markers);
      for (auto& m : rescanned) m.offset += range.first;
    }
    const auto& items = range.first > 0 ? rescanned : b.inline_items;
    for (std::size_t k = 0; k < items.size(); ++k) {
      std::size_t from = items[k].offset;
      if (from < range.first || from >= range.second) continue;
      std::size_t to = std::min(k + 1 < items.size() ? items[k + 1].offset : b.text.size(), range.second);
      std::string text(trim(std::string_view(b.text).substr(from, to - from)));
      std::string marker = text.substr(0, std::min(text.size(), items[k].bytes));  // 一是, 十一是
      sec.items.push_back({b.line, marker, text});
    }
  }
};

}  // namespace

std::vector<Section> classify(const Outline& outline, const SectionLexicon& lex) {
  return Classifier(outline, lex).run();
}

}  // namespace huizong
