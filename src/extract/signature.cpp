// The signature block closing a report: the writer's name, then the date (signature.json;
// what a date line is, outline decides: markers.json date_line_*).
#include "common/text.h"
#include "extract/parts.h"

namespace huizong::extract_parts {
namespace {

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
    if (!b[k].date_line) continue;
    if (!is_writer_line(b[k - 1].norm, lex)) return std::nullopt;
    return Signature{std::string(trim(b[k - 1].text)), std::string(trim(b[k].text)), b[k - 1].line, b[k].line};
  }
  return std::nullopt;
}

}  // namespace huizong::extract_parts
