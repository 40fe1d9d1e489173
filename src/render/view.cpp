#include "render/view.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/cn_numeral.h"
#include "common/text.h"
#include "render/view_briefing.h"

namespace huizong {
using data = nlohmann::json;

namespace {

constexpr std::size_t kHeadlineMetrics = 3;  // metrics shown per agency and period

data list() { return data::array(); }

// One field of object(). The value is `mutable` so that object() can move it out of the
// initializer list (whose elements are const): a view's large lists (a 100 MB corpus's
// compendium groups, the comparison's rows) are then never copied.
struct Field {
  std::string key;
  mutable data value;
  Field(std::string k, data v) : key(std::move(k)), value(std::move(v)) {}
};

data object(std::initializer_list<Field> fields) {
  data d = data::object();
  for (const Field& f : fields) d[f.key] = std::move(f.value);
  return d;
}

data flag(bool b) { return data(b); }

std::string num(std::size_t n) { return std::to_string(n); }

// `parts` joined by `separator`.
std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : separator) + p;
  return s;
}

// What an item shows. Achievements are summarised (their first sentence); problems and
// plans are quoted in full with their theme or plan period. Kept lean: views are cached
// and converted on every render, so each field costs time after a template edit.
enum class ItemKind { achievement, problem, plan };

// The item's text without its own marker: the templates number items themselves, so
// "1. 1、认真组织…" reads "1. 认真组织…" (the marker stays available as `marker`).
std::string without_marker(const Item& it) {
  std::string_view t = trim(it.text);
  if (!it.marker.empty() && t.starts_with(it.marker)) t.remove_prefix(it.marker.size());
  return std::string(trim(t));
}

data item_view(const Item& it, std::size_t index, ItemKind kind, const Labels& labels) {
  data d = object({{"index", num(index)},
                   {"marker", it.marker},
                   {"agency", it.ref.agency().display()},
                   {"period", it.ref.period().label},
                   {"source", it.ref.source().label()}});
  switch (kind) {
    case ItemKind::achievement:
      d["summary"] = it.lead;
      d["field"] = it.field;
      break;
    case ItemKind::problem:
      d["text"] = without_marker(it);
      d["lead"] = it.lead;
      d["theme"] = it.theme;
      d["secondary_themes"] = joined(it.secondary_themes, labels.list_separator);
      break;
    case ItemKind::plan:
      d["text"] = without_marker(it);
      d["lead"] = it.lead;
      d["field"] = it.field;
      d["plan_period"] = labels.plan_period(it.plan_period);
      break;
  }
  return d;
}

data items_view(const std::vector<Item>& items, ItemKind kind, const Labels& labels) {
  data l = list();
  for (std::size_t i = 0; i < items.size(); ++i) l.push_back(item_view(items[i], i + 1, kind, labels));
  return l;
}

std::string sources_label(const ReportEntry& e, const Labels& labels) {
  std::vector<std::string> parts;
  for (const auto& loc : e.sources) parts.push_back(loc.label());
  return joined(parts, labels.source_separator);
}

data reports_view(const AgencyPeriod& g, const Labels& labels) {
  data l = list();
  for (const ReportEntry& e : g.reports)
    l.push_back(object({{"title", e.report->title},
                        {"id", e.report->id},
                        {"sources", sources_label(e, labels)},
                        {"duplicate_count", num(e.sources.size() - 1)},
                        {"has_duplicates", flag(e.sources.size() > 1)}}));
  return l;
}

// A figure written in digits (not 两个, 三项: in these reports mostly a slogan's count).
bool written_in_digits(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
         text.find("\xEF\xBC") != std::string::npos;  // full-width digits (U+FF10..FF19) start EF BC
}

// The figures a group is summed up by: labelled, never masked, written in digits, common
// indicators first (in text order), then the other labelled figures.
std::vector<const MetricItem*> headline_metrics(const AgencyPeriod& g) {
  std::vector<const MetricItem*> out;
  for (bool indicators : {true, false})
    for (const MetricItem& m : g.metrics)
      if (out.size() < kHeadlineMetrics && !m.metric->label.empty() && !m.metric->redacted &&
          m.indicator.empty() != indicators && written_in_digits(m.metric->text))
        out.push_back(&m);
  return out;
}

