#include "render/view_briefing.h"

#include <algorithm>
#include <bit>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "aggregate/lead.h"
#include "common/cn_numeral.h"
#include "common/text.h"
#include "common/utf8.h"

namespace huizong {
using data = nlohmann::json;

namespace {

std::string num(std::size_t n) { return std::to_string(n); }
std::string cn(std::size_t n) { return cn_numeral::format(static_cast<std::int64_t>(n)); }

// Every element of a list knows whether it is the last, so a template can put a separator
// between elements and none after the last ({{^is_last}}；{{/is_last}}).
data with_last_marked(data list) {
  for (std::size_t i = 0; i < list.size(); ++i) list[i]["is_last"] = i + 1 == list.size();
  return list;
}

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : separator) + p;
  return s;
}

// ---- units and totals --------------------------------------------------------------

enum class UnitKind { department, town, other };

// A town or street: its level is a named place (镇, 乡, 街道) or its name is the government
// of one. Another government (县人民政府) or a writer without a canonical agency is "other";
// a canonical agency (局, 中心, 办公室 … of lexicons/agencies.json) is a department.
UnitKind kind_of(const Report& r, const ThemeLexicon& lex, const Labels& labels) {
  if (labels.is_named_place(r.org.level)) return UnitKind::town;
  if (!r.org.canonical) return UnitKind::other;
  for (const auto& [word, government] : lex.governments)
    if (*r.org.canonical == government) return labels.is_named_place(word) ? UnitKind::town : UnitKind::other;
  return UnitKind::department;
}

struct Unit {
  std::string name;
  UnitKind kind = UnitKind::other;
  std::size_t reports = 0;
  bool problems = false, plans = false;
};

// Every unit once (a unit with reports for several periods counts once), in the units' order.
std::vector<Unit> units_of(const Aggregate& agg, const ThemeLexicon& lex, const Labels& labels) {
  std::vector<Unit> units;
  std::map<std::string, std::size_t> index;
  for (const AgencyPeriod& g : agg.groups) {
    std::string name = g.agency.display();
    auto [it, added] = index.emplace(name, units.size());
    if (added) units.push_back({name, kind_of(*g.reports.front().report, lex, labels)});
    Unit& u = units[it->second];
    u.reports += g.reports.size();
    u.problems = u.problems || !g.problems.empty();
    u.plans = u.plans || !g.plans.empty();
  }
  return units;
}

std::vector<std::string> kind_totals(const std::vector<Unit>& units, UnitKind kind, const std::string& prefix,
                                     data& view) {
  std::size_t count = 0, reports = 0;
  std::vector<std::string> names;
  for (const Unit& u : units)
    if (u.kind == kind) {
      ++count;
      reports += u.reports;
      names.push_back(u.name);
    }
  view[prefix + "_count"] = num(count);
  view[prefix + "_reports"] = num(reports);
  view["has_" + prefix + "s"] = count > 0;
  return names;
}

// Periods with how many reports each, and the one most reports cover (the title's).
void period_totals(const Aggregate& agg, data& view) {
  data periods = data::array();
  std::size_t most = 0;
  for (const PeriodKey& p : agg.periods) {
    std::size_t n = 0;
    for (const AgencyPeriod& g : agg.groups)
      if (g.period == p) n += g.reports.size();
    periods.push_back({{"label", p.label}, {"report_count", num(n)}});
    if (n > most) {
      most = n;
      view["main_period"] = p.label;
    }
  }
  view["periods"] = with_last_marked(std::move(periods));
  view["period_count"] = num(agg.periods.size());
}

