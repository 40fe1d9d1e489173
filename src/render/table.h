// Tabular data handed from the view layer to table writers (Excel): named datasets of
// rows, each row a set of cells by field name. Values stay typed: numbers as numbers,
// text (including redacted values such as "xx.x万亩") as text.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace huizong {

struct Cell {
  std::variant<std::monostate, std::string, double> value;
  Cell() = default;
  Cell(std::string s) : value(std::move(s)) {}
  Cell(const char* s) : value(std::string(s)) {}
  Cell(double d) : value(d) {}
  Cell(int i) : value(static_cast<double>(i)) {}
  bool empty() const { return std::holds_alternative<std::monostate>(value); }
  bool operator==(const Cell&) const = default;
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
  const_iterator find(std::string_view field) const;
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
