// extract: who wrote a report, for which region, level and period, what the plans cover,
// its topic, its signature block and its metrics. Rules come from lexicons/agencies.json,
// regions.json, topics.json and units.json.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "classify/classify.h"
#include "extract/metrics.h"
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

struct ExtractLexicon {
  std::map<std::string, std::string> aliases;                      // short name -> canonical
  std::vector<std::string> canonical;                              // known canonical names
  WordList agency_names;                                           // aliases and canonical names, to find in a text
  std::vector<std::string> suffixes;                               // 局, 委员会 …, longest first
  std::vector<std::pair<std::string, std::string>> place_writers;  // 镇 -> 镇人民政府
  std::map<std::string, std::string> region_writers;               // 县 -> 县人民政府
  std::map<std::string, std::string> org_levels;                   // 驻村工作队 -> 村
  std::vector<std::string> placeholders;                           // XX, 某: a redacted region name
  std::vector<std::string> self_words;                             // 我县 …, weighted in the level vote
  int self_weight = 3;
  std::vector<std::pair<std::string, std::string>> suffix_levels;  // 县 -> 县, longest first
  std::size_t max_region_name_chars = 6;
  std::vector<std::string> not_region_words;                   // 市场 in 市场监督管理局 is no region
  std::vector<std::pair<std::string, WordList>> body_markers;  // level -> words
  std::vector<std::pair<std::string, WordList>> topics;        // label -> words
  UnitLexicon units;
  static ExtractLexicon load(const std::string& lexicon_dir = {});
};

Extracted extract(const std::string& title, const Outline& outline, const std::vector<Section>& sections,
                  const ExtractLexicon& lex);

// Split "XX县市场监督管理局" into region and organisation (exposed for tests).
OrgInfo parse_org(std::string_view name_norm, const ExtractLexicon& lex);

// Year and span named in a title or heading (exposed for tests).
Period parse_period(std::string_view text_norm);

}  // namespace huizong