void report_totals(const std::vector<Source>& sources, const Aggregate& agg, const Labels& labels, data& view) {
  std::size_t unnamed = 0;
  std::map<std::string, std::size_t> plan_periods;  // by label
  for (const AgencyPeriod& g : agg.groups)
    for (const ReportEntry& e : g.reports)
      if (e.report->org.source == OrgSource::none) ++unnamed;
  for (const Item& it : agg.plans) plan_periods[labels.plan_period(it.plan_period)]++;
  data plans = data::array();
  for (const auto& [label, n] : plan_periods) plans.push_back({{"label", label}, {"item_count", num(n)}});
  view["plan_periods"] = with_last_marked(std::move(plans));
  view["source_count"] = num(sources.size());
  view["report_count"] = num(agg.reports - agg.duplicate_reports);
  view["duplicate_count"] = num(agg.duplicate_reports);
  view["has_duplicates"] = agg.duplicate_reports > 0;
  view["unnamed_count"] = num(unnamed);
  view["has_unnamed"] = unnamed > 0;
  view["problem_count"] = num(agg.problems.size());
  view["plan_count"] = num(agg.plans.size());
}

void unit_totals(const std::vector<Unit>& units, const Labels& labels, data& view) {
  std::size_t problems = 0, plans = 0, neither = 0;
  for (const Unit& u : units) {
    problems += u.problems;
    plans += u.plans;
    neither += !u.problems && !u.plans;
  }
  view["unit_count"] = num(units.size());
  view["problem_unit_count"] = num(problems);
  view["plan_unit_count"] = num(plans);
  view["silent_unit_count"] = num(neither);
  view["has_silent_units"] = neither > 0;
  kind_totals(units, UnitKind::department, "department", view);
  kind_totals(units, UnitKind::town, "town", view);
  view["other_units"] = joined(kind_totals(units, UnitKind::other, "other", view), labels.list_separator);
}

// The indicators two units or more state, a few units each and a bounded number of rows
// in all: the workbook's 指标对比 sheet has every one.
void indicator_table(const Aggregate& agg, data& view) {
  data rows = data::array();
  // The most stated first (ties in the order they first appear).
  std::vector<CommonIndicator> common = common_indicators(agg, 2);
  std::stable_sort(common.begin(), common.end(), [](const CommonIndicator& a, const CommonIndicator& b) {
    return a.values.size() > b.values.size();
  });
  std::size_t shown = 0;
  for (const CommonIndicator& c : common) {
    if (rows.size() >= kBriefingIndicatorRows) break;
    ++shown;
    for (std::size_t i = 0; i < c.values.size() && i < kBriefingUnitsPerIndicator; ++i) {
      if (rows.size() >= kBriefingIndicatorRows) break;
      const MetricItem& m = *c.values[i];
      rows.push_back({{"agency", m.ref.agency().display()},
                      {"label", c.name},
                      {"value", m.metric->text},
                      {"period", m.ref.period().label},
                      {"source", m.ref.source().label()}});
    }
  }
  view["indicators"] = std::move(rows);
  view["has_indicators"] = !common.empty();
  view["indicator_count"] = num(common.size());
  view["more_indicator_count"] = num(common.size() - shown);
  view["has_more_indicators"] = shown < common.size();
}

// ---- groups of items ---------------------------------------------------------------

// The first clause of `text` after its lead that states a figure (a quantity, not a date),
// when the lead states none: the result a heading promises (强化安全监管……排查隐患49个).
// Empty when there is none.
std::string figure_clause(const Item& it, const Labels& labels) {
  if (states_quantity(it.lead, labels.lead)) return {};
  // Read as code points straight from the UTF-8 (the model's texts are valid UTF-8): the
  // clauses after the lead, cut at clause and sentence ends.
  const std::string_view t = it.text;
  std::size_t from = it.lead.empty() ? std::string_view::npos : t.find(it.lead);
  from = from == std::string_view::npos ? 0 : from + it.lead.size();
  const std::u32string_view clause_ends = labels.lead.clause_ends, sentence_ends = labels.lead.sentence_ends;
  std::size_t start = from;
  for (std::size_t i = from; i <= t.size();) {
    std::size_t next = i;
    if (i < t.size()) {
      const char32_t c = utf8::decode(t, next);
      if (clause_ends.find(c) == std::u32string_view::npos && sentence_ends.find(c) == std::u32string_view::npos) {
        i = next;
        continue;
      }
    }
    std::string_view clause = trim(t.substr(start, i - start));
    if (states_quantity(clause, labels.lead) && utf8::length(clause) <= labels.lead.max_chars)
      return std::string(clause);
    if (i == t.size()) break;
    start = i = next;
  }
  return {};
}

