// The year and span a report covers, and the span its plans cover (periods.json).
#include <algorithm>
#include <charconv>

#include "common/text.h"
#include "extract/parts.h"

namespace huizong {
namespace extract_parts {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_year_char(char c) { return is_digit(c) || c == 'x' || c == 'X'; }

// The first of `words` that t starts with (skipping those in `except`), or an empty view.
std::string_view word_at(std::string_view t, const std::vector<std::string>& words,
                         const std::vector<std::string>* except = nullptr) {
  for (const auto& w : words) {
    if (except && std::find(except->begin(), except->end(), w) != except->end()) continue;
    if (t.starts_with(w)) return w;
  }
  return {};
}

// The time token starting at byte i, as its end (0: none): a year with its time word
// (2023年度), a month (5月), or a time word alone (上半年).
std::size_t token_end(std::string_view t, std::size_t i, std::size_t digits_end, const PeriodLexicon& lex) {
  std::size_t digits = digits_end - i;
  if (digits == 4) {
    std::string_view w = word_at(t.substr(digits_end), lex.time_words);
    return w.empty() ? 0 : digits_end + w.size();  // four digits with no 年: not a year
  }
  if (digits > 0 && digits <= 2 && !lex.month_word.empty() && t.substr(digits_end).starts_with(lex.month_word))
    return digits_end + lex.month_word.size();
  std::string_view w = word_at(t.substr(i), lex.time_words, &lex.after_year_only);
  return w.empty() ? 0 : i + w.size();
}

// The part of a title before its plans clause (…总结及下半年工作计划 -> …总结).
std::string_view summary_part(std::string_view t, const PeriodLexicon& lex) {
  std::size_t p = lex.summary_word.empty() ? npos : t.find(lex.summary_word);
  if (p == npos) return t;
  return t.substr(0, p + lex.summary_word.size());
}

// A title naming a single month (2023年5月工作总结): a monthly report.
bool names_a_month(std::string_view s, const PeriodLexicon& lex) {
  if (lex.month_word.empty()) return false;
  for (auto& tok : time_tokens(s, lex))
    if (s.substr(tok.begin, tok.end - tok.begin).ends_with(lex.month_word)) return true;
  return false;
}

std::optional<PlanPeriod> plan_period_from(std::string_view text, std::optional<int> year, bool heading,
                                           const PeriodLexicon& lex) {
  if (contains_any(text, lex.plan_h2)) return PlanPeriod::H2;
  if (contains_any(text, lex.plan_next_year)) return PlanPeriod::next_year;
  std::optional<int> y = first_year(text, lex);
  if (y && year && *y > *year) return PlanPeriod::next_year;
  if (contains_any(text, lex.plan_next_steps)) return PlanPeriod::next_steps;
  if (heading && y && year && *y == *year) return PlanPeriod::next_year;  // year fixed up by the caller
  return std::nullopt;
}

// The heading that opens the plans, or the opening words of the paragraph that turned to
// plans (whole code points).
std::string plans_heading(const Section& plans, const Outline& outline, const PeriodLexicon& lex) {
  if (!plans.heading.empty()) return plans.heading;
  auto b =
      std::find_if(outline.blocks.begin(), outline.blocks.end(), [&](const Block& x) { return x.line == plans.line; });
  if (b == outline.blocks.end()) return {};
  return std::string(utf8::prefix(b->norm, lex.plans_opening_chars));
}

}  // namespace

std::vector<TimeToken> time_tokens(std::string_view t, const PeriodLexicon& lex) {
  std::vector<TimeToken> out;
  for (std::size_t i = 0; i < t.size();) {
    std::size_t j = i;
    while (j < t.size() && is_year_char(t[j])) ++j;
    std::size_t end = token_end(t, i, j, lex);
    if (end > i) {
      out.push_back({i, end});
      i = end;
    } else {
      i = j > i ? j : i + 1;
    }
  }
  return out;
}

std::optional<int> first_year(std::string_view t, const PeriodLexicon& lex) {
  for (std::size_t i = 0; i + 4 <= t.size(); ++i) {
    if (!std::all_of(t.begin() + i, t.begin() + i + 4, is_digit)) continue;
    if (i > 0 && is_digit(t[i - 1])) continue;
    if (i + 4 < t.size() && is_digit(t[i + 4])) continue;
    if (word_at(t.substr(i + 4), lex.year_words).empty()) continue;
    int y = 0;
    std::from_chars(t.data() + i, t.data() + i + 4, y);
    if (y >= lex.year_min && y <= lex.year_max) return y;
  }
  return std::nullopt;
}

}  // namespace extract_parts

Period parse_period(std::string_view t, const PeriodLexicon& lex) {
  using namespace extract_parts;
  Period p;
  std::string_view s = summary_part(t, lex);
  p.year = first_year(s, lex);
  if (!p.year) p.year = first_year(t, lex);
  auto rule = std::find_if(lex.spans.begin(), lex.spans.end(),
                           [&](const auto& r) { return contains_any(s, r.words) && !contains_any(s, r.unless); });
  if (rule != lex.spans.end())
    p.span = rule->span;
  else if (names_a_month(s, lex))
    p.span = lex.month_span;
  return p;
}

namespace extract_parts {

Period find_period(std::string_view title_norm, const Outline& outline, const PeriodLexicon& lex) {
  Period p = parse_period(title_norm, lex);
  if (!p.year)
    for (const Block& b : outline.blocks)
      if ((p.year = first_year(b.norm, lex))) break;
  return p;
}

std::optional<PlanPeriod> find_plan_period(std::string_view title_norm, const Outline& outline,
                                           const std::vector<Section>& sections, Period& period,
                                           const PeriodLexicon& lex) {
  auto plans =
      std::find_if(sections.begin(), sections.end(), [](const Section& s) { return s.kind == SectionKind::plans; });
  if (plans == sections.end()) return std::nullopt;
  // The title's plans clause first, then the first plans heading or paragraph.
  std::size_t sum = lex.summary_word.empty() ? npos : title_norm.find(lex.summary_word);
  std::string_view clause = sum == npos ? std::string_view() : title_norm.substr(sum);
  std::optional<PlanPeriod> from_title = plan_period_from(clause, period.year, false, lex);
  std::string heading = plans_heading(*plans, outline, lex);
  std::optional<PlanPeriod> from_heading = plan_period_from(heading, period.year, true, lex);
  // A summary titled 2023年 that plans 2023 in its body reviews 2022.
  std::optional<int> heading_year = first_year(heading, lex);
  if (period.span == Span::FY && heading_year && period.year && *heading_year == *period.year &&
      !contains_any(heading, lex.plan_h2)) {
    period.year = *period.year - 1;
    from_heading = PlanPeriod::next_year;
  }
  return from_title ? from_title : from_heading.value_or(PlanPeriod::next_steps);
}

}  // namespace extract_parts
}  // namespace huizong
