#include "render/view_data.h"

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <ostream>
#include <streambuf>

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

namespace {

using kainjow::mustache::data;

// A text moved out of a cached view's CBOR is a byte string of this many bytes there: its
// length (little-endian), the text itself following the CBOR. nlohmann's CBOR reader reads a
// text a byte at a time (compendium's view: 20 M instructions); the texts are copied whole.
constexpr std::size_t kTextRefBytes = 4;
// Shorter texts stay in the CBOR (a std::string holds up to 15 bytes without allocating).
constexpr std::size_t kTextOutBytes = 16;

// Views are a few levels deep; a cache file nested deeper is damaged (or hostile), and
// nlohmann's CBOR reader, kainjow's data and nlohmann's tree all recurse on nesting.
constexpr std::size_t kMaxViewDepth = 64;

// Builds kainjow data from JSON events: those of a CBOR parser (a cached view is read
// without first building, then freeing, a JSON tree) or of feed() walking a tree. kainjow
// copies on set/push_back, so containers are inserted empty and filled in place, which
// keeps the conversion linear in the size of the view. Numbers become text, null false.
class MustacheBuilder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  // `max_elements`: the most list elements to reserve for (a damaged file may claim any);
  // `texts`: the texts moved out of the CBOR (view_to_cache_bytes), in the order read.
  // `names`, if given: the only object keys kept (a key no template names is never looked up).
  explicit MustacheBuilder(std::size_t max_elements, std::string_view texts = {}, const ViewNames* names = nullptr)
      : max_elements(max_elements), texts_(texts), names_(names) {}
  data root;
  const std::size_t max_elements;
  // Whether every text moved out was read.
  bool texts_done() const { return texts_.empty(); }

  bool null() override { return add(data(data::type::bool_false)); }
  bool boolean(bool b) override { return add(data(b ? data::type::bool_true : data::type::bool_false)); }
  bool number_integer(number_integer_t n) override { return add(data(std::to_string(n))); }
  bool number_unsigned(number_unsigned_t n) override { return add(data(std::to_string(n))); }
  bool number_float(number_float_t x, const string_t&) override { return add(data(nlohmann::json(x).dump())); }
  bool string(string_t& s) override { return add(text(std::move(s))); }
  bool binary(binary_t& b) override {
    if (b.size() != kTextRefBytes) return add(data(data::type::bool_false));
    std::size_t length = 0;
    for (std::size_t i = 0; i < kTextRefBytes; ++i) length |= std::size_t{b[i]} << (8 * i);
    if (length > texts_.size()) return false;  // a damaged file
    if (!leaving_out()) add(text(std::string(texts_.substr(0, length))));
    texts_.remove_prefix(length);
    return true;
  }
  bool start_object(std::size_t) override { return open(data(data::type::object)); }
  bool key(string_t& k) override {
    if (left_out_ == 0) {
      key_ = std::move(k);
      leave_out_next_ = names_ && !names_->contains(key_);
    }
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t elements) override {
    const bool kept = !leave_out_next_ && left_out_ == 0;
    if (!open(data(data::type::list))) return false;
    // kainjow's data has no noexcept move: reserve, or every growth deep-copies the list.
    // A damaged file may claim any length: never more elements than it has bytes.
    if (kept && elements != static_cast<std::size_t>(-1))
      const_cast<kainjow::mustache::list&>(open_.back()->list_value()).reserve(std::min(elements, max_elements));
    return true;
  }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  std::vector<data*> open_;  // containers being filled, innermost last
  std::string key_;
  std::string_view texts_;  // those not yet read
  const ViewNames* names_;
  bool leave_out_next_ = false;  // the next value is of a key left out
  std::size_t left_out_ = 0;     // containers open inside a value left out