data item_view(const Item& it, const Labels& labels) {
  std::string figure = figure_clause(it, labels);
  return {{"agency", it.ref.agency().display()},
          {"lead", it.lead},
          {"figure", figure},
          {"has_figure", !figure.empty()},
          {"period", it.ref.period().label},
          {"source", it.ref.source().label()}};
}

// The items of one group (a field or theme), with the units they come from in order.
struct Group {
  std::string label;
  std::vector<const Item*> items;
  std::vector<std::string> units;  // distinct, in the order of their first item
  bool is_fallback = false;        // the class of items no other fits (其他)
};

// Items by class (`class_of`), classes ranked by how many units they hold, ties in lexicon
// order, the fallback class last. An item whose words repeat an earlier one's is left out:
// a report copied under two units is quoted once.
template <class Items>  // std::vector<Item> or ItemList
std::vector<Group> grouped(const Items& items, std::string Item::*class_of, const Classifier& classes) {
  std::vector<std::string> order = classes.labels();
  order.push_back(classes.fallback());
  std::vector<Group> groups;
  for (const std::string& label : order) groups.push_back({label, {}, {}, label == classes.fallback()});
  std::map<std::string, std::size_t> by_label;
  for (std::size_t i = 0; i < groups.size(); ++i) by_label.emplace(groups[i].label, i);
  std::vector<std::set<std::string>> seen(groups.size());
  for (const Item& it : items) {
    auto at = by_label.find(it.*class_of);
    std::size_t k = at == by_label.end() ? groups.size() - 1 : at->second;
    Group& g = groups[k];
    g.items.push_back(&it);
    std::string unit = it.ref.agency().display();
    if (seen[k].insert(unit).second) g.units.push_back(std::move(unit));
  }
  std::erase_if(groups, [](const Group& g) { return g.items.empty(); });
  std::stable_sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
    if (a.is_fallback != b.is_fallback) return b.is_fallback;
    return a.units.size() > b.units.size();
  });
  return groups;
}

// The most central items of a group, at most one per unit and `limit` in all, never an
// item already quoted or one with the same words or short form as a quoted one.
std::vector<const Item*> representatives(const Group& g, std::size_t limit, bool prefer_figures, const Labels& labels,
                                         std::set<std::string>& quoted) {
  std::vector<std::string_view> texts;
  std::vector<char> figures, topics;  // per item, computed once (not in the comparisons)
  for (const Item* it : g.items) {
    texts.push_back(it->text);
    figures.push_back(prefer_figures &&
                      (states_quantity(it->lead, labels.lead) || !figure_clause(*it, labels).empty()));
    topics.push_back(is_topic_heading(it->lead, labels.lead));
  }
  std::vector<std::size_t> order = by_centrality(texts);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return figures[a] > figures[b]; });
  // A lead that only names a topic (电子商务方面) says nothing on its own: quoted last.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return topics[a] < topics[b]; });
  std::vector<const Item*> out;
  std::set<std::string> units;
  for (std::size_t i : order) {
    const Item& it = *g.items[i];
    if (out.size() == limit) break;
    const std::string unit = it.ref.agency().display();
    if (units.count(unit)) continue;
    // Not the same item, text or short form twice (a report copied under two units). Items
    // written on one line (一是…二是…) share the line: an item is its line and its text.
    const std::string keys[] = {it.ref.source().label() + "\n" + it.text, normalise(it.text), normalise(it.lead)};
    if (std::any_of(std::begin(keys), std::end(keys), [&](const std::string& k) { return quoted.count(k) > 0; }))
      continue;
    units.insert(unit);
    quoted.insert(std::begin(keys), std::end(keys));
    out.push_back(&it);
  }
  // Quoted in the units' order, so a reader finds a unit where the compendium has it.
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < g.units.size(); ++i) position.emplace(g.units[i], i);
  std::stable_sort(out.begin(), out.end(), [&](const Item* a, const Item* b) {
    return position[a->ref.agency().display()] < position[b->ref.agency().display()];
  });
  return out;
}

