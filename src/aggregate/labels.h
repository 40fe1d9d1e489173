// labels: the words huizong itself writes into the documents (lexicons/labels.json):
// the names of periods and plan periods, what stands in for a name a report does not
// give, separators, and the few phrases the views compose. Everything else in the
// outputs is quoted from the reports or written in templates/. Every key is required and
// there are no built-in defaults: the wording lives in the file only.
#pragma once
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aggregate/lead.h"
#include "model/types.h"

namespace huizong {

struct Labels {
  // Per span (in kCodeNames<Span> order): with the year ({year}) and without one.
  std::array<std::string, kCodeNames<Span>.size()> periods, periods_without_year;
  // Per plan period (in kCodeNames<PlanPeriod> order), and for a report that names none.
  std::array<std::string, kCodeNames<PlanPeriod>.size()> plan_periods;
  std::string no_plan_period;
  std::string unnamed_writer;             // stands for a writer the report never names
  std::string writer_by_title;            // {writer} {title}: an unnamed writer told apart by its report
  std::vector<std::string> named_places;  // levels whose writers are known by their place's name
  std::string list_separator;             // periods
  std::string source_separator;           // sources (file:line): one a reader and a script can split
  std::string title_separator;            // report titles
  std::string metric_separator;           // headline figures
  std::string redacted_value;             // {text}: a masked figure as the documents show it
  std::string redacted_flag;              // the metrics sheet's "redacted" column
  std::string comparison_cell;            // {achievements} {problems} {plans}
  std::string comparison_empty_cell;      // an agency without a report in a period
  std::string excel_rows_cut;             // {rows}: the row ending a sheet cut at Excel's row limit
  LeadRules lead;                         // the short form of an item (summary)
  std::string hash;                       // fingerprint of the loaded file: views depend on it

  // lexicons/labels.json from data_dir("lexicons", dir). Throws Error(input) naming the
  // file and line for a missing or unknown key or a value of the wrong type.
  static Labels load(const std::string& dir = {});

  // 2023年上半年, 2023年度, 年份不详 …
  std::string period(std::optional<int> year, Span span) const;
  // 下半年, 下一步, 下一年度; no_plan_period without one.
  const std::string& plan_period(std::optional<PlanPeriod> p) const;
  // A masked figure's text with redacted_value, a plain one as it is.
  std::string metric(const std::string& text, bool redacted) const;
  bool is_named_place(const std::optional<std::string>& level) const;
};

// `pattern` with each {name} replaced by its value ({year} -> 2023). Other braces stay.
std::string fill(std::string_view pattern, const std::map<std::string, std::string>& values);

}  // namespace huizong
