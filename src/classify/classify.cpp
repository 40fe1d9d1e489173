#include "classify/classify.h"

#include <algorithm>
#include <array>

#include "common/lexicon.h"

namespace huizong {

namespace {

// Lexicon phrases are matched against normalised text, so they are normalised too
// (a user may well type 下半年，我 with a full-width comma).
std::vector<std::string> phrases(const LexiconReader& j, const std::string& key) {
  std::vector<std::string> out = j.strings(key);
  for (auto& s : out) s = normalise(s);
  return out;
}

SectionLexicon::Kind kind_lexicon(const LexiconReader& j) {
  return {phrases(j, "heading"), phrases(j, "heading_exclude"), phrases(j, "paragraph_openers")};
}

}  // namespace

SectionLexicon SectionLexicon::load(const std::string& dir) {
  LexiconReader j("sections", dir);
  LexiconReader problems = j.object("problems"), plans = j.object("plans");
  SectionLexicon lex;
  lex.problems = kind_lexicon(problems);
  lex.plans = kind_lexicon(plans);
  LexiconReader highlights = j.object("highlights"), suggestions = j.object("suggestions"),
                achievements = j.object("achievements");
  lex.highlights = kind_lexicon(highlights);
  lex.suggestions = kind_lexicon(suggestions);
  lex.achievements = kind_lexicon(achievements);
  lex.problem_cues = phrases(problems, "paragraph_cues");
  lex.problem_statements = phrases(problems, "statement_patterns");
  lex.problem_heading_endings = phrases(problems, "heading_endings");
  lex.problem_heading_endings_max_chars =
      static_cast<std::size_t>(problems.integer("heading_endings_max_chars", 12, 0, 1000));
  lex.cue_window_chars = static_cast<std::size_t>(problems.integer("cue_window_chars", 80, 0, 10000));
  lex.strong_plan_word_leads = phrases(plans, "strong_word_leads");
  lex.plan_not_after = phrases(plans, "not_after");
  lex.future_words = phrases(plans, "future_words");
  lex.strong_plan_words = phrases(plans, "strong_words");
  lex.weak_plan_words = phrases(plans, "weak_words");
  lex.nothing_to_report = phrases(j, "nothing_to_report");
  lex.plan_verbs = phrases(plans, "plan_verbs");
  for (const LexiconReader* part : {&problems, &plans, &highlights, &suggestions, &achievements}) part->done();
  j.done();
  return lex;
}

namespace {

constexpr std::size_t npos = std::string_view::npos;

std::size_t problems_position(std::string_view h, const SectionLexicon& lex) {
  std::size_t p = find_any(h, lex.problems.heading);
  if (p == npos && length_cp(h) <= lex.problem_heading_endings_max_chars) {
    for (const auto& e : lex.problem_heading_endings)
      if (h.ends_with(e)) p = h.size() - e.size();
  }
  if (p == npos) return npos;
  // 排查整治存在问题 (exclude word before) and 问题整改情况 (right after) describe work
  // done; 存在问题和整改情况 names two things and is still a problems part.
  std::size_t excl = find_any(h, lex.problems.heading_exclude);
  if (excl != npos && excl < p) return npos;
  for (const auto& phrase : lex.problems.heading)
    if (h.substr(p).starts_with(phrase) && starts_with_any(h.substr(p + phrase.size()), lex.problems.heading_exclude))
      return npos;
  return p;
}

// A plan word counts without a future word only right after a lead (工作计划).
std::size_t led_strong_word(std::string_view h, const SectionLexicon& lex) {
  std::size_t best = npos;
  for (const auto& w : lex.strong_plan_words) {
    for (std::size_t p = h.find(w); p != npos; p = h.find(w, p + 1)) {
      bool led = h == w;
      for (const auto& lead : lex.strong_plan_word_leads)
        if (p >= lead.size() && h.substr(p - lead.size(), lead.size()) == lead) led = true;
      if (led && p < best) best = p;
    }
  }
  return best;
}

std::size_t plans_position_unchecked(std::string_view h, const SectionLexicon& lex);

std::size_t plans_position(std::string_view h, const SectionLexicon& lex) {
  std::size_t p = plans_position_unchecked(h, lex);
  if (p == npos) return npos;
  std::size_t after = find_any(h, lex.plan_not_after);
  return after != npos && after < p ? npos : p;
}

std::size_t plans_position_unchecked(std::string_view h, const SectionLexicon& lex) {
  std::size_t future = find_any(h, lex.future_words);
  std::size_t strong = find_any(h, lex.strong_plan_words);
  std::size_t weak = find_any(h, lex.weak_plan_words);
  if (future != npos) {
    // 上半年工作总结及下半年工作计划: the plans start at the future word. A future word
    // inside a report of what was done (下半年开展情况) is not a plan.
    std::string_view tail = h.substr(future);
    if ((strong != npos || weak != npos) && !contains_any(tail, lex.plans.heading_exclude)) return future;
    return npos;
  }
  strong = led_strong_word(h, lex);
  if (strong == npos) return npos;
  if (contains_any(h, lex.plans.heading_exclude)) {
    // 2023年工作总结及2024年工作计划: a plan word after the report of work done.
    std::size_t excl = find_any(h, lex.plans.heading_exclude);
    if (excl < strong && !contains_any(h.substr(strong), lex.plans.heading_exclude)) {
      // Back up to a year directly before the plan word (2024年工作计划).
      std::size_t start = h.rfind("及", strong);
      for (std::string_view joiner : {"和", "暨", "与"}) {
        std::size_t p = h.rfind(joiner, strong);
        if (p != npos && (start == npos || p > start)) start = p;
      }
      return start != npos && start > excl ? start : strong;
    }
    return npos;
  }
  return strong;
}

std::size_t simple_position(std::string_view h, const SectionLexicon::Kind& k) {
  if (contains_any(h, k.heading_exclude)) return npos;
  return find_any(h, k.heading);
}

}  // namespace

std::vector<SectionKind> heading_kinds(std::string_view h, const SectionLexicon& lex, bool top_level) {
  std::vector<std::pair<std::size_t, SectionKind>> found;
  if (!top_level) {
    // Only the opening words of a subheading can name a part.
    std::size_t cut = 0;
    for (std::size_t k = 0; k < kSubheadingPhraseChars && cut < h.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(h[cut]);
      cut += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    }
    if (cut < h.size()) h = h.substr(0, cut);
  }
  if (auto p = problems_position(h, lex); p != npos) found.emplace_back(p, SectionKind::problems);
  if (auto p = plans_position(h, lex); p != npos) found.emplace_back(p, SectionKind::plans);
  if (found.empty()) {
    if (auto p = simple_position(h, lex.suggestions); p != npos)
      found.emplace_back(p, SectionKind::suggestions);
    else if (auto q = simple_position(h, lex.highlights); q != npos)
      found.emplace_back(q, SectionKind::highlights);
  }
  std::sort(found.begin(), found.end());
  std::vector<SectionKind> kinds;
  for (auto& f : found) kinds.push_back(f.second);
  return kinds;
}

namespace {

// First `n` code points of s (bytes).
std::string_view prefix_chars(std::string_view s, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t k = 0; k < n && i < s.size(); ++k) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  return s.substr(0, std::min(i, s.size()));
}

class Classifier {
 public:
  Classifier(const Outline& o, const SectionLexicon& lex) : o_(o), lex_(lex) {}

