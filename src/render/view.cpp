#include "render/view.h"

#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <set>

namespace huizong {
using data = nlohmann::json;

namespace {

constexpr std::size_t kHeadlineMetrics = 3;  // metrics shown per agency and period
constexpr std::size_t kSummaryChars = 60;    // achievements are summarised to their first sentence

data list() { return data::array(); }

data object(std::initializer_list<std::pair<std::string, data>> fields) {
  data d = data::object();
  for (auto& [k, v] : fields) d[k] = v;
  return d;
}

data flag(bool b) { return data(b); }

std::string num(std::size_t n) { return std::to_string(n); }

// The heading sentence of an achievement (up to 。), cut to a readable length.
std::string summary_of(const std::string& text) {
  std::string first = text.substr(0, text.find('\n'));
  std::size_t stop = first.find("。");
  if (stop != std::string::npos) first = first.substr(0, stop + std::string("。").size());
  std::u32string u = to_u32(first);
  if (u.size() > kSummaryChars) return to_utf8(std::u32string_view(u).substr(0, kSummaryChars)) + "……";
  return first;
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

data item_view(const Item& it, std::size_t index, ItemKind kind) {
  data d = object({{"index", num(index)},
                   {"marker", it.marker},
                   {"agency", it.ref.agency.display()},
                   {"period", it.ref.period.label()},
                   {"source", it.ref.source.label()}});
  switch (kind) {
    case ItemKind::achievement:
      d["summary"] = summary_of(without_marker(it));
      break;
    case ItemKind::problem:
      d["text"] = without_marker(it);
      d["theme"] = it.theme;
      break;
    case ItemKind::plan:
      d["text"] = without_marker(it);
      d["plan_period"] = plan_period_label(it.plan_period);
      break;
  }
  return d;
}

data items_view(const std::vector<Item>& items, ItemKind kind) {
  data l = list();
  for (std::size_t i = 0; i < items.size(); ++i) l.push_back(item_view(items[i], i + 1, kind));
  return l;
}

std::string sources_label(const ReportEntry& e) {
  std::string s;
  for (const auto& loc : e.sources) s += (s.empty() ? "" : "、") + loc.label();
  return s;
}

// A group's report titles (joined by ；) and all their sources (joined by 、), for tables.
std::pair<std::string, std::string> titles_and_sources(const AgencyPeriod& g) {
  std::string titles, sources;
  for (const ReportEntry& e : g.reports) {
    titles += (titles.empty() ? "" : "；") + e.report->title;
    sources += (sources.empty() ? "" : "、") + sources_label(e);
  }
  return {titles, sources};
}

data reports_view(const AgencyPeriod& g) {
  data l = list();
  for (const ReportEntry& e : g.reports)
    l.push_back(object({{"title", e.report->title},
                        {"id", e.report->id},
                        {"sources", sources_label(e)},
                        {"duplicate_count", num(e.sources.size() - 1)},
                        {"has_duplicates", flag(e.sources.size() > 1)}}));
  return l;
}

std::vector<const MetricItem*> headline_metrics(const AgencyPeriod& g) {
  std::vector<const MetricItem*> out;
  for (const MetricItem& m : g.metrics)
    if (out.size() < kHeadlineMetrics && !m.metric.label.empty()) out.push_back(&m);
  return out;
}

data metrics_view(const AgencyPeriod& g) {
  data l = list();
  for (const MetricItem* m : headline_metrics(g))
    l.push_back(object({{"label", m->metric.label},
                        {"value", metric_display(m->metric)},
                        {"redacted", flag(m->metric.redacted)},
                        {"source", m->ref.source.label()}}));
  return l;
}

std::string metrics_text(const AgencyPeriod& g) {
  std::string s;
  for (const MetricItem* m : headline_metrics(g))
    s += (s.empty() ? "" : "；") + m->metric.label + " " + metric_display(m->metric);
  return s;
}

data common(const ViewInfo& info, const std::string& title) {
  return object({{"title", title}, {"version", info.version}, {"generated", info.generated}});
}

}  // namespace

std::string chinese_ordinal(int n) {
  static const char* digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0) return std::to_string(n);
  if (n < 10) return digits[n];
  if (n < 20) return std::string("十") + (n % 10 ? digits[n % 10] : "");
  if (n < 100) return std::string(digits[n / 10]) + "十" + (n % 10 ? digits[n % 10] : "");
  return std::to_string(n);
}

std::string metric_display(const Metric& m) {
  if (m.redacted) return m.text + "（已脱敏）";
  return m.text;
}

data briefing_view(const Model& model, const Aggregate& agg, const ViewInfo& info) {
  data v = common(info, "工作总结综合汇报材料");
  std::set<std::string> agencies;
  std::string periods;
  for (const auto& p : agg.periods) periods += (periods.empty() ? "" : "、") + p.label();
  data groups = list();
  std::size_t n = 0, problems = 0, plans = 0;
  for (const AgencyPeriod& g : agg.groups) {
    agencies.insert(g.agency.display());
    problems += g.problems.size();
    plans += g.plans.size();
    groups.push_back(object({{"number", num(++n)},
                             {"number_cn", chinese_ordinal(static_cast<int>(n))},
                             {"agency", g.agency.display()},
                             {"region", g.agency.region},
                             {"period", g.period.label()},
                             {"reports", reports_view(g)},
                             {"achievements", items_view(g.achievements, ItemKind::achievement)},
                             {"has_achievements", flag(!g.achievements.empty())},
                             {"problems", items_view(g.problems, ItemKind::problem)},
                             {"has_problems", flag(!g.problems.empty())},
                             {"plans", items_view(g.plans, ItemKind::plan)},
                             {"has_plans", flag(!g.plans.empty())},
                             {"metrics", metrics_view(g)},
                             {"has_metrics", flag(!headline_metrics(g).empty())}}));
  }
  v["groups"] = (groups);
  v["report_count"] = (num(model.reports.size() - agg.duplicate_reports));
  v["duplicate_count"] = (num(agg.duplicate_reports));
  v["has_duplicates"] = (flag(agg.duplicate_reports > 0));
  v["source_count"] = (num(model.sources.size()));
  v["agency_count"] = (num(agencies.size()));
  v["group_count"] = (num(agg.groups.size()));
  v["periods"] = (periods);
  v["problem_count"] = (num(problems));
  v["plan_count"] = (num(plans));
  return v;
}

namespace {

// A digest: one section per key (theme, plan period) in the given order, each listing the
// agencies (in briefing order) with their items under that key; empty sections left out.
data digest_sections(const Aggregate& agg, const std::vector<std::string>& keys, const std::string& label_field,
                     const std::function<std::string(const std::string&)>& label,
                     std::vector<Item> AgencyPeriod::*items_of,
                     const std::function<std::string(const Item&)>& key_of, ItemKind kind,
                     std::set<std::string>& agencies) {
  data sections = list();
  std::size_t n = 0;
  for (const std::string& key : keys) {
    data groups = list();
    std::size_t count = 0;
    for (const AgencyPeriod& g : agg.groups) {
      std::vector<Item> items;
      for (const Item& it : g.*items_of)
        if (key_of(it) == key) items.push_back(it);
      if (items.empty()) continue;
      count += items.size();
      agencies.insert(g.agency.display());
      groups.push_back(
          object({{"agency", g.agency.display()}, {"period", g.period.label()}, {"items", items_view(items, kind)}}));
    }
    if (count == 0) continue;
    sections.push_back(object({{label_field, label(key)},
                               {"number_cn", chinese_ordinal(static_cast<int>(++n))},
                               {"count", num(count)},
                               {"groups", groups}}));
  }
  return sections;
}

}  // namespace

data problems_view(const Aggregate& agg, const ThemeLexicon& themes, const ViewInfo& info) {
  data v = common(info, "存在问题汇总");
  // Themes in lexicon order, the fallback last.
  std::vector<std::string> order;
  for (const auto& [label, words] : themes.themes) order.push_back(label);
  order.push_back(themes.fallback);
  std::set<std::string> agencies;
  v["themes"] = digest_sections(
      agg, order, "theme", [](const std::string& t) { return t; }, &AgencyPeriod::problems,
      [](const Item& it) { return it.theme; }, ItemKind::problem, agencies);
  v["problem_count"] = num(agg.problems.size());
  v["agency_count"] = num(agencies.size());
  v["has_problems"] = flag(!agg.problems.empty());
  return v;
}

data plans_view(const Aggregate& agg, const ViewInfo& info) {
  data v = common(info, "下半年工作计划汇总");
  std::set<std::string> agencies;
  v["plan_periods"] = digest_sections(
      agg, {"H2", "next_steps", "next_year"}, "plan_period", [](const std::string& p) { return plan_period_label(code_from_name<PlanPeriod>(p)); },
      &AgencyPeriod::plans, [](const Item& it) { return to_string(it.plan_period); }, ItemKind::plan,
      agencies);
  v["plan_count"] = num(agg.plans.size());
  v["agency_count"] = num(agencies.size());
  v["has_plans"] = flag(!agg.plans.empty());
  return v;
}

data comparison_view(const Aggregate& agg, const ViewInfo& info) {
  data v = common(info, "各单位工作情况对比表");
  data periods = list();
  for (const PeriodKey& p : agg.periods) periods.push_back(object({{"label", p.label()}}));
  v["periods"] = (periods);

  // Matrix: one row per agency, one cell per period.
  data matrix = list();
  std::vector<AgencyKey> agencies;
  for (const AgencyPeriod& g : agg.groups)
    if (agencies.empty() || !(agencies.back() == g.agency)) agencies.push_back(g.agency);
  for (const AgencyKey& a : agencies) {
    data cells = list();
    for (const PeriodKey& p : agg.periods) {
      std::string text = "—";
      for (const AgencyPeriod& g : agg.groups)
        if (g.agency == a && g.period == p)
          text = "成效" + num(g.achievements.size()) + " 问题" + num(g.problems.size()) + " 计划" + num(g.plans.size());
      cells.push_back(object({{"text", text}}));
    }
    matrix.push_back(object({{"agency", a.display()}, {"cells", cells}}));
  }
  v["matrix"] = (matrix);

  data rows = list();
  for (const AgencyPeriod& g : agg.groups) {
    auto [titles, sources] = titles_and_sources(g);
    rows.push_back(object({{"agency", g.agency.display()},
                           {"period", g.period.label()},
                           {"report_titles", titles},
                           {"achievement_count", num(g.achievements.size())},
                           {"problem_count", num(g.problems.size())},
                           {"plan_count", num(g.plans.size())},
                           {"metrics", metrics_text(g)},
                           {"sources", sources}}));
  }
  v["rows"] = (rows);
  v["agency_count"] = (num(agencies.size()));
  v["period_count"] = (num(agg.periods.size()));
  return v;
}

Datasets workbook_datasets(const Model& model, const Aggregate& agg) {
  Datasets d;
  auto& comparison = d["comparison"];
  auto& metrics = d["metrics"];
  for (const AgencyPeriod& g : agg.groups) {
    auto [titles, sources] = titles_and_sources(g);
    comparison.push_back({{"region", g.agency.region},
                          {"agency", g.agency.display()},
                          {"period", g.period.label()},
                          {"report_title", titles},
                          {"achievement_count", static_cast<int>(g.achievements.size())},
                          {"problem_count", static_cast<int>(g.problems.size())},
                          {"plan_count", static_cast<int>(g.plans.size())},
                          {"metrics", metrics_text(g)},
                          {"sources", sources}});
    for (const MetricItem& m : g.metrics) {
      Row r{{"agency", g.agency.display()},  {"period", g.period.label()}, {"label", m.metric.label},
            {"unit", m.metric.unit},         {"text", m.metric.text},      {"redacted", m.metric.redacted ? "是" : ""},
            {"source", m.ref.source.label()}};
      // A redacted value is text, never a number.
      r["value"] = m.metric.value ? Cell(*m.metric.value) : Cell(m.metric.text);
      metrics.push_back(std::move(r));
    }
  }
  auto& problems = d["problems"];
  for (const Item& it : agg.problems)
    problems.push_back({{"theme", it.theme},
                        {"agency", it.ref.agency.display()},
                        {"period", it.ref.period.label()},
                        {"marker", it.marker},
                        {"text", it.text},
                        {"source", it.ref.source.label()}});
  auto& plans = d["plans"];
  for (const Item& it : agg.plans)
    plans.push_back({{"plan_period", plan_period_label(it.plan_period)},
                     {"agency", it.ref.agency.display()},
                     {"marker", it.marker},
                     {"text", it.text},
                     {"source", it.ref.source.label()}});
  auto& sources = d["sources"];
  for (const Source& s : model.sources) {
    std::string warnings;
    for (const auto& w : s.warnings) warnings += (warnings.empty() ? "" : "\n") + w;
    Row r{{"path", s.path},
          {"encoding", s.encoding},
          {"reports", static_cast<int>(s.report_ids.size())},
          {"warnings", warnings}};
    if (s.front_matter.declared_count) r["declared"] = *s.front_matter.declared_count;
    sources.push_back(std::move(r));
  }
  return d;
}

}  // namespace huizong

