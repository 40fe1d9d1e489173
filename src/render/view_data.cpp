#include "render/view_data.h"

#include <bit>
#include <cmath>
#include <cstdint>
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
        if (auto* s = std::get_if<std::string>(&cell.value))
          r[field] = *s;
        else if (auto* n = std::get_if<double>(&cell.value))
          r[field] = *n;
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
        if (auto* s = std::get_if<std::string>(&cell.value))
          w.text(*s);
        else if (auto* n = std::get_if<double>(&cell.value))
          w.number(*n);
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

namespace {

// CBOR as nlohmann::json::to_cbor writes it (definite lengths, text keys, no tags) read
// straight into kainjow data, as MustacheBuilder makes it (numbers as text, null false);
// anything else is refused (a cache file not written by huizong is recomputed). nlohmann's
// reader went through a virtual call and a std::string per event: twice the time.
class CborToMustache {
 public:
  explicit CborToMustache(std::string_view in) : in_(in) {}

  bool read(data& out, std::size_t depth = 0) {
    unsigned major = 0;
    std::uint64_t n = 0;
    if (!head(major, n)) return false;
    switch (major) {
      case 0:
        out = MustacheText(std::to_string(n));
        return true;
      case 1:
        out = MustacheText(std::to_string(std::int64_t{-1} - static_cast<std::int64_t>(n)));
        return true;
      case 2:  // a byte string: false, as from nlohmann's events
        if (n > left()) return false;
        at_ += n;
        out = data(false);
        return true;
      case 3:
        if (n > left()) return false;
        out = MustacheText(std::string(in_.substr(at_, n)));
        at_ += n;
        return true;
      case 4:
        return depth < kMaxViewDepth && list(out, n, depth);
      case 5:
        return depth < kMaxViewDepth && object(out, n, depth);
      case 7:
        return simple(out, n);
      default:  // tags
        return false;
    }
  }
  bool done() const { return at_ == in_.size(); }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
  unsigned info_ = 0;  // the head's additional information (major type 7)

  std::size_t left() const { return in_.size() - at_; }

  // kainjow's data is made from a string by copying it: its own empty string takes it.
  static data MustacheText(std::string&& s) {
    data d(data::type::string);
    const_cast<std::string&>(d.string_value()) = std::move(s);
    return d;
  }

  bool head(unsigned& major, std::uint64_t& n) {
    if (left() == 0) return false;
    const auto b = static_cast<unsigned char>(in_[at_++]);
    major = b >> 5;
    info_ = b & 0x1F;
    if (info_ < 24) {
      n = info_;
      return true;
    }
    if (info_ > 27) return false;  // indefinite lengths, reserved
    const std::size_t bytes = std::size_t{1} << (info_ - 24);
    if (left() < bytes) return false;
    n = 0;
    for (std::size_t i = 0; i < bytes; ++i) n = (n << 8) | static_cast<unsigned char>(in_[at_++]);
    return true;
  }

  bool list(data& out, std::uint64_t n, std::size_t depth) {
    data l(data::type::list);
    auto& items = const_cast<kainjow::mustache::list&>(l.list_value());
    items.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(n, left())));  // a damaged file may claim any length
    for (std::uint64_t i = 0; i < n; ++i) {
      data item(false);
      if (!read(item, depth + 1)) return false;
      items.push_back(std::move(item));
    }
    out = std::move(l);
    return true;
  }

  bool object(data& out, std::uint64_t n, std::size_t depth) {
    data o(data::type::object);
    for (std::uint64_t i = 0; i < n; ++i) {
      unsigned major = 0;
      std::uint64_t size = 0;
      if (!head(major, size) || major != 3 || size > left()) return false;
      data& slot = o[std::string(in_.substr(at_, size))];  // a key given twice: the last value
      at_ += size;
      if (!read(slot, depth + 1)) return false;
    }
    out = std::move(o);
    return true;
  }

  // false, true, null and floats (half, single, double) as nlohmann reads them.
  bool simple(data& out, std::uint64_t n) {
    double x = 0;
    switch (info_) {
      case 20:
      case 22:  // false, null
        out = data(false);
        return true;
      case 21:
        out = data(true);
        return true;
      case 25: {
        const auto half = static_cast<unsigned>(n);
        const int exp = static_cast<int>((half >> 10) & 0x1F);
        const unsigned mant = half & 0x3FF;
        x = exp == 0 ? std::ldexp(mant, -24)
            : exp == 31
                ? (mant == 0 ? std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN())
                : std::ldexp(mant + 1024, exp - 25);
        if ((half & 0x8000) != 0) x = -x;
        break;
      }
      case 26:
        x = static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(n)));
        break;
      case 27:
        x = std::bit_cast<double>(n);
        break;
      default:
        return false;
    }
    out = MustacheText(nlohmann::json(x).dump());
    return true;
  }
};

}  // namespace

std::optional<kainjow::mustache::data> cbor_to_mustache(std::string_view cbor) {
  CborToMustache reader(cbor);
  data root(false);
  try {
    if (!reader.read(root) || !reader.done()) return std::nullopt;
  } catch (const std::bad_alloc&) {
    return std::nullopt;
  }
  return root;
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
