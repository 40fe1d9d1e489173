// The signature block closing a report: the writer's name, then the date (signature.json).
#include <algorithm>

#include "common/text.h"
#include "extract/parts.h"

namespace huizong::extract_parts {
namespace {

// 2023年7月10日: short, ending with the date word, holding every date word.
bool is_date_line(std::string_view t, const SignatureLexicon& lex) {
  if (length_cp(t) > lex.date_max_chars || lex.date_end.empty() || !t.ends_with(lex.date_end)) return false;
  return std::all_of(lex.date_words.begin(), lex.date_words.end(), [&](const auto& w) { return contains(t, w); });
}

// A short line, no sentence, ending like an organisation or a region: XX县审计局.
bool is_writer_line(std::string_view t, const ExtractLexicon& lex) {
  if (length_cp(t) > lex.signature.org_max_chars || contains_any(t, lex.signature.org_not)) return false;
  return ends_with_suffix(t, lex) || ends_with_level(t, lex);
}

}  // namespace

std::optional<Signature> find_signature(const Outline& o, const ExtractLexicon& lex) {
  const auto& b = o.blocks;
  std::size_t last = lex.signature.last_lines;
  // The date line is one of the last lines (and has a line before it).
  for (std::size_t k = b.size(); k-- > 1 && k + last >= b.size();) {
    if (!is_date_line(b[k].norm, lex.signature)) continue;
    if (!is_writer_line(b[k - 1].norm, lex)) return std::nullopt;
    return Signature{std::string(trim(b[k - 1].text)), std::string(trim(b[k].text)), b[k - 1].line, b[k].line};
  }
  return std::nullopt;
}

}  // namespace huizong::extract_parts
