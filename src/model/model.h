// model: the documented, versioned JSON of the model types (model/types.h; docs/model.md).
// One field table per type (model.cpp) drives to_json, from_json and the streaming
// writer, so the three cannot drift apart. Depends on common only.
#pragma once
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "model/types.h"

namespace huizong {

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
// How a model file written by ModelWriter starts: {"generator":…,"lexicons_hash":…, (a
// build checks it before parsing the last model).
std::string model_head(const std::string& generator, const std::string& lexicons_hash);

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
  std::string sources_;  // JSON text of the sources added so far, comma-separated
  bool first_report_ = true;
};

std::string model_to_json_text(const Model& model);
std::string report_to_json_text(const Report& report);
std::string source_to_json_text(const Source& source);

// Reads a model file; throws Error(input) naming the file if it is not a huizong model
// of a version this build understands.
Model load_model(const std::string& path);

// Frees every report's lines and sections (the bulk of a model), keeping its title, org,
// period and figures: for a render that has read the text for the last time. The model is
// then no longer whole: never write it out.
void drop_report_text(Model& model);

// The same checks on a model's text already in memory (`path` names it in errors).
Model parse_model_text(std::string_view text, const std::string& path);

// The bytes of a model file; throws Error(input) naming it when it cannot be read.
std::string read_model_text(const std::string& path);

}  // namespace huizong
