#include "aggregate/lead.h"

#include <cstdint>

#include "common/text.h"

namespace huizong {
namespace {

bool is_in(std::u32string_view set, char32_t c) { return c != 0 && set.find(c) != std::u32string_view::npos; }

bool digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= 0xFF10 && c <= 0xFF19); }

// A clause mark between two digits is part of a number or date (1,000, 8:30, 1、2月).
bool inside_number(const std::u32string& u, std::size_t i) {
  return i > 0 && i + 1 < u.size() && digit(u[i - 1]) && digit(u[i + 1]);
}

bool numberish(char32_t c, const LeadRules& rules) {
  c = (c >= 0xFF01 && c <= 0xFF5E) ? c - 0xFEE0 : c;  // full-width digits and marks fold
  return (c >= U'0' && c <= U'9') || c == U'x' || c == U'X' || c == U'.' || c == U'%' || is_in(rules.number_chars, c);
}

// Cut positions inside a matched pair: inside[p] is true when a cut before u[p] would
// split a pair (an unmatched opening mark protects nothing, so a stray 《 cannot block
// every cut).
std::vector<bool> inside_pairs(const std::u32string& u, const LeadRules& rules) {
  std::vector<bool> inside(u.size() + 1, false);
  // Most characters are no mark of a pair: told by one bit of their low six bits first.
  std::uint64_t marks = 0;
  for (const auto& [o, c] : rules.pairs) marks |= (std::uint64_t{1} << (o & 63)) | (std::uint64_t{1} << (c & 63));
  std::vector<std::pair<std::size_t, char32_t>> open;  // position, expected closing mark
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!((marks >> (u[i] & 63)) & 1)) continue;
    if (!open.empty() && u[i] == open.back().second) {
      for (std::size_t p = open.back().first + 1; p <= i; ++p) inside[p] = true;
      open.pop_back();
      continue;
    }
    for (const auto& [o, c] : rules.pairs)
      if (u[i] == o) {
        open.emplace_back(i, c);
        break;
      }
  }
  return inside;
}

// u[0, end) without trailing clause and sentence marks and spaces.
std::u32string trimmed_end(const std::u32string& u, std::size_t end, const LeadRules& rules) {
  while (end > 0 &&
         (is_in(rules.clause_ends, u[end - 1]) || is_in(rules.sentence_ends, u[end - 1]) || is_space_cp(u[end - 1])))
    --end;
  return u.substr(0, end);
}

// The first non-blank line of the text, trimmed.
std::u32string first_line(std::string_view text) {
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    if (!line.empty()) return to_u32(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return {};
}

}  // namespace

bool safe_cut(const std::u32string& u, std::size_t pos, const LeadRules& rules) {
  if (pos == 0 || pos >= u.size()) return true;
  if (inside_pairs(u, rules)[pos]) return false;
  // Before a clause mark the clause is whole (a mark between two digits is a number's: 1,000).
  if (is_in(rules.sentence_ends, u[pos])) return true;
  if (is_in(rules.clause_ends, u[pos])) return !inside_number(u, pos);
  return !numberish(u[pos - 1], rules) && !numberish(u[pos], rules);
}

namespace {

// The first sentence of the first line: up to the first sentence end outside pairs.
std::u32string sentence_of(const std::u32string& u, const std::vector<bool>& inside, const LeadRules& rules) {
  std::size_t end = u.size();
  for (std::size_t i = 0; i < u.size(); ++i)
    if (is_in(rules.sentence_ends, u[i]) && !inside[i]) {
      end = i;
      break;
    }
  return trimmed_end(u, end, rules);
}

}  // namespace

std::string first_sentence(std::string_view text, const LeadRules& rules) {
  std::u32string u = first_line(text);
  return to_utf8(sentence_of(u, inside_pairs(u, rules), rules));
}

std::string lead_of(std::string_view text, const LeadRules& rules) { return lead_parts(text, rules).lead; }

LeadParts lead_parts(std::string_view text, const LeadRules& rules) {
  std::u32string u = first_line(text);
  std::vector<bool> inside = inside_pairs(u, rules);
  std::u32string sentence = sentence_of(u, inside, rules);
  LeadParts parts{{}, to_utf8(sentence)};
  if (sentence.size() <= rules.max_chars) {
    parts.lead = parts.sentence;
    return parts;
  }
  // The longest run of whole clauses that fits; a clause mark between two digits (1,000,
  // 8:30, 1、2月) is part of a number, not a boundary. Stronger marks (earlier in
  // clause_ends) win when they keep at least half the length.
  std::vector<std::pair<std::size_t, std::size_t>> cuts;  // position, rank of its mark
  for (std::size_t i = 1; i < sentence.size() && i <= rules.max_chars; ++i) {
    std::size_t rank = rules.clause_ends.find(sentence[i]);
    if (rank == std::u32string::npos || inside[i]) continue;
    if (inside_number(sentence, i)) continue;
    cuts.emplace_back(i, rank);
  }
  std::size_t best = 0, best_rank = 0;
  for (const auto& [i, rank] : cuts)
    if (2 * i >= cuts.back().first && (best == 0 || rank <= best_rank)) best = i, best_rank = rank;
  if (best > 0) {
    parts.lead = to_utf8(trimmed_end(sentence, best, rules));
    return parts;
  }
  // No boundary fits: the last safe point before max_chars, marked as cut.
  std::size_t cut = rules.max_chars;
  while (cut > 1 && !safe_cut(sentence, cut, rules)) --cut;
  parts.lead = to_utf8(trimmed_end(sentence, cut, rules)) + rules.ellipsis;
  return parts;
}

bool is_topic_heading(std::string_view lead, const LeadRules& rules) {
  std::u32string u = to_u32(trim(lead));
  for (const std::u32string& end : rules.topic_ends)
    if (u.size() > end.size() && u.compare(u.size() - end.size(), end.size(), end) == 0) return true;
  return false;
}

bool states_quantity(std::string_view text, const LeadRules& rules) {
  std::u32string u = to_u32(text);
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!digit(u[i])) continue;
    std::size_t j = i;
    // The whole number, with its decimal point, thousands marks and a range (1－5, 1至5).
    while (j < u.size() && (digit(u[j]) || u[j] == U'.' || u[j] == U',' || u[j] == 0xFF0E)) ++j;
    if (j == u.size() || !is_in(rules.date_marks, u[j])) return true;
    i = j;
  }
  return false;
}

}  // namespace huizong