data metrics_view(const AgencyPeriod& g, const Labels& labels) {
  data l = list();
  for (const MetricItem* m : headline_metrics(g))
    l.push_back(object({{"label", m->metric->label},
                        {"value", labels.metric(m->metric->text, m->metric->redacted)},
                        {"redacted", flag(m->metric->redacted)},
                        {"source", m->ref.source().label()}}));
  return l;
}

data group_view(const AgencyPeriod& g, std::size_t number, const Labels& labels) {
  return object({{"number", num(number)},
                 {"number_cn", cn_numeral::format(static_cast<std::int64_t>(number))},
                 {"agency", g.agency.display()},
                 {"region", g.agency.region},
                 {"period", g.period.label},
                 {"reports", reports_view(g, labels)},
                 {"achievements", items_view(g.achievements, ItemKind::achievement, labels)},
                 {"has_achievements", flag(!g.achievements.empty())},
                 {"problems", items_view(g.problems, ItemKind::problem, labels)},
                 {"has_problems", flag(!g.problems.empty())},
                 {"plans", items_view(g.plans, ItemKind::plan, labels)},
                 {"has_plans", flag(!g.plans.empty())},
                 {"metrics", metrics_view(g, labels)},
                 {"has_metrics", flag(!headline_metrics(g).empty())}});
}

// The compendium (各单位工作总结汇编): every agency and period with its own material; its
// `groups` (compendium_group) are left out here, to be added whole or one at a time.
data compendium_without_groups(const std::vector<Source>& sources, const Aggregate& agg, const Labels& labels) {
  std::set<std::string> agencies;
  std::vector<std::string> periods;
  for (const auto& p : agg.periods) periods.push_back(p.label);
  std::size_t problems = 0, plans = 0;
  for (const AgencyPeriod& g : agg.groups) {
    agencies.insert(g.agency.display());
    problems += g.problems.size();
    plans += g.plans.size();
  }
  return object({{"report_count", num(agg.reports - agg.duplicate_reports)},
                 {"duplicate_count", num(agg.duplicate_reports)},
                 {"has_duplicates", flag(agg.duplicate_reports > 0)},
                 {"source_count", num(sources.size())},
                 {"agency_count", num(agencies.size())},
                 {"group_count", num(agg.groups.size())},
                 {"periods", joined(periods, labels.list_separator)},
                 {"problem_count", num(problems)},
                 {"plan_count", num(plans)}});
}

data compendium_group(const Aggregate& agg, std::size_t i, const Labels& labels) {
  return group_view(agg.groups[i], i + 1, labels);
}

// A digest: one section per key (theme, plan period) in the given order, each listing the
// agencies (in briefing order) with their items under that key; empty sections left out.
struct Digest {
  std::vector<std::string> keys;  // in the order of the sections
  std::string label_field;        // the section's label: theme, plan_period
  std::function<std::string(const std::string&)> label;
  std::vector<Item> AgencyPeriod::*items_of;
  std::function<std::string(const Item&)> key_of;
  ItemKind kind;
};

data digest_sections(const Aggregate& agg, const Digest& digest, const Labels& labels,
                     std::set<std::string>& agencies) {
  data sections = list();
  for (const std::string& key : digest.keys) {
    data groups = list();
    std::size_t count = 0;
    for (const AgencyPeriod& g : agg.groups) {
      std::vector<Item> items;
      for (const Item& it : g.*digest.items_of)
        if (digest.key_of(it) == key) items.push_back(it);
      if (items.empty()) continue;
      count += items.size();
      agencies.insert(g.agency.display());
      groups.push_back(object({{"agency", g.agency.display()},
                               {"period", g.period.label},
                               {"plan_period", labels.plan_period(items.front().plan_period)},
                               {"items", items_view(items, digest.kind, labels)}}));
    }
    if (count == 0) continue;
    sections.push_back(object({{digest.label_field, digest.label(key)},
                               {"count", num(count)},
                               {"unit_count", num(groups.size())},
                               {"groups", std::move(groups)}}));
  }
  // Ranked by how many agencies each holds, the last key (the fallback) kept last.
  const std::string last = digest.keys.empty() ? std::string() : digest.label(digest.keys.back());
  std::stable_sort(sections.begin(), sections.end(), [&](const data& a, const data& b) {
    bool a_last = a[digest.label_field] == last, b_last = b[digest.label_field] == last;
    if (a_last != b_last) return b_last;
    return std::stoul(a["unit_count"].get<std::string>()) > std::stoul(b["unit_count"].get<std::string>());
  });
  for (std::size_t i = 0; i < sections.size(); ++i)
    sections[i]["number_cn"] = cn_numeral::format(static_cast<std::int64_t>(i + 1));
  return sections;
}

