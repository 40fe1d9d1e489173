#include "render/view_data.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <future>
#include <limits>
#include <nlohmann/json.hpp>

namespace huizong {

nlohmann::json datasets_to_json(const Datasets& d) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, rows] : d) {
    nlohmann::json arr = nlohmann::json::array();
    for (const Row& row : rows) {
      nlohmann::json r = nlohmann::json::object();
      for (const auto& [field, cell] : row) {
        if (cell.is_text())
          r[field] = std::string(cell.text());
        else if (cell.is_number())
          r[field] = cell.number();
        else
          r[field] = nullptr;
      }
      arr.push_back(std::move(r));
    }
    j[name] = std::move(arr);
  }
  return j;
}

namespace {

// CBOR (RFC 8949) as nlohmann::json::to_cbor writes it: the shortest head for a length,
// text strings, a double as float32 when that holds it exactly.
class CborWriter {
 public:
  explicit CborWriter(const std::function<void(std::string_view)>& out) : out_(out) {}
  ~CborWriter() { flush(); }
  void head(unsigned major, std::uint64_t n) {
    const auto m = static_cast<char>(major << 5);
    if (n < 24) {
      buf_ += static_cast<char>(m | static_cast<char>(n));
    } else {
      int bytes = n <= 0xFF ? 1 : n <= 0xFFFF ? 2 : n <= 0xFFFFFFFF ? 4 : 8;
      buf_ += static_cast<char>(m | static_cast<char>(bytes == 1 ? 24 : bytes == 2 ? 25 : bytes == 4 ? 26 : 27));
      big_endian(n, bytes);
    }
  }
  void text(std::string_view s) {
    head(3, s.size());
    buf_ += s;
    if (buf_.size() >= (1 << 16)) flush();
  }
  void number(double d) {
    if (std::isnan(d)) {
      buf_ += std::string_view("\xF9\x7E\x00", 3);
    } else if (std::isinf(d)) {
      buf_ += std::string_view(d > 0 ? "\xF9\x7C\x00" : "\xF9\xFC\x00", 3);
    } else if (d >= -std::numeric_limits<float>::max() && d <= std::numeric_limits<float>::max() &&
               static_cast<double>(static_cast<float>(d)) == d) {
      buf_ += '\xFA';
      big_endian(std::bit_cast<std::uint32_t>(static_cast<float>(d)), 4);
    } else {
      buf_ += '\xFB';
      big_endian(std::bit_cast<std::uint64_t>(d), 8);
    }
  }
  void null() { buf_ += '\xF6'; }
  void flush() {
    if (!buf_.empty()) out_(buf_);
    buf_.clear();
  }

 private:
  void big_endian(std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) buf_ += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  const std::function<void(std::string_view)>& out_;
  std::string buf_;
};

}  // namespace

void datasets_to_cbor(const Datasets& d, const std::function<void(std::string_view)>& out) {
  CborWriter w(out);
  w.head(5, d.size());
  for (const auto& [name, rows] : d) {
    w.text(name);
    w.head(4, rows.size());
    for (const Row& row : rows) {
      w.head(5, row.size());
      for (const auto& [field, cell] : row) {
        w.text(field);
        if (cell.is_text())
          w.text(cell.text());
        else if (cell.is_number())
          w.number(cell.number());
        else
          w.null();
      }
    }
  }
}

Datasets datasets_from_json(const nlohmann::json& j) {
  Datasets d;
  for (const auto& [name, rows] : j.items()) {
    Dataset& out = d[name];
    for (const auto& r : rows) {
      Row row;
      for (const auto& [field, v] : r.items()) {
        if (v.is_string())
          row[field] = Cell(v.get<std::string>());
        else if (v.is_number())
          row[field] = Cell(v.get<double>());
        else
          row[field] = Cell();
      }
      out.push_back(std::move(row));
    }
  }
  return d;
}

