#include "aggregate/aggregate.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <tuple>

#include "common/file.h"
#include "common/i18n.h"
#include "common/lexicon.h"
#include "common/marker.h"
#include "common/parallel.h"

namespace huizong {

ThemeLexicon ThemeLexicon::load(const LexiconDir& dir) {
  LexiconReader j("themes", dir);
  ThemeLexicon lex;
  lex.themes = Classifier::load(j, "themes");
  j.done();
  LexiconReader f("fields", dir);
  lex.fields = Classifier::load(f, "fields");
  lex.closing_cues = f.normalised_strings("closing_cues");
  f.done();
  LexiconReader ind("indicators", dir);
  for (const LexiconReader& i : ind.objects("indicators")) {
    std::string name = i.text("name");
    if (name.empty()) i.fail("name", _("missing or empty"), _("name the indicator"));
    lex.indicators.emplace_back(normalise(name), name);
    for (const std::string& alias : i.normalised_strings("aliases")) lex.indicators.emplace_back(alias, name);
    if (i.has("units")) lex.indicator_units[name] = i.strings("units");
    i.done();
  }
  if (ind.has("not_after")) lex.indicator_not_after = ind.normalised_strings("not_after");
  ind.done();
  std::stable_sort(lex.indicators.begin(), lex.indicators.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  std::vector<std::string> aliases;
  for (const auto& [alias, name] : lex.indicators) aliases.push_back(alias);
  lex.indicator_words = std::make_shared<const WordAutomaton>(aliases);
  // Only the governments of agencies.json (the extract stage checks the whole file).
  LexiconReader agencies("agencies", dir);
  for (const char* key : {"place_writers", "region_writers"})
    for (auto& [word, government] : agencies.string_map(key)) lex.governments.emplace_back(word, government);
  std::stable_sort(lex.governments.begin(), lex.governments.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return lex;
}

std::string ThemeLexicon::agency_name(const std::string& region, const std::string& agency) const {
  // The level word the government's name starts with (乡 of 乡人民政府), and what follows it.
  std::string_view lead;
  bool government = false;
  for (const auto& [word, name] : governments) {
    if (name != agency) continue;
    government = true;
    if (agency.starts_with(word) && word.size() > lead.size()) lead = word;
  }
  if (!government) return region + agency;
  std::string_view rest = std::string_view(agency).substr(lead.size());                      // 人民政府, 办事处
  if (region.ends_with(agency) || (!lead.empty() && region.ends_with(rest))) return region;  // XX街道办事处
  for (const auto& [word, name] : governments) {
    if (name != agency || !region.ends_with(word)) continue;
    if (!lead.empty()) return region + std::string(rest);           // XX镇 -> XX镇人民政府
    return region.substr(0, region.size() - word.size()) + agency;  // XX高新区 -> XX高新技术…
  }
  return region + agency;
}

std::string ThemeLexicon::indicator_of(std::string_view label, std::string_view unit) const {
  if (label.empty()) return {};
  std::string norm = normalise(label);
  // 亩均税收 is tax per mu, not 税收收入: an alias right after a not_after word is no match.
  auto per_something = [&](std::size_t at) {
    return std::any_of(indicator_not_after.begin(), indicator_not_after.end(),
                       [&](const std::string& w) { return std::string_view(norm).substr(0, at).ends_with(w); });
  };
  auto found = [&](const std::string& alias) {
    for (std::size_t at = norm.find(alias); at != std::string::npos; at = norm.find(alias, at + 1))
      if (!per_something(at)) return true;
    return false;
  };
  // The first alias (longest first) found where no not_after word comes before it.
  std::size_t first = indicators.size();
  if (indicator_words) {
    for (const WordAutomaton::Match& m : indicator_words->find_all(norm))
      if (m.word < first && !per_something(m.begin)) first = m.word;
  } else {
    for (std::size_t k = 0; k < indicators.size() && first == indicators.size(); ++k)
      if (!indicators[k].first.empty() && found(indicators[k].first)) first = k;
  }
  if (first == indicators.size()) return {};
  const std::string& name = indicators[first].second;
  auto units = indicator_units.find(name);
  if (units != indicator_units.end() &&
      std::find(units->second.begin(), units->second.end(), unit) == units->second.end())
    return {};
  return name;
}

Classification ThemeLexicon::theme_of(std::string_view lead, std::string_view text) const {
  return themes.classify(lead, text);
}

std::string SourceLoc::label() const {
  return std::filesystem::path(path).filename().string() + ":" + std::to_string(line);
}

std::string AgencyKey::display() const { return name.empty() ? region + agency : name; }

int PeriodKey::order() const {
  // Within a year: the spans in the order they end.
  static constexpr Span kInTime[] = {Span::Q1, Span::H1, Span::Q1_Q3, Span::H2, Span::FY, Span::other};
  int k = 0;
  while (kInTime[k] != span) ++k;
  return (year ? *year : 0) * 10 + k;
}

namespace {

// Whether a place is masked in the text (XX县, ××镇): built-in, the characters
// publications mask names with (regions.json masks, after normalisation).
bool is_masked(std::string_view place) {
  for (std::size_t i = 0; i < place.size();) {
    char32_t c = decode_utf8(place, i);
    if (c == U'X' || c == U'x' || c == U'*' || c == U'\u00D7') return true;
  }
  return false;
}

// A model written before org.label: region + canonical name, a town by its name.
AgencyKey agency_without_label(const Report& r, const ThemeLexicon& themes, const Labels& labels) {
  AgencyKey k;
  k.region = r.org.region;
  k.agency = r.org.canonical && !r.org.canonical->empty() ? *r.org.canonical : r.org.name;
  if (r.org.region.empty() && r.org.canonical && *r.org.canonical != r.org.name && labels.is_named_place(r.org.level) &&
      contains(r.org.name, *r.org.level))
    k.region = r.org.name;
  k.name = themes.agency_name(k.region, k.agency);
  return k;
}

// The unit of a report: its label; a writer named nowhere by its report's title. A unit
// whose place is masked or not named is one report's own: XX镇 in two reports may be two
// towns.
AgencyKey agency_of(const Report& r, const ThemeLexicon& themes, const Labels& labels) {
  if (!r.org.label && !r.org.name.empty()) return agency_without_label(r, themes, labels);
  AgencyKey k;
  k.region = r.org.place.empty() ? r.org.region : r.org.place;
  if (r.org.label) {
    k.agency = k.name = *r.org.label;
  } else {
    k.agency = k.name = fill(labels.writer_by_title, {{"writer", labels.unnamed_writer}, {"title", r.title}});
  }
  if (r.org.place.empty() || is_masked(r.org.place)) k.report = r.id;
  return k;
}

// An item's full text: its own line, plus the lines that follow it up to the next item or
// the end of its section (a numbered problem often continues on the next lines).
// A paragraph of rally words and no items of its own (一是…二是… are the item's content).
bool is_closing(std::string_view line, const std::vector<std::string>& cues) {
  if (!scan_inline_items(line).empty()) return false;
  std::string norm = normalise(line);
  return std::any_of(cues.begin(), cues.end(), [&](const std::string& c) { return norm.find(c) != std::string::npos; });
}

std::string item_text(const Report& r, const Section& s, std::size_t k, const std::vector<std::string>& closing_cues) {
  const SectionItem& it = s.items[k];
  // An inline item (一是…) is its own part of a line; its marker is the numeral and 是.
  bool inline_item = !scan_inline_items(it.marker).empty();
  if (inline_item) return it.text;
  bool last = k + 1 == s.items.size();
  int stop = last ? s.end_line + 1 : s.items[k + 1].line;
  std::string text = it.text;
  // Lines are in line order: start at the item's own (a scan from the first line for
  // every item was quadratic in the items of a report).
  auto l = std::upper_bound(r.lines.begin(), r.lines.end(), it.line,
                            [](int line, const ReportLine& rl) { return line < rl.line; });
  for (; l != r.lines.end() && l->line < stop; ++l) {
    // The part's last item ends where the report's closing rally begins.
    if (last && l->rank == 0 && is_closing(l->text, closing_cues)) break;
    text += "\n" + std::string(trim(l->text));
  }
  return text;
}

}  // namespace

namespace {

// The item's text without its own marker.
std::string_view unmarked(const std::string& text, const std::string& marker) {
  std::string_view t = trim(text);
  if (!marker.empty() && t.starts_with(marker)) t.remove_prefix(marker.size());
  return t;
}

// The paragraphs of a problems part before its first item (…但仍然存在短板和不足。 then
// 1. 2. 3.): they state problems too, unless they only lead into the list (…主要表现在：).
// Classify lists a part's items by its numbering; the digests quote every problem.
std::vector<Item> lead_paragraphs(const Report& r, const Section& s, const std::function<ItemRef(int)>& ref,
                                  const ThemeLexicon& themes, const Labels& labels) {
  std::vector<Item> out;
  if (s.kind != SectionKind::problems || s.items.empty()) return out;
  int after = s.heading_line ? *s.heading_line : s.line - 1;
  auto l = std::upper_bound(r.lines.begin(), r.lines.end(), after,
                            [](int line, const ReportLine& rl) { return line < rl.line; });
  for (; l != r.lines.end() && l->line < s.items.front().line; ++l) {
    std::string_view text = trim(l->text);
    if (text.empty() || l->rank != 0 || normalise(text).ends_with(":")) continue;  // ： is : once normalised
    Item item;
    item.ref = ref(l->line);
    item.text = std::string(text);
    LeadParts parts = lead_parts(text, labels.lead);
    item.lead = std::move(parts.lead);
    Classification c = themes.theme_of(parts.sentence, item.text);
    item.theme = std::move(c.label);
    item.secondary_themes = std::move(c.secondary);
    out.push_back(std::move(item));
  }
  return out;
}

// The report's top-level items, by kind of part, and its metrics, into its group. Problems
// get a theme, achievements and plans a field of work, each judged by its lead first.
// What a report's plans are for: as it says, else by its period (the 下一步 of a 上半年
// report is the second half, of a whole year's report the next year).
PlanPeriod plan_period_of(const Report& r) {
  PlanPeriod p = r.plan_period.value_or(PlanPeriod::next_steps);
  if (p != PlanPeriod::next_steps) return p;
  if (r.period.span == Span::H1) return PlanPeriod::H2;
  if (r.period.span == Span::FY) return PlanPeriod::next_year;
  return p;
}

// The item's words without its writer's own name: XX县司法局聚焦…推动市域社会治理 is about
// 社会治理, whatever 司法 in the name says (the name counts as the unit's line of work,
// fields.json unit_weight, and no more).
std::string without_writer(std::string text, const Report& r) {
  const std::string& name = r.org.label.value_or(std::string());
  if (name.size() < 6) return text;  // two characters or fewer: a word, not a name
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at))
    text.replace(at, name.size(), " ");
  return text;
}

}  // namespace

// A report's items, made before its group is known (on any thread): each item's ref has
// its line, and its report once the items join their group (add_items).
struct ReportItems {
  std::vector<Item> achievements, problems, plans;
  std::vector<MetricItem> metrics;
};

namespace {

ReportItems items_of(const Report& r, const ThemeLexicon& themes, const Labels& labels) {
  ReportItems g;
  auto ref = [](int line) { return ItemRef{nullptr, line}; };
  // A report written as an opening paragraph and then 一是…二是… paragraphs has no part
  // called achievements: its numbered opening items are its achievements.
  bool has_achievements = std::any_of(r.sections.begin(), r.sections.end(), [](const Section& s) {
    return s.kind == SectionKind::achievements || s.kind == SectionKind::highlights;
  });
  // The unit's line of work, for items that do not say theirs (fields.json unit_weight).
  const std::string unit = r.title + "\n" + r.org.label.value_or(std::string());
  for (const Section& s : r.sections) {
    for (Item& item : lead_paragraphs(r, s, ref, themes, labels)) g.problems.push_back(std::move(item));
    for (std::size_t k = 0; k < s.items.size(); ++k) {
      const SectionItem& it = s.items[k];
      // Achievements are summarised by their heading line; problems and plans are quoted
      // in full in the digests, continuation lines included.
      bool quoted = s.kind == SectionKind::problems || s.kind == SectionKind::plans;
      Item item;
      item.ref = ref(it.line);
      item.marker = it.marker;
      item.text = quoted ? item_text(r, s, k, themes.closing_cues) : it.text;
      LeadParts parts = lead_parts(unmarked(item.text, it.marker), labels.lead);
      item.lead = std::move(parts.lead);
      const std::string sentence = std::move(parts.sentence);
      SectionKind kind = s.kind;
      if (kind == SectionKind::preamble && !has_achievements && !it.marker.empty()) kind = SectionKind::achievements;
      switch (kind) {
        case SectionKind::achievements:
        case SectionKind::highlights:
          // Shown by its heading, judged by all it says (the heading alone: 强化工作调度).
          item.field = themes.fields
                           .classify(without_writer(sentence, r),
                                     without_writer(item_text(r, s, k, themes.closing_cues), r), unit)
                           .label;
          g.achievements.push_back(std::move(item));
          break;
        case SectionKind::problems: {
          Classification c = themes.theme_of(sentence, item.text);
          item.theme = std::move(c.label);
          item.secondary_themes = std::move(c.secondary);
          g.problems.push_back(std::move(item));
          break;
        }
        case SectionKind::plans:
          item.plan_period = plan_period_of(r);
          item.field = themes.fields.classify(without_writer(sentence, r), without_writer(item.text, r), unit).label;
          g.plans.push_back(std::move(item));
          break;
        default:
          break;
      }
    }
  }
  for (const Metric& m : r.metrics) g.metrics.push_back({ref(m.line), &m, themes.indicator_of(m.label, m.unit)});
  return g;
}

// The items join group `g`, each pointing at the report (one ReportRef for them all).
void add_items(AgencyPeriod& g, const Report& r, ReportItems&& items) {
  auto shared = std::make_shared<const ReportRef>(ReportRef{g.agency, g.period, r.id, r.title, r.source.path});
  auto join = [&](std::vector<Item>& from, std::vector<Item>& to) {
    for (Item& item : from) {
      item.ref.report = shared;
      to.push_back(std::move(item));
    }
  };
  join(items.achievements, g.achievements);
  join(items.problems, g.problems);
  join(items.plans, g.plans);
  for (MetricItem& m : items.metrics) {
    m.ref.report = shared;
    g.metrics.push_back(std::move(m));
  }
}

// Where a unit's rows go: the units an order file lists first, in its order; then the
// others in the order they first appear in the inputs; unsigned reports last.
struct UnitRank {
  int bucket = 1;  // 0 listed, 1 others, 2 unsigned
  std::size_t index = 0;
  auto operator<=>(const UnitRank&) const = default;
};

// A label as an order file is matched: normalised, without spaces.
std::string order_key(std::string_view label) {
  std::string norm = normalise(label), out;
  for (std::size_t i = 0; i < norm.size();) {
    std::size_t start = i;
    if (!is_space_cp(decode_utf8(norm, i))) out.append(norm, start, i - start);
  }
  return out;
}

class UnitOrder {
 public:
  explicit UnitOrder(const std::vector<std::string>& listed) {
    for (std::size_t i = 0; i < listed.size(); ++i) listed_.emplace(order_key(listed[i]), i);
  }
  // The rank of a unit, fixed where it is first seen.
  void see(const AgencyKey& unit, bool unsigned_report) {
    if (ranks_.count(unit)) return;
    UnitRank rank{unsigned_report ? 2 : 1, ranks_.size()};
    if (auto it = listed_.find(order_key(unit.display())); it != listed_.end() && !unsigned_report)
      rank = {0, it->second};
    ranks_.emplace(unit, rank);
  }
  const UnitRank& rank(const AgencyKey& unit) const { return ranks_.at(unit); }