data problems_view(const Aggregate& agg, const ThemeLexicon& themes, const Labels& labels) {
  // Themes in lexicon order, the fallback last.
  Digest digest{{},
                "theme",
                [](const std::string& t) { return t; },
                &AgencyPeriod::problems,
                [](const Item& it) { return it.theme; },
                ItemKind::problem};
  digest.keys = themes.themes.labels();
  digest.keys.push_back(themes.themes.fallback());
  std::set<std::string> agencies;
  data sections = digest_sections(agg, digest, labels, agencies);
  return object({{"themes", std::move(sections)},
                 {"problem_count", num(agg.problems.size())},
                 {"agency_count", num(agencies.size())},
                 {"has_problems", flag(!agg.problems.empty())}});
}

// Plans by field of work; the plan periods they are for (下半年, 下一年度 …) name the digest.
data plans_view(const Aggregate& agg, const ThemeLexicon& themes, const Labels& labels) {
  Digest digest{themes.fields.labels(),
                "field",
                [](const std::string& f) { return f; },
                &AgencyPeriod::plans,
                [](const Item& it) { return it.field; },
                ItemKind::plan};
  digest.keys.push_back(themes.fields.fallback());
  std::set<std::string> agencies;
  data sections = digest_sections(agg, digest, labels, agencies);
  std::vector<std::string> periods;
  for (PlanPeriod p : {PlanPeriod::H2, PlanPeriod::next_steps, PlanPeriod::next_year})
    if (std::any_of(agg.plans.begin(), agg.plans.end(), [&](const Item& it) { return it.plan_period == p; }))
      periods.push_back(labels.plan_period(p));
  return object({{"fields", std::move(sections)},
                 {"plan_periods", joined(periods, labels.list_separator)},
                 {"plan_count", num(agg.plans.size())},
                 {"agency_count", num(agencies.size())},
                 {"has_plans", flag(!agg.plans.empty())}});
}

std::string metrics_text(const AgencyPeriod& g, const Labels& labels) {
  std::vector<std::string> parts;
  for (const MetricItem* m : headline_metrics(g))
    parts.push_back(m->metric->label + " " + labels.metric(m->metric->text, m->metric->redacted));
  return joined(parts, labels.metric_separator);
}

// A table row as template data: text as it is, numbers as text ("20").
data row_view(const Row& row) {
  data d = data::object();
  for (const auto& [field, cell] : row) {
    if (cell.is_text()) {
      d[field] = std::string(cell.text());
    } else if (cell.is_number()) {
      const double n = cell.number();
      d[field] = std::trunc(n) == n ? std::to_string(static_cast<long long>(n)) : data(n).dump();
    }
  }
  return d;
}

// Matrix: one row per agency, one cell per period.
data comparison_matrix(const Aggregate& agg, const std::vector<AgencyKey>& agencies, const Labels& labels) {
  data matrix = list();
  for (const AgencyKey& a : agencies) {
    data cells = list();
    for (const PeriodKey& p : agg.periods) {
      std::string text = labels.comparison_empty_cell;
      for (const AgencyPeriod& g : agg.groups)
        if (g.agency == a && g.period == p)
          text = fill(labels.comparison_cell, {{"achievements", num(g.achievements.size())},
                                               {"problems", num(g.problems.size())},
                                               {"plans", num(g.plans.size())}});
      cells.push_back(object({{"text", text}}));
    }
    matrix.push_back(object({{"agency", a.display()}, {"cells", std::move(cells)}}));
  }
  return matrix;
}

std::optional<std::string> text_field(const Row& row, const std::string& field) {
  auto it = row.find(field);
  if (it == row.end() || !it->second.is_text()) return std::nullopt;
  return std::string(it->second.text());
}