namespace {

using kainjow::mustache::data;

// Views are a few levels deep; a cache file nested deeper is damaged (or hostile), and
// nlohmann's CBOR reader, kainjow's data and nlohmann's tree all recurse on nesting.
constexpr std::size_t kMaxViewDepth = 64;

// nlohmann's tree builder, stopped at kMaxViewDepth.
class DepthLimitedTree final : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit DepthLimitedTree(nlohmann::json& root) : tree_(root, false) {}
  bool null() override { return tree_.null(); }
  bool boolean(bool b) override { return tree_.boolean(b); }
  bool number_integer(number_integer_t n) override { return tree_.number_integer(n); }
  bool number_unsigned(number_unsigned_t n) override { return tree_.number_unsigned(n); }
  bool number_float(number_float_t x, const string_t& s) override { return tree_.number_float(x, s); }
  bool string(string_t& s) override { return tree_.string(s); }
  bool binary(binary_t& b) override { return tree_.binary(b); }
  bool start_object(std::size_t n) override { return ++depth_ <= kMaxViewDepth && tree_.start_object(n); }
  bool key(string_t& k) override { return tree_.key(k); }
  bool end_object() override { return --depth_, tree_.end_object(); }
  bool start_array(std::size_t n) override { return ++depth_ <= kMaxViewDepth && tree_.start_array(n); }
  bool end_array() override { return --depth_, tree_.end_array(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  nlohmann::detail::json_sax_dom_parser<nlohmann::json> tree_;
  std::size_t depth_ = 0;
};

// Builds kainjow data from JSON events: those of a CBOR parser (a cached view is read
// without first building, then freeing, a JSON tree) or of feed() walking a tree. kainjow
// copies on set/push_back, so containers are inserted empty and filled in place, which
// keeps the conversion linear in the size of the view. Numbers become text, null false.
class MustacheBuilder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  // `max_elements`: the most list elements to reserve for (a damaged file may claim any).
  explicit MustacheBuilder(std::size_t max_elements) : max_elements(max_elements) {}
  data root;
  const std::size_t max_elements;

  bool null() override { return add(data(data::type::bool_false)); }
  bool boolean(bool b) override { return add(data(b ? data::type::bool_true : data::type::bool_false)); }
  bool number_integer(number_integer_t n) override { return add(data(std::to_string(n))); }
  bool number_unsigned(number_unsigned_t n) override { return add(data(std::to_string(n))); }
  bool number_float(number_float_t x, const string_t&) override { return add(data(nlohmann::json(x).dump())); }
  bool string(string_t& s) override { return add(text(std::move(s))); }
  bool binary(binary_t&) override { return add(data(data::type::bool_false)); }
  bool start_object(std::size_t) override { return open(data(data::type::object)); }
  bool key(string_t& k) override {
    key_ = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t elements) override {
    if (!open(data(data::type::list))) return false;
    // kainjow's data has no noexcept move: reserve, or every growth deep-copies the list.
    // A damaged file may claim any length: never more elements than it has bytes.
    if (elements != static_cast<std::size_t>(-1))
      const_cast<kainjow::mustache::list&>(open_.back()->list_value()).reserve(std::min(elements, max_elements));
    return true;
  }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  std::vector<data*> open_;  // containers being filled, innermost last
  std::string key_;

  // kainjow's data is made from a string by copying it: its own empty string takes it instead.
  static data text(std::string&& s) {
    data d(data::type::string);
    const_cast<std::string&>(d.string_value()) = std::move(s);
    return d;
  }
  // Moved into place (kainjow's set and push_back copy, the whole subtree for a container).
  data* insert(data&& v) {
    if (open_.empty()) {
      root = std::move(v);
      return &root;
    }
    data& parent = *open_.back();
    if (parent.is_object()) {
      data& slot = parent[key_];  // a key given twice: the last value, as set() would keep
      slot = std::move(v);
      return &slot;
    }
    auto& list = const_cast<kainjow::mustache::list&>(parent.list_value());
    list.push_back(std::move(v));
    return &list.back();
  }
  bool add(data&& v) {
    insert(std::move(v));
    return true;
  }
  bool open(data&& v) {
    if (open_.size() >= kMaxViewDepth) return false;  // nlohmann's CBOR reader recurses: stop it
    open_.push_back(insert(std::move(v)));
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }
};

// Sends a JSON tree to the builder as the events a parser of its text would; its strings
// are moved out when `take` (the tree is dropped after).
void feed(nlohmann::json& j, MustacheBuilder& to, bool take) {
  using nlohmann::json;
  auto string = [&](std::string& s) {
    std::string copy = take ? std::move(s) : s;
    to.string(copy);
  };
  switch (j.type()) {
    case json::value_t::object:
      to.start_object(j.size());
      for (auto& [key, value] : j.get_ref<json::object_t&>()) {
        std::string k = key;
        to.key(k);
        feed(value, to, take);
      }
      to.end_object();
      break;
    case json::value_t::array:
      to.start_array(j.size());
      for (json& v : j) feed(v, to, take);
      to.end_array();
      break;
    case json::value_t::string:
      string(j.get_ref<std::string&>());
      break;
    case json::value_t::boolean:
      to.boolean(j.get<bool>());
      break;
    case json::value_t::number_integer:
      to.number_integer(j.get<json::number_integer_t>());
      break;
    case json::value_t::number_unsigned:
      to.number_unsigned(j.get<json::number_unsigned_t>());
      break;
    case json::value_t::number_float:
      to.number_float(j.get<double>(), {});
      break;
    default:
      to.null();
  }
}

}  // namespace

kainjow::mustache::data to_mustache(const nlohmann::json& view) {
  MustacheBuilder builder(std::numeric_limits<std::size_t>::max());  // a tree in memory holds what it claims
  feed(const_cast<nlohmann::json&>(view), builder, false);           // only read
  return std::move(builder.root);
}