data group_view(const Group& g, std::size_t number, const std::vector<const Item*>& shown, const Labels& labels) {
  data items = data::array();
  std::set<std::string> shown_units;
  for (const Item* it : shown) {
    items.push_back(item_view(*it, labels));
    shown_units.insert(it->ref.agency().display());
  }
  std::vector<std::string> others;
  for (const std::string& u : g.units)
    if (!shown_units.count(u)) others.push_back(u);
  std::vector<std::string> named(others.begin(), others.begin() + std::min<std::size_t>(others.size(), 2));
  return {{"number", num(number)},
          {"number_cn", cn(number)},
          {"label", g.label},
          {"is_fallback", g.is_fallback},
          {"unit_count", num(g.units.size())},
          {"item_count", num(g.items.size())},
          {"items", std::move(items)},
          {"shown_count", num(shown.size())},
          {"more_count", num(others.size())},
          {"more_units", joined(named, labels.list_separator)},
          {"has_more", !others.empty()}};
}

// Fields of work (achievements, plans): every field, a bounded number of units each.
template <class Items>
data field_groups(const Items& items, const Classifier& fields, bool prefer_figures, const Labels& labels,
                  std::set<std::string>& quoted) {
  data out = data::array();
  for (const Group& g : grouped(items, &Item::field, fields))
    out.push_back(group_view(g, out.size() + 1,
                             representatives(g, kBriefingUnitsPerField, prefer_figures, labels, quoted), labels));
  return out;
}

// Problem themes: those raised by two units or more with their items; the others, one
// unit each, in `single` with their one most central item.
void theme_groups(const Aggregate& agg, const Classifier& themes, const Labels& labels, std::set<std::string>& quoted,
                  data& view) {
  data shared = data::array(), single = data::array();
  for (const Group& g : grouped(agg.problems, &Item::theme, themes)) {
    bool many = g.units.size() >= 2;
    data& list = many ? shared : single;
    std::size_t limit = !many                                         ? 1
                        : g.units.size() >= kBriefingUnitsForAllItems ? kBriefingItemsPerTheme
                                                                      : kBriefingItemsPerTheme - 1;
    std::vector<const Item*> shown = representatives(g, limit, false, labels, quoted);
    // A one-unit theme is named only with its item; one whose item is quoted elsewhere
    // already (under another theme's words) has nothing left to say.
    if (!many && shown.empty()) continue;
    list.push_back(group_view(g, list.size() + 1, shown, labels));
  }
  view["has_themes"] = !shared.empty();
  view["has_single_themes"] = !single.empty();
  view["themes"] = with_last_marked(std::move(shared));
  view["single_themes"] = with_last_marked(std::move(single));
}

// Each distinct bigram (two code points in one key) numbered in order of first sight: a
// table of open addressing that grows by doubling (a hash map of them, or a sorted array of
// every item's bigrams, was most of the briefing's view; a table sized for every item's
// bigrams, and each item's bigrams kept as 8-byte keys, were most of a large build's peak).
class BigramIds {
 public:
  // Room for about `expected` bigrams, up to 64 Ki slots (768 KB): a large input's table
  // grows as it fills, never larger than its bigrams need (a 100 MB build's peak).
  explicit BigramIds(std::size_t expected) {
    resize(std::bit_ceil(std::clamp<std::size_t>(2 * expected, 16, std::size_t{1} << 16)));
  }
  // The bigram's number: size() before it if it is new.
  std::uint32_t operator()(std::uint64_t key) {
    if (2 * (count_ + 1) > keys_.size()) resize(2 * keys_.size());
    std::size_t i = slot(key);
    if (keys_[i] == kEmpty) {
      keys_[i] = key;
      ids_[i] = static_cast<std::uint32_t>(count_++);
    }
    return ids_[i];
  }
  std::size_t size() const { return count_; }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};  // code points are below 2^21
  int shift_ = 60;
  std::size_t count_ = 0;
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> ids_;

  std::size_t slot(std::uint64_t key) const {
    const std::size_t mask = keys_.size() - 1;
    // The product's top bits: they depend on both code points.
    std::size_t i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
    while (keys_[i] != key && keys_[i] != kEmpty) i = (i + 1) & mask;
    return i;
  }
  void resize(std::size_t slots) {
    std::vector<std::uint64_t> keys(slots, kEmpty);
    std::vector<std::uint32_t> ids(slots, 0);
    keys.swap(keys_);
    ids.swap(ids_);
    shift_ = 64 - std::countr_zero(slots);
    for (std::size_t k = 0; k < keys.size(); ++k)
      if (keys[k] != kEmpty) {
        std::size_t i = slot(keys[k]);
        keys_[i] = keys[k];
        ids_[i] = ids[k];
      }
  }
};

}  // namespace