// The workbook's 对比表 (unit_comparison) as comparison.md's `units`: per period the item
// counts in one cell, the main figures of all periods in one (named by period when the
// unit has figures in several), the sources on one line.
data unit_rows_view(const Datasets& tables, const Labels& labels) {
  static const Dataset kNone;
  auto get = [&](const char* name) -> const Dataset& {
    auto it = tables.find(name);
    return it == tables.end() ? kNone : it->second;
  };
  data units = list();
  for (const Row& r : get("unit_comparison")) {
    data cells = list(), figures = list();
    for (const Row& period : get("periods")) {
      const std::string name = text_field(period, "name").value_or(std::string());
      auto count = [&](const char* field) {
        auto it = r.find(name + ":" + field);
        return it != r.end() && it->second.is_number() ? num(static_cast<std::size_t>(it->second.number()))
                                                       : std::string("0");
      };
      const bool reported = r.count(name + ":achievement_count") != 0;
      const std::string achievements = count("achievement_count"), problems = count("problem_count"),
                        plans = count("plan_count");
      cells.push_back(
          object({{"reported", flag(reported)},
                  {"achievements", achievements},
                  {"problems", problems},
                  {"plans", plans},
                  {"text", reported ? fill(labels.comparison_cell,
                                           {{"achievements", achievements}, {"problems", problems}, {"plans", plans}})
                                    : labels.comparison_empty_cell}}));
      if (std::optional<std::string> m = text_field(r, name + ":metrics"); m && !m->empty())
        figures.push_back(object({{"period", name}, {"text", *m}, {"first", flag(figures.empty())}}));
    }
    for (data& f : figures) f["named"] = flag(figures.size() > 1);
    data row = row_view(r);
    std::string sources = text_field(r, "sources").value_or(std::string());
    for (std::size_t at = sources.find('\n'); at != std::string::npos; at = sources.find('\n', at))
      sources.replace(at, 1, labels.source_separator);  // the workbook's one a line, on one line
    row["sources"] = sources;
    row["cells"] = std::move(cells);
    row["has_figures"] = flag(!figures.empty());
    row["figures"] = std::move(figures);
    units.push_back(std::move(row));
  }
  return units;
}

// The workbook's 指标对比 (unit_indicators): one row per unit, one value per common
// indicator, as written in the report (8.9亿元), or the empty cell.
data indicator_rows_view(const Datasets& tables, const Labels& labels, data& names) {
  data rows = list();
  auto indicators = tables.find("common_indicators");
  auto units = tables.find("unit_indicators");
  if (indicators == tables.end() || units == tables.end()) return rows;
  for (const Row& i : indicators->second)
    if (std::optional<std::string> name = text_field(i, "name")) names.push_back(object({{"name", *name}}));
  if (names.empty()) return rows;
  for (const Row& r : units->second) {
    data values = list();
    for (const data& n : names) {
      std::optional<std::string> text = text_field(r, n["name"].get<std::string>() + ":text");
      values.push_back(object({{"text", text.value_or(labels.comparison_empty_cell)}}));
    }
    data row = row_view(r);
    row["values"] = std::move(values);
    rows.push_back(std::move(row));
  }
  return rows;
}

data comparison_view(const Aggregate& agg, const Dataset& comparison_rows, const Datasets& tables,
                     const Labels& labels) {
  data periods = list();
  for (const PeriodKey& p : agg.periods) periods.push_back(object({{"label", p.label}}));
  std::vector<AgencyKey> agencies;
  for (const AgencyPeriod& g : agg.groups)
    if (agencies.empty() || !(agencies.back() == g.agency)) agencies.push_back(g.agency);
  data rows = list();
  for (const Row& r : comparison_rows) {
    data row = row_view(r);
    row["report_titles"] = row["report_title"];  // its older name, still in edited templates
    rows.push_back(std::move(row));
  }
  data indicators = list();
  data indicator_rows = indicator_rows_view(tables, labels, indicators);
  data view = object({{"periods", std::move(periods)},
                      {"matrix", comparison_matrix(agg, agencies, labels)},
                      {"rows", std::move(rows)},
                      {"units", unit_rows_view(tables, labels)},
                      {"indicators", indicators},
                      {"indicator_rows", indicator_rows},
                      {"has_indicators", flag(!indicator_rows.empty())},
                      {"indicator_count", num(indicators.size())},
                      {"indicator_unit_count", num(indicator_rows.size())},
                      {"agency_count", num(agencies.size())},
                      {"period_count", num(agg.periods.size())}});
  return view;
}

