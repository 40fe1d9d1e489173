#include "common/words.h"

#include <algorithm>
#include <cstring>

namespace huizong {

namespace {

std::uint32_t hash_of(std::uint32_t key) { return key * 0x9E3779B1u; }
std::size_t block_hash(unsigned char a, unsigned char b) { return (a * 131u + b) & 4095u; }
std::uint32_t key_at(const char* p) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(p[0])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(p[1])) << 8 | static_cast<unsigned char>(p[2]);
}

}  // namespace

WordList::WordList(std::vector<std::string> words) : words_(std::move(words)) { index(); }

WordList::WordList(std::initializer_list<const char*> words) {
  for (const char* w : words) words_.emplace_back(w);
  index();
}

void WordList::index() {
  std::vector<std::uint32_t> keys;
  std::vector<std::vector<std::uint32_t>> groups;  // word indices, by key
  auto longest_first = [&](std::uint32_t a, std::uint32_t b) { return words_[a].size() > words_[b].size(); };
  for (std::uint32_t i = 0; i < words_.size(); ++i) {
    const std::string& w = words_[i];
    if (w.empty()) {
      has_empty_ = true;
      continue;
    }
    auto b0 = static_cast<unsigned char>(w[0]);
    first_byte_[b0 >> 6] |= std::uint64_t{1} << (b0 & 63);
    if (w.size() < 3) {
      short_.push_back(i);
      continue;
    }
    std::uint32_t key = key_at(w.data());
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) {
      keys.push_back(key);
      groups.emplace_back();
      it = keys.end() - 1;
    }
    groups[static_cast<std::size_t>(it - keys.begin())].push_back(i);
  }
  index_skips();
  // Longest first, and among equal lengths the earlier word, as a word-by-word search would.
  std::stable_sort(short_.begin(), short_.end(), longest_first);
  std::size_t size = 4;
  while (size < keys.size() * 2) size *= 2;
  table_.assign(size, Bucket{});
  for (std::size_t g = 0; g < keys.size(); ++g) {
    std::stable_sort(groups[g].begin(), groups[g].end(), longest_first);
    std::uint32_t h = hash_of(keys[g]);
    filter_[h >> 26] |= std::uint64_t{1} << (h >> 20 & 63);
    std::size_t s = h & (size - 1);
    while (table_[s].count) s = (s + 1) & (size - 1);
    table_[s] =
        Bucket{keys[g], static_cast<std::uint32_t>(order_.size()), static_cast<std::uint32_t>(groups[g].size())};
    order_.insert(order_.end(), groups[g].begin(), groups[g].end());
  }
}

void WordList::index_skips() {
  if (has_empty_ || !short_.empty() || words_.empty()) return;
  std::size_t m = kMaxWindow;
  for (const std::string& w : words_) m = std::min(m, w.size());
  window_ = m;
  skip_.assign(4096, static_cast<std::uint8_t>(m - 1));
  for (const std::string& w : words_)
    for (std::size_t j = 0; j + 2 <= m; ++j) {
      auto& k = skip_[block_hash(static_cast<unsigned char>(w[j]), static_cast<unsigned char>(w[j + 1]))];
      k = std::min(k, static_cast<std::uint8_t>(m - 2 - j));
    }
}

const WordList::Bucket* WordList::bucket(std::uint32_t key) const {
  std::size_t mask = table_.size() - 1;
  for (std::size_t s = hash_of(key) & mask;; s = (s + 1) & mask) {
    const Bucket& b = table_[s];
    if (!b.count) return nullptr;
    if (b.key == key) return &b;
  }
}

int WordList::match_at(std::string_view s, std::size_t p) const {
  std::size_t left = s.size() - p;
  if (left >= 3 && !table_.empty()) {
    std::uint32_t key = key_at(s.data() + p);
    std::uint32_t h = hash_of(key);
    if (filter_[h >> 26] >> (h >> 20 & 63) & 1)
      if (const Bucket* b = bucket(key))
        for (std::uint32_t k = b->first; k < b->first + b->count; ++k) {
          const std::string& w = words_[order_[k]];
          if (w.size() <= left && std::memcmp(s.data() + p + 3, w.data() + 3, w.size() - 3) == 0)
            return static_cast<int>(order_[k]);
        }
  }
  for (std::uint32_t i : short_) {
    const std::string& w = words_[i];
    if (w.size() <= left && std::memcmp(s.data() + p, w.data(), w.size()) == 0) return static_cast<int>(i);
  }
  return -1;
}

std::size_t WordList::find_in(std::string_view s, std::string* which) const {
  if (has_empty_) {
    int w = s.empty() ? -1 : match_at(s, 0);  // the empty word is found at 0, unless a longer one is
    if (which) *which = w >= 0 ? words_[static_cast<std::size_t>(w)] : std::string();
    return 0;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  if (!skip_.empty()) return find_skipping(s, which);
  for (std::size_t p = 0; p < s.size(); ++p) {
    unsigned char b = bytes[p];
    if (!(first_byte_[b >> 6] >> (b & 63) & 1)) continue;  // most bytes begin no word
    if (short_.empty()) {
      // Every word is three bytes or more: its first three bytes' filter bit decides here,
      // without a call (in CJK text nearly every lead byte passes the test above).
      if (p + 3 > s.size()) break;
      std::uint32_t h = hash_of(key_at(s.data() + p));
      if (!(filter_[h >> 26] >> (h >> 20 & 63) & 1)) continue;
    }
    if (int w = match_at(s, p); w >= 0) {
      if (which) *which = words_[static_cast<std::size_t>(w)];
      return p;
    }
  }
  return std::string_view::npos;
}

std::size_t WordList::find_skipping(std::string_view s, std::string* which) const {
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t p = 0; p + window_ <= s.size();) {
    if (std::size_t skip = skip_[block_hash(bytes[p + window_ - 2], bytes[p + window_ - 1])]) {
      p += skip;  // no word starts before p + skip
      continue;
    }
    if (int w = match_at(s, p); w >= 0) {
      if (which) *which = words_[static_cast<std::size_t>(w)];
      return p;
    }
    ++p;
  }
  return std::string_view::npos;  // every word is window_ bytes or more
}

bool WordList::prefix_of(std::string_view s) const {
  if (has_empty_) return true;
  if (s.empty()) return false;
  auto b = static_cast<unsigned char>(s[0]);
  return (first_byte_[b >> 6] >> (b & 63) & 1) && match_at(s, 0) >= 0;
}
}  // namespace huizong
