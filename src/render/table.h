// Tabular data handed from the view layer to table writers (Excel): named datasets of
// rows, each row a set of cells by field name. Values stay typed: numbers as numbers,
// text (including redacted values such as "xx.x万亩") as text.
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace huizong {

// One cell: empty, text or a number, in 16 bytes. Text is held in one shared, immutable
// block, so that a cell copied into many rows (a unit's name, a period) costs no copy of
// its text: a 100 MB corpus's tables have millions of cells, and a std::string each (32
// bytes and a block of its own) was 200 MB of them.
class Cell {
 public:
  Cell() = default;
  Cell(std::string_view s);
  Cell(const std::string& s) : Cell(std::string_view(s)) {}
  Cell(const char* s) : Cell(std::string_view(s)) {}
  Cell(double d) : raw_(std::bit_cast<std::uint64_t>(d)), kind_(Kind::number) {}
  Cell(int i) : Cell(static_cast<double>(i)) {}
  Cell(const Cell& o) : raw_(o.raw_), kind_(o.kind_) { share(); }
  Cell(Cell&& o) noexcept : raw_(o.raw_), kind_(o.kind_) { o.kind_ = Kind::empty; }
  Cell& operator=(Cell o) noexcept {
    std::swap(raw_, o.raw_);
    std::swap(kind_, o.kind_);
    return *this;
  }
  ~Cell() { release(); }

  bool empty() const { return kind_ == Kind::empty; }
  bool is_text() const { return kind_ == Kind::text; }
  bool is_number() const { return kind_ == Kind::number; }
  std::string_view text() const;  // "" unless is_text()
  double number() const { return is_number() ? std::bit_cast<double>(raw_) : 0; }
  bool operator==(const Cell& o) const;

 private:
  struct Text;  // reference count, size, bytes
  enum class Kind : unsigned char { empty, text, number };
  std::uint64_t raw_ = 0;  // by kind_: a Text* (null for ""), or a double's bits
  Kind kind_ = Kind::empty;
  Text* text_block() const { return reinterpret_cast<Text*>(static_cast<std::uintptr_t>(raw_)); }
  void share() const;
  void release() noexcept;
};

// The one copy of a field name (every row of a table has the same few fields): rows hold
// a pointer to it.
const std::string* field_name(std::string_view name);

// One row: its cells by field name, in name order, in one small vector (a workbook has a
// million of these: a map node per cell cost three times the memory).
class Row {
  struct Entry {
    const std::string* field;
    Cell cell;
  };

 public:
  using value_type = std::pair<const std::string&, const Cell&>;
  class const_iterator {
   public:
    using difference_type = std::ptrdiff_t;
    using value_type = Row::value_type;
    struct Arrow {
      value_type pair;
      const value_type* operator->() const { return &pair; }
    };
    const_iterator() = default;
    explicit const_iterator(std::vector<Entry>::const_iterator it) : it_(it) {}
    value_type operator*() const { return {*it_->field, it_->cell}; }
    Arrow operator->() const { return {**this}; }
    const_iterator& operator++() {
      ++it_;
      return *this;
    }
    const_iterator operator++(int) { return const_iterator(it_++); }
    bool operator==(const const_iterator&) const = default;

   private:
    std::vector<Entry>::const_iterator it_;
  };

  Row() = default;
  Row(std::initializer_list<std::pair<std::string_view, Cell>> cells) {
    cells_.reserve(cells.size());
    for (const auto& [field, cell] : cells) (*this)[field] = cell;
  }

  Cell& operator[](std::string_view field);  // adds an empty cell if there is none
  // The same for a field named by field_name(): appended when it sorts after every field
  // there (a row read back in its own order: no search), else found or put in its place.
  Cell& named(const std::string* field);
  void reserve(std::size_t fields) { cells_.reserve(fields); }
  const_iterator find(std::string_view field) const;
  // The cell of a field named by field_name() (one string per name: compared by address), or null.
  const Cell* find_named(const std::string* field) const {
    for (const Entry& e : cells_)
      if (e.field == field) return &e.cell;
    return nullptr;
  }
  const Cell& at(std::string_view field) const;  // std::out_of_range if there is none
  void merge(const Row& other);                  // adds the cells of `other` whose fields this row lacks (as std::map)
  std::size_t count(std::string_view field) const { return find(field) == end() ? 0 : 1; }
  const_iterator begin() const { return const_iterator(cells_.begin()); }
  const_iterator end() const { return const_iterator(cells_.end()); }
  std::size_t size() const { return cells_.size(); }
  bool empty() const { return cells_.empty(); }
  bool operator==(const Row& o) const;

 private:
  std::vector<Entry> cells_;  // by *field
};

using Dataset = std::vector<Row>;
using Datasets = std::map<std::string, Dataset>;

// How many cells all the tables hold (what a workbook made of them holds).
std::size_t cell_count(const Datasets& tables);

}  // namespace huizong
