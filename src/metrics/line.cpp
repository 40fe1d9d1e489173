// A line as code points for the metric scanner: as written, folded, with byte offsets.
#include <algorithm>

#include "common/text.h"
#include "common/utf8.h"
#include "metrics/parts.h"

namespace huizong {

std::u32string fold_u32(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) out.push_back(fold(utf8::decode(s, i)));
  return out;
}

std::string fold_utf8(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) utf8::append(out, fold(utf8::decode(s, i)));
  return out;
}

void LineView::load(std::string_view t) {
  text = t;
  if (raw.size() < t.size()) {  // at most one code point per byte
    raw.resize(t.size());
    f.resize(t.size());
    off.resize(t.size() + 1);
  }
  std::size_t k = 0;
  for (std::size_t i = 0; i < t.size(); ++k) {
    off[k] = static_cast<std::uint32_t>(i);
    char32_t c = utf8::decode(t, i);
    raw[k] = c;
    f[k] = fold(c);
  }
  off[k] = static_cast<std::uint32_t>(t.size());
  n = k;
}

bool LineView::matches(std::size_t i, std::u32string_view s) const {
  if (i + s.size() > n) return false;
  for (std::size_t k = 0; k < s.size(); ++k)
    if (f[i + k] != s[k]) return false;
  return true;
}

bool LineView::matches_any(std::size_t i, const std::vector<std::u32string>& words, std::size_t end) const {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::u32string& w) { return i + w.size() <= end && matches(i, w); });
}

bool LineView::is_space_at(std::size_t i) const { return is_space_cp(raw[i]); }

}  // namespace huizong