  std::vector<Section> run() {
    const auto& blocks = o_.blocks;
    SectionKind part_kind = SectionKind::preamble;  // kind of the enclosing top-level part
    int nested_rank = 0;                            // rank of the subheading that opened a nested section, 0 if none
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const Block& b = blocks[i];
      if (is_top_level(b)) {
        auto kinds = heading_kinds(b.heading, lex_);
        if (kinds.empty() && absorbs_top_level(b)) {
          // 下半年工作计划： then 1、2、3、 — the numbered parts are the plan's items.
          extend(b);
          continue;
        }
        if (kinds.empty()) kinds.push_back(default_kind(b));
        for (SectionKind k : kinds) open(k, b, OpenedBy::heading, true);
        plans_pending_ = names_problems_then_plans(kinds);
        part_kind = kinds.back();
        nested_rank = 0;
        continue;
      }
      SectionKind current = sections_.empty() ? SectionKind::preamble : sections_.back().kind;
      if (b.marker || b.plain_heading) {
        auto kinds = heading_kinds(b.heading, lex_, false);
        bool names_part =
            !kinds.empty() && (kinds.front() == SectionKind::problems || kinds.front() == SectionKind::plans);
        if (names_part && kinds.back() != current) {
          for (SectionKind k : kinds)
            if (k != current) open(k, b, b.marker ? OpenedBy::subheading : OpenedBy::plain_heading, true);
          plans_pending_ = names_problems_then_plans(kinds) && current != SectionKind::problems;
          nested_rank = b.marker ? b.rank() : 0;
          continue;
        }
        if (b.plain_heading && !b.marker && current == SectionKind::preamble && is_achievements_heading(b)) {
          open(SectionKind::achievements, b, OpenedBy::plain_heading, true);
          part_kind = SectionKind::achievements;
          continue;
        }
        // A sibling of the subheading that opened a nested part closes it.
        if (nested_rank && b.marker && b.rank() <= nested_rank && kinds.empty() && current != part_kind &&
            part_kind != SectionKind::preamble) {
          open(part_kind, b, OpenedBy::subheading, true);
          nested_rank = 0;
          continue;
        }
      }
      if (!b.marker || b.rank() > o_.top_rank) paragraph(b, current);
      if (sections_.empty()) open(SectionKind::preamble, b, OpenedBy::start, false);
      extend(b);
    }
    drop_empty_plans_of_mixed_headings();
    finish_items();
    return std::move(sections_);
  }