  // Whether the value now read is left out (and, if a scalar, consumed).
  bool leaving_out() {
    if (left_out_ > 0) return true;
    const bool out = leave_out_next_;
    leave_out_next_ = false;
    return out;
  }

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
    if (!leaving_out()) insert(std::move(v));
    return true;
  }
  bool open(data&& v) {
    if (open_.size() + left_out_ >= kMaxViewDepth) return false;  // nlohmann's CBOR reader recurses: stop it
    if (left_out_ > 0 || leaving_out())
      ++left_out_;
    else
      open_.push_back(insert(std::move(v)));
    return true;
  }
  bool close() {
    if (left_out_ > 0)
      --left_out_;
    else
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

// CBOR and the texts moved out of it, as template data; nullopt unless every text is read.
std::optional<kainjow::mustache::data> cbor_texts_to_mustache(std::string_view cbor, std::string_view texts,
                                                              const ViewNames* names = nullptr) {
  MustacheBuilder builder(cbor.size(), texts, names);
  try {
    if (!nlohmann::json::sax_parse(cbor, &builder, nlohmann::json::input_format_t::cbor)) return std::nullopt;
  } catch (const std::exception&) {  // nlohmann's parse errors, and bad_alloc on absurd sizes
    return std::nullopt;
  }
  if (!builder.texts_done()) return std::nullopt;
  return std::move(builder.root);
}

// Bytes appended in pieces of at most a megabyte: a view's CBOR (tens of megabytes for a
// large model) without the copies a growing string leaves behind, written out piece by
// piece. A stream buffer, so that nlohmann's CBOR writer (which takes a stream) fills it.
class Chunks final : public std::streambuf {
 public:
  Chunks() { setp(buffer_, buffer_ + sizeof buffer_); }
  void append(std::string_view s) {
    flush_put();
    add(s);
  }
  std::size_t size() const { return size_ + static_cast<std::size_t>(pptr() - pbase()); }
  void send(const std::function<void(std::string_view)>& out) {
    flush_put();
    for (const std::string& p : pieces_) out(p);
  }

 protected:
  // nlohmann writes a CBOR head a byte at a time: those go to the put area.
  int sync() override {
    flush_put();
    return 0;
  }
  int_type overflow(int_type c) override {
    flush_put();
    if (c != traits_type::eof()) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    append(std::string_view(s, static_cast<std::size_t>(n)));
    return n;
  }

 private:
  static constexpr std::size_t kPiece = 1 << 20;
  std::vector<std::string> pieces_;
  std::size_t size_ = 0;
  char buffer_[1 << 12];

  void flush_put() {
    if (pptr() == pbase()) return;
    add(std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())));
    setp(buffer_, buffer_ + sizeof buffer_);
  }
  void add(std::string_view s) {
    size_ += s.size();
    while (!s.empty()) {
      if (pieces_.empty() || pieces_.back().size() == kPiece) pieces_.emplace_back().reserve(kPiece);
      std::string& last = pieces_.back();
      const std::size_t n = std::min(s.size(), kPiece - last.size());
      last.append(s.substr(0, n));
      s.remove_prefix(n);
    }
  }
};

// Moves the texts of `j` of kTextOutBytes or more to the end of `texts`, each replaced by
// the byte string of its length.
void move_texts_out(nlohmann::json& j, Chunks& texts) {
  if (j.is_structured()) {
    for (nlohmann::json& v : j) move_texts_out(v, texts);
  } else if (j.is_string() && j.get_ref<const std::string&>().size() >= kTextOutBytes &&
             j.get_ref<const std::string&>().size() <= 0xFFFFFFFFu) {
    const std::string& s = j.get_ref<const std::string&>();
    std::vector<std::uint8_t> length(kTextRefBytes);
    for (std::size_t i = 0; i < kTextRefBytes; ++i) length[i] = static_cast<std::uint8_t>(s.size() >> (8 * i));
    texts.append(s);
    j = nlohmann::json::binary(std::move(length));
  }
}

}  // namespace

std::optional<kainjow::mustache::data> cbor_to_mustache(std::string_view cbor) {
  return cbor_texts_to_mustache(cbor, {});
}

