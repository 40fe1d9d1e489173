// read/docx internals: paragraph styles and list numbering (word/styles.xml and
// word/numbering.xml), and each paragraph's number as Word shows it. Only for docx.cpp and
// docx_numbering.cpp; the rules are described at the top of docx.cpp.
#pragma once
#include <array>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "read/docx_xml.h"

namespace huizong::docx {

constexpr int kLevels = 9;  // list levels 0..8

struct StyleInfo {
  std::string based_on;
  bool toc = false;  // a table of contents entry style: "toc 1" … "toc 9" (any UI language keeps the name)
  std::optional<int> num_id;
  std::optional<int> ilvl;
  std::optional<int> outline_level;       // w:pPr/w:outlineLvl, or N-1 for a heading N style by name
  std::optional<bool> page_break_before;  // w:pPr/w:pageBreakBefore
};

struct Styles {
  std::unordered_map<std::string, StyleInfo> by_id;
  std::string default_paragraph;

  void load(const Xml& x);
  const StyleInfo* find(const std::string& id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : &it->second;
  }
};

struct Level {
  bool defined = false;
  int start = 0;  // ECMA-376: 0 when w:start is absent
  std::string fmt = "decimal";
  std::string text;
  bool has_text = false;
  int restart = -1;  // w:lvlRestart; -1 = after any shallower level
  bool legal = false;
  std::string suffix = "tab";
  std::string style;  // w:pStyle: the paragraph style linked to this level
};

struct AbstractNum {
  std::array<Level, kLevels> levels;
  std::string num_style_link;
};

struct Num {
  int abstract_id = -1;
  std::array<std::optional<int>, kLevels> start_override;
  std::array<std::optional<Level>, kLevels> level_override;
  bool has_override = false;
};

class Numbering {
 public:
  void load(const Xml& x);

  // The level of list `num_id` whose w:pStyle is `style`, or 0.
  int level_for_style(int num_id, const std::string& style, const Styles& styles) const;

  // Advance the counters for a paragraph of list `num_id` at level `ilvl` and return its
  // number as shown ("一、", "（2）", "1.3 ") — "" for bullets, unknown lists or levels.
  std::string next(int num_id, int ilvl, const Styles& styles);

 private:
  struct Target {
    const Num* num = nullptr;
    const AbstractNum* abstract = nullptr;
    int abstract_id = -1;
  };
  struct Counters {
    std::array<int, kLevels> value{};
    std::array<bool, kLevels> used{};
  };

  Target target(int num_id, const Styles& styles) const;
  static const Level& level(const Target& t, int ilvl);
  static int start(const Target& t, int ilvl);

  std::unordered_map<int, AbstractNum> abstracts_;
  std::unordered_map<int, Num> nums_;
  std::map<std::pair<char, int>, Counters> counters_;
};

}  // namespace huizong::docx
