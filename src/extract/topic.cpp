// The topic of a single-theme summary: the first label of topics.json with a word in the title.
#include "extract/parts.h"

namespace huizong::extract_parts {

std::optional<std::string> find_topic(std::string_view title_norm, const ExtractLexicon& lex) {
  for (const auto& [label, words] : lex.topics)
    if (contains_any(title_norm, words)) return label;
  return std::nullopt;
}

}  // namespace huizong::extract_parts