namespace {

// The head of a CBOR array (major type 4) or map (5) of `n` items, in the shortest form, as
// nlohmann::json::to_cbor writes it.
void append_cbor_head(std::string& bytes, unsigned major, std::uint64_t n) {
  const char type = static_cast<char>(major << 5);
  int size = 0;
  if (n < 24) {
    bytes += static_cast<char>(type | static_cast<char>(n));
    return;
  }
  if (n <= 0xFF) {
    bytes += static_cast<char>(type | 24);
    size = 1;
  } else if (n <= 0xFFFF) {
    bytes += static_cast<char>(type | 25);
    size = 2;
  } else if (n <= 0xFFFFFFFFu) {
    bytes += static_cast<char>(type | 26);
    size = 4;
  } else {
    bytes += static_cast<char>(type | 27);
    size = 8;
  }
  for (int i = size - 1; i >= 0; --i) bytes += static_cast<char>((n >> (8 * i)) & 0xFF);
}

// `j`'s CBOR appended to `bytes`, its texts moved out to the end of `texts`.
void append_cbor(nlohmann::json&& j, Chunks& bytes, Chunks& texts) {
  move_texts_out(j, texts);
  std::ostream stream(&bytes);
  nlohmann::json::to_cbor(j, stream);
}

void append_cbor_head(Chunks& bytes, unsigned major, std::uint64_t n) {
  std::string head;
  append_cbor_head(head, major, n);
  bytes.append(head);
}

// A map's key (its text stays in the CBOR: only values are moved out).
void append_cbor_key(const std::string& key, Chunks& bytes) {
  std::ostream stream(&bytes);
  nlohmann::json::to_cbor(nlohmann::json(key), stream);
}

// The cache's bytes: "C T\n", the CBOR (C bytes), the texts moved out of it (T bytes).
void send_cache_bytes(Chunks& cbor, Chunks& texts, const std::function<void(std::string_view)>& out) {
  out(std::to_string(cbor.size()) + " " + std::to_string(texts.size()) + "\n");
  cbor.send(out);
  texts.send(out);
}

std::string joined_bytes(const std::function<void(const std::function<void(std::string_view)>&)>& write) {
  std::string bytes;
  write([&bytes](std::string_view piece) { bytes += piece; });
  return bytes;
}

}  // namespace

void view_to_cache(nlohmann::json&& view, const std::function<void(std::string_view)>& out) {
  Chunks cbor, texts;
  append_cbor(std::move(view), cbor, texts);
  view = nullptr;
  send_cache_bytes(cbor, texts, out);
}

void view_to_cache(nlohmann::json&& rest, const std::string& list_key, std::size_t count,
                   const std::function<nlohmann::json(std::size_t)>& element,
                   const std::function<void(std::string_view)>& out) {
  if (!rest.is_object() || rest.contains(list_key)) {  // not a view this can add to: made whole
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < count; ++i) list.push_back(element(i));
    rest[list_key] = std::move(list);
    return view_to_cache(std::move(rest), out);
  }
  // The object's keys in nlohmann's order, the list in its place.
  Chunks cbor, texts;
  append_cbor_head(cbor, 5, rest.size() + 1);
  bool listed = false;
  auto append_list = [&] {
    append_cbor_key(list_key, cbor);
    append_cbor_head(cbor, 4, count);
    for (std::size_t i = 0; i < count; ++i) append_cbor(element(i), cbor, texts);
    listed = true;
  };
  for (auto& [key, value] : rest.get_ref<nlohmann::json::object_t&>()) {
    if (!listed && list_key < key) append_list();
    append_cbor_key(key, cbor);
    append_cbor(std::move(value), cbor, texts);
  }
  if (!listed) append_list();
  rest = nullptr;
  send_cache_bytes(cbor, texts, out);
}

std::string view_to_cache_bytes(nlohmann::json&& view) {
  return joined_bytes([&](const std::function<void(std::string_view)>& out) { view_to_cache(std::move(view), out); });
}

std::string view_to_cache_bytes(nlohmann::json&& rest, const std::string& list_key, std::size_t count,
                                const std::function<nlohmann::json(std::size_t)>& element) {
  return joined_bytes([&](const std::function<void(std::string_view)>& out) {
    view_to_cache(std::move(rest), list_key, count, element, out);
  });
}

