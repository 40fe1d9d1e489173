#include "extract/extract.h"

#include <algorithm>

#include "common/lexicon.h"

namespace huizong {
namespace {

constexpr std::size_t npos = std::string_view::npos;

template <class Pairs>
void sort_longest_first(Pairs& v) {
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

ExtractLexicon ExtractLexicon::load(const std::string& dir) {
  ExtractLexicon lex;
  LexiconReader agencies("agencies", dir);
  for (auto& [k, v] : agencies.string_map("aliases")) lex.aliases[normalise(k)] = v;
  lex.canonical = agencies.strings("canonical");
  std::vector<std::string> names;
  for (auto& [alias, canon] : lex.aliases) names.push_back(alias);
  names.insert(names.end(), lex.canonical.begin(), lex.canonical.end());
  lex.agency_names = WordList(std::move(names));
  lex.suffixes = agencies.strings("suffixes");
  std::stable_sort(lex.suffixes.begin(), lex.suffixes.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
  lex.place_writers = agencies.string_map("place_writers");
  sort_longest_first(lex.place_writers);
  for (auto& [k, v] : agencies.string_map("region_writers")) lex.region_writers[k] = v;
  for (auto& [k, v] : agencies.string_map("org_levels")) lex.org_levels[k] = v;
  lex.placeholders = agencies.strings("placeholders");
  agencies.done();
  std::stable_sort(lex.placeholders.begin(), lex.placeholders.end(),
                   [](auto& a, auto& b) { return a.size() > b.size(); });

  LexiconReader regions("regions", dir);
  lex.suffix_levels = regions.string_map("suffix_levels");
  sort_longest_first(lex.suffix_levels);
  lex.max_region_name_chars = static_cast<std::size_t>(regions.integer("max_name_chars", 6, 1, 100));
  lex.not_region_words = regions.strings("not_region_words");
  lex.self_words = regions.strings("self_words");
  lex.self_weight = static_cast<int>(regions.integer("self_weight", 3, 0, 100));
  for (auto& [level, words] : regions.string_lists("body_markers")) lex.body_markers.emplace_back(level, std::move(words));
  regions.done();

  LexiconReader topics("topics", dir);
  for (const LexiconReader& t : topics.objects("topics")) {
    lex.topics.emplace_back(t.text("label"), t.strings("words"));
    t.done();
  }
  topics.done();
  lex.units = UnitLexicon::load(dir);
  return lex;
}

namespace {

// Code-point helpers on UTF-8 strings (all CJK here is 3 bytes, but do not rely on it).
std::size_t chars(std::string_view s) { return length_cp(s); }

bool is_known_agency(std::string_view name, const ExtractLexicon& lex) {
  if (lex.aliases.count(std::string(name))) return true;
  return std::find(lex.canonical.begin(), lex.canonical.end(), name) != lex.canonical.end();
}

// Longest known agency name that `name` starts with.
std::string known_prefix(std::string_view name, const ExtractLexicon& lex) {
  std::string best;
  for (auto& [alias, canon] : lex.aliases)
    if (name.starts_with(alias) && alias.size() > best.size()) best = alias;
  for (auto& c : lex.canonical)
    if (name.starts_with(c) && c.size() > best.size()) best = c;
  return best;
}

// A known agency, or a branch of one (市场监管局XX分局).
bool is_known_org(std::string_view name, const ExtractLexicon& lex) {
  return is_known_agency(name, lex) || (name.ends_with("分局") && !known_prefix(name, lex).empty());
}

std::optional<std::string> canonical_of(std::string_view name, const ExtractLexicon& lex) {
  if (auto it = lex.aliases.find(std::string(name)); it != lex.aliases.end()) return it->second;
  if (std::find(lex.canonical.begin(), lex.canonical.end(), name) != lex.canonical.end()) return std::string(name);
  // XX区市场监管局XX分局: a branch of a known agency.
  if (name.ends_with("分局")) {
    std::string known = known_prefix(name, lex);
    if (!known.empty()) {
      std::string c = *canonical_of(known, lex);
      if (c.ends_with("局")) c.resize(c.size() - std::string_view("局").size());
      return c + "分局";
    }
  }
  return std::string(name);
}

// Level word the text ends with (XX县 -> {县, 县}), longest first.
std::optional<std::pair<std::string, std::string>> ends_with_level(std::string_view s, const ExtractLexicon& lex) {
  for (auto& [word, level] : lex.suffix_levels)
    if (s.ends_with(word)) return std::make_pair(word, level);
  return std::nullopt;
}

bool ends_with_suffix(std::string_view s, const ExtractLexicon& lex) {
  for (auto& suf : lex.suffixes)
    if (s.ends_with(suf)) return true;
  return false;
}

// Regions that may be split off the front of an organisation name: 省 市 州 盟 县 旗 区.
bool is_region_level(const std::string& level) {
  return level == "省" || level == "市" || level == "县" || level == "区";
}

}  // namespace

OrgInfo parse_org(std::string_view name, const ExtractLexicon& lex) {
  OrgInfo org;
  name = trim(name);
  if (name.empty()) return org;
  // Candidate split points: after each region word (XX县 | 市场监督管理局).
  struct Split {
    std::size_t at;
    std::string level;
    bool weak;
  };
  std::vector<Split> splits;
  for (std::size_t i = 0; i < name.size();) {
    bool matched = false;
    for (auto& [word, level] : lex.suffix_levels) {
      if (!is_region_level(level) && word != "旗" && word != "州" && word != "盟" && word != "自治区") continue;
      if (name.substr(i).starts_with(word)) {
        std::size_t end = i + word.size();
        bool word_start = false;
        for (auto& w : lex.not_region_words)
          if (name.substr(i).starts_with(w)) word_start = true;
        if (chars(name.substr(0, i)) <= lex.max_region_name_chars * 2) splits.push_back({end, level, word_start});
        i = end;
        matched = true;
        break;
      }
    }
    if (!matched) {
      unsigned char c = static_cast<unsigned char>(name[i]);
      i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    }
  }
  // Prefer the split whose rest is a known agency; else the last split that leaves an
  // organisation name behind.
  std::optional<Split> chosen;
  for (auto& s : splits) {
    std::string_view rest = name.substr(s.at);
    if (rest.empty()) continue;
    if (is_known_agency(rest, lex) || (!s.weak && !known_prefix(rest, lex).empty())) chosen = s;
  }
  if (!chosen)
    for (auto& s : splits)
      if (!s.weak && s.at < name.size() && chars(name.substr(s.at)) >= 2) chosen = s;

  std::string_view rest = chosen ? name.substr(chosen->at) : name;
  org.region = chosen ? std::string(name.substr(0, chosen->at)) : "";
  if (chosen) org.level = chosen->level;
  if (!chosen) {
    // XX档案馆: a redacted region name in front of an agency (but XX镇 is a town's name).
    for (const auto& ph : lex.placeholders) {
      if (!rest.starts_with(ph)) continue;
      std::string_view after = rest.substr(ph.size());
      bool place = std::any_of(lex.place_writers.begin(), lex.place_writers.end(),
                               [&](auto& p) { return after == p.first || after.empty(); });
      if (!place && ends_with_suffix(after, lex) && chars(after) >= 2) {
        org.region = std::string(ph);
        rest = after;
      }
      break;
    }
  }

  // Township-level writers named by place (XX镇, XX街道) and region-only writers (XX县).
  for (auto& [word, canon] : lex.place_writers) {
    if (rest.ends_with(word) && chars(rest) <= lex.max_region_name_chars + 3 && !is_known_agency(rest, lex)) {
      org.name = std::string(rest);
      org.canonical = canon;
      if (auto lv = ends_with_level(rest, lex)) org.level = lv->second;
      return org;
    }
  }
  if (!chosen || rest.empty()) {
    if (auto lv = ends_with_level(name, lex); lv && !ends_with_suffix(name, lex)) {
      org.name = std::string(name);
      org.region = std::string(name);
      org.level = lv->second;
      auto it = lex.region_writers.find(lv->first);
      if (it != lex.region_writers.end()) org.canonical = it->second;
      return org;
    }
  }
  if (!ends_with_suffix(rest, lex)) return OrgInfo{};
  org.name = std::string(rest);
  for (auto& [word, level] : lex.org_levels)
    if (rest.ends_with(word)) org.level = level;
  if (rest == "人民政府" && org.level) {
    org.canonical = *org.level + "人民政府";
  } else {
    org.canonical = canonical_of(rest, lex);
  }
  return org;
}

namespace {

struct TimeToken {
  std::size_t begin, end;
};

// Spans of year and period words in normalised text: 2023年, 2023年度, xxxx年, 上半年, 5月.
std::vector<TimeToken> time_tokens(std::string_view t) {
  std::vector<TimeToken> out;
  static const std::vector<std::string> words = {"年度上半年", "年上半年", "上半年度", "上半年", "下半年",
                                                 "半年度",     "半年",     "年度",     "年",     "第一季度",
                                                 "一季度",     "前三季度", "全年"};
  for (std::size_t i = 0; i < t.size();) {
    std::size_t j = i;
    while (j < t.size() && (is_digit(t[j]) || t[j] == 'x' || t[j] == 'X')) ++j;
    std::size_t begin = i, end = i;
    if (j - i == 4) {
      end = j;
      for (auto& w : words)
        if (t.substr(j).starts_with(w)) {
          end = j + w.size();
          break;
        }
      if (end == j) end = 0;  // four digits with no 年: not a year
    } else if (j > i && j - i <= 2 && t.substr(j).starts_with("月")) {
      end = j + std::string_view("月").size();
    } else {
      for (auto& w : words)
        if (w != "年" && t.substr(i).starts_with(w)) {
          end = i + w.size();
          break;
        }
    }
    if (end > begin) {
      out.push_back({begin, end});
      i = end;
    } else {
      i = j > i ? j : i + 1;
    }
  }
  return out;
}

std::optional<int> first_year(std::string_view t) {
  for (std::size_t i = 0; i + 4 <= t.size(); ++i) {
    if (!(is_digit(t[i]) && is_digit(t[i + 1]) && is_digit(t[i + 2]) && is_digit(t[i + 3]))) continue;
    if (i > 0 && is_digit(t[i - 1])) continue;
    if (i + 4 < t.size() && is_digit(t[i + 4])) continue;
    std::string_view after = t.substr(i + 4);
    if (after.starts_with("年") || after.starts_with("上半年")) {
      int y = std::stoi(std::string(t.substr(i, 4)));
      if (y >= 1990 && y <= 2100) return y;
    }
  }
  return std::nullopt;
}

// The part of a title before its plans clause (…总结及下半年工作计划 -> …总结).
std::string_view summary_part(std::string_view t) {
  std::size_t p = t.find("总结");
  if (p == npos) return t;
  return t.substr(0, p + std::string_view("总结").size());
}

}  // namespace

Period parse_period(std::string_view t) {
  Period p;
  std::string_view s = summary_part(t);
  p.year = first_year(s);
  if (!p.year) p.year = first_year(t);
  // 上半年 / 半年 win over 年度 (2023年度上半年 is H1); a 下半年 summary is H2. Ranges of
  // months name their span (1-6月 is H1; another range or one month is a monthly report).
  if (contains(s, "下半年") && !contains(s, "上半年"))
    p.span = Span::H2;
  else if (contains(s, "上半年") || contains(s, "半年"))
    p.span = Span::H1;
  else if (contains(s, "前三季度") || contains(s, "1-9月") || contains(s, "1—9月"))
    p.span = Span::Q1_Q3;
  else if (contains(s, "1-6月") || contains(s, "1—6月"))
    p.span = Span::H1;
  else if (contains(s, "第一季度") || contains(s, "一季度") || contains(s, "1-3月") || contains(s, "1—3月"))
    p.span = Span::Q1;
  else if (static const WordList kOtherQuarters{"第二季度", "二季度", "第三季度", "三季度", "第四季度", "四季度"};
           contains_any(s, kOtherQuarters))
    p.span = Span::other;
  else {
    // A single month (2023年5月工作总结) is a monthly report.
    for (auto& tok : time_tokens(s)) {
      std::string_view w = s.substr(tok.begin, tok.end - tok.begin);
      if (w.ends_with("月")) {
        p.span = Span::other;
        break;
      }
    }
  }
  return p;
}

namespace {

constexpr std::size_t kLevelScanBlocks = 12;

std::string level_from_body(const Outline& o, const ExtractLexicon& lex, int* count = nullptr) {
  std::string best;
  int best_n = 0;
  for (auto& [level, words] : lex.body_markers) {
    int n = 0;
    // The writer shows its level early (preamble, first parts): later parts mostly quote
    // superiors (全省, 市委), and scanning every line costs a pass per marker word.
    std::size_t scanned = std::min(o.blocks.size(), kLevelScanBlocks);
    for (auto& w : words) {
      int weight =
          std::find(lex.self_words.begin(), lex.self_words.end(), w) != lex.self_words.end() ? lex.self_weight : 1;
      for (std::size_t i = 0; i < scanned; ++i) {
        std::string_view norm = o.blocks[i].norm;
        for (std::size_t p = norm.find(w); p != npos; p = norm.find(w, p + w.size())) n += weight;
      }
    }
    if (n > best_n) {
      best_n = n;
      best = level;
    }
  }
  if (count) *count = best_n;
  return best;
}

// The organisation named in a title: the segment between time words that ends in an
// organisation suffix or is a place (XX镇) or region (XX县).
OrgInfo org_from_title(std::string_view t, const ExtractLexicon& lex) {
  std::vector<std::string_view> segments;
  std::size_t from = 0;
  for (auto& tok : time_tokens(t)) {
    segments.push_back(t.substr(from, tok.begin - from));
    from = tok.end;
  }
  segments.push_back(t.substr(from));
  for (std::string_view seg : segments) {
    // A segment about the work itself (工作思路(镇乡)) names no writer.
    if (seg.starts_with("工作") || seg.starts_with("及") || seg.starts_with("和") || seg.starts_with("暨")) continue;
    if (seg.starts_with("关于")) seg.remove_prefix(std::string_view("关于").size());
    if (seg.starts_with("度")) seg.remove_prefix(std::string_view("度").size());
    // Cut at the first word that starts the subject matter (工作总结, 关于 …).
    for (std::string_view stop : {"关于", "工作总结", "总结", "的", "上半年", "“", "\"", "(", "（"}) {
      std::size_t p = seg.find(stop);
      if (p != npos && p > 0) seg = seg.substr(0, p);
    }
    seg = trim(seg);
    if (seg.empty()) continue;
    // The longest prefix of the segment that parses as a known organisation, else the
    // longest that parses at all (XX市发改局法治政府建设 -> XX市 + 发改局).
    OrgInfo best;
    std::size_t best_len = 0;
    bool best_known = false;
    for (std::size_t end = seg.size(); end > 0; --end) {
      if (end < seg.size() && (static_cast<unsigned char>(seg[end]) & 0xC0) == 0x80) continue;  // inside a code point
      OrgInfo o = parse_org(seg.substr(0, end), lex);
      if (o.name.empty()) continue;
      // A bare region (XX县) counts only as the whole segment: 驻村工作队 is not 驻村.
      bool known = is_known_org(o.name, lex) || (o.region == o.name && end == seg.size());
      if (!best_len || (known && !best_known)) {
        best = o;
        best_len = end;
        best_known = known;
      }
      if (best_known) break;
    }
    if (best_len) {
      best.source = OrgSource::title;
      return best;
    }
  }
  return {};
}

// The text after the last clause break (，。：；) — the lead-in to a name.
std::string_view after_last_clause_break(std::string_view s) {
  std::size_t cut = 0;
  for (std::string_view brk : {",", "。", ":", ";", "、"}) {
    std::size_t p = s.rfind(brk);
    if (p != npos) cut = std::max(cut, p + brk.size());
  }
  return s.substr(cut);
}

// Han characters or XX placeholders only, not opening with a self or collective word: a
// place name, not 3月30日南陵县 or 我县认真落实市.
bool is_place_name(std::string_view s) {
  std::u32string u = to_u32(s);
  if (!u.empty() && std::u32string_view(U"我本全该各").find(u.front()) != std::u32string_view::npos) return false;
  for (char32_t c : u)
    if (!((c >= 0x4E00 && c <= 0x9FFF) || c == U'X' || c == U'x')) return false;
  return true;
}

// Every mention of a known agency name in t, in reading order (the longest name at a place).
std::vector<std::pair<std::size_t, std::string>> agency_mentions(std::string_view t, const ExtractLexicon& lex) {
  std::vector<std::pair<std::size_t, std::string>> out;
  std::string which;
  for (std::size_t p = 0; p < t.size();) {
    std::size_t q = lex.agency_names.find_in(t.substr(p), &which);
    if (q == npos || which.empty()) break;
    out.emplace_back(p + q, which);
    p += q + which.size();
  }
  return out;
}

// Whether `name`, parsed with what stands before it in its clause (`lead`) as `org`, is
// introduced the way a writer names itself: at a clause start or right after its own
// region (XX县审计局), not after 在 (在县财政局的支持下) or after anything but a place name.
bool introduced_as_writer(std::string_view lead, const OrgInfo& org, const std::string& name) {
  return org.name == name && lead == org.region && !lead.starts_with("在") && is_place_name(lead);
}

// Agencies the body introduces as a writer — at a clause start, after a region of the
// report's own level (so 芜湖市应急管理局 in a county's report, a superior, does not count)
// — by canonical name: how often, and the first such mention.
using WriterMentions = std::map<std::string, std::pair<int, OrgInfo>>;
WriterMentions writers_in_body(const Outline& o, const ExtractLexicon& lex, const std::string& level) {
  WriterMentions found;
  if (level.empty()) return found;
  for (const Block& b : o.blocks) {
    const std::string& t = b.body_norm;  // after the marker: （一）XX区市场监管局…
    for (const auto& [p, n] : agency_mentions(t, lex)) {
      std::string_view lead = after_last_clause_break(std::string_view(t).substr(0, p));
      if (lead.empty()) continue;
      OrgInfo org = parse_org(std::string(lead) + n, lex);
      if (!introduced_as_writer(lead, org, n) || org.level != level || !org.canonical) continue;
      auto& [count, first] = found[*org.canonical];
      if (count++ == 0) {
        first = org;
        first.source = OrgSource::body;
        first.line = b.line;
      }
    }
  }
  return found;
}

// Whether `canonical` makes more than two thirds of the agencies introduced as a writer. A
// report introducing several (a government's report: 县财政局…, 县教育局…) names no single
// writer that way.
bool dominates(const WriterMentions& found, const std::string& canonical) {
  int total = 0, own = 0;
  for (const auto& [canon, entry] : found) {
    total += entry.first;
    if (canon == canonical) own = entry.first;
  }
  return own * 3 > total * 2;
}

// An agency named near the start of the body (XX县审计局, 区交通运输局) as its writer.
OrgInfo org_from_body(const Outline& o, const ExtractLexicon& lex, std::string_view title_hint,
                      const std::string& own_level, const WriterMentions& writers) {
  std::size_t limit = std::min<std::size_t>(o.blocks.size(), 3);
  for (std::size_t i = 0; i < limit; ++i) {
    const std::string& t = o.blocks[i].body_norm;  // after the marker: （一）XX区市场监管局…
    for (auto& [p, mention] : agency_mentions(t, lex)) {
      const std::string* name = &mention;
      // Accept a name the title hints at, or one introduced as the writer, not after a bare
      // 市 (a superior body).
      bool hinted = !title_hint.empty() && name->starts_with(title_hint);
      std::string_view before = std::string_view(t).substr(0, p);
      std::string_view lead = after_last_clause_break(before);
      OrgInfo org = parse_org(std::string(lead) + *name, lex);
      // A region of another level than the report speaks as (芜湖市 in a 我县 report) is a
      // superior's or a neighbour's; an agency among several introduced alike is a subject.
      bool as_writer = introduced_as_writer(lead, org, *name) && lead != "市" &&
                       (lead.empty() || own_level.empty() || org.level == own_level) &&
                       (!org.canonical || !writers.count(*org.canonical) || dominates(writers, *org.canonical));
      if (hinted || as_writer) {
        if (org.name != *name) org = parse_org(*name, lex);
        org.source = OrgSource::body;
        org.line = o.blocks[i].line;
        return org;
      }
    }
  }
  return {};
}

// A writer named only later in its report (南陵县应急管理局在深入重点企业…, line 9 of a
// report titled 2023年度上半年危化…工作总结): the agency the body introduces as the writer
// more than two thirds of the times any agency is.
OrgInfo writer_named_later(const WriterMentions& writers) {
  for (const auto& [canon, entry] : writers)
    if (dominates(writers, canon)) return entry.second;
  return {};
}

constexpr int kTownVoteMin = 3;

// The first place of the given level named in the opening blocks (东园镇坚持以… -> 东园镇).
OrgInfo place_named_early(const Outline& o, const ExtractLexicon& lex, const std::string& level) {
  std::size_t limit = std::min<std::size_t>(o.blocks.size(), 3);
  for (std::size_t i = 0; i < limit; ++i) {
    std::u32string u = to_u32(o.blocks[i].norm);
    for (const auto& [word, word_level] : lex.suffix_levels) {
      if (word_level != level || (word != "镇" && word != "乡" && word != "街道" && word != "苏木")) continue;
      std::u32string w = to_u32(word);
      for (std::size_t p = u.find(w); p != std::u32string::npos; p = u.find(w, p + 1)) {
        // Two to four Han characters (or XX, a redacted name) before the level word, not
        // starting a clause word.
        std::size_t b = p;
        auto name_char = [](char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || c == U'X' || c == U'x'; };
        while (b > 0 && p - b < 4 && name_char(u[b - 1]) &&
               std::u32string_view(U"在的和与及对向为我全本该").find(u[b - 1]) == std::u32string_view::npos)
          --b;
        if (p - b < 2) continue;
        OrgInfo org = parse_org(to_utf8(std::u32string_view(u).substr(b, p - b + w.size())), lex);
        if (!org.name.empty() && org.level == level) {
          org.line = o.blocks[i].line;
          return org;
        }
      }
    }
  }
  return {};
}

std::optional<Signature> find_signature(const Outline& o, const ExtractLexicon& lex) {
  const auto& b = o.blocks;
  if (b.size() < 2) return std::nullopt;
  for (std::size_t k = b.size(); k-- > 1 && k + 3 > b.size();) {
    std::string_view t = b[k].norm;
    if (chars(t) > 16 || !t.ends_with("日") || t.find("年") == npos || t.find("月") == npos) continue;
    std::string_view org = b[k - 1].norm;
    static const WordList kSentencePunctuation{",", "。", ";", ":"};
    if (chars(org) > 25 || contains_any(org, kSentencePunctuation)) return std::nullopt;
    if (!ends_with_suffix(org, lex) && !ends_with_level(org, lex)) return std::nullopt;
    return Signature{std::string(trim(b[k - 1].text)), std::string(trim(b[k].text)), b[k - 1].line, b[k].line};
  }
  return std::nullopt;
}

std::optional<PlanPeriod> plan_period_from(std::string_view text, std::optional<int> year, bool heading) {
  if (contains(text, "下半年")) return PlanPeriod::H2;
  if (contains(text, "明年") || contains(text, "来年") || contains(text, "下一年")) return PlanPeriod::next_year;
  std::optional<int> y = first_year(text);
  if (y && year && *y > *year) return PlanPeriod::next_year;
  if (contains(text, "下一步") || contains(text, "下步") || contains(text, "下阶段") || contains(text, "下一阶段") ||
      contains(text, "今后"))
    return PlanPeriod::next_steps;
  if (heading && y && year && *y == *year) return PlanPeriod::next_year;  // year fixed up by the caller
  return std::nullopt;
}

}  // namespace

Extracted extract(const std::string& title, const Outline& outline, const std::vector<Section>& sections,
                  const ExtractLexicon& lex) {
  Extracted ex;
  std::string t = normalise(title);

  // Organisation: title, then the opening of the body, then signature, then the agency the
  // body most often introduces as the writer.
  ex.org = org_from_title(t, lex);
  ex.signature = find_signature(outline, lex);
  // The level the body speaks as (我县, 全区…), counted once when first needed.
  std::optional<std::pair<std::string, int>> vote;
  auto body_level = [&]() -> const std::pair<std::string, int>& {
    if (!vote) {
      int count = 0;
      std::string level = level_from_body(outline, lex, &count);
      vote.emplace(std::move(level), count);
    }
    return *vote;
  };
  std::optional<WriterMentions> writers;
  auto body_writers = [&]() -> const WriterMentions& {
    if (!writers) writers = writers_in_body(outline, lex, body_level().first);
    return *writers;
  };
  // A report that speaks as 我镇 at least kTownVoteMin times and names its town in its
  // opening lines was written by that town.
  auto town_in_body = [&]() -> OrgInfo {
    const auto& [level, count] = body_level();
    if ((level != "镇" && level != "乡" && level != "街道") || count < kTownVoteMin) return {};
    OrgInfo town = place_named_early(outline, lex, level);
    if (!town.name.empty()) town.source = OrgSource::body;
    return town;
  };
  if (ex.org.name.empty()) {
    std::string hint;
    std::size_t y = t.find_first_of("0123456789");
    if (y != npos && y > 0) hint = t.substr(0, y);
    ex.org = org_from_body(outline, lex, hint, body_level().first, body_writers());
  }
  if (ex.org.name.empty() && ex.signature) {
    ex.org = parse_org(normalise(ex.signature->org), lex);
    if (!ex.org.name.empty()) {
      ex.org.source = OrgSource::signature;
      ex.org.line = ex.signature->org_line;
    }
  }
  if (ex.org.name.empty()) {
    // A town's report naming itself early (2023年以来，xx乡始终…), else the agency the body
    // introduces as the writer.
    if (OrgInfo town = town_in_body(); !town.name.empty()) ex.org = town;
    if (ex.org.name.empty()) ex.org = writer_named_later(body_writers());
  }
  if (!ex.org.level) {
    if (!body_level().first.empty()) ex.org.level = body_level().first;
  } else if (ex.org.source == OrgSource::title && ex.org.name == ex.org.region) {
    // A title naming only a region (XX区…总结) may head a town's report.
    if (OrgInfo town = town_in_body(); !town.name.empty()) ex.org = town;
  }
  if (ex.org.name.empty() && ex.org.level) {
    // A town that never names itself still writes as 我镇: its government wrote it.
    for (auto& [word, canon] : lex.place_writers) {
      auto lv =
          std::find_if(lex.suffix_levels.begin(), lex.suffix_levels.end(), [&](auto& p) { return p.first == word; });
      if (lv != lex.suffix_levels.end() && lv->second == *ex.org.level) {
        ex.org.canonical = canon;
        ex.org.source = OrgSource::body;
        break;
      }
    }
  }

  // Period: from the title, else from the body's first year.
  ex.period = parse_period(t);
  if (!ex.period.year)
    for (const Block& b : outline.blocks)
      if ((ex.period.year = first_year(b.norm))) break;

  // Plans period: the title's plans clause, else the first plans heading or paragraph.
  auto first_plans =
      std::find_if(sections.begin(), sections.end(), [](const Section& s) { return s.kind == SectionKind::plans; });
  if (first_plans != sections.end()) {
    std::string_view st = t;
    std::size_t sum = st.find("总结");
    std::string_view clause = sum == npos ? std::string_view() : st.substr(sum);
    ex.plan_period = plan_period_from(clause, ex.period.year, false);
    std::string heading = first_plans->heading;
    if (heading.empty()) {
      auto b = std::find_if(outline.blocks.begin(), outline.blocks.end(),
                            [&](const Block& x) { return x.line == first_plans->line; });
      // The opening words of the paragraph that turned to plans (whole code points).
      if (b != outline.blocks.end()) {
        std::u32string u = to_u32(b->norm);
        heading = to_utf8(std::u32string_view(u).substr(0, std::min<std::size_t>(u.size(), 30)));
      }
    }
    std::optional<PlanPeriod> from_heading = plan_period_from(heading, ex.period.year, true);
    // A summary titled 2023年 that plans 2023 in its body reviews 2022.
    std::optional<int> heading_year = first_year(heading);
    if (ex.period.span == Span::FY && heading_year && ex.period.year && *heading_year == *ex.period.year &&
        !contains(heading, "下半年")) {
      ex.period.year = *ex.period.year - 1;
      from_heading = PlanPeriod::next_year;
    }
    if (!ex.plan_period) ex.plan_period = from_heading.value_or(PlanPeriod::next_steps);
  }

  for (auto& [label, words] : lex.topics)
    if (contains_any(t, words)) {
      ex.topic = label;
      break;
    }

  for (const Block& b : outline.blocks) {
    auto m = find_metrics(b.text, b.line, lex.units);
    ex.metrics.insert(ex.metrics.end(), std::make_move_iterator(m.begin()), std::make_move_iterator(m.end()));
  }
  return ex;
}

}  // namespace huizong