 private:
  const Outline& o_;
  const SectionLexicon& lex_;
  std::vector<Section> sections_;
  std::vector<std::size_t> first_block_;  // per section: index of its first block
  // Per section: byte offset in its first block's text where it begins (0: the whole
  // block). A paragraph that states problems and turns to plans (…不足。下一步，…) is
  // split there between the two parts.
  std::vector<std::size_t> turn_;
  bool restarted_in_part_ = false;
  int next_restarted_ordinal_ = 0;
  // A heading named problems and plans at once (存在问题及下步打算): the plans part opened
  // with it really begins where the text turns to plans, if it does.
  bool plans_pending_ = false;

  bool is_top_level(const Block& b) const { return b.marker && b.rank() == o_.top_rank; }

  // Whether an unkinded top-level heading continues the current part: a part opened by an
  // unmarked heading sits above the numbered parts; numbering that restarts at 一 after a
  // paragraph turned to plans (下一步，…) lists that paragraph's items; and numbering that
  // restarts at 一 right under a later heading (二、下半年工作计划 / 一、…七、) lists that
  // heading's items, one level too high.
  bool absorbs_top_level(const Block& b) {
    if (sections_.empty()) return false;
    const Section& cur = sections_.back();
    if (cur.kind != SectionKind::problems && cur.kind != SectionKind::plans && cur.kind != SectionKind::achievements)
      return false;
    if (cur.opened_by == OpenedBy::plain_heading) return true;
    if (cur.opened_by == OpenedBy::paragraph || cur.opened_by == OpenedBy::heading) {
      const Block& opener = o_.blocks[first_block_.back()];
      bool restarts =
          b.marker->ordinal == 1 &&
          (cur.opened_by == OpenedBy::paragraph || (cur.end_line == cur.line && opener.marker && opener.marker->ordinal > 1));
      if (restarts) {
        restarted_in_part_ = true;
        next_restarted_ordinal_ = 1;
      }
      // The restarted list runs 一、二、三…; a number that does not continue it (三、 after
      // 四、) is the document's own numbering again: a new part.
      if (!restarted_in_part_ || b.marker->ordinal != next_restarted_ordinal_) {
        restarted_in_part_ = false;
        return false;
      }
      ++next_restarted_ordinal_;
      return true;
    }
    return false;
  }

  bool is_achievements_heading(const Block& b) const { return contains_any(b.heading, lex_.achievements.heading); }

  SectionKind default_kind(const Block&) const { return SectionKind::achievements; }

  void open(SectionKind kind, const Block& b, OpenedBy how, bool heading) {
    Section s;
    s.kind = kind;
    s.line = b.line;
    s.end_line = b.line;
    if (heading) {
      s.heading_line = b.line;
      s.heading = b.heading;
    }
    s.opened_by = how;
    restarted_in_part_ = false;
    plans_pending_ = false;
    sections_.push_back(std::move(s));
    first_block_.push_back(static_cast<std::size_t>(&b - o_.blocks.data()));
    turn_.push_back(0);
  }

