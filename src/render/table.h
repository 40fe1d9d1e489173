// Tabular data handed from the view layer to table writers (Excel): named datasets of
// rows, each row a map from field name to a cell. Values stay typed: numbers as numbers,
// text (including redacted values such as "xx.x万亩") as text.
#pragma once
#include <map>
#include <string>
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
};

using Row = std::map<std::string, Cell>;
using Dataset = std::vector<Row>;
using Datasets = std::map<std::string, Dataset>;

}  // namespace huizong