// The level word of each unit's reports (县, 镇 …), by the unit's display name.
std::map<std::string, std::string> unit_levels(const Aggregate& agg) {
  std::map<std::string, std::string> levels;
  for (const AgencyPeriod& g : agg.groups)
    for (const ReportEntry& e : g.reports)
      if (e.report->org.level && !e.report->org.level->empty())
        levels.emplace(g.agency.display(), *e.report->org.level);
  return levels;
}

std::string level_of(const std::map<std::string, std::string>& levels, const std::string& unit) {
  auto it = levels.find(unit);
  return it == levels.end() ? std::string() : it->second;
}

// Cells of values that many rows repeat (a unit's name, its period, a theme, a unit of
// measure), made once and shared by the rows (render/table.h Cell).
class SharedCells {
 public:
  const Cell& operator()(const std::string& value) {
    auto it = cells_.find(value);
    if (it == cells_.end()) it = cells_.emplace(value, Cell(value)).first;
    return it->second;
  }

 private:
  std::map<std::string, Cell, std::less<>> cells_;
};

// `group_read(i)`, if given, is called once group i's figures are copied into rows.
Dataset metrics_rows(const Aggregate& agg, const Labels& labels, const std::map<std::string, std::string>& levels,
                     const std::function<void(std::size_t)>& group_read) {
  Dataset metrics;
  std::size_t figures = 0;
  for (const AgencyPeriod& g : agg.groups) figures += g.metrics.size();
  metrics.reserve(figures);  // no copy of a million rows left behind by growth
  SharedCells shared;
  for (std::size_t i = 0; i < agg.groups.size(); ++i) {
    const AgencyPeriod& g = agg.groups[i];
    const Cell agency(g.agency.display()), period(g.period.label), region(g.agency.region),
        level(level_of(levels, g.agency.display()));
    for (const MetricItem& m : g.metrics) {
      if (m.metric->label.empty()) continue;  // a figure no words describe says nothing in a table
      Row r{{"agency", agency},
            {"period", period},
            {"indicator", shared(m.indicator)},
            {"region", region},
            {"level", level},
            {"label", m.metric->label},
            {"unit", shared(m.metric->unit)},
            {"text", m.metric->text},
            {"redacted", shared(m.metric->redacted ? labels.redacted_flag : std::string())},
            {"source", m.ref.source().label()},
            // A redacted value is text, never a number.
            {"value", m.metric->value ? Cell(*m.metric->value) : Cell(m.metric->text)}};
      metrics.push_back(std::move(r));
    }
    if (group_read) group_read(i);
  }
  return metrics;
}