kainjow::mustache::data to_mustache(nlohmann::json&& view) {
  MustacheBuilder builder(std::numeric_limits<std::size_t>::max());
  feed(view, builder, true);
  return std::move(builder.root);
}

std::optional<kainjow::mustache::data> cbor_to_mustache(std::string_view cbor) {
  MustacheBuilder builder(cbor.size());
  try {
    if (!nlohmann::json::sax_parse(cbor, &builder, nlohmann::json::input_format_t::cbor)) return std::nullopt;
  } catch (const std::exception&) {  // nlohmann's parse errors, and bad_alloc on absurd sizes
    return std::nullopt;
  }
  return std::move(builder.root);
}

std::string view_to_cache_bytes(nlohmann::json&& view) {
  std::string largest;
  std::size_t most = 1;
  if (view.is_object())
    for (const auto& [key, value] : view.items())
      if (value.is_array() && value.size() > most) {
        largest = key;
        most = value.size();
      }
  nlohmann::json rest = nlohmann::json::array();
  if (!largest.empty()) {
    nlohmann::json& list = view[largest];
    const std::size_t half = list.size() / 2;
    nlohmann::json tail = nlohmann::json::array();
    for (std::size_t i = half; i < list.size(); ++i) tail.push_back(std::move(list[i]));
    list.erase(list.begin() + static_cast<std::ptrdiff_t>(half), list.end());
    rest = nlohmann::json::array({largest, std::move(tail)});
  }
  // One buffer, the length put in front at the end (a large view is not held twice).
  std::string bytes;
  nlohmann::json::to_cbor(view, nlohmann::detail::output_adapter<char>(bytes));
  const std::string head = std::to_string(bytes.size()) + "\n";
  view = nullptr;
  if (!largest.empty()) nlohmann::json::to_cbor(rest, nlohmann::detail::output_adapter<char>(bytes));
  return bytes.insert(0, head);
}

namespace {

// The view's first part (an object) completed with the second ([key, elements]): the
// elements appended to the list at `key`.
bool join_parts(kainjow::mustache::data& view, kainjow::mustache::data&& rest) {
  if (!view.is_object() || !rest.is_list() || rest.list_value().size() != 2) return false;
  auto& parts = const_cast<kainjow::mustache::list&>(rest.list_value());
  if (!parts[0].is_string() || !parts[1].is_list()) return false;
  const kainjow::mustache::data* target = view.get(parts[0].string_value());
  if (!target || !target->is_list()) return false;
  auto& list = const_cast<kainjow::mustache::list&>(target->list_value());
  auto& tail = const_cast<kainjow::mustache::list&>(parts[1].list_value());
  // kainjow's data has no noexcept move: reserved first, or growing the list copies it.
  list.reserve(list.size() + tail.size());
  for (kainjow::mustache::data& d : tail) list.push_back(std::move(d));
  return true;
}

// Below the first, the second part is read on this thread (a thread costs more than it
// gives); above the second too: another thread's allocations can come from a malloc arena
// of its own, which this thread cannot reuse once they are freed (a large build's peak).
constexpr std::size_t kPartForThread = 16 << 10, kPartsMaxForThread = 2 << 20;

}  // namespace

std::optional<kainjow::mustache::data> view_from_cache_bytes(std::string_view bytes) {
  const std::size_t eol = bytes.find('\n');
  if (eol == std::string_view::npos || eol == 0 || eol > 12) return std::nullopt;
  std::size_t first = 0;
  for (char c : bytes.substr(0, eol)) {
    if (c < '0' || c > '9') return std::nullopt;
    first = first * 10 + static_cast<std::size_t>(c - '0');
  }
  bytes.remove_prefix(eol + 1);
  if (first > bytes.size()) return std::nullopt;
  const std::string_view second = bytes.substr(first);
  std::future<std::optional<kainjow::mustache::data>> rest;
  if (!second.empty())
    rest = std::async(second.size() >= kPartForThread && bytes.size() <= kPartsMaxForThread ? std::launch::async
                                                                                            : std::launch::deferred,
                      [second] { return cbor_to_mustache(second); });
  std::optional<kainjow::mustache::data> view = cbor_to_mustache(bytes.substr(0, first));
  if (second.empty()) return view;
  std::optional<kainjow::mustache::data> tail = rest.get();
  if (!view || !tail || !join_parts(*view, std::move(*tail))) return std::nullopt;
  return view;
}

std::optional<nlohmann::json> cbor_to_json(std::string_view cbor) {
  nlohmann::json root;
  DepthLimitedTree tree(root);
  try {
    if (!nlohmann::json::sax_parse(cbor, &tree, nlohmann::json::input_format_t::cbor)) return std::nullopt;
  } catch (const std::exception&) {  // nlohmann's parse errors, and bad_alloc on absurd sizes
    return std::nullopt;
  }
  return root;
}

}  // namespace huizong