std::vector<std::size_t> by_centrality(std::span<const std::string_view> texts) {
  // Linear in the text: the bigrams an item shares with all the others, summed, is the sum
  // over its distinct bigrams of how many other items hold each (pairwise overlaps without
  // the pairs, which took minutes on thousands of items). Divided by the item's size plus
  // the mean size, like the union of a Jaccard share, so a long text is not central by
  // length alone.
  std::size_t bytes = 0;
  for (std::string_view t : texts) bytes += t.size();
  BigramIds ids(bytes / 3);            // about the code points of Chinese text: few tables regrown
  std::vector<std::uint32_t> holders;  // per bigram's number: how many items hold it
  std::vector<std::uint32_t> counted;  // per bigram's number: the last item counted, plus one
  std::vector<std::uint32_t> held;     // each item's distinct bigrams' numbers, item after item
  std::vector<std::size_t> ends;       // where each item's numbers end in `held`
  for (std::size_t item = 0; item < texts.size(); ++item) {
    const std::string s = normalise(texts[item]);
    const auto stamp = static_cast<std::uint32_t>(item + 1);
    char32_t previous = 0;
    for (std::size_t i = 0; i < s.size();) {
      const bool first = i == 0;
      const char32_t c = utf8::decode(s, i);
      if (!first) {
        const std::uint32_t id = ids((std::uint64_t(previous) << 32) | c);
        if (id == holders.size()) {
          holders.push_back(0);
          counted.push_back(0);
        }
        if (counted[id] != stamp) {  // each distinct bigram of the item once
          counted[id] = stamp;
          ++holders[id];
          held.push_back(id);
        }
      }
      previous = c;
    }
    ends.push_back(held.size());
  }
  const double total = double(held.size());
  const double mean = texts.empty() ? 0.0 : total / double(texts.size());
  std::vector<double> score(texts.size(), 0.0);
  for (std::size_t i = 0, from = 0; i < texts.size(); from = ends[i++]) {
    double shared = 0;
    for (std::size_t k = from; k < ends[i]; ++k) shared += holders[held[k]] - 1;
    double size = double(ends[i] - from) + mean;
    score[i] = size == 0 ? 0.0 : shared / size;
  }
  std::vector<std::size_t> order(texts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  return order;
}

data briefing_view(const std::vector<Source>& sources, const Aggregate& agg, const ThemeLexicon& lex,
                   const Labels& labels) {
  data view = data::object();
  view["main_period"] = "";
  std::vector<Unit> units = units_of(agg, lex, labels);
  unit_totals(units, labels, view);
  period_totals(agg, view);
  report_totals(sources, agg, labels, view);
  indicator_table(agg, view);
  std::set<std::string> quoted;  // sources and texts already quoted: no item twice
  ItemList achievements;         // held in their groups, not copied
  for (const AgencyPeriod& g : agg.groups)
    achievements.insert(achievements.end(), g.achievements.begin(), g.achievements.end());
  view["achievement_fields"] = field_groups(achievements, lex.fields, true, labels, quoted);
  theme_groups(agg, lex.themes, labels, quoted, view);
  view["plan_fields"] = field_groups(agg.plans, lex.fields, false, labels, quoted);
  view["has_plan_fields"] = !agg.plans.empty();
  view["has_achievement_fields"] = !achievements.empty();
  return view;
}

}  // namespace huizong