namespace {

// The head of cached view bytes: "C T\n" (view_to_cache_bytes), the bytes after it.
std::optional<std::array<std::size_t, 2>> cache_head(std::string_view& bytes) {
  const std::size_t eol = bytes.find('\n');
  if (eol == std::string_view::npos || eol > 40) return std::nullopt;
  std::array<std::size_t, 2> n{};
  std::size_t at = 0;
  for (std::size_t& number : n) {
    const std::size_t start = at;
    for (; at < eol && bytes[at] >= '0' && bytes[at] <= '9' && at - start < 12; ++at)
      number = number * 10 + static_cast<std::size_t>(bytes[at] - '0');
    if (at == start || (at != eol && bytes[at++] != ' ')) return std::nullopt;
  }
  if (at != eol) return std::nullopt;
  bytes.remove_prefix(eol + 1);
  return n;
}

}  // namespace

namespace {

// Walks one CBOR item as nlohmann::json::to_cbor writes them (definite lengths, no tags),
// from `at` to just after it, adding the lengths of the texts moved out of it to `moved`;
// false for anything else (a damaged file), or nesting deeper than a view can be.
class CborWalk {
 public:
  explicit CborWalk(std::string_view cbor) : cbor_(cbor) {}
  bool item(std::size_t& at, std::size_t& moved, std::size_t depth = 0) const {
    std::uint64_t n = 0;
    unsigned major = 0, info = 0;
    if (depth >= kMaxViewDepth || !head(at, major, info, n)) return false;
    switch (major) {
      case 0:
      case 1:
        return true;
      case 2:  // a byte string: of kTextRefBytes, a moved text's length
        if (n > cbor_.size() - at) return false;
        if (n == kTextRefBytes)
          for (std::size_t i = 0; i < kTextRefBytes; ++i)
            moved += std::size_t{static_cast<unsigned char>(cbor_[at + i])} << (8 * i);
        at += n;
        return true;
      case 3:
        if (n > cbor_.size() - at) return false;
        at += n;
        return true;
      case 4:
      case 5:
        if (n > cbor_.size() - at) return false;  // each item takes a byte at least
        for (std::uint64_t i = 0; i < (major == 5 ? 2 * n : n); ++i) {
          // A map's keys are texts (nlohmann's reader refuses any other).
          if (major == 5 && i % 2 == 0 && (at >= cbor_.size() || (static_cast<unsigned char>(cbor_[at]) >> 5) != 3))
            return false;
          if (!item(at, moved, depth + 1)) return false;
        }
        return true;
      case 7:
        return info >= 20 && info <= 27 && info != 23 && info != 24;  // false, true, null, floats
      default:
        return false;
    }
  }
  // An item's head: its major type, additional information and argument (for a float,
  // its bytes are skipped).
  bool head(std::size_t& at, unsigned& major, unsigned& info, std::uint64_t& n) const {
    if (at >= cbor_.size()) return false;
    const auto first = static_cast<unsigned char>(cbor_[at++]);
    major = first >> 5;
    info = first & 31u;
    n = info;
    if (info < 24) return true;
    if (info > 27) return false;  // indefinite lengths: not written
    const std::size_t size = std::size_t{1} << (info - 24);
    if (size > cbor_.size() - at) return false;
    n = 0;
    for (std::size_t i = 0; i < size; ++i) n = (n << 8) | static_cast<unsigned char>(cbor_[at + i]);
    at += size;
    return true;
  }

 private:
  std::string_view cbor_;
};

// The tables read straight from their CBOR, {name: [{field: value}]}, as datasets_to_cbor
// writes it: no JSON tree in between (the tables of 100 MB of reports are 85 MB of CBOR,
// several times that as a tree), each text copied whole (nlohmann's reader took the
// workbook's re-render 155 M instructions for samples/, a character at a time). A cell
// repeating the one above it shares its text. What nlohmann's reader would refuse is
// refused (and indefinite lengths and tags, never written): a damaged cache is rebuilt.
class TablesReader {
 public:
  explicit TablesReader(std::string_view cbor) : cbor_(cbor), walk_(cbor) {}

