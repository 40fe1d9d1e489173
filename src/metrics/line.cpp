// A line as code points for the metric scanner: as written, folded, with byte offsets.
#include <algorithm>

#include "common/text.h"
#include "common/utf8.h"
#include "metrics/parts.h"

namespace huizong {

std::u32string fold_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());  // no more code points than bytes: one allocation
  for (std::size_t i = 0; i < s.size();) out.push_back(fold(utf8::decode(s, i)));
  return out;
}

std::string fold_utf8(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) utf8::append(out, fold(utf8::decode(s, i)));
  return out;
}

FoldedWords::FoldedWords(std::vector<std::u32string> words) : words_(std::move(words)) {
  first_.build(words_, false);
  last_.build(words_, true);
}

void FoldedWords::Index::build(const std::vector<std::u32string>& words, bool by_last) {
  auto key = [&](std::uint32_t w) { return by_last ? words[w].back() : words[w].front(); };
  for (std::uint32_t w = 0; w < words.size(); ++w) order.push_back(w);
  // By key, and in list order (longest first) within a key.
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) { return key(x) < key(y); });
  for (std::size_t k = 0; k < order.size(); ++k) {
    char32_t c = key(order[k]);
    if (keys.empty() || keys.back() != c) {
      keys.push_back(c);
      begin.push_back(static_cast<std::uint32_t>(k));
      filter[(c & 255) >> 6] |= std::uint64_t{1} << (c & 63);
    }
  }
  begin.push_back(static_cast<std::uint32_t>(order.size()));
}

std::span<const std::uint32_t> FoldedWords::Index::find(char32_t c) const {
  if (!(filter[(c & 255) >> 6] >> (c & 63) & 1)) return {};
  auto it = std::lower_bound(keys.begin(), keys.end(), c);
  if (it == keys.end() || *it != c) return {};
  auto k = static_cast<std::size_t>(it - keys.begin());
  return {order.data() + begin[k], order.data() + begin[k + 1]};
}

void LineView::load(std::string_view t) {
  text = t;
  if (raw.size() < t.size()) {  // at most one code point per byte
    raw.resize(t.size());
    f.resize(t.size());
    off.resize(t.size() + 1);
  }
  // Through local pointers: the compiler then keeps them in registers (every code point of
  // every line passes here).
  char32_t* raw_out = raw.data();
  char32_t* folded_out = f.data();
  std::uint32_t* off_out = off.data();
  std::size_t k = 0;
  for (std::size_t i = 0; i < t.size(); ++k) {
    off_out[k] = static_cast<std::uint32_t>(i);
    char32_t c = utf8::decode(t, i);
    raw_out[k] = c;
    folded_out[k] = fold(c);
  }
  off_out[k] = static_cast<std::uint32_t>(t.size());
  n = k;
}

const std::u32string* LineView::first_at(std::size_t i, const FoldedWords& words, std::size_t end) const {
  for (std::uint32_t k : words.starting_with(at(i))) {
    const std::u32string& w = words[k];
    if (i + w.size() <= end && matches(i, w)) return &w;
  }
  return nullptr;
}

bool LineView::is_space_at(std::size_t i) const { return is_space_cp(raw[i]); }

}  // namespace huizong
