// The label of a report's writer (org.label): the name a clerk writes in a table row. The
// writer's place as the report gives it most fully (the title's, else the fullest one the
// body names for the writer's level, else the signature's) + the unit's standard full name,
// the level word never doubled (XX县 + 县人民政府 -> XX县人民政府, XX苏木 + 乡人民政府 ->
// XX苏木人民政府), a branch with its parent (XX市生态环境局XX县分局). Words from
// agencies.json (place_writers, region_writers, label_prefixes, branch) and regions.json.
#include <algorithm>
#include <map>

#include "common/text.h"
#include "extract/parts.h"

namespace huizong::extract_parts {
namespace {

bool is_han(char32_t c) { return c >= 0x4E00 && c <= 0x9FFF; }

bool is_mask_char(char32_t c, const ExtractLexicon& lex) {
  return std::any_of(lex.masks.begin(), lex.masks.end(),
                     [&](const std::string& m) { return to_u32(m) == std::u32string(1, c); });
}

// The level of a region or place word (县 -> 县, 苏木 -> 乡), if it is one.
std::optional<std::string> level_of_word(std::string_view word, const ExtractLexicon& lex) {
  for (const auto& [w, level] : lex.suffix_levels)
    if (w == word) return level;
  return std::nullopt;
}

bool starts_with_any(std::string_view s, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const auto& w) { return s.starts_with(w); });
}