  std::optional<Datasets> read() {
    Datasets out;
    std::uint64_t tables = 0;
    if (!container(5, tables)) return std::nullopt;
    for (std::uint64_t t = 0; t < tables; ++t) {
      std::string_view name;
      std::uint64_t rows = 0;
      if (!text(name) || !container(4, rows)) return std::nullopt;
      Dataset& dataset = out[std::string(name)];
      dataset.reserve(dataset.size() + rows);  // rows <= the bytes left (container)
      for (std::uint64_t r = 0; r < rows; ++r)
        if (!row(dataset)) return std::nullopt;
    }
    if (at_ != cbor_.size()) return std::nullopt;  // nothing after the tables
    return out;
  }

 private:
  std::string_view cbor_;
  CborWalk walk_;
  std::size_t at_ = 0;

  // An array (4) or map (5) head of `major`; its count no more than the bytes left, each
  // item taking one at least.
  bool container(unsigned major, std::uint64_t& n) {
    unsigned m = 0, info = 0;
    return walk_.head(at_, m, info, n) && m == major && n <= cbor_.size() - at_;
  }
  bool text(std::string_view& s) {
    unsigned m = 0, info = 0;
    std::uint64_t n = 0;
    if (!walk_.head(at_, m, info, n) || m != 3 || n > cbor_.size() - at_) return false;
    s = cbor_.substr(at_, n);
    at_ += n;
    return true;
  }
  bool value(Cell& cell) {
    if (at_ >= cbor_.size()) return false;
    if ((static_cast<unsigned char>(cbor_[at_]) >> 5) == 3) {
      std::string_view s;
      if (!text(s)) return false;
      cell = Cell(s);
      return true;
    }
    unsigned m = 0, info = 0;
    std::uint64_t n = 0;
    if (!walk_.head(at_, m, info, n)) return false;
    if (m == 0) {
      cell = Cell(static_cast<double>(n));
    } else if (m == 1) {
      cell = Cell(-1.0 - static_cast<double>(n));
    } else if (m == 7 && (info == 20 || info == 21 || info == 22)) {  // false, true, null
      cell = Cell();
    } else if (m == 7 && info == 25) {
      cell = Cell(half_float(static_cast<unsigned>(n)));
    } else if (m == 7 && info == 26) {
      cell = Cell(static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(n))));
    } else if (m == 7 && info == 27) {
      cell = Cell(std::bit_cast<double>(n));
    } else {
      return false;
    }
    return true;
  }
  bool row(Dataset& dataset) {
    std::uint64_t fields = 0;
    if (!container(5, fields)) return false;
    Row row;
    row.reserve(fields);
    const Row* above = dataset.empty() ? nullptr : &dataset.back();
    for (std::uint64_t f = 0; f < fields; ++f) {
      std::string_view field;
      Cell cell;
      if (!text(field) || !value(cell)) return false;
      const std::string* name = named(field);
      if (above && cell.is_text())
        if (const Cell* same = above->find_named(name); same && *same == cell) cell = *same;
      row.named(name) = std::move(cell);
    }
    dataset.push_back(std::move(row));
    return true;
  }
  // The field_name() of a key: the few keys of the tables looked up once each.
  const std::string* named(std::string_view key) {
    for (const auto& [bytes, name] : names_)
      if (bytes == key) return name;
    return names_.emplace_back(key, field_name(key)).second;
  }
  std::vector<std::pair<std::string_view, const std::string*>> names_;
  // IEEE 754 half precision (RFC 8949 appendix D), as nlohmann reads it.
  static double half_float(unsigned half) {
    const unsigned exponent = (half >> 10) & 0x1F, mantissa = half & 0x3FF;
    double v = exponent == 0    ? std::ldexp(mantissa, -24)
               : exponent == 31 ? (mantissa == 0 ? std::numeric_limits<double>::infinity()
                                                 : std::numeric_limits<double>::quiet_NaN())
                                : std::ldexp(mantissa + 1024, static_cast<int>(exponent) - 25);
    return (half & 0x8000) ? -v : v;
  }
};

}  // namespace