namespace huizong {

nlohmann::json datasets_to_json(const Datasets& d) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, rows] : d) {
    nlohmann::json arr = nlohmann::json::array();
    for (const Row& row : rows) {
      nlohmann::json r = nlohmann::json::object();
      for (const auto& [field, cell] : row) {
        if (auto* s = std::get_if<std::string>(&cell.value))
          r[field] = *s;
        else if (auto* n = std::get_if<double>(&cell.value))
          r[field] = *n;
        else
          r[field] = nullptr;
      }
      arr.push_back(std::move(r));
    }
    j[name] = std::move(arr);
  }
  return j;
}

Datasets datasets_from_json(const nlohmann::json& j) {
  Datasets d;
  for (const auto& [name, rows] : j.items()) {
    Dataset& out = d[name];
    for (const auto& r : rows) {
      Row row;
      for (const auto& [field, v] : r.items()) {
        if (v.is_string())
          row[field] = Cell(v.get<std::string>());
        else if (v.is_number())
          row[field] = Cell(v.get<double>());
        else
          row[field] = Cell();
      }
      out.push_back(std::move(row));
    }
  }
  return d;
}

namespace {

using kainjow::mustache::data;

// Builds kainjow data from JSON events: those of a CBOR parser (a cached view is read
// without first building, then freeing, a JSON tree) or of feed() walking a tree. kainjow
// copies on set/push_back, so containers are inserted empty and filled in place, which
// keeps the conversion linear in the size of the view. Numbers become text, null false.
class MustacheBuilder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  // `max_elements`: the most list elements to reserve for (a damaged file may claim any).
  explicit MustacheBuilder(std::size_t max_elements) : max_elements(max_elements) {}
  data root;
  const std::size_t max_elements;

