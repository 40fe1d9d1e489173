// extract: who wrote a report, for which region, level and period, what the plans cover,
// its topic, its signature block and its metrics. Every word and threshold comes from the
// lexicons: agencies.json, regions.json, periods.json, signature.json, topics.json and
// units.json (metrics, src/metrics).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "classify/classify.h"
#include "common/word_automaton.h"
#include "metrics/metrics.h"
#include "model/types.h"
#include "outline/outline.h"

namespace huizong {

struct Extracted {
  OrgInfo org;
  Period period;
  std::optional<PlanPeriod> plan_period;  // empty without a plans part
  std::optional<std::string> topic;
  std::optional<Signature> signature;
  std::vector<Metric> metrics;
};

// agencies.json "writer": how the writer is found in a title and a body.
struct WriterLexicon {
  std::vector<std::string> title_skip;        // a title segment opening with one names no writer
  std::vector<std::string> title_strip;       // dropped from a segment's start, in order
  std::vector<std::string> title_stops;       // a segment ends before the first one (not at its start)
  std::vector<std::string> clause_breaks;     // a name's lead-in starts after the last one
  std::vector<std::string> not_writer_after;  // 在: a name after it is not the writer
  std::vector<std::string> superior_leads;    // 市: a name right after it is a superior's
  std::u32string not_place_start;             // 我本全该各: no place name starts with one
  std::size_t opening_lines = 3;              // where a writer or town named early is looked for
  std::size_t town_name_min_chars = 2, town_name_max_chars = 4;
  std::u32string town_name_breaks;        // 在的和…: a town's name does not reach back over one
  int share_more_than = 2, share_of = 3;  // a writer makes more than 2 in 3 introductions
};

// periods.json: years, spans and plan periods.
struct PeriodLexicon {
  std::vector<std::string> year_words;  // 年, 上半年: four digits before one are a year
  int year_min = 0, year_max = 0;
  std::vector<std::string> time_words;       // first fitting one wins
  std::vector<std::string> after_year_only;  // time words that need a year before them
  std::string month_word;                    // 月
  Span month_span = Span::other;             // of a title naming a single month
  std::string summary_word;                  // 总结: the plans clause follows it
  struct SpanRule {
    Span span;
    WordList words, unless;
  };
  std::vector<SpanRule> spans;  // first fitting rule wins; FY when none
  WordList plan_h2, plan_next_year, plan_next_steps;
  std::size_t plans_opening_chars = 30;
  static PeriodLexicon load(const LexiconDir& lexicon_dir = {});
};

// signature.json: the writer's name above the date at the end of a report (a date line is
// what outline marks as one: Block::date_line).
struct SignatureLexicon {
  std::size_t last_lines = 2;  // the date line is one of the last lines
  std::size_t org_max_chars = 25;
  WordList org_not;  // sentence punctuation: a line holding one is no name
  static SignatureLexicon load(const LexiconDir& lexicon_dir = {});
};

struct ExtractLexicon {
  // agencies.json
  std::map<std::string, std::string> aliases;                      // short name -> canonical
  std::vector<std::string> canonical;                              // known canonical names
  WordList agency_names;                                           // aliases and canonical names, to find in a text
  std::vector<std::string> suffixes;                               // 局, 委员会 …, longest first
  std::vector<std::pair<std::string, std::string>> place_writers;  // 镇 -> 镇人民政府, longest first
  std::map<std::string, std::string> region_writers;               // 县 -> 县人民政府
  std::map<std::string, std::string> org_levels;                   // 驻村工作队 -> 村
  std::vector<std::string> placeholders;                           // XX, 某: a redacted region name
  std::size_t place_writer_max_chars = 9;
  std::size_t min_name_chars = 2;
  std::string government;                   // 人民政府: with no region, its level's government
  std::string branch, branch_of;            // 分局, 局: XX局's branch is XX分局
  std::vector<std::string> label_prefixes;  // 共青团: a label puts the place after it (共青团XX县委员会)
  WriterLexicon writer;
  // regions.json
  std::vector<std::pair<std::string, std::string>> suffix_levels;  // 县 -> 县, longest first
  std::size_t max_region_name_chars = 6;
  std::size_t max_prefix_chars = 12;
  std::vector<std::string> prefix_levels;     // 省 市 县 区: levels a name's prefix may have
  std::vector<std::string> not_region_words;  // 市场 in 市场监督管理局 is no region
  std::vector<std::string> unranked_places;   // 开发区, 学区: places with no level of their own
  std::vector<std::string> not_place_words;   // 城区, 社区, 城乡: no place's name ends the text
  std::vector<std::string> masks;             // X x ×: a run of them stands for a place's name
  std::vector<std::string> not_place_after;   // 委, 直: 县委 and 县直 name no county
  std::u32string title_marks;                 // 《: a place's name opening a document's title
  std::vector<std::string> self_words;        // 我县 …, weighted in the level vote
  int self_weight = 3;
  std::vector<std::pair<std::string, WordList>> body_markers;  // level -> words
  // The body_markers words in one automaton, so that the vote reads each opening line once:
  // for each word, the index of its level in body_markers and its weight (self_weight for
  // a self word). Made by load(); empty when body_markers is filled by hand.
  struct LevelMarkers {
    WordAutomaton words;
    std::vector<std::size_t> level, length;
    std::vector<int> weight;
  } level_markers;
  std::size_t level_scan_lines = 12;
  std::vector<std::string> town_levels;  // 镇 乡 街道
  std::vector<std::string> town_words;   // 镇 乡 街道 苏木
  int town_vote_min = 3;
  // periods.json, signature.json, topics.json, units.json
  PeriodLexicon periods;
  SignatureLexicon signature;
  std::vector<std::pair<std::string, WordList>> topics;  // label -> words
  UnitLexicon units;
  static ExtractLexicon load(const LexiconDir& lexicon_dir = {});
};

Extracted extract(const std::string& title, const Outline& outline, const std::vector<Section>& sections,
                  const ExtractLexicon& lex);

// Split "XX县市场监督管理局" into region and organisation (exposed for tests).
OrgInfo parse_org(std::string_view name_norm, const ExtractLexicon& lex);

// Year and span named in a title or heading (exposed for tests).
Period parse_period(std::string_view text_norm, const PeriodLexicon& lex);

}  // namespace huizong