// The governments of places by their place word: 镇 -> 镇人民政府, 县 -> 县人民政府.
std::vector<std::pair<std::string, std::string>> governments(const ExtractLexicon& lex) {
  std::vector<std::pair<std::string, std::string>> g = lex.place_writers;
  g.insert(g.end(), lex.region_writers.begin(), lex.region_writers.end());
  std::stable_sort(g.begin(), g.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return g;
}

bool is_government(std::string_view name, const ExtractLexicon& lex) {
  auto g = governments(lex);
  return std::any_of(g.begin(), g.end(), [&](const auto& p) { return p.second == name; });
}

// A place's government, its level word said once: XX镇 + 镇人民政府 -> XX镇人民政府, XX街道
// + 街道办事处 -> XX街道办事处, XX苏木 + 乡人民政府 -> XX苏木人民政府, XX高新区 +
// 高新技术产业开发区管理委员会 -> XX高新技术产业开发区管理委员会.
std::string place_government(const std::string& place, const std::string& government, const ExtractLexicon& lex) {
  auto gov = governments(lex);
  std::string_view lead;  // 镇 of 镇人民政府
  for (const auto& [word, name] : gov)
    if (name == government && government.starts_with(word) && word.size() > lead.size()) lead = word;
  std::string_view rest = std::string_view(government).substr(lead.size());  // 人民政府, 办事处
  if (place.ends_with(government) || (!lead.empty() && place.ends_with(rest))) return place;
  for (const auto& [word, name] : gov) {
    if (name != government || !place.ends_with(word)) continue;
    if (!lead.empty()) return place + std::string(rest);
    return place.substr(0, place.size() - word.size()) + government;
  }
  return place + government;
}

// The level word `s` ends with, longest first (XX苏木 -> 苏木), and its level.
std::optional<std::pair<std::string, std::string>> trailing_level(std::string_view s, const ExtractLexicon& lex) {
  if (std::any_of(lex.unranked_places.begin(), lex.unranked_places.end(), [&](auto& w) { return s.ends_with(w); }))
    return std::nullopt;
  return ends_with_level(s, lex);
}

// region + a unit's full name, the level word said once: XX县 + 县人民政府, 共青团县委员会
// -> 共青团XX县委员会; 市场 after XX市 is a word (XX市市场监督管理局).
std::string place_and_unit(const std::string& region, const std::string& unit, const ExtractLexicon& lex) {
  if (region.empty()) return unit;
  if (is_government(unit, lex)) return place_government(region, unit, lex);
  auto own = trailing_level(region, lex);
  if (!own) return region + unit;
  for (const std::string& prefix : lex.label_prefixes) {
    if (!unit.starts_with(prefix)) continue;
    std::string_view after = std::string_view(unit).substr(prefix.size());
    for (const auto& [word, level] : lex.suffix_levels)
      if (after.starts_with(word) && level == own->second)
        return prefix + region + std::string(after.substr(word.size()));
    return region + unit;
  }
  std::string_view u(unit);
  if (u.starts_with(own->first) && !starts_with_any(u, lex.not_region_words)) u.remove_prefix(own->first.size());
  return region + std::string(u);
}

// A branch with its parent's full name: 市场监管局XX分局 -> 市场监督管理局XX分局.
std::optional<std::string> branch_name(const OrgInfo& org, const ExtractLexicon& lex) {
  if (lex.branch.empty() || !org.name.ends_with(lex.branch)) return std::nullopt;
  std::string best, best_canonical;
  for (const auto& [alias, canon] : lex.aliases)
    if (org.name.starts_with(alias) && alias.size() > best.size()) best = alias, best_canonical = canon;
  for (const auto& c : lex.canonical)
    if (org.name.starts_with(c) && c.size() > best.size()) best = c, best_canonical = c;
  if (best.empty() || best.size() + lex.branch.size() >= org.name.size()) return std::nullopt;
  return best_canonical + org.name.substr(best.size());
}

// A name the lexicon does not know, its abbreviated ending spelt out: 中共金属城工委 ->
// 中共金属城工作委员会, XX街道妇联 -> XX街道妇女联合会.
std::string with_full_ending(const std::string& name, const ExtractLexicon& lex) {
  std::string best;
  for (const auto& [alias, canon] : lex.aliases)
    if (name.ends_with(alias) && name.size() > alias.size() && alias.size() > best.size()) best = alias;
  if (best.empty()) return name;
  return name.substr(0, name.size() - best.size()) + lex.aliases.at(best);
}

// ---- the place the body names -----------------------------------------------------------

// Places of the given level the text names (XX县, 宽甸满族自治县), scored. A mention may
// stand for several names (召开万载县: 万载县, 开万载县, 召开万载县), so each is counted;
// a name counts when two mentions name it, when it opens a document's title (《宣州区…》),
// or when it is masked and the writer's own unit follows it (xx县水务局): a place named
// once in passing (制定了县教育局) is none. The name with most mentions wins (the writer's own unit
// following weighs most); the longer, then the first named, breaks a tie.
class PlaceVote {
 public:
  PlaceVote(const ExtractLexicon& lex, std::string level, std::vector<std::string> unit_words)
      : lex_(lex), unit_words_(std::move(unit_words)) {
    std::vector<std::string> words8;
    for (const auto& [w, l] : lex.suffix_levels)
      if (l == level) words8.push_back(w), words_.push_back(to_u32(w));
    level_words_ = WordList(std::move(words8));
    for (const auto& w : lex.not_place_words) not_place_.push_back(to_u32(w));
    for (const auto& w : lex.unranked_places) not_place_.push_back(to_u32(w));
  }

  void scan(std::string_view text) {
    // Most lines name no place of the level: those are passed over without decoding.
    if (!contains_any(text, level_words_)) return;
    std::u32string u = to_u32(text);
    for (std::size_t p = 0; p < u.size(); ++p)
      for (const auto& w : words_)
        if ((w.empty() || u[p] == w[0]) && u.compare(p, w.size(), w) == 0) {
          mention(u, p, w);
          break;
        }
  }

  std::optional<std::string> best() const {
    const Entry* top = nullptr;
    for (const auto& [name, e] : scores_) {
      if (e.mentions < kMinMentions && !e.titled && !(e.masked && e.unit_follows)) continue;
      if (!top || score(e) > score(*top) ||
          (score(e) == score(*top) &&
           (e.name.size() > top->name.size() || (e.name.size() == top->name.size() && e.first < top->first))))
        top = &e;
    }
    return top ? std::optional<std::string>(top->name) : std::nullopt;
  }

 private:
  struct Entry {
    std::string name;
    int mentions = 0, first = 0;
    bool titled = false, unit_follows = false, masked = false;
  };
  static int score(const Entry& e) { return e.mentions + (e.unit_follows ? kUnitFollows : 0); }

  bool ends_not_place(const std::u32string& u, std::size_t end) const {
    return std::any_of(not_place_.begin(), not_place_.end(), [&](const std::u32string& w) {
      return end >= w.size() && u.compare(end - w.size(), w.size(), w) == 0;
    });
  }

  bool is_break(char32_t c) const { return !is_han(c) || lex_.writer.town_name_breaks.find(c) != std::u32string::npos; }

  void mention(const std::u32string& u, std::size_t p, const std::u32string& word) {
    std::size_t end = p + word.size();
    std::string after = to_utf8(std::u32string_view(u).substr(end, 12));
    if (ends_not_place(u, end) ||
        starts_with_any(to_utf8(std::u32string_view(u).substr(p, 4)), lex_.not_region_words) ||
        starts_with_any(after, lex_.not_place_after))
      return;
    bool unit = std::any_of(unit_words_.begin(), unit_words_.end(), [&](auto& w) { return after.starts_with(w); });
    std::size_t b = p;
    while (b > 0 && is_mask_char(u[b - 1], lex_)) --b;
    if (b < p) {  // XX县: the mask is the name
      add(u.substr(b, end - b), unit, titled(u, b), true);
      return;
    }
    while (b > 0 && p - b <= lex_.max_region_name_chars && !is_break(u[b - 1])) --b;
    for (std::size_t n = lex_.writer.town_name_min_chars; n <= std::min(p - b, lex_.max_region_name_chars); ++n) {
      std::u32string name = u.substr(p - n, n + word.size());
      if (lex_.writer.not_place_start.find(name.front()) == std::u32string::npos)
        add(name, unit, n == p - b && titled(u, b), false);
    }
  }

  // The name opens a document's title: 《宣州区高质量发展…》.
  bool titled(const std::u32string& u, std::size_t b) const {
    return b > 0 && lex_.title_marks.find(u[b - 1]) != std::u32string::npos;
  }

  void add(const std::u32string& name, bool unit, bool titled, bool masked) {
    Entry& e = scores_[name];
    if (e.name.empty()) {
      e.name = to_utf8(name);
      e.first = order_++;
    }
    ++e.mentions;
    e.unit_follows = e.unit_follows || unit;
    e.titled = e.titled || titled;
    e.masked = masked;
  }

  static constexpr int kMinMentions = 2, kUnitFollows = 1000;
  const ExtractLexicon& lex_;
  WordList level_words_;  // words_ in UTF-8
  std::vector<std::string> unit_words_;
  std::vector<std::u32string> words_, not_place_;
  std::map<std::u32string, Entry> scores_;
  int order_ = 0;
};

// The names the writer's unit goes by in a text: as written, its full name, its aliases.
std::vector<std::string> unit_words(const OrgInfo& org, const ExtractLexicon& lex) {
  std::vector<std::string> words;
  if (!org.name.empty() && org.name != org.region) words.push_back(org.name);
  if (org.canonical) {
    words.push_back(*org.canonical);
    for (const auto& [alias, canon] : lex.aliases)
      if (canon == *org.canonical) words.push_back(alias);
  }
  return words;
}

bool names_a_place(std::string_view region, const ExtractLexicon& lex) {
  return !region.empty() && !level_of_word(region, lex) &&
         !std::any_of(lex.unranked_places.begin(), lex.unranked_places.end(), [&](auto& w) { return region == w; });
}

// The level word the writer speaks as most in the words that show its level (我苏木,
// 全苏木 over 我乡; 县委 over 旗委): the place word of a label that names no place.
std::string own_level_word(const Outline& outline, const std::string& level, const ExtractLexicon& lex) {
  std::map<std::string, int> uses;
  for (const auto& [marker_level, markers] : lex.body_markers) {
    if (marker_level != level) continue;
    for (const std::string& marker : markers.words()) {
      std::string word;  // the longest level word of this level in the marker
      for (const auto& [w, l] : lex.suffix_levels)
        if (l == level && contains(marker, w) && w.size() > word.size()) word = w;
      if (word.empty()) continue;
      for (const Block& b : outline.blocks)
        for (std::size_t p = b.norm.find(marker); p != std::string::npos; p = b.norm.find(marker, p + marker.size()))
          ++uses[word];
    }
  }
  std::string best;
  for (const auto& [word, n] : uses)
    if (best.empty() || n > uses[best]) best = word;
  return best;
}

// The writer's place named most fully: the region found with the writer when it names a
// place (XX县), else the place of the writer's level the body names best, else the
// signature's, else the bare level word found with the writer (县) or nothing.
std::string fullest_place(const OrgInfo& org, const Outline& outline, const std::optional<Signature>& signature,
                          const ExtractLexicon& lex) {
  if (names_a_place(org.region, lex) || !org.level) return org.region;
  PlaceVote vote(lex, *org.level, unit_words(org, lex));
  for (const Block& b : outline.blocks) vote.scan(b.norm);
  if (auto best = vote.best()) return *best;
  if (signature) {
    OrgInfo signed_by = parse_org(normalise(signature->org), lex);
    if (names_a_place(signed_by.region, lex) && signed_by.level == org.level) return signed_by.region;
  }
  return org.region.empty() ? own_level_word(outline, *org.level, lex) : org.region;
}

}  // namespace