  bool null() override { return add(data(data::type::bool_false)); }
  bool boolean(bool b) override { return add(data(b ? data::type::bool_true : data::type::bool_false)); }
  bool number_integer(number_integer_t n) override { return add(data(std::to_string(n))); }
  bool number_unsigned(number_unsigned_t n) override { return add(data(std::to_string(n))); }
  bool number_float(number_float_t x, const string_t&) override { return add(data(nlohmann::json(x).dump())); }
  bool string(string_t& s) override { return add(data(std::move(s))); }
  bool binary(binary_t&) override { return add(data(data::type::bool_false)); }
  bool start_object(std::size_t) override { return open(data(data::type::object)); }
  bool key(string_t& k) override {
    key_ = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t elements) override {
    if (!open(data(data::type::list))) return false;
    // kainjow's data has no noexcept move: reserve, or every growth deep-copies the list.
    // A damaged file may claim any length: never more elements than it has bytes.
    if (elements != static_cast<std::size_t>(-1))
      const_cast<kainjow::mustache::list&>(open_.back()->list_value()).reserve(std::min(elements, max_elements));
    return true;
  }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  std::vector<data*> open_;  // containers being filled, innermost last
  std::string key_;

  data* insert(data&& v) {
    if (open_.empty()) {
      root = std::move(v);
      return &root;
    }
    data& parent = *open_.back();
    if (parent.is_object()) {
      parent.set(key_, v);
      return const_cast<data*>(parent.get(key_));
    }
    parent.push_back(v);
    return &const_cast<data&>(parent.list_value().back());
  }
  bool add(data&& v) {
    insert(std::move(v));
    return true;
  }
  bool open(data&& v) {
    open_.push_back(insert(std::move(v)));
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }
};

