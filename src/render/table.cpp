#include "render/table.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <set>
#include <stdexcept>

namespace huizong {

struct Cell::Text {
  std::atomic<std::uint32_t> refs;  // cells are copied and dropped on the workbook's thread too
  std::uint32_t size;
  char bytes[1];  // `size` of them
};

Cell::Cell(std::string_view s) : kind_(Kind::text) {
  if (s.empty()) return;  // "" holds no block
  // A cell's text is at most what one line of input holds; Excel shows 32,767 characters.
  auto* t = static_cast<Text*>(::operator new(offsetof(Text, bytes) + s.size()));
  new (&t->refs) std::atomic<std::uint32_t>(1);
  t->size = static_cast<std::uint32_t>(std::min<std::size_t>(s.size(), UINT32_MAX));
  std::memcpy(t->bytes, s.data(), t->size);
  raw_ = reinterpret_cast<std::uintptr_t>(t);
}

std::string_view Cell::text() const {
  const Text* t = kind_ == Kind::text ? text_block() : nullptr;
  return t == nullptr ? std::string_view() : std::string_view(t->bytes, t->size);
}

bool Cell::operator==(const Cell& o) const {
  if (kind_ != o.kind_) return false;
  if (kind_ == Kind::number) return number() == o.number();
  return kind_ == Kind::empty || text() == o.text();
}

void Cell::share() const {
  if (Text* t = kind_ == Kind::text ? text_block() : nullptr) t->refs.fetch_add(1, std::memory_order_relaxed);
}

void Cell::release() noexcept {
  Text* t = kind_ == Kind::text ? text_block() : nullptr;
  if (t != nullptr && t->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    t->refs.~atomic();
    ::operator delete(t);
  }
  kind_ = Kind::empty;
}

std::size_t cell_count(const Datasets& tables) {
  std::size_t cells = 0;
  for (const auto& [name, rows] : tables)
    for (const Row& row : rows) cells += row.size();
  return cells;
}

const std::string* field_name(std::string_view name) {
  // One set for the process (views may be built on any thread), and a copy of the
  // lookups per thread so that making a million cells takes no lock each.
  static std::mutex mutex;
  static std::set<std::string, std::less<>> names;  // nodes never move
  thread_local std::map<std::string, const std::string*, std::less<>> seen;
  // Most names are the same few literals asked for again and again (a row of each table
  // names its fields): remembered by where their bytes are, checked by their bytes.
  struct Recent {
    const char* data = nullptr;
    const std::string* name = nullptr;
  };
  thread_local std::array<Recent, 256> recent;
  Recent& r = recent[(reinterpret_cast<std::uintptr_t>(name.data()) >> 3 ^ name.size()) & 255];
  if (r.data == name.data() && r.name && *r.name == name) return r.name;
  if (auto it = seen.find(name); it != seen.end()) {
    r = {name.data(), it->second};
    return it->second;
  }
  std::lock_guard lock(mutex);
  const std::string* one = &*names.emplace(name).first;
  seen.emplace(std::string(name), one);
  return one;
}

Cell& Row::operator[](std::string_view field) {
  auto it = std::lower_bound(cells_.begin(), cells_.end(), field,
                             [](const Entry& e, std::string_view name) { return *e.field < name; });
  if (it != cells_.end() && *it->field == field) return it->cell;
  if (cells_.size() == cells_.capacity()) {  // grow by a quarter, not double: rows are many and small
    std::size_t at = static_cast<std::size_t>(it - cells_.begin());
    cells_.reserve(cells_.size() + std::max<std::size_t>(2, cells_.size() / 4));
    it = cells_.begin() + static_cast<std::ptrdiff_t>(at);
  }
  return cells_.insert(it, Entry{field_name(field), Cell()})->cell;
}

Cell& Row::named(const std::string* field) {
  if (cells_.empty() || *cells_.back().field < *field) return cells_.emplace_back(Entry{field, Cell()}).cell;
  return (*this)[*field];
}

Row::const_iterator Row::find(std::string_view field) const {
  auto it = std::lower_bound(cells_.begin(), cells_.end(), field,
                             [](const Entry& e, std::string_view name) { return *e.field < name; });
  return const_iterator(it != cells_.end() && *it->field == field ? it : cells_.end());
}

const Cell& Row::at(std::string_view field) const {
  auto it = find(field);
  // untranslated: an internal failure, as map::at's (for the developers)
  if (it == end()) throw std::out_of_range("no cell " + std::string(field));
  return (*it).second;
}

void Row::merge(const Row& other) {
  for (const Entry& e : other.cells_)
    if (find(*e.field) == end()) (*this)[*e.field] = e.cell;
}

bool Row::operator==(const Row& o) const {
  return std::equal(begin(), end(), o.begin(), o.end(), [](const value_type& a, const value_type& b) {
    return a.first == b.first && a.second == b.second;
  });
}

}  // namespace huizong