  // 二、存在的问题和下半年工作打算 / （一）存在的问题 … （二）下半年工作打算: the plans part
  // the heading opened holds nothing — its subheadings open the real parts.
  void drop_empty_plans_of_mixed_headings() {
    for (std::size_t i = sections_.size(); i-- > 1;) {
      const Section& s = sections_[i];
      const Section& before = sections_[i - 1];
      bool mixed = s.kind == SectionKind::plans && before.kind == SectionKind::problems && before.line == s.line &&
                   turn_[i] == 0 && s.end_line == s.line;
      bool later_plans = std::any_of(sections_.begin() + static_cast<std::ptrdiff_t>(i) + 1, sections_.end(),
                                     [](const Section& x) { return x.kind == SectionKind::plans; });
      if (!mixed || !later_plans) continue;
      sections_.erase(sections_.begin() + static_cast<std::ptrdiff_t>(i));
      first_block_.erase(first_block_.begin() + static_cast<std::ptrdiff_t>(i));
      turn_.erase(turn_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }

  // Opens `kind` in the middle of b, at byte `offset` of its text; the part before
  // keeps the start of the line.
  void open_at_turn(SectionKind kind, const Block& b, std::size_t offset) {
    if (!sections_.empty()) sections_.back().end_line = b.line;  // it has the line up to the turn
    open(kind, b, OpenedBy::paragraph, false);
    turn_.back() = offset;
  }

  void extend(const Block& b) {
    if (!sections_.empty()) sections_.back().end_line = b.line;
  }

  bool starts_problems_paragraph(const Block& b) const {
    std::string_view t = b.body_norm;
    if (!starts_with_any(t, lex_.problems.paragraph_openers)) {
      // …总体良好，但…仍存在一些不足: a problem stated in the first sentence.
      std::string_view first = t.substr(0, std::min(t.size(), t.find("。")));
      std::string which;
      std::size_t p = find_any(first, lex_.problem_statements, &which);
      return p != npos && contains_any(first.substr(p), lex_.problem_cues) &&
             !contains_any(first.substr(0, p), lex_.problems.heading_exclude);
    }
    // The opener must lead to a problem soon: 虽然取得成绩，但…不足.
    std::string_view window = prefix_chars(t, lex_.cue_window_chars);
    if (!contains_any(window, lex_.problem_cues)) return false;
    return !contains_any(prefix_chars(t, 20), lex_.problems.heading_exclude);
  }

  bool starts_plans_paragraph(const Block& b) const { return starts_plans_paragraph_text(b.body_norm); }

  // 下一步，… or 2023年下半年，我局将… (a year before the opener).
  bool starts_plans_paragraph_text(std::string_view norm) const {
    if (starts_with_any(norm, lex_.plans.paragraph_openers)) return true;
    std::size_t digits = 0;
    while (digits < norm.size() && digits < 4 && norm[digits] >= '0' && norm[digits] <= '9') ++digits;
    if (digits == 4 && norm.substr(4).starts_with("年"))
      return starts_with_any(norm.substr(4 + std::string_view("年").size()), lex_.plans.paragraph_openers);
    return false;
  }

  void paragraph(const Block& b, SectionKind current) {
    if (plans_pending_ && current == SectionKind::plans) {
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
    bool opens_problems =
        current != SectionKind::problems && current != SectionKind::plans && starts_problems_paragraph(b);
    // 二、下半年工作计划 then 上半年虽然取得了一定成绩，但仍存在一些问题：一是… 下一步，…: the
    // first paragraph of a plans part states the problems before the plans begin. Its
    // first sentence speaks of the past, not of the coming period, and the text turns to
    // the plans right after it, in the paragraph or in the next (a plan that names
    // problems — 针对存在的问题，我局将… — does not).
    if (!opens_problems && current == SectionKind::plans && first_after_heading(b) && starts_problems_paragraph(b) &&
        (plans_turn(b) != npos || next_starts_plans(b))) {
      std::string_view t = b.body_norm;
      opens_problems = !contains_any(t.substr(0, std::min(t.size(), t.find("。"))), lex_.future_words);
    }
    if (opens_problems) {
      open(SectionKind::problems, b, OpenedBy::paragraph, false);
      // 问题…下一步: a paragraph that states problems and turns to plans holds both.
      if (std::size_t turn = plans_turn(b); turn != npos) open_at_turn(SectionKind::plans, b, turn);
      return;
    }
    if (current != SectionKind::plans && starts_plans_paragraph(b)) open(SectionKind::plans, b, OpenedBy::paragraph, false);
  }

  static bool names_problems_then_plans(const std::vector<SectionKind>& kinds) {
    return kinds.size() == 2 && kinds[0] == SectionKind::problems && kinds[1] == SectionKind::plans;
  }

  bool next_starts_plans(const Block& b) const {
    std::size_t i = static_cast<std::size_t>(&b - o_.blocks.data()) + 1;
    return i < o_.blocks.size() && !o_.blocks[i].marker && starts_plans_paragraph(o_.blocks[i]);
  }

  // b is the first block after the heading that opened the current part.
  bool first_after_heading(const Block& b) const {
    const Section& cur = sections_.back();
    return cur.heading_line && cur.end_line == cur.line && b.line > cur.line;
  }

  // Under a heading that named problems and plans, the plans begin at the paragraph that
  // opens with a plans word (下一步，…) or turns to plans in a later sentence; until then
  // the text is the problems part's.
  void move_pending_plans(const Block& b) {
    std::size_t turn = starts_plans_paragraph(b) ? 0 : plans_turn(b);
    if (turn == npos) return;
    Section& problems = sections_[sections_.size() - 2];
    Section& plans = sections_.back();
    problems.end_line = turn ? b.line : plans.end_line;
    plans.line = plans.end_line = b.line;
    plans.heading_line.reset();
    plans.heading.clear();
    plans.opened_by = OpenedBy::paragraph;
    first_block_.back() = static_cast<std::size_t>(&b - o_.blocks.data());
    turn_.back() = turn;
    plans_pending_ = false;
  }

  // Byte offset in b.text of a later sentence that starts with a plans opener (…不足。
  // 下一步，…), or npos.
  std::size_t plans_turn(const Block& b) const {
    // 针对以上问题，我们将…。 right before 三、下半年重点工作: the sentence leads to the plans
    // heading, which is where the plans begin.
    std::size_t next = static_cast<std::size_t>(&b - o_.blocks.data()) + 1;
    if (next < o_.blocks.size() && o_.blocks[next].is_heading()) {
      auto kinds = heading_kinds(o_.blocks[next].heading, lex_);
      if (std::find(kinds.begin(), kinds.end(), SectionKind::plans) != kinds.end()) return npos;
    }
    std::string_view t = b.text;
    for (std::size_t p = 0; p < t.size();) {
      std::size_t stop = std::min(t.find("。", p), t.find("；", p));
      if (stop == npos) break;
      std::size_t from = stop + std::string_view("。").size();  // 。 and ； are both 3 bytes
      from += leading_space_bytes(t.substr(from));
      p = from;
      if (!starts_plans_paragraph_text(normalise(prefix_chars(t.substr(from), 16)))) continue;
      // The sentence must state a plan (下一步，我局将…), not the outlook (下阶段，经济
      // 下行压力仍然较大).
      std::string_view sentence = t.substr(from, std::min(t.find("。", from), t.size()) - from);
      if (contains_any(normalise(sentence), lex_.plan_verbs)) return from;
    }
    return npos;
  }

  // Items: the next level of headings inside the part, else 一是/二是 items, else the
  // undivided text as one item.
  void finish_items() {
    const auto& blocks = o_.blocks;
    for (std::size_t s = 0; s < sections_.size(); ++s) {
      Section& sec = sections_[s];
      std::size_t begin = first_block_[s];
      std::size_t end = begin;
      while (end < blocks.size() && blocks[end].line <= sec.end_line) ++end;
      // Two sections opened on one heading share it; the later one owns what follows.
      bool next_on_same_line = s + 1 < sections_.size() && sections_[s + 1].line == sec.line;
      if (next_on_same_line && turn_[s + 1] == 0) continue;
      // A line split by a turn to plans: this part has the bytes [from, upto) of it.
      std::size_t from = turn_[s];
      std::size_t upto =
          s + 1 < sections_.size() && turn_[s + 1] && first_block_[s + 1] == end - 1 ? turn_[s + 1] : npos;
      auto piece = [&](std::size_t i) {
        std::string_view t = blocks[i].text;
        std::size_t b0 = i == begin ? std::min(from, t.size()) : 0;
        std::size_t e0 = i + 1 == end && upto != npos ? std::min(upto, t.size()) : t.size();
        return std::pair<std::size_t, std::size_t>{b0, std::max(b0, e0)};
      };
      const Block& opener = blocks[begin];
      bool opened_by_heading = sec.heading_line.has_value();
      int opener_rank = opened_by_heading ? opener.rank() : 0;
      int child_rank = 0;
      for (std::size_t i = begin + (opened_by_heading ? 1 : 0); i < end; ++i) {
        int r = blocks[i].rank();
        if (r > opener_rank && (child_rank == 0 || r < child_rank) && (opener_rank != 0 || r > 0)) child_rank = r;
      }
      // Headings of the opener's own level inside the part were absorbed into it (numbering
      // restarted under it): they are its items.
      for (std::size_t i = begin + 1; opener_rank && i < end; ++i)
        if (blocks[i].rank() == opener_rank) child_rank = opener_rank;
      // A part opened by a paragraph holds the headings that follow it up to the next part
      // (下一步，… then 一、二、 restarted): those are its items.
      if (child_rank) {
        for (std::size_t i = begin + (opened_by_heading ? 1 : 0); i < end; ++i)
          if (blocks[i].rank() == child_rank)
            sec.items.push_back({blocks[i].line, marker_text(blocks[i]), std::string(trim(blocks[i].text))});
      }
      if (sec.items.empty()) {
        for (std::size_t i = begin; i < end; ++i) add_inline_items(sec, blocks[i], piece(i));
      }
      if (sec.items.empty()) {
        for (std::size_t i = begin; i < end; ++i) {
          auto [b0, e0] = piece(i);
          std::string_view body = std::string_view(blocks[i].text).substr(b0, e0 - b0);
          if (i == begin && opened_by_heading) body = after_heading(blocks[i]);
          if (!is_blank(body)) {
            if (!says_nothing(body)) sec.items.push_back({blocks[i].line, "", std::string(trim(body))});
            break;
          }
        }
      }
    }
    // Sections opened on one heading (存在问题及下步打算): the later one owns the lines that
    // follow; the earlier one is stated by the shared line itself.
    for (std::size_t s = sections_.size(); s-- > 1;)
      if (sections_[s - 1].line == sections_[s].line && turn_[s] == 0 && sections_[s - 1].items.empty()) {
        const Block& b = blocks[first_block_[s - 1]];
        sections_[s - 1].items.push_back({b.line, marker_text(b), std::string(trim(b.text))});
      }
  }

  // 暂无。: the part's text says there is nothing to list.
  bool says_nothing(std::string_view body) const {
    std::string t = normalise(body);
    if (t.starts_with("(") && t.ends_with(")") && t.size() > 2) t = t.substr(1, t.size() - 2);  // （无）
    while (!t.empty() && (t.ends_with("。") || t.ends_with(".") || t.ends_with("!") || t.ends_with(";"))) {
      t.resize(t.ends_with("。") ? t.size() - std::string_view("。").size() : t.size() - 1);
    }
    return std::find(lex_.nothing_to_report.begin(), lex_.nothing_to_report.end(), t) != lex_.nothing_to_report.end();
  }

  static std::string marker_text(const Block& b) {
    return b.marker ? std::string(trim(std::string_view(b.text).substr(0, b.marker->bytes))) : std::string();
  }

  static std::string_view after_heading(const Block& b) {
    std::string_view t = b.text;
    for (std::string_view stop : {"。", "：", ":"}) {
      std::size_t p = t.find(stop);
      if (p != npos) return t.substr(p + stop.size());
    }
    return {};
  }

  // The 一是/二是 items of b whose marker lies in the bytes [range.first, range.second). A
  // part that begins after a turn numbers its own items (…二是…。下一步，我局将：一是…).
  static void add_inline_items(Section& sec, const Block& b, std::pair<std::size_t, std::size_t> range) {
    std::vector<InlineItemMark> rescanned;
    if (range.first > 0) {
      rescanned = scan_inline_items(std::string_view(b.text).substr(range.first, range.second - range.first));
      for (auto& m : rescanned) m.offset += range.first;
    }
    const auto& items = range.first > 0 ? rescanned : b.inline_items;
    for (std::size_t k = 0; k < items.size(); ++k) {
      std::size_t from = items[k].offset;
      if (from < range.first || from >= range.second) continue;
      std::size_t to = std::min(k + 1 < items.size() ? items[k + 1].offset : b.text.size(), range.second);
      std::string text(trim(std::string_view(b.text).substr(from, to - from)));
      std::string marker = text.substr(0, text.find("是") + std::string_view("是").size());  // 一是, 十一是
      sec.items.push_back({b.line, marker, text});
    }
  }
};

}  // namespace

std::vector<Section> classify(const Outline& outline, const SectionLexicon& lex) {
  return Classifier(outline, lex).run();
}

}  // namespace huizong
