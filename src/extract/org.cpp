// parse_org: an organisation name as written -> region, name, canonical name and level
// (XX县市场监督管理局 -> XX县 + 市场监督管理局, level 县). Words from agencies.json and
// regions.json.
#include <algorithm>

#include "common/text.h"
#include "extract/parts.h"

namespace huizong {
namespace extract_parts {

bool is_known_agency(std::string_view name, const ExtractLexicon& lex) {
  if (lex.aliases.count(std::string(name))) return true;
  return std::find(lex.canonical.begin(), lex.canonical.end(), name) != lex.canonical.end();
}

namespace {

// Longest known agency name that `name` starts with.
std::string known_prefix(std::string_view name, const ExtractLexicon& lex) {
  std::string best;
  for (auto& [alias, canon] : lex.aliases)
    if (name.starts_with(alias) && alias.size() > best.size()) best = alias;
  for (auto& c : lex.canonical)
    if (name.starts_with(c) && c.size() > best.size()) best = c;
  return best;
}

bool is_branch(std::string_view name, const ExtractLexicon& lex) {
  return !lex.branch.empty() && name.ends_with(lex.branch);
}

std::optional<std::string> canonical_of(std::string_view name, const ExtractLexicon& lex) {
  if (auto it = lex.aliases.find(std::string(name)); it != lex.aliases.end()) return it->second;
  if (std::find(lex.canonical.begin(), lex.canonical.end(), name) != lex.canonical.end()) return std::string(name);
  // XX区市场监管局XX分局: a branch of a known agency.
  if (is_branch(name, lex)) {
    std::string known = known_prefix(name, lex);
    if (!known.empty()) {
      std::string c = *canonical_of(known, lex);
      if (!lex.branch_of.empty() && c.ends_with(lex.branch_of)) c.resize(c.size() - lex.branch_of.size());
      return c + lex.branch;
    }
  }
  return std::string(name);
}

}  // namespace

bool is_known_org(std::string_view name, const ExtractLexicon& lex) {
  return is_known_agency(name, lex) || (is_branch(name, lex) && !known_prefix(name, lex).empty());
}

std::optional<std::pair<std::string, std::string>> ends_with_level(std::string_view s, const ExtractLexicon& lex) {
  // XX开发区 has the level of whoever runs it, not 区's.
  for (const auto& word : lex.unranked_places)
    if (s.ends_with(word)) return std::nullopt;
  for (auto& [word, level] : lex.suffix_levels)
    if (s.ends_with(word)) return std::make_pair(word, level);
  return std::nullopt;
}

bool ends_with_suffix(std::string_view s, const ExtractLexicon& lex) {
  return std::any_of(lex.suffixes.begin(), lex.suffixes.end(), [&](const auto& suf) { return s.ends_with(suf); });
}

}  // namespace extract_parts

namespace {

using namespace extract_parts;

// A point after a region word where a name may be cut (XX县 | 市场监督管理局); `weak` when
// the word rather starts a common word there (市场).
struct Split {
  std::size_t at;
  std::string level;
  bool weak;
};

// The place word that starts at byte i of name, if any: a region or town word
// (regions.json suffix_levels, longest first) or a place with no level (开发区, 学区).
// Only one of a prefix level splits a name; the others are stepped over whole, so the 区
// of 社区 or 开发区 is never the region 区.
struct PlaceWord {
  std::size_t size = 0;
  const std::pair<std::string, std::string>* region = nullptr;  // set for a prefix level's word
};
PlaceWord place_word_at(std::string_view name, std::size_t i, const ExtractLexicon& lex) {
  std::string_view at = name.substr(i);
  PlaceWord found;
  for (const auto& word : lex.unranked_places)
    if (at.starts_with(word) && word.size() > found.size) found.size = word.size();
  for (const auto& entry : lex.suffix_levels)
    if (at.starts_with(entry.first) && entry.first.size() > found.size) {
      const auto& levels = lex.prefix_levels;
      bool prefix = std::find(levels.begin(), levels.end(), entry.second) != levels.end();
      found = {entry.first.size(), prefix ? &entry : nullptr};
    }
  return found;
}

// Every place after a region word, within max_prefix_chars of the start.
std::vector<Split> region_splits(std::string_view name, const ExtractLexicon& lex) {
  std::vector<Split> splits;
  for (std::size_t i = 0; i < name.size();) {
    PlaceWord place = place_word_at(name, i, lex);
    if (!place.region) {
      if (place.size)
        i += place.size;
      else
        utf8::step(name, i);
      continue;
    }
    const auto* word = place.region;
    bool weak = std::any_of(lex.not_region_words.begin(), lex.not_region_words.end(),
                            [&](const auto& w) { return name.substr(i).starts_with(w); });
    std::size_t end = i + word->first.size();
    if (length_cp(name.substr(0, i)) <= lex.max_prefix_chars) splits.push_back({end, word->second, weak});
    i = end;
  }
  return splits;
}

// The split whose rest is a known agency; else the last that leaves an organisation name.
std::optional<Split> choose_split(std::string_view name, const std::vector<Split>& splits, const ExtractLexicon& lex) {
  std::optional<Split> chosen;
  for (auto& s : splits) {
    std::string_view rest = name.substr(s.at);
    if (rest.empty()) continue;
    if (is_known_agency(rest, lex) || (!s.weak && !known_prefix(rest, lex).empty())) chosen = s;
  }
  if (!chosen)
    for (auto& s : splits)
      if (!s.weak && s.at < name.size() && length_cp(name.substr(s.at)) >= lex.min_name_chars) chosen = s;
  return chosen;
}

// XX档案馆: a redacted region name in front of an agency (but XX镇 is a town's name).
void split_placeholder(std::string_view& rest, OrgInfo& org, const ExtractLexicon& lex) {
  for (const auto& ph : lex.placeholders) {
    if (!rest.starts_with(ph)) continue;
    std::string_view after = rest.substr(ph.size());
    bool place = std::any_of(lex.place_writers.begin(), lex.place_writers.end(),
                             [&](auto& p) { return after == p.first || after.empty(); });
    if (!place && ends_with_suffix(after, lex) && length_cp(after) >= lex.min_name_chars) {
      org.region = std::string(ph);
      rest = after;
    }
    return;
  }
}

// Township-level writers named by place (XX镇, XX街道): their government.
bool place_writer(std::string_view rest, OrgInfo& org, const ExtractLexicon& lex) {
  // 美丽乡村 or 城镇 names no place.
  if (std::any_of(lex.not_place_words.begin(), lex.not_place_words.end(), [&](auto& w) { return rest.ends_with(w); }))
    return false;
  for (auto& [word, canon] : lex.place_writers) {
    if (rest.ends_with(word) && length_cp(rest) <= lex.place_writer_max_chars && !is_known_agency(rest, lex)) {
      org.name = std::string(rest);
      org.canonical = canon;
      if (auto lv = ends_with_level(rest, lex)) org.level = lv->second;
      return true;
    }
  }
  return false;
}

// A region alone (XX县): its people's government.
std::optional<OrgInfo> region_writer(std::string_view name, const ExtractLexicon& lex) {
  auto lv = ends_with_level(name, lex);
  if (!lv || ends_with_suffix(name, lex)) return std::nullopt;
  OrgInfo org;
  org.name = std::string(name);
  org.region = std::string(name);
  org.level = lv->second;
  auto it = lex.region_writers.find(lv->first);
  if (it != lex.region_writers.end()) org.canonical = it->second;
  return org;
}

// An agency (after its region, if any): its canonical name, and its level when what it is
// decides it (驻村工作队 -> 村).
OrgInfo agency(std::string_view rest, OrgInfo org, const ExtractLexicon& lex) {
  if (!ends_with_suffix(rest, lex)) return OrgInfo{};
  org.name = std::string(rest);
  for (auto& [word, level] : lex.org_levels)
    if (rest.ends_with(word)) org.level = level;
  if (!lex.government.empty() && rest == lex.government && org.level)
    org.canonical = *org.level + lex.government;
  else
    org.canonical = canonical_of(rest, lex);
  return org;
}

}  // namespace

OrgInfo parse_org(std::string_view name, const ExtractLexicon& lex) {
  OrgInfo org;
  name = trim(name);
  if (name.empty()) return org;
  std::optional<Split> chosen = choose_split(name, region_splits(name, lex), lex);
  std::string_view rest = chosen ? name.substr(chosen->at) : name;
  if (chosen) {
    org.region = std::string(name.substr(0, chosen->at));
    org.level = chosen->level;
  } else {
    split_placeholder(rest, org, lex);
  }
  if (place_writer(rest, org, lex)) return org;
  if (!chosen || rest.empty())
    if (auto region = region_writer(name, lex)) return *region;
  return agency(rest, std::move(org), lex);
}

}  // namespace huizong
