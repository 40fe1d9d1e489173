// model types: what a parse produces and every renderer reads (docs/model.md). This
// header is the seam between the stages: it depends on the standard library only, the
// stages fill these types and aggregate/render read them. The JSON of each type is in
// model/model.h (one field table per type, model.cpp).
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace huizong {

// ---- coded values: an enum each, written in the model as the name in its table -----------

enum class SectionKind { preamble, achievements, highlights, problems, plans, suggestions, other };
// How a section was opened: by a top-level heading, a deeper or unmarked heading, a
// paragraph that starts stating problems or plans, or the start of the report.
enum class OpenedBy { heading, subheading, plain_heading, paragraph, start };
// The span of time a report covers.
enum class Span { H1, H2, FY, Q1, Q1_Q3, other };
// The span its plans cover.
enum class PlanPeriod { H2, next_year, next_steps };
// Where the writing organisation was found (none: nowhere).
enum class OrgSource { none, title, body, signature };
// What a ledger entry set aside.
enum class LedgerKind { advertising, marker };

// The names of each enum's values, in declaration order (as written in model.json).
template <class E>
inline constexpr std::array<std::string_view, 0> kCodeNames{};
template <>
inline constexpr std::array<std::string_view, 7> kCodeNames<SectionKind>{
    "preamble", "achievements", "highlights", "problems", "plans", "suggestions", "other"};
template <>
inline constexpr std::array<std::string_view, 5> kCodeNames<OpenedBy>{"heading", "subheading", "plain_heading",
                                                                      "paragraph", "start"};
template <>
inline constexpr std::array<std::string_view, 6> kCodeNames<Span>{"H1", "H2", "FY", "Q1", "Q1-Q3", "other"};
template <>
inline constexpr std::array<std::string_view, 3> kCodeNames<PlanPeriod>{"H2", "next_year", "next_steps"};
template <>
inline constexpr std::array<std::string_view, 4> kCodeNames<OrgSource>{"", "title", "body", "signature"};
template <>
inline constexpr std::array<std::string_view, 2> kCodeNames<LedgerKind>{"advertising", "marker"};

template <class E>
concept Code = std::is_enum_v<E> &&(kCodeNames<E>.size() > 0);

template <Code E>
constexpr std::string_view code_name(E e) {
  return kCodeNames<E>[static_cast<std::size_t>(e)];
}
template <Code E>
constexpr std::optional<E> code_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kCodeNames<E>.size(); ++i)
    if (kCodeNames<E>[i] == name) return static_cast<E>(i);
  return std::nullopt;
}
template <Code E>
std::string to_string(E e) {
  return std::string(code_name(e));
}

// ---- what split finds in a file --------------------------------------------------------

struct TocEntry {
  int line = 0;
  std::string title;  // stripped of the number and page
  std::optional<int> page;
  int matched_title_line = 0;  // body line the entry was found at, 0 if none
};

struct FrontMatter {
  std::vector<int> lines;  // every front-matter line
  std::optional<std::string> title;
  std::optional<int> title_line;
  std::optional<int> declared_count;  // N in （N篇）
  std::vector<TocEntry> toc;
};

struct LedgerEntry {
  int line = 0;
  LedgerKind kind = LedgerKind::advertising;
  std::string text;        // what was set aside, as written
  bool whole_line = true;  // false: only [col_begin, col_end) of the line (bytes)
  std::size_t col_begin = 0, col_end = 0;
};

// ---- what classify finds in a report ---------------------------------------------------

struct SectionItem {
  int line = 0;
  std::string marker;  // （一） / 1. / 一是 … as written; empty for an undivided paragraph
  std::string text;    // as written: the heading line or the inline item's sentence(s)
};

struct Section {
  SectionKind kind = SectionKind::other;
  int line = 0;                     // first line of the part
  int end_line = 0;                 // last line of the part
  std::optional<int> heading_line;  // line of its heading; empty when a paragraph opened it
  std::string heading;              // the heading sentence (normalised) or empty
  OpenedBy opened_by = OpenedBy::start;
  std::vector<SectionItem> items;  // top-level items of the part
};

// ---- what extract finds in a report ----------------------------------------------------

struct OrgInfo {
  std::string name;                      // as written, without the region: 司法局, XX镇
  std::optional<std::string> canonical;  // standard full name: 住房和城乡建设局, 镇人民政府
  std::string region;                    // region as written: XX县, 区, XX市XX区; empty if none
  std::optional<std::string> level;      // a level word of lexicons/regions.json (县, 镇, 街道 …)
  OrgSource source = OrgSource::none;
  int line = 0;  // where it was found
  // The name a clerk writes in a table row: the place as the report gives it most fully +
  // the standard full name, the level word never doubled (XX县水务局, 东园镇人民政府);
  // empty when the writer is named nowhere.
  std::optional<std::string> label;
  std::string place;  // the place in the label when it names one (XX县, 东园镇); "" for 县 or none
};

struct Period {
  std::optional<int> year;
  Span span = Span::FY;
};

struct Signature {
  std::string org;   // as written
  std::string date;  // as written
  int org_line = 0, date_line = 0;
};

struct Metric {
  std::string text;             // the number and unit exactly as written, e.g. "26.52亿元", "xx项"
  std::optional<double> value;  // empty when redacted; １２３ and 六 read as 123 and 6
  std::string unit;             // as listed in lexicons/units.json, e.g. "亿元", "%", "个"
  std::string label;            // the few words before the number saying what it counts
  bool redacted = false;        // x/X/×/* placeholders instead of digits
  int line = 0;                 // physical line number (provenance)
};

// ---- the model -------------------------------------------------------------------------

inline constexpr int kModelVersion = 1;
inline constexpr const char* kModelSchema = "huizong.model";

struct SourceRef {
  std::string path;
  int line = 0;      // title line
  int end_line = 0;  // last content line
};

// One content line of a report, with the outline marker found on it.
struct ReportLine {
  int line = 0;
  std::string text;                    // as written (a ##paidbegin## marker removed)
  int rank = 0;                        // outline level of its marker, 0 for a paragraph
  std::optional<SectionKind> section;  // kind of the section the line falls in
};

struct Report {
  std::string id;  // "<path as given>#<n>", n from 1 in file order
  SourceRef source;
  std::string title;
  std::string title_as_written;
  bool found_in_toc = false;
  OrgInfo org;
  Period period;
  std::optional<PlanPeriod> plan_period;
  std::optional<std::string> topic;
  std::optional<Signature> signature;
  std::vector<Section> sections;
  std::vector<Metric> metrics;
  std::vector<ReportLine> lines;            // every content line after the title
  std::string content_hash;                 // fingerprint of the title and lines: equal for word-for-word duplicates
  std::optional<std::string> duplicate_of;  // id of an earlier identical report
};

struct Source {
  std::string path;
  std::string encoding;
  std::string hash;
  std::size_t bytes = 0;
  int line_count = 0;
  FrontMatter front_matter;
  std::vector<LedgerEntry> ledger;
  std::vector<std::string> report_ids;
  std::vector<std::string> warnings;
};

struct Model {
  std::string schema = kModelSchema;
  int version = kModelVersion;
  std::string generator;
  std::string lexicons_hash;  // fingerprint of the lexicons the reports were parsed with
  std::vector<Source> sources;
  std::vector<Report> reports;
};

}  // namespace huizong
