#include "aggregate/aggregate.h"

#include <unicode/coll.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>

#include "common/lexicon.h"
#include "common/marker.h"

namespace huizong {

ThemeLexicon ThemeLexicon::load(const std::string& dir) {
  LexiconReader j("themes", dir);
  ThemeLexicon lex;
  lex.themes = Classifier::load(j, "themes");
  j.done();
  LexiconReader f("fields", dir);
  lex.fields = Classifier::load(f, "fields");
  f.done();
  LexiconReader ind("indicators", dir);
  for (const LexiconReader& i : ind.objects("indicators")) {
    std::string name = i.text("name");
    if (name.empty()) i.fail("name", "missing or empty", "name the indicator");
    lex.indicators.emplace_back(normalise(name), name);
    for (const std::string& alias : i.normalised_strings("aliases")) lex.indicators.emplace_back(alias, name);
    i.done();
  }
  ind.done();
  std::stable_sort(lex.indicators.begin(), lex.indicators.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  // Only the governments of agencies.json (the extract stage checks the whole file).
  LexiconReader agencies("agencies", dir);
  for (const char* key : {"place_writers", "region_writers"})
    for (auto& [word, government] : agencies.string_map(key)) lex.governments.emplace_back(word, government);
  std::stable_sort(lex.governments.begin(), lex.governments.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  lex.hash = fingerprint(j.json_dump() + f.json_dump() + ind.json_dump() + agencies.json_dump("place_writers") +
                         agencies.json_dump("region_writers"));
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

std::string ThemeLexicon::indicator_of(std::string_view label) const {
  if (label.empty()) return {};
  std::string norm = normalise(label);
  for (const auto& [alias, name] : indicators)
    if (!alias.empty() && norm.find(alias) != std::string::npos) return name;
  return {};
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

AgencyKey agency_of(const Report& r, const Labels& labels) {
  AgencyKey k;
  k.region = r.org.region;
  if (r.org.name.empty()) {
    // A writer never named (only 我乡 or a kind of agency is known) is told apart by its
    // report's title, so unrelated reports are not merged under 乡人民政府.
    k.agency = fill(labels.writer_by_title,
                    {{"writer", r.org.canonical ? *r.org.canonical : labels.unnamed_writer}, {"title", r.title}});
  } else if (r.org.canonical && !r.org.canonical->empty()) {
    k.agency = *r.org.canonical;
  } else {
    k.agency = r.org.name;
  }
  // A town's name is its identity (XX镇 -> 镇人民政府 would merge every town). Only a name
  // that is a place of that level: an agency of a 街道 (综合执法局) keeps its own name.
  if (!r.org.name.empty() && r.org.region.empty() && r.org.canonical && *r.org.canonical != r.org.name &&
      labels.is_named_place(r.org.level) && contains(r.org.name, *r.org.level))
    k.region = r.org.name;
  return k;
}

// An item's full text: its own line, plus the lines that follow it up to the next item or
// the end of its section (a numbered problem often continues on the next lines).
std::string item_text(const Report& r, const Section& s, std::size_t k) {
  const SectionItem& it = s.items[k];
  // An inline item (一是…) is its own part of a line; its marker is the numeral and 是.
  bool inline_item = !scan_inline_items(it.marker).empty();
  if (inline_item) return it.text;
  int stop = k + 1 < s.items.size() ? s.items[k + 1].line : s.end_line + 1;
  std::string text = it.text;
  // Lines are in line order: start at the item's own (a scan from the first line for
  // every item was quadratic in the items of a report).
  auto l = std::upper_bound(r.lines.begin(), r.lines.end(), it.line,
                            [](int line, const ReportLine& rl) { return line < rl.line; });
  for (; l != r.lines.end() && l->line < stop; ++l) text += "\n" + std::string(trim(l->text));
  return text;
}

class Collation {
 public:
  Collation() {
    UErrorCode status = U_ZERO_ERROR;
    collator_.reset(icu::Collator::createInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) collator_.reset();
  }
  bool less(const std::string& a, const std::string& b) const {
    if (!collator_) return a < b;
    UErrorCode status = U_ZERO_ERROR;
    auto r = collator_->compareUTF8(a, b, status);
    return U_SUCCESS(status) ? r == UCOL_LESS : a < b;
  }

 private:
  std::unique_ptr<icu::Collator> collator_;
};

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
    item.lead = lead_of(text, labels.lead);
    Classification c = themes.theme_of(first_sentence(text, labels.lead), item.text);
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

void add_items(AgencyPeriod& g, const Report& r, const ThemeLexicon& themes, const Labels& labels) {
  auto ref = [&](int line) { return ItemRef{g.agency, g.period, r.id, r.title, {r.source.path, line}}; };
  // A report written as an opening paragraph and then 一是…二是… paragraphs has no part
  // called achievements: its numbered opening items are its achievements.
  bool has_achievements = std::any_of(r.sections.begin(), r.sections.end(), [](const Section& s) {
    return s.kind == SectionKind::achievements || s.kind == SectionKind::highlights;
  });
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
      item.text = quoted ? item_text(r, s, k) : it.text;
      item.lead = lead_of(unmarked(item.text, it.marker), labels.lead);
      const std::string sentence = first_sentence(unmarked(item.text, it.marker), labels.lead);
      SectionKind kind = s.kind;
      if (kind == SectionKind::preamble && !has_achievements && !it.marker.empty()) kind = SectionKind::achievements;
      switch (kind) {
        case SectionKind::achievements:
        case SectionKind::highlights:
          item.field = themes.fields.classify(sentence, item.text).label;
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
          item.field = themes.fields.classify(sentence, item.text).label;
          g.plans.push_back(std::move(item));
          break;
        default:
          break;
      }
    }
  }
  for (const Metric& m : r.metrics) g.metrics.push_back({ref(m.line), m, themes.indicator_of(m.label)});
}

// Groups by region and agency (Chinese collation), then period in time order; the periods
// present and every problem and plan, in that order.
void sort_and_collect(Aggregate& out) {
  Collation coll;
  std::stable_sort(out.groups.begin(), out.groups.end(), [&](const AgencyPeriod& a, const AgencyPeriod& b) {
    if (a.agency != b.agency) {
      if (a.agency.region != b.agency.region) return coll.less(a.agency.region, b.agency.region);
      return coll.less(a.agency.agency, b.agency.agency);
    }
    return a.period.order() < b.period.order();
  });
  for (const auto& g : out.groups) {
    if (std::none_of(out.periods.begin(), out.periods.end(), [&](const PeriodKey& p) { return p == g.period; }))
      out.periods.push_back(g.period);
    out.problems.insert(out.problems.end(), g.problems.begin(), g.problems.end());
    out.plans.insert(out.plans.end(), g.plans.begin(), g.plans.end());
  }
  std::sort(out.periods.begin(), out.periods.end(), [](auto& a, auto& b) { return a.order() < b.order(); });
}

}  // namespace

Aggregate aggregate(const Model& model, const ThemeLexicon& themes, const Labels& labels) {
  Aggregate out;
  auto find_group = [&](const AgencyKey& a, const PeriodKey& p) -> AgencyPeriod& {
    for (auto& g : out.groups)
      if (g.agency == a && g.period == p) return g;
    out.groups.push_back({a, p, {}, {}, {}, {}, {}});
    return out.groups.back();
  };

  // Duplicates first point at the report they repeat.
  std::map<std::string, std::vector<SourceLoc>> extra_sources;
  for (const Report& r : model.reports)
    if (r.duplicate_of) {
      extra_sources[*r.duplicate_of].push_back({r.source.path, r.source.line});
      ++out.duplicate_reports;
    }

  for (const Report& r : model.reports) {
    if (r.duplicate_of) continue;
    AgencyKey agency = agency_of(r, labels);
    agency.name = themes.agency_name(agency.region, agency.agency);
    PeriodKey period{r.period.year, r.period.span, labels.period(r.period.year, r.period.span)};
    AgencyPeriod& g = find_group(agency, period);
    ReportEntry entry{&r, {{r.source.path, r.source.line}}};
    for (auto& s : extra_sources[r.id]) entry.sources.push_back(s);
    g.reports.push_back(std::move(entry));
    add_items(g, r, themes, labels);
  }
  sort_and_collect(out);
  return out;
}

}  // namespace huizong