template <class Items>  // std::vector<Item> or ItemList
Dataset item_rows(const Items& items, ItemKind kind, const Labels& labels,
                  const std::map<std::string, std::string>& levels) {
  Dataset rows;
  rows.reserve(items.size());
  SharedCells shared;
  for (const Item& it : items) {
    // The text without its marker: the 序号 column holds it, so a pasted cell reads cleanly.
    const std::string agency = it.ref.agency().display();
    Row r{{"agency", shared(agency)},
          {"region", shared(it.ref.agency().region)},
          {"level", shared(level_of(levels, agency))},
          {"marker", it.marker},
          {"lead", it.lead},
          {"text", without_marker(it)},
          {"source", it.ref.source().label()}};
    if (kind == ItemKind::problem) {
      r["theme"] = shared(it.theme);
      r["secondary_themes"] = shared(joined(it.secondary_themes, labels.list_separator));
      r["period"] = shared(it.ref.period().label);
    } else {
      r["field"] = shared(it.field);
      r["plan_period"] = shared(labels.plan_period(it.plan_period));
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

Dataset source_rows(const std::vector<Source>& model_sources) {
  Dataset sources;
  for (const Source& s : model_sources) {
    Row r{{"path", s.path},
          {"encoding", s.encoding},
          {"reports", static_cast<int>(s.report_ids.size())},
          {"warnings", joined(s.warnings, "\n")}};
    if (s.front_matter.declared_count) r["declared"] = *s.front_matter.declared_count;
    sources.push_back(std::move(r));
  }
  return sources;
}

// The workbook's per-unit tables. Column groups repeat per row of a "columns" dataset
// (templates/workbook.json "for_each"): periods (named only when there are several) and
// the common indicators stated by at least two units.
std::string period_prefix(const Aggregate& agg, const PeriodKey& p) { return agg.periods.size() > 1 ? p.label : ""; }

void add_unit_comparison(const Aggregate& agg, const Labels& labels, const std::map<std::string, std::string>& levels,
                         Datasets& out) {
  Dataset& periods = out["periods"];
  for (const PeriodKey& p : agg.periods) periods.push_back(Row{{"name", period_prefix(agg, p)}});
  Dataset& units = out["unit_comparison"];
  std::vector<std::string> titles, sources;
  for (std::size_t i = 0; i < agg.groups.size(); ++i) {
    const AgencyPeriod& g = agg.groups[i];
    if (i == 0 || !(agg.groups[i - 1].agency == g.agency)) {
      titles.clear();
      sources.clear();
      units.push_back(Row{{"agency", g.agency.display()},
                          {"region", g.agency.region},
                          {"level", level_of(levels, g.agency.display())}});
    }
    Row& r = units.back();
    for (const ReportEntry& e : g.reports) {
      titles.push_back(e.report->title);
      sources.push_back(sources_label(e, labels));
    }
    r["report_title"] = joined(titles, labels.title_separator);
    r["sources"] = joined(sources, "\n");  // one report a line: a wrapped cell reads as a list
    const std::string p = period_prefix(agg, g.period) + ":";
    r[p + "achievement_count"] = static_cast<int>(g.achievements.size());
    r[p + "problem_count"] = static_cast<int>(g.problems.size());
    r[p + "plan_count"] = static_cast<int>(g.plans.size());
    r[p + "metrics"] = metrics_text(g, labels);
  }
}

// Per unit, each common indicator's value: the first stated, numeric one of the unit's
// latest period that states it (groups are in time order, so later periods overwrite).
void add_unit_indicators(const Aggregate& agg, const std::map<std::string, std::string>& levels, Datasets& out) {
  Dataset& names = out["common_indicators"];
  std::map<AgencyKey, Row> values;  // unit -> its common indicators' cells
  for (const CommonIndicator& c : common_indicators(agg, 2)) {
    names.push_back(Row{{"name", c.name}});
    for (const MetricItem* m : c.values) {
      Row& r = values[m->ref.agency()];
      r[c.name] = *m->metric->value;
      r[c.name + ":unit"] = m->metric->unit;
      r[c.name + ":text"] = m->metric->text;  // as written, for comparison.md
      r[c.name + ":source"] =
          m->ref.period().label + " " + m->ref.source().label() + " " + m->metric->label + m->metric->text;
    }
  }
  // One row per unit in the units' order; a unit stating none of the common ones has
  // nothing to compare: no empty row to print.
  Dataset& units = out["unit_indicators"];
  for (std::size_t i = 0; i < agg.groups.size(); ++i) {
    const AgencyPeriod& g = agg.groups[i];
    const std::string unit = g.agency.display();
    auto v = values.find(g.agency);
    if ((i > 0 && agg.groups[i - 1].agency == g.agency) || v == values.end()) continue;
    Row r{{"agency", unit}, {"region", g.agency.region}, {"level", level_of(levels, unit)}};
    r.merge(v->second);
    units.push_back(std::move(r));
  }
}

void add_unit_tables(const Aggregate& agg, const Labels& labels, const std::map<std::string, std::string>& levels,
                     Datasets& out) {
  add_unit_comparison(agg, labels, levels, out);
  add_unit_indicators(agg, levels, out);
}

}  // namespace

Row comparison_row(const AgencyPeriod& g, const Labels& labels) {
  std::vector<std::string> titles, sources;
  for (const ReportEntry& e : g.reports) {
    titles.push_back(e.report->title);
    sources.push_back(sources_label(e, labels));
  }
  return Row{{"region", g.agency.region},
             {"agency", g.agency.display()},
             {"period", g.period.label},
             {"report_title", joined(titles, labels.title_separator)},
             {"achievement_count", static_cast<int>(g.achievements.size())},
             {"problem_count", static_cast<int>(g.problems.size())},
             {"plan_count", static_cast<int>(g.plans.size())},
             {"metrics", metrics_text(g, labels)},
             {"sources", joined(sources, labels.source_separator)}};
}

ModelViews build_views(const Model& model, const ThemeLexicon& themes, const Labels& labels,
                       const std::vector<std::string>& unit_order) {
  ModelViews v;
  build_views(v, model, themes, labels, unit_order, ViewHooks{});
  return v;
}

void build_views(ModelViews& v, const Model& model, const ThemeLexicon& themes, const Labels& labels,
                 const std::vector<std::string>& unit_order, const ViewHooks& hooks) {
  Aggregate agg = aggregate(model, themes, labels, unit_order);
  if (hooks.text_done) hooks.text_done();  // the views read the aggregate and the reports' titles, orgs and figures
  build_views(v, agg, model.sources, themes, labels, hooks);
}

void build_views(ModelViews& v, const Aggregate& agg, const std::vector<Source>& sources, const ThemeLexicon& themes,
                 const Labels& labels, const ViewHooks& hooks) {
  Dataset& comparison = v.tables["comparison"];
  // Small tables first, so that the workbook can be made from them beside the documents'
  // views; large ones after the views that do not read them, so as not to be held beside them.
  std::size_t rows = agg.groups.size() + agg.problems.size() + agg.plans.size();
  for (const AgencyPeriod& g : agg.groups) rows += g.metrics.size();
  const bool tables_first = rows <= hooks.tables_first_rows, tables_last = !tables_first;
  auto made = [&](const std::string& name, data&& view) {
    if (hooks.document_made)
      hooks.document_made(name, std::move(view));
    else
      v.documents[name] = std::move(view);
  };
  // comparison.md's view reads the unit tables, not the figures' rows: made after the
  // tables made last have freed the items' text and before the figures' rows, the largest,
  // so that neither is held beside the other.
  auto make_tables = [&](bool comparison_made_here) {
    for (const AgencyPeriod& g : agg.groups) comparison.push_back(comparison_row(g, labels));
    const auto levels = unit_levels(agg);
    for (Row& r : comparison) r["level"] = level_of(levels, std::string(r["agency"].text()));
    v.tables["problems"] = item_rows(agg.problems, ItemKind::problem, labels, levels);
    v.tables["plans"] = item_rows(agg.plans, ItemKind::plan, labels, levels);
    add_unit_tables(agg, labels, levels, v.tables);
    v.tables["sources"] = source_rows(sources);
    if (tables_last && hooks.items_read) hooks.items_read();
    if (comparison_made_here) made("comparison", comparison_view(agg, comparison, v.tables, labels));
    // The last to read the figures: made after the documents' views, it lets the caller
    // free each group's as it goes (they are as large as the rows made of them).
    v.tables["metrics"] = metrics_rows(agg, labels, levels, tables_last ? hooks.figures_read : nullptr);
    if (hooks.tables_made) hooks.tables_made(v.tables);
  };
  if (tables_first) make_tables(false);
  made("briefing", briefing_view(sources, agg, themes, labels));
  // The compendium's groups one at a time when the caller takes them so (a large model's
  // compendium is the largest view: never whole as a tree).
  auto group = [&](std::size_t i) { return compendium_group(agg, i, labels); };
  if (hooks.document_made_by_element) {
    hooks.document_made_by_element("compendium", compendium_without_groups(sources, agg, labels), kCompendiumList,
                                   agg.groups.size(), group);
  } else {
    data compendium = compendium_without_groups(sources, agg, labels);
    data& groups = compendium[kCompendiumList] = list();
    for (std::size_t i = 0; i < agg.groups.size(); ++i) groups.push_back(group(i));
    made("compendium", std::move(compendium));
  }
  made("problems", problems_view(agg, themes, labels));
  made("plans", plans_view(agg, themes, labels));
  if (tables_first)
    made("comparison", comparison_view(agg, comparison, v.tables, labels));
  else
    make_tables(true);
}

}  // namespace huizong