// Sends a JSON tree to the builder as the events a parser of its text would.
void feed(const nlohmann::json& j, MustacheBuilder& to) {
  using nlohmann::json;
  switch (j.type()) {
    case json::value_t::object:
      to.start_object(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) {
        std::string key = it.key();
        to.key(key);
        feed(it.value(), to);
      }
      to.end_object();
      break;
    case json::value_t::array:
      to.start_array(j.size());
      for (const json& v : j) feed(v, to);
      to.end_array();
      break;
    case json::value_t::string: {
      std::string text = j.get_ref<const std::string&>();
      to.string(text);
      break;
    }
    case json::value_t::boolean:
      to.boolean(j.get<bool>());
      break;
    case json::value_t::number_integer:
      to.number_integer(j.get<json::number_integer_t>());
      break;
    case json::value_t::number_unsigned:
      to.number_unsigned(j.get<json::number_unsigned_t>());
      break;
    case json::value_t::number_float:
      to.number_float(j.get<double>(), {});
      break;
    default:
      to.null();
  }
}

}  // namespace

kainjow::mustache::data to_mustache(const nlohmann::json& view) {
  MustacheBuilder builder(std::numeric_limits<std::size_t>::max());  // a tree in memory holds what it claims
  feed(view, builder);
  return std::move(builder.root);
}

std::optional<kainjow::mustache::data> cbor_to_mustache(std::string_view cbor) {
  MustacheBuilder builder(cbor.size());
  try {
    if (!nlohmann::json::sax_parse(cbor, &builder, nlohmann::json::input_format_t::cbor)) return std::nullopt;
  } catch (const std::exception&) {  // nlohmann's parse errors, and bad_alloc on absurd sizes
    return std::nullopt;
  }
  return std::move(builder.root);
}

}  // namespace huizong
