// lead: the short form of an item (its heading, first sentence, or first clauses when the
// sentence is long), what the briefing lists and what a theme is judged by first. It is
// cut only at a clause boundary outside brackets and quotes and never inside a number or
// date, so 《南陵县加强非煤……》, 2021－20…… and 284546万…… cannot happen. The punctuation
// comes from lexicons/labels.json (summary).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace huizong {

struct LeadRules {
  std::u32string sentence_ends;  // 。！？ : the lead never goes past the first one
  std::u32string clause_ends;    // ；：，、 : where a long sentence may be cut, in order of preference
  std::vector<std::pair<char32_t, char32_t>> pairs;  // 《》 （） 〔〕 “” …: never cut between them
  std::u32string number_chars;             // besides ASCII digits and x/X: Chinese numerals, never cut next to
  std::size_t max_chars = 40;              // a lead is at most about this long
  std::string ellipsis;                    // after a lead cut where no clause boundary was found
  std::vector<std::u32string> topic_ends;  // 方面: a lead ending so names a topic, states nothing
  std::u32string date_marks;               // 年月日: digits before one of them are a date, not a figure
};

// The lead of an item's text (its marker already removed): the first line's first sentence,
// without its closing punctuation; when longer than max_chars, its longest run of whole
// clauses that fits; when even the first clause does not fit, the first clause cut at the
// last safe point (not next to a number, not inside a pair) before max_chars, with the
// ellipsis.
std::string lead_of(std::string_view text, const LeadRules& rules);

// The first sentence of the text's first line (its marker already removed), whole: what
// an item's theme or field is judged by first.
std::string first_sentence(std::string_view text, const LeadRules& rules);
// Both at once (one pass over the first line): what an item shows and what it is judged by.
struct LeadParts {
  std::string lead, sentence;
};
LeadParts lead_parts(std::string_view text, const LeadRules& rules);

// Whether a cut of `text` (as written) before code point `pos` is safe: outside every pair,
// and either before a clause or sentence mark that does not sit inside a number (1,000), or
// with no character of a number (digits, x, %, Chinese numerals) on either side.
bool safe_cut(const std::u32string& text, std::size_t pos, const LeadRules& rules);

// Whether a lead only names a topic (电子商务方面): a sub-heading whose statements follow it.
bool is_topic_heading(std::string_view lead, const LeadRules& rules);

// Whether the text states a quantity: digits (or a masked xx figure is not one) that are not
// a date's (2023年, 1至5月, 6月30日), i.e. not followed by one of date_marks.
bool states_quantity(std::string_view text, const LeadRules& rules);

}  // namespace huizong
