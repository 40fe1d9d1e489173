// view: the aggregate -> view models the templates lay out, as JSON (cacheable, and
// printable for template authors). The view carries every
// computed value (numbers, labels, sources, Chinese ordinals); templates only arrange them.
// Every item has `source` (file:line) and `agency`. docs/templates.md lists the variables.
#pragma once
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "aggregate/aggregate.h"
#include "render/table.h"

namespace huizong {

struct ViewInfo {
  std::string version;    // huizong version
  std::string generated;  // date of generation, e.g. 2026-11-25
};

nlohmann::json briefing_view(const Model& model, const Aggregate& agg, const ViewInfo& info);
nlohmann::json problems_view(const Aggregate& agg, const ThemeLexicon& themes, const ViewInfo& info);
nlohmann::json plans_view(const Aggregate& agg, const ViewInfo& info);
nlohmann::json comparison_view(const Aggregate& agg, const ViewInfo& info);

// The tables of the Excel workbook: comparison, problems, plans, metrics, sources.
Datasets workbook_datasets(const Model& model, const Aggregate& agg);
nlohmann::json datasets_to_json(const Datasets& d);
Datasets datasets_from_json(const nlohmann::json& j);

// A JSON view as kainjow data (numbers become text, null becomes false).
kainjow::mustache::data to_mustache(const nlohmann::json& view);

// The same for a view saved as CBOR (nlohmann::json::to_cbor), without building the JSON
// tree in between; nullopt if the bytes are not valid CBOR.
std::optional<kainjow::mustache::data> cbor_to_mustache(std::string_view cbor);

// 1 -> 一, 12 -> 十二 (for 一、二、 headings).
std::string chinese_ordinal(int n);

// A metric as a reader sees it: 26.52亿元, or xx.x万亩（已脱敏）.
std::string metric_display(const Metric& m);

}  // namespace huizong
