// model: the documented, versioned JSON model (docs/model.md) that every output is
// rendered from. Stage results are stored as they are; to_json/from_json sit beside
// each type in model.cpp.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "classify/classify.h"
#include "extract/extract.h"
#include "split/split.h"

namespace huizong {

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
  std::string text;     // as written (a ##paidbegin## marker removed)
  int rank = 0;         // outline level of its marker, 0 for a paragraph
  std::string section;  // kind of the section the line falls in
};

struct Report {
  std::string id;  // "<path as given>#<n>", n from 1 in file order
  SourceRef source;
  std::string title;
  std::string title_as_written;
  bool found_in_toc = false;
  OrgInfo org;
  Period period;
  std::optional<std::string> plan_period;
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

void to_json(nlohmann::json& j, const SourceRef& v);
void from_json(const nlohmann::json& j, SourceRef& v);
void to_json(nlohmann::json& j, const ReportLine& v);
void from_json(const nlohmann::json& j, ReportLine& v);
void to_json(nlohmann::json& j, const Report& v);
void from_json(const nlohmann::json& j, Report& v);
void to_json(nlohmann::json& j, const Source& v);
void from_json(const nlohmann::json& j, Source& v);
void to_json(nlohmann::json& j, const Model& v);
void from_json(const nlohmann::json& j, Model& v);

// Stage types stored in the model.
void to_json(nlohmann::json& j, const Section& v);
void from_json(const nlohmann::json& j, Section& v);
void to_json(nlohmann::json& j, const SectionItem& v);
void from_json(const nlohmann::json& j, SectionItem& v);
void to_json(nlohmann::json& j, const OrgInfo& v);
void from_json(const nlohmann::json& j, OrgInfo& v);
void to_json(nlohmann::json& j, const Period& v);
void from_json(const nlohmann::json& j, Period& v);
void to_json(nlohmann::json& j, const Signature& v);
void from_json(const nlohmann::json& j, Signature& v);
void to_json(nlohmann::json& j, const Metric& v);
void from_json(const nlohmann::json& j, Metric& v);
void to_json(nlohmann::json& j, const FrontMatter& v);
void from_json(const nlohmann::json& j, FrontMatter& v);
void to_json(nlohmann::json& j, const TocEntry& v);
void from_json(const nlohmann::json& j, TocEntry& v);
void to_json(nlohmann::json& j, const LedgerEntry& v);
void from_json(const nlohmann::json& j, LedgerEntry& v);

// Writes a model as JSON one source at a time, so a large corpus need not be held in
// memory. The text is the same as nlohmann::json(model).dump() of the whole model (keys in
// sorted order), with reports in the order they are added.
class ModelWriter {
 public:
  using Output = std::function<void(std::string_view)>;
  ModelWriter(Output out, std::string generator, std::string lexicons_hash);
  void add(const Source& source, const std::vector<Report>& reports);
  void add_reports(const std::vector<Report>& reports);
  void add_report_text(std::string_view json_text);  // from report_to_json_text
  void add_source(const Source& source);
  void finish();  // writes the sources and closes the document

 private:
  Output out_;
  std::string generator_, lexicons_hash_;
  nlohmann::json sources_ = nlohmann::json::array();
  bool first_report_ = true;
};

std::string model_to_json_text(const Model& model);
std::string report_to_json_text(const Report& report);

// Reads a model file; throws Error(input) naming the file if it is not a huizong model
// of a version this build understands.
Model load_model(const std::string& path);

// The same checks on a model's text already in memory (`path` names it in errors).
Model parse_model_text(std::string_view text, const std::string& path);

// The bytes of a model file; throws Error(input) naming it when it cannot be read.
std::string read_model_text(const std::string& path);

}  // namespace huizong