std::optional<Datasets> datasets_from_cbor(std::string_view cbor) {
  try {
    return TablesReader(cbor).read();
  } catch (const std::bad_alloc&) {  // absurd sizes in a damaged file
    return std::nullopt;
  }
}

std::optional<ViewElements> ViewElements::read(std::string bytes, const std::string& list_key, const ViewNames* names) {
  ViewElements v;
  v.bytes_ = std::move(bytes);
  if (names) v.names_ = *names;
  v.keep_all_ = !names;
  std::string_view body = v.bytes_;
  const auto head = cache_head(body);
  if (!head || (*head)[0] > body.size() || (*head)[1] != body.size() - (*head)[0]) return std::nullopt;
  v.cbor_at_ = v.bytes_.size() - body.size();
  v.texts_at_ = v.cbor_at_ + (*head)[0];
  const std::string_view cbor = v.cbor(), texts = v.texts();
  const CborWalk walk(cbor);
  std::size_t at = 0, moved = 0;
  unsigned major = 0, info = 0;
  std::uint64_t keys = 0;
  if (!walk.head(at, major, info, keys) || major != 5) return std::nullopt;
  // The view's CBOR without the list: a map of one key fewer, the other keys' bytes as they are.
  std::string rest_cbor;
  append_cbor_head(rest_cbor, 5, keys == 0 ? 0 : keys - 1);
  std::string rest_texts;
  bool listed = false;
  for (std::uint64_t k = 0; k < keys; ++k) {
    const std::size_t key_at = at, key_moved = moved;
    std::uint64_t key_size = 0;
    if (!walk.head(at, major, info, key_size) || major != 3 || key_size > cbor.size() - at) return std::nullopt;
    const std::string_view key = cbor.substr(at, key_size);
    at += key_size;
    if (key == list_key) {
      if (listed) return std::nullopt;  // the key twice: damaged
      std::uint64_t count = 0;
      if (!walk.head(at, major, info, count) || major != 4 || count > cbor.size() - at) return std::nullopt;
      for (std::uint64_t i = 0; i < count; ++i) {
        Extent e{at, 0, moved, 0};
        if (!walk.item(at, moved)) return std::nullopt;
        e.end = at;
        e.texts_end = moved;
        v.elements_.push_back(e);
      }
      listed = true;
      continue;
    }
    if (!walk.item(at, moved) || moved > texts.size()) return std::nullopt;
    rest_cbor.append(cbor.substr(key_at, at - key_at));
    rest_texts.append(texts.substr(key_moved, moved - key_moved));
  }
  if (!listed || at != cbor.size() || moved != texts.size()) return std::nullopt;
  std::optional<kainjow::mustache::data> rest = cbor_texts_to_mustache(rest_cbor, rest_texts, names);
  if (!rest || !rest->is_object()) return std::nullopt;
  v.rest = std::move(*rest);
  return v;
}

std::optional<kainjow::mustache::data> ViewElements::element(std::size_t i) const {
  if (i >= elements_.size()) return std::nullopt;
  const Extent& e = elements_[i];
  return cbor_texts_to_mustache(cbor().substr(e.begin, e.end - e.begin),
                                texts().substr(e.texts_begin, e.texts_end - e.texts_begin),
                                keep_all_ ? nullptr : &names_);
}

std::optional<kainjow::mustache::data> view_from_cache_bytes(std::string_view bytes, const ViewNames* names) {
  const auto head = cache_head(bytes);
  if (!head) return std::nullopt;
  const auto [cbor, texts] = *head;
  if (cbor > bytes.size() || texts != bytes.size() - cbor) return std::nullopt;
  return cbor_texts_to_mustache(bytes.substr(0, cbor), bytes.substr(cbor), names);
}

}  // namespace huizong
