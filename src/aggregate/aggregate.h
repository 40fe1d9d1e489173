// aggregate: the parsed model -> what an office reports upward, grouped by unit and
// period. The unit key is the writer's label (org.label: XX县司法局), so two counties'
// 司法局 stay apart, and a masked or unnamed place (XX镇) is a unit of its own report;
// duplicate reports (pipeline: same or nearly the same body) count once with every source
// listed. Problem items carry a theme from lexicons/themes.json (unmatched ->
// fallback theme, never dropped). Every item keeps its source file and line.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "aggregate/labels.h"
#include "aggregate/lead.h"
#include "aggregate/themes.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "common/word_automaton.h"
#include "model/types.h"

namespace huizong {

struct ThemeLexicon {
  Classifier themes;  // lexicons/themes.json: problems by theme (aggregate/themes.h)
  Classifier fields;  // lexicons/fields.json: achievements and plans by field of work
  // lexicons/fields.json closing_cues (normalised): words of a report's closing rally.
  std::vector<std::string> closing_cues;
  // lexicons/indicators.json: alias (normalised) -> canonical indicator name, longest first.
  std::vector<std::pair<std::string, std::string>> indicators;
  // The measurement units each indicator is stated in (none listed: any unit).
  std::map<std::string, std::vector<std::string>> indicator_units;
  // indicators.json not_after (normalised): 亩均, 人均 … before an alias make a ratio, not the indicator.
  std::vector<std::string> indicator_not_after;
  // The aliases of `indicators`, in its order, for one pass over a label (made by load; a
  // lexicon filled by hand, without it, is searched alias by alias; reset it if you change
  // `indicators`).
  std::shared_ptr<const WordAutomaton> indicator_words;
  // The canonical indicator a figure's label names (地区生产总值 for 全县GDP) when the figure
  // is in one of its units (亿元, not 个 or %), or "".
  std::string indicator_of(std::string_view label, std::string_view unit) const;
  // A place's government by the level word the place's name ends with (lexicons/agencies.json
  // place_writers and region_writers: 镇 -> 镇人民政府, 苏木 -> 乡人民政府, 县 -> 县人民政府).
  std::vector<std::pair<std::string, std::string>> governments;  // longest word first
  // (What a render's cached views depend on is fingerprinted from the lexicon files' text:
  // render/outputs.cpp lexicon_files_hash.)
  static ThemeLexicon load(const LexiconDir& lexicon_dir = {});
  // The theme of a problem whose short form is `lead` and whole text `text`.
  Classification theme_of(std::string_view lead, std::string_view text) const;
  // How an agency is named: region + agency, but a place's government does not repeat the
  // place's level word (XX镇 + 镇人民政府 -> XX镇人民政府, XX街道 + 街道办事处 -> XX街道办事处,
  // XX苏木 + 乡人民政府 -> XX苏木人民政府).
  std::string agency_name(const std::string& region, const std::string& agency) const;
};

struct SourceLoc {
  std::string path;  // as given on the command line
  int line = 0;
  std::string label() const;  // "file.txt:123" (file name and line)
};

struct AgencyKey {
  std::string region;  // the unit's place (org.place, else the region as written): XX县, 区; empty when unknown
  std::string agency;  // org.label; unnamed writers: Labels::writer_by_title (（未署名）·title)
  std::string name;    // as shown: org.label; empty: region + agency
  // The report a unit is known by when its place is masked or not named (XX镇人民政府,
  // 县统计局): such reports are different units unless they are duplicates. Empty otherwise.
  std::string report;
  std::string display() const;  // name, else region + agency
  auto operator<=>(const AgencyKey&) const = default;
};

struct PeriodKey {
  std::optional<int> year;
  Span span = Span::FY;
  std::string label;  // as the documents name it (Labels::period): 2023年上半年, 2023年度, …
  int order() const;  // sorts periods in time order
  bool operator==(const PeriodKey& o) const { return year == o.year && span == o.span; }
};

// What every item of one report shares, held once per report (a 100 MB corpus has a million
// items and figures: a copy of these strings in each cost hundreds of MB).
struct ReportRef {
  AgencyKey agency;
  PeriodKey period;
  std::string report_id;
  std::string report_title;
  std::string path;  // as given on the command line
};

// Where an item is: its report (shared) and its line.
struct ItemRef {
  std::shared_ptr<const ReportRef> report;
  int line = 0;
  const AgencyKey& agency() const { return report->agency; }
  const PeriodKey& period() const { return report->period; }
  const std::string& report_id() const { return report->report_id; }
  const std::string& report_title() const { return report->report_title; }
  SourceLoc source() const { return {report->path, line}; }
};

struct Item {
  ItemRef ref;
  std::string marker;                               // （一） / 1. / 一是 …, empty for an undivided paragraph
  std::string text;                                 // as written
  std::string lead;                                 // short form (aggregate/lead.h): heading or first clauses
  std::string theme;                                // problems only
  std::vector<std::string> secondary_themes;        // problems only: other themes it touches
  std::string field;                                // achievements and plans: field of work (fields.json)
  PlanPeriod plan_period = PlanPeriod::next_steps;  // plans only
};

// Items held elsewhere (in their groups), listed again without copying them.
using ItemList = std::vector<std::reference_wrapper<const Item>>;

struct MetricItem {
  ItemRef ref;
  const Metric* metric = nullptr;  // in the model's report: the aggregate must not outlive the model
  std::string indicator;           // canonical indicator name (ThemeLexicon::indicator_of), or ""
};

// One report counted once, with every source that holds the same text.
struct ReportEntry {
  const Report* report = nullptr;
  std::vector<SourceLoc> sources;  // first is the report's own title line
};

struct AgencyPeriod {
  AgencyKey agency;
  PeriodKey period;
  std::vector<ReportEntry> reports;  // several different reports under one key are all kept
  std::vector<Item> achievements;    // top-level items of achievements/highlights parts
  std::vector<Item> problems;
  std::vector<Item> plans;
  std::vector<MetricItem> metrics;
  // The figures `metrics` point to when they were taken from their reports
  // (AggregateBuilder::take): each report's own vector, moved whole (its elements keep their
  // addresses), so that they go with the group, not with the report.
  std::vector<std::vector<Metric>> figures;
};

struct Aggregate {
  // By unit in the order of `unit_order` (units it does not list after), else in the order
  // the units first appear in the inputs, unsigned reports last; then period in time order.
  std::vector<AgencyPeriod> groups;
  std::vector<PeriodKey> periods;  // every period present, in time order
  ItemList problems;               // every problem item (held in groups)
  ItemList plans;
  std::size_t reports = 0;  // every report of the model, duplicates included
  std::size_t duplicate_reports = 0;
};

// The aggregate made one report at a time, in model order: a build aggregates each file
// as the parse delivers it and then frees the reports' text, so that the model is never
// whole in memory. aggregate() is this over a whole model.
struct ReportItems;  // aggregate.cpp

class AggregateBuilder {
 public:
  // Periods are named and unnamed writers told apart with `labels`. `unit_order`: an
  // office's own order of its units, one label each (compared normalised, spaces ignored).
  AggregateBuilder(const ThemeLexicon& themes, const Labels& labels, const std::vector<std::string>& unit_order = {});
  ~AggregateBuilder();
  AggregateBuilder(const AggregateBuilder&) = delete;
  AggregateBuilder& operator=(const AggregateBuilder&) = delete;
  // Reads `r`'s lines and sections (they may be freed after) and keeps pointers to the
  // rest of it (its figures, title, org): it must not move until the aggregate is dropped.
  void add(const Report& r);
  // The same, the report's figures (r.metrics) moved into the aggregate: a caller that frees
  // the report's text may then drop the report while the aggregate lives, and a group's
  // figures can be freed with it (free_figures).
  void take(Report& r);
  // take() of each report in turn, their items (themes, fields, indicators: the costly
  // part) made first on up to `threads` threads: each report's items are its own. When
  // making an item fails, none of the reports is added (the exception is the first
  // report's, in order, that failed).
  void take(std::span<Report* const> reports, unsigned threads);
  Aggregate finish();  // sorts the groups; the builder is spent (its indexes freed)

