// read/docx internals: WordprocessingML elements matched by the prefix bound to their
// namespace on the root element (almost always "w:"), so DrawingML or math text (a:t, m:t)
// never counts as text of a paragraph. Only for docx.cpp and docx_numbering.cpp.
#pragma once
#include <charconv>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace huizong::docx {

constexpr std::string_view kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kWordNsStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";

struct W {
  std::string pre;  // "w:" (or "" when the namespace is the default one)

  static W of(pugi::xml_node root) {
    for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
      std::string_view name = a.name(), value = a.value();
      if (value != kWordNs && value != kWordNsStrict) continue;
      if (name == "xmlns") return W{""};
      if (name.substr(0, 6) == "xmlns:") return W{std::string(name.substr(6)) + ":"};
    }
    std::string_view rn = root.name();
    auto colon = rn.find(':');
    return W{colon == std::string_view::npos ? std::string() : std::string(rn.substr(0, colon + 1))};
  }

  // Local name of a WordprocessingML element, "" for anything else.
  std::string_view local(pugi::xml_node n) const {
    if (n.type() != pugi::node_element) return {};
    std::string_view name = n.name();
    if (name.substr(0, pre.size()) != pre) return {};
    name.remove_prefix(pre.size());
    if (name.find(':') != std::string_view::npos) return {};
    return name;
  }
  bool is(pugi::xml_node n, std::string_view name) const { return local(n) == name; }

  pugi::xml_node child(pugi::xml_node n, std::string_view name) const {
    if (!n) return {};
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (is(c, name)) return c;
    return {};
  }

  // Attribute by local name: w:val, or val without a prefix.
  pugi::xml_attribute attr(pugi::xml_node n, std::string_view name) const {
    if (!n) return {};
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      std::string_view an = a.name();
      if (an == name) return a;
      if (an.size() == pre.size() + name.size() && an.substr(0, pre.size()) == pre && an.substr(pre.size()) == name)
        return a;
    }
    return {};
  }
  std::string val(pugi::xml_node n) const { return attr(n, "val").value(); }

  std::optional<int> int_attr(pugi::xml_node n, std::string_view name) const {
    pugi::xml_attribute a = attr(n, name);
    if (!a) return std::nullopt;
    std::string_view v = a.value();
    while (!v.empty() && (v.front() == ' ' || v.front() == '+')) v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    int out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
    return out;
  }
  std::optional<int> int_val(pugi::xml_node n) const { return n ? int_attr(n, "val") : std::nullopt; }

  // On/off property: present and not val="0"/"false"/"off".
  bool on(pugi::xml_node n) const {
    if (!n) return false;
    std::string v = val(n);
    return !(v == "0" || v == "false" || v == "off");
  }
};

struct Xml {
  std::string text;  // parsed in place: must outlive `doc`
  pugi::xml_document doc;
  W w;
};

// Parse a part read from the archive (in place: `text` must outlive `doc`); throws the
// "not a valid .docx" input error, naming `part`, for XML that is not well-formed.
void parse_xml(Xml& x, const std::string& part, const std::string& path);

}  // namespace huizong::docx
