// Who wrote a report: the organisation its title names, else one its opening introduces as
// the writer, else its signature, else the town or agency its body speaks as; the level the
// body speaks as (我县, 全区…) when nothing else gives one. Words from agencies.json
// ("writer") and regions.json.
#include <algorithm>
#include <map>

#include "common/text.h"
#include "extract/parts.h"

namespace huizong::extract_parts {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool starts_with_any(std::string_view s, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const auto& w) { return s.starts_with(w); });
}

bool contains_word(const std::vector<std::string>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

bool is_name_char(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || c == U'X' || c == U'x'; }

// ---- the title --------------------------------------------------------------------------

// A segment of the title cut down to where a writer's name can be: "" when it is about the
// work itself (工作思路(镇乡)); cut before the subject matter (…关于, …工作总结).
std::string_view writer_part(std::string_view seg, const WriterLexicon& w) {
  if (starts_with_any(seg, w.title_skip)) return {};
  for (const auto& strip : w.title_strip)
    if (seg.starts_with(strip)) seg.remove_prefix(strip.size());
  for (const auto& stop : w.title_stops) {
    std::size_t p = seg.find(stop);
    if (p != npos && p > 0) seg = seg.substr(0, p);
  }
  return trim(seg);
}

// The longest prefix of the segment that parses as a known organisation, else the longest
// that parses at all (XX市发改局法治政府建设 -> XX市 + 发改局).
OrgInfo org_in_segment(std::string_view seg, const ExtractLexicon& lex) {
  OrgInfo best;
  bool found = false, best_known = false;
  for (std::size_t end = seg.size(); end > 0 && !best_known; --end) {
    if (end < seg.size() && utf8::is_continuation(seg[end])) continue;  // inside a code point
    OrgInfo o = parse_org(seg.substr(0, end), lex);
    if (o.name.empty()) continue;
    // A bare region (XX县) counts only as the whole segment: 驻村工作队 is not 驻村.
    bool known = is_known_org(o.name, lex) || (o.region == o.name && end == seg.size());
    if (!found || (known && !best_known)) {
      best = std::move(o);
      found = true;
      best_known = known;
    }
  }
  return best;
}

// The organisation named in a title: the segment between time words that ends in an
// organisation suffix or is a place (XX镇) or region (XX县).
OrgInfo org_from_title(std::string_view t, const ExtractLexicon& lex) {
  std::vector<std::string_view> segments;
  std::size_t from = 0;
  for (auto& tok : time_tokens(t, lex.periods)) {
    segments.push_back(t.substr(from, tok.begin - from));
    from = tok.end;
  }
  segments.push_back(t.substr(from));
  for (std::string_view seg : segments) {
    seg = writer_part(seg, lex.writer);
    if (seg.empty()) continue;
    OrgInfo best = org_in_segment(seg, lex);
    if (!best.name.empty()) {
      best.source = OrgSource::title;
      return best;
    }
  }
  return {};
}

// ---- names in the body ------------------------------------------------------------------

// The text after the last clause break (，。：；) — the lead-in to a name.
std::string_view after_last_clause_break(std::string_view s, const WriterLexicon& w) {
  std::size_t cut = 0;
  for (const auto& brk : w.clause_breaks) {
    std::size_t p = s.rfind(brk);
    if (p != npos) cut = std::max(cut, p + brk.size());
  }
  return s.substr(cut);
}

// Han characters or XX placeholders only, not opening with a self or collective word: a
// place name, not 3月30日南陵县 or 我县认真落实市.
bool is_place_name(std::string_view s, const WriterLexicon& w) {
  std::u32string u = to_u32(s);
  if (!u.empty() && w.not_place_start.find(u.front()) != std::u32string::npos) return false;
  return std::all_of(u.begin(), u.end(), is_name_char);
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
bool introduced_as_writer(std::string_view lead, const OrgInfo& org, const std::string& name, const WriterLexicon& w) {
  return org.name == name && lead == org.region && !starts_with_any(lead, w.not_writer_after) && is_place_name(lead, w);
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
      std::string_view lead = after_last_clause_break(std::string_view(t).substr(0, p), lex.writer);
      if (lead.empty()) continue;
      OrgInfo org = parse_org(std::string(lead) + n, lex);
      if (!introduced_as_writer(lead, org, n, lex.writer) || org.level != level || !org.canonical) continue;
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

// Whether `canonical` makes more than share_more_than in share_of of the agencies
// introduced as a writer. A report introducing several (a government's report: 县财政局…,
// 县教育局…) names no single writer that way.
bool dominates(const WriterMentions& found, const std::string& canonical, const WriterLexicon& w) {
  int total = 0, own = 0;
  for (const auto& [canon, entry] : found) {
    total += entry.first;
    if (canon == canonical) own = entry.first;
  }
  return own * w.share_of > total * w.share_more_than;
}

// The level the body speaks as (我县, 全区…), voted over its opening lines, and how many
// votes it got. Each word counts its occurrences that do not overlap one of its own before
// (as a search from the end of the last one finds them).
std::pair<std::string, int> level_from_body(const Outline& o, const ExtractLexicon& lex) {
  const ExtractLexicon::LevelMarkers& m = lex.level_markers;
  std::vector<int> votes(lex.body_markers.size(), 0);
  std::vector<std::size_t> free_from(m.level.size());  // per word: where its next occurrence may start
  std::size_t scanned = std::min(o.blocks.size(), lex.level_scan_lines);
  for (std::size_t i = 0; i < scanned; ++i) {
    std::fill(free_from.begin(), free_from.end(), 0);
    for (const WordAutomaton::Match& hit : m.words.find_all(o.blocks[i].norm)) {
      if (hit.begin < free_from[hit.word]) continue;
      free_from[hit.word] = hit.begin + m.length[hit.word];
      votes[m.level[hit.word]] += m.weight[hit.word];
    }
  }
  std::string best;
  int best_n = 0;
  for (std::size_t k = 0; k < votes.size(); ++k) {
    if (votes[k] > best_n) {
      best_n = votes[k];
      best = lex.body_markers[k].first;
    }
  }
  return {best, best_n};
}

// What the body says of its writer, each worked out once, when first needed.
class Body {
 public:
  Body(const Outline& o, const ExtractLexicon& lex) : o_(o), lex_(lex) {}
  const Outline& outline() const { return o_; }
  const std::pair<std::string, int>& vote() {
    if (!vote_) vote_ = level_from_body(o_, lex_);
    return *vote_;
  }
  const std::string& level() { return vote().first; }
  const WriterMentions& writers() {
    if (!writers_) writers_ = writers_in_body(o_, lex_, level());
    return *writers_;
  }

 private:
  const Outline& o_;
  const ExtractLexicon& lex_;
  std::optional<std::pair<std::string, int>> vote_;
  std::optional<WriterMentions> writers_;
};

// ---- the writer from the body -----------------------------------------------------------

// An agency named near the start of the body (XX县审计局, 区交通运输局) as its writer.
OrgInfo org_from_body(Body& body, const ExtractLexicon& lex, std::string_view title_hint) {
  const Outline& o = body.outline();
  const WriterLexicon& w = lex.writer;
  for (std::size_t i = 0; i < std::min(o.blocks.size(), w.opening_lines); ++i) {
    const std::string& t = o.blocks[i].body_norm;  // after the marker: （一）XX区市场监管局…
    for (auto& [p, name] : agency_mentions(t, lex)) {
      // Accept a name the title hints at, or one introduced as the writer, not after a bare
      // 市 (a superior body).
      bool hinted = !title_hint.empty() && name.starts_with(title_hint);
      std::string_view lead = after_last_clause_break(std::string_view(t).substr(0, p), w);
      OrgInfo org = parse_org(std::string(lead) + name, lex);
      // A region of another level than the report speaks as (芜湖市 in a 我县 report) is a
      // superior's or a neighbour's; an agency among several introduced alike is a subject.
      bool as_writer =
          introduced_as_writer(lead, org, name, w) && !contains_word(w.superior_leads, lead) &&
          (lead.empty() || body.level().empty() || org.level == body.level()) &&
          (!org.canonical || !body.writers().count(*org.canonical) || dominates(body.writers(), *org.canonical, w));
      if (hinted || as_writer) {
        if (org.name != name) org = parse_org(name, lex);
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
// more than share_more_than in share_of of the times any agency is.
OrgInfo writer_named_later(Body& body, const WriterLexicon& w) {
  for (const auto& [canon, entry] : body.writers())
    if (dominates(body.writers(), canon, w)) return entry.second;
  return {};
}

// The first place of the given level named in the opening lines (东园镇坚持以… -> 东园镇).
OrgInfo place_named_early(const Outline& o, const ExtractLexicon& lex, const std::string& level) {
  const WriterLexicon& wl = lex.writer;
  for (std::size_t i = 0; i < std::min(o.blocks.size(), wl.opening_lines); ++i) {
    std::u32string u = to_u32(o.blocks[i].norm);
    for (const auto& [word, word_level] : lex.suffix_levels) {
      if (word_level != level || !contains_word(lex.town_words, word)) continue;
      std::u32string w = to_u32(word);
      for (std::size_t p = u.find(w); p != std::u32string::npos; p = u.find(w, p + 1)) {
        // A few Han characters (or XX, a redacted name) before the level word, not reaching
        // back over a clause word.
        std::size_t b = p;
        while (b > 0 && p - b < wl.town_name_max_chars && is_name_char(u[b - 1]) &&
               wl.town_name_breaks.find(u[b - 1]) == std::u32string::npos)
          --b;
        if (p - b < wl.town_name_min_chars) continue;
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

// A report that speaks as 我镇 at least town_vote_min times and names its town in its
// opening lines was written by that town.
OrgInfo town_in_body(Body& body, const ExtractLexicon& lex) {
  const auto& [level, count] = body.vote();
  if (!contains_word(lex.town_levels, level) || count < lex.town_vote_min) return {};
  OrgInfo town = place_named_early(body.outline(), lex, level);
  if (!town.name.empty()) town.source = OrgSource::body;
  return town;
}

OrgInfo org_from_signature(const std::optional<Signature>& signature, const ExtractLexicon& lex) {
  if (!signature) return {};
  OrgInfo org = parse_org(normalise(signature->org), lex);
  if (!org.name.empty()) {
    org.source = OrgSource::signature;
    org.line = signature->org_line;
  }
  return org;
}

// A town that never names itself still writes as 我镇: its government wrote it.
void government_of_level(OrgInfo& org, const ExtractLexicon& lex) {
  for (auto& [word, canon] : lex.place_writers) {
    auto lv =
        std::find_if(lex.suffix_levels.begin(), lex.suffix_levels.end(), [&](auto& p) { return p.first == word; });
    if (lv != lex.suffix_levels.end() && lv->second == *org.level) {
      org.canonical = canon;
      org.source = OrgSource::body;
      return;
    }
  }
}

// The title up to its first digit: a name the body may spell out (审计局 -> 审计局 in …).
std::string_view title_hint(std::string_view t) {
  std::size_t y = t.find_first_of("0123456789");
  return y != npos && y > 0 ? t.substr(0, y) : std::string_view();
}

}  // namespace

OrgInfo find_writer(std::string_view title_norm, const Outline& outline, const std::optional<Signature>& signature,
                    const ExtractLexicon& lex) {
  Body body(outline, lex);
  OrgInfo org = org_from_title(title_norm, lex);
  if (org.name.empty()) org = org_from_body(body, lex, title_hint(title_norm));
  if (org.name.empty() && signature) org = org_from_signature(signature, lex);
  if (org.name.empty()) org = town_in_body(body, lex);
  if (org.name.empty()) org = writer_named_later(body, lex.writer);
  if (!org.level) {
    if (!body.level().empty()) org.level = body.level();
  } else if (org.source == OrgSource::title && org.name == org.region) {
    // A title naming only a region (XX区…总结) may head a town's report.
    if (OrgInfo town = town_in_body(body, lex); !town.name.empty()) org = town;
  }
  if (org.name.empty() && org.level) government_of_level(org, lex);
  label_writer(org, outline, signature, lex);
  return org;
}

}  // namespace huizong::extract_parts