 private:
  struct State;
  std::unique_ptr<State> state_;
  // `items`: the report's, made already (take of many), or null.
  void add_report(const Report& r, std::vector<Metric>* figures_to_take, ReportItems* items = nullptr);
};

// Frees group `g`'s figures (metrics and, when taken, their storage) once nothing reads
// them any more: the tables made last copy them, one group at a time.
void free_figures(AgencyPeriod& g);
// Frees the text of group `g`'s items (achievements, problems, plans: text, lead, marker,
// theme, field), keeping them and their sources and counts, once nothing reads the texts.
void free_item_text(AgencyPeriod& g);

// Periods are named and unnamed writers told apart with `labels`. `unit_order`: an office's
// own order of its units, one label each (compared normalised, spaces ignored).
Aggregate aggregate(const Model& model, const ThemeLexicon& themes, const Labels& labels,
                    const std::vector<std::string>& unit_order = {});
// The aggregate points into the model's reports: it must not outlive it.
Aggregate aggregate(Model&& model, const ThemeLexicon& themes, const Labels& labels,
                    const std::vector<std::string>& unit_order = {}) = delete;

// A canonical indicator (lexicons/indicators.json) with the value each unit states for it.
struct CommonIndicator {
  std::string name;
  // One per unit, in the units' order: the first numeric, unmasked figure of the unit's latest
  // period that states it (groups are in time order, so a later period's figure wins).
  std::vector<const MetricItem*> values;
};

// The indicators at least `min_units` units state, in the order they first appear. Points
// into `agg`.
std::vector<CommonIndicator> common_indicators(const Aggregate& agg, std::size_t min_units);

// An order file: one unit label a line; blank lines and lines starting with # are skipped.
// Throws Error(input) naming the file when it cannot be read.
std::vector<std::string> read_unit_order(const std::string& path);

}  // namespace huizong