 private:
  std::map<std::string, std::size_t> listed_;  // first listing wins
  std::map<AgencyKey, UnitRank> ranks_;
};

// Groups by unit rank, then period in time order; the periods present and every problem
// and plan, in that order.
void sort_and_collect(Aggregate& out, const UnitOrder& order) {
  std::stable_sort(out.groups.begin(), out.groups.end(), [&](const AgencyPeriod& a, const AgencyPeriod& b) {
    if (a.agency != b.agency) return order.rank(a.agency) < order.rank(b.agency);
    return a.period.order() < b.period.order();
  });
  for (const auto& g : out.groups) {
    if (std::none_of(out.periods.begin(), out.periods.end(), [&](const PeriodKey& p) { return p == g.period; }))
      out.periods.push_back(g.period);
    out.problems.insert(out.problems.end(), g.problems.begin(), g.problems.end());  // references
    out.plans.insert(out.plans.end(), g.plans.begin(), g.plans.end());
  }
  std::sort(out.periods.begin(), out.periods.end(), [](auto& a, auto& b) { return a.order() < b.order(); });
}

}  // namespace

struct AggregateBuilder::State {
  const ThemeLexicon& themes;
  const Labels& labels;
  UnitOrder order;
  Aggregate out;
  // (unit, period year, span) -> index in out.groups: a build has thousands of groups.
  std::map<std::tuple<AgencyKey, std::optional<int>, Span>, std::size_t> group_index;
  // A report counted once -> its entry (group, index in the group's reports).
  std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> entries;
  // The sources of duplicates of reports not yet added (a model edited by hand may name a
  // later report); attached when it comes, in model order either way.
  std::map<std::string, std::vector<SourceLoc>, std::less<>> waiting_sources;

