// The parts of extract(), one concept each (internal to src/extract):
//   org.cpp       an organisation name -> region, name, canonical name, level (parse_org)
//   writer.cpp    who wrote a report: its title, body opening, signature, or the body's voice
//   period.cpp    year and span (title, else body), the span its plans cover
//   label.cpp     the writer's label: the name a clerk writes in a table row
//   signature.cpp the writer's name and date closing a report
//   topic.cpp     the theme of a single-theme summary
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/extract.h"

namespace huizong::extract_parts {

// org.cpp
bool is_known_agency(std::string_view name, const ExtractLexicon& lex);
// A known agency, or a branch of one (市场监管局XX分局).
bool is_known_org(std::string_view name, const ExtractLexicon& lex);
// Level word the text ends with (XX县 -> {县, 县}), longest first.
std::optional<std::pair<std::string, std::string>> ends_with_level(std::string_view s, const ExtractLexicon& lex);
bool ends_with_suffix(std::string_view s, const ExtractLexicon& lex);

// period.cpp
struct TimeToken {
  std::size_t begin, end;
};
// Spans of year and period words in normalised text: 2023年, 2023年度, xxxx年, 上半年, 5月.
std::vector<TimeToken> time_tokens(std::string_view t, const PeriodLexicon& lex);
// The first year named (2023年, 2023上半年) within the lexicon's range.
std::optional<int> first_year(std::string_view t, const PeriodLexicon& lex);
// The title's period, else the year the body names first.
Period find_period(std::string_view title_norm, const Outline& outline, const PeriodLexicon& lex);
// The span the plans cover (empty without a plans part). A full-year summary whose plans
// heading names its own year reviews the year before: `period` is moved back.
std::optional<PlanPeriod> find_plan_period(std::string_view title_norm, const Outline& outline,
                                           const std::vector<Section>& sections, Period& period,
                                           const PeriodLexicon& lex);

// writer.cpp
OrgInfo find_writer(std::string_view title_norm, const Outline& outline, const std::optional<Signature>& signature,
                    const ExtractLexicon& lex);

// label.cpp
// org.label and org.place of the writer found: its place named most fully (title, body,
// signature) + its full name, the level word said once.
void label_writer(OrgInfo& org, const Outline& outline, const std::optional<Signature>& signature,
                  const ExtractLexicon& lex);

// signature.cpp
std::optional<Signature> find_signature(const Outline& outline, const ExtractLexicon& lex);

// topic.cpp
std::optional<std::string> find_topic(std::string_view title_norm, const ExtractLexicon& lex);

}  // namespace huizong::extract_parts