void label_writer(OrgInfo& org, const Outline& outline, const std::optional<Signature>& signature,
                  const ExtractLexicon& lex) {
  org.label.reset();
  org.place.clear();
  if (org.name.empty() && !org.canonical) return;
  std::string unit = org.canonical ? *org.canonical : org.name;
  bool place_writer = !org.name.empty() && org.region.empty() && org.canonical && is_government(*org.canonical, lex);
  bool region_writer = !org.name.empty() && org.name == org.region;
  if (place_writer || region_writer) {  // XX镇, 新宝力格苏木, XX县: its government
    org.place = names_a_place(org.name, lex) ? org.name : "";
    org.label = place_government(org.name, unit, lex);
    return;
  }
  if (org.name.empty()) {  // it speaks as 我镇, 我苏木 only, or names its town later
    std::string place = org.level ? fullest_place(org, outline, signature, lex) : "";
    org.place = names_a_place(place, lex) ? place : "";
    org.label = place.empty() ? unit : place_government(place, unit, lex);
    return;
  }
  if (auto branch = branch_name(org, lex))
    unit = *branch;
  else if (!is_known_org(org.name, lex))
    unit = with_full_ending(unit, lex);
  std::string place = fullest_place(org, outline, signature, lex);
  org.place = names_a_place(place, lex) ? place : "";
  org.label = place_and_unit(place, unit, lex);
}

}  // namespace huizong::extract_parts