  AgencyPeriod& group(const AgencyKey& a, const PeriodKey& p, std::size_t& index) {
    auto [it, added] = group_index.try_emplace({a, p.year, p.span}, out.groups.size());
    if (added) out.groups.push_back({a, p, {}, {}, {}, {}, {}, {}});
    index = it->second;
    return out.groups[index];
  }
};

AggregateBuilder::AggregateBuilder(const ThemeLexicon& themes, const Labels& labels,
                                   const std::vector<std::string>& unit_order)
    : state_(new State{themes, labels, UnitOrder(unit_order), {}, {}, {}, {}}) {}

AggregateBuilder::~AggregateBuilder() = default;

void AggregateBuilder::add(const Report& r) { add_report(r, nullptr); }

void AggregateBuilder::take(Report& r) {
  r.metrics.shrink_to_fit();  // held to the end of the views: no room left from its growth
  add_report(r, &r.metrics);
}

void AggregateBuilder::take(std::span<Report* const> reports, unsigned threads) {
  // untranslated: an internal failure
  if (!state_) throw std::logic_error("reports added to an aggregate already finished");
  // A report's items take ~0.2 ms (samples/: 86 M instructions for 100 reports), a thread's
  // start and end ~25 us here, its heap's set-up (common/thread_heap) ~0.1 ms more the
  // first time: a thread for fewer than this many reports is not worth it.
  constexpr std::size_t kReportsPerThread = 4;
  threads = static_cast<unsigned>(std::clamp<std::size_t>(reports.size() / kReportsPerThread, 1, threads));
  std::vector<std::optional<ReportItems>> items(reports.size());
  run_indexed(reports.size(), threads, [&](std::size_t i) {
    Report& r = *reports[i];
    r.metrics.shrink_to_fit();  // before the items point into it
    if (!r.duplicate_of) items[i] = items_of(r, state_->themes, state_->labels);
  });
  for (std::size_t i = 0; i < reports.size(); ++i)
    add_report(*reports[i], &reports[i]->metrics, items[i] ? &*items[i] : nullptr);
}

void free_figures(AgencyPeriod& g) {
  std::vector<MetricItem>().swap(g.metrics);
  std::vector<std::vector<Metric>>().swap(g.figures);
}

void free_item_text(AgencyPeriod& g) {
  for (std::vector<Item>* items : {&g.achievements, &g.problems, &g.plans})
    for (Item& it : *items) {
      for (std::string* s : {&it.marker, &it.text, &it.lead, &it.theme, &it.field}) std::string().swap(*s);
      std::vector<std::string>().swap(it.secondary_themes);
    }
}

void AggregateBuilder::add_report(const Report& r, std::vector<Metric>* figures_to_take, ReportItems* items) {
  // untranslated: an internal failure
  if (!state_) throw std::logic_error("a report added to an aggregate already finished");
  State& st = *state_;
  ++st.out.reports;
  if (r.duplicate_of) {
    // Duplicates point at the report they repeat: counted once, with every source listed.
    ++st.out.duplicate_reports;
    SourceLoc source{r.source.path, r.source.line};
    if (auto e = st.entries.find(*r.duplicate_of); e != st.entries.end())
      st.out.groups[e->second.first].reports[e->second.second].sources.push_back(std::move(source));
    else
      st.waiting_sources[*r.duplicate_of].push_back(std::move(source));
    return;
  }
  AgencyKey agency = agency_of(r, st.themes, st.labels);
  st.order.see(agency, !r.org.label && r.org.name.empty());
  PeriodKey period{r.period.year, r.period.span, st.labels.period(r.period.year, r.period.span)};
  std::size_t index = 0;
  AgencyPeriod& g = st.group(agency, period, index);
  ReportEntry entry{&r, {{r.source.path, r.source.line}}};
  if (auto w = st.waiting_sources.find(r.id); w != st.waiting_sources.end()) {
    for (SourceLoc& s : w->second) entry.sources.push_back(std::move(s));
    st.waiting_sources.erase(w);
  }
  st.entries.try_emplace(r.id, index, g.reports.size());
  g.reports.push_back(std::move(entry));
  add_items(g, r, items ? std::move(*items) : items_of(r, st.themes, st.labels));
  if (figures_to_take) g.figures.push_back(std::move(*figures_to_take));  // the items point into its buffer
}

Aggregate AggregateBuilder::finish() {
  // untranslated: an internal failure
  if (!state_) throw std::logic_error("an aggregate finished twice");
  // A build holds the aggregate through its views and tables: no room left from growth
  // (up to half of each list, a build of 100 MB of reports 20 MB).
  for (AgencyPeriod& g : state_->out.groups) {
    g.reports.shrink_to_fit();
    g.achievements.shrink_to_fit();
    g.problems.shrink_to_fit();
    g.plans.shrink_to_fit();
    g.metrics.shrink_to_fit();
    g.figures.shrink_to_fit();
  }
  sort_and_collect(state_->out, state_->order);
  Aggregate out = std::move(state_->out);
  state_.reset();  // its indexes (every report's id) are not needed beside the aggregate
  return out;
}

Aggregate aggregate(const Model& model, const ThemeLexicon& themes, const Labels& labels,
                    const std::vector<std::string>& unit_order) {
  AggregateBuilder builder(themes, labels, unit_order);
  for (const Report& r : model.reports) builder.add(r);
  return builder.finish();
}

std::vector<std::string> read_unit_order(const std::string& path) {
  std::string text = read_file_or_throw(path, ExitCode::input, _("give a plain text file with one unit label a line"));
  std::vector<std::string> labels;
  std::size_t from = 0;
  while (from < text.size()) {
    std::size_t end = text.find('\n', from);
    if (end == std::string::npos) end = text.size();
    std::string_view line = trim(std::string_view(text).substr(from, end - from));
    if (line.starts_with("\xEF\xBB\xBF")) line = trim(line.substr(3));  // a UTF-8 byte order mark
    if (!line.empty() && !line.starts_with('#')) labels.emplace_back(line);
    from = end + 1;
  }
  return labels;
}

std::vector<CommonIndicator> common_indicators(const Aggregate& agg, std::size_t min_units) {
  std::vector<CommonIndicator> out;
  std::map<std::string, std::size_t> index;                       // indicator -> position in out
  std::map<std::pair<std::string, AgencyKey>, std::size_t> slot;  // (indicator, unit) -> values index
  for (const AgencyPeriod& g : agg.groups) {
    const AgencyKey& unit = g.agency;  // two masked XX乡 are two units, though shown alike
    std::set<std::string> seen_here;
    for (const MetricItem& m : g.metrics) {
      if (m.indicator.empty() || !m.metric->value || m.metric->redacted || !seen_here.insert(m.indicator).second)
        continue;
      auto [at, added] = index.emplace(m.indicator, out.size());
      if (added) out.push_back({m.indicator, {}});
      CommonIndicator& c = out[at->second];
      auto [s, first] = slot.emplace(std::pair{m.indicator, unit}, c.values.size());
      if (first)
        c.values.push_back(&m);
      else
        c.values[s->second] = &m;
    }
  }
  std::erase_if(out, [&](const CommonIndicator& c) { return c.values.size() < min_units; });
  return out;
}

}  // namespace huizong
