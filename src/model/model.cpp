#include "model/model.h"

#include "common/error.h"
#include "common/file.h"
#include "model/json_text.h"

namespace huizong {
using nlohmann::json;

namespace {

template <class T>
void put_optional(json& j, const char* key, const std::optional<T>& v) {
  j[key] = v ? json(*v) : json(nullptr);
}

template <class T>
void get_optional(const json& j, const char* key, std::optional<T>& v) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null())
    v.reset();
  else
    v = it->template get<T>();
}

template <class T>
void get_or(const json& j, const char* key, T& v) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) v = it->template get<T>();
}

// One list of fields per type of a report, keys in sorted order (as nlohmann writes
// them), read by two sinks: TreeFields fills a json tree (to_json), TextFields writes
// JSON text directly (report_to_json_text). A test checks both give the same bytes.
template <class F>
void fields(F& f, const SourceRef& v) {
  f("end_line", v.end_line);
  f("line", v.line);
  f("path", v.path);
}
template <class F>
void fields(F& f, const ReportLine& v) {
  f("line", v.line);
  f("rank", v.rank);
  f("section", v.section);
  f("text", v.text);
}
template <class F>
void fields(F& f, const SectionItem& v) {
  f("line", v.line);
  f("marker", v.marker);
  f("text", v.text);
}
template <class F>
void fields(F& f, const Section& v) {
  f("end_line", v.end_line);
  f("heading", v.heading);
  f("heading_line", v.heading_line);
  f("items", v.items);
  f("kind", to_string(v.kind));
  f("line", v.line);
  f("opened_by", v.opened_by);
}
template <class F>
void fields(F& f, const OrgInfo& v) {
  f("canonical", v.canonical);
  f("level", v.level);
  f("line", v.line);
  f("name", v.name);
  f("region", v.region);
  f("source", v.source);
}
template <class F>
void fields(F& f, const Period& v) {
  f("span", v.span);
  f("year", v.year);
}
template <class F>
void fields(F& f, const Signature& v) {
  f("date", v.date);
  f("date_line", v.date_line);
  f("org", v.org);
  f("org_line", v.org_line);
}
template <class F>
void fields(F& f, const Metric& v) {
  f("label", v.label);
  f("line", v.line);
  f("redacted", v.redacted);
  f("text", v.text);
  f("unit", v.unit);
  f("value", v.value);
}
template <class F>
void fields(F& f, const Report& v) {
  f("content_hash", v.content_hash);
  f("duplicate_of", v.duplicate_of);
  f("found_in_toc", v.found_in_toc);
  f("id", v.id);
  f("lines", v.lines);
  f("metrics", v.metrics);
  f("org", v.org);
  f("period", v.period);
  f("plan_period", v.plan_period);
  f("sections", v.sections);
  f("signature", v.signature);
  f("source", v.source);
  f("title", v.title);
  f("title_as_written", v.title_as_written);
  f("topic", v.topic);
}

struct TreeFields {
  json& j;
  template <class T>
  void operator()(const char* key, const T& v) {
    j[key] = v;
  }
  template <class T>
  void operator()(const char* key, const std::optional<T>& v) {
    j[key] = v ? json(*v) : json(nullptr);
  }
};

template <class T>
void to_json_by_fields(json& j, const T& v) {
  j = json::object();
  TreeFields f{j};
  fields(f, v);
}

struct TextFields {
  JsonText& out;
  template <class T>
  void operator()(const char* key, const T& v) {
    out.key(key);
    write(v);
  }
  template <class T>
  void write(const T& v) {
    if constexpr (requires { out.value(v); }) {
      out.value(v);
    } else {
      out.open_object();
      fields(*this, v);
      out.close_object();
    }
  }
  template <class T>
  void write(const std::optional<T>& v) {
    if (v)
      write(*v);
    else
      out.null();
  }
  template <class T>
  void write(const std::vector<T>& items) {
    out.open_array();
    for (const T& item : items) {
      out.next_element();
      write(item);
    }
    out.close_array();
  }
};

}  // namespace

void to_json(json& j, const SourceRef& v) { to_json_by_fields(j, v); }
void from_json(const json& j, SourceRef& v) {
  get_or(j, "path", v.path);
  get_or(j, "line", v.line);
  get_or(j, "end_line", v.end_line);
}

void to_json(json& j, const ReportLine& v) { to_json_by_fields(j, v); }
void from_json(const json& j, ReportLine& v) {
  get_or(j, "line", v.line);
  get_or(j, "text", v.text);
  get_or(j, "rank", v.rank);
  get_or(j, "section", v.section);
}

void to_json(json& j, const SectionItem& v) { to_json_by_fields(j, v); }
void from_json(const json& j, SectionItem& v) {
  get_or(j, "line", v.line);
  get_or(j, "marker", v.marker);
  get_or(j, "text", v.text);
}

void to_json(json& j, const Section& v) { to_json_by_fields(j, v); }
void from_json(const json& j, Section& v) {
  v.kind = section_kind_from_string(j.value("kind", "other")).value_or(SectionKind::other);
  get_or(j, "line", v.line);
  get_or(j, "end_line", v.end_line);
  get_optional(j, "heading_line", v.heading_line);
  get_or(j, "heading", v.heading);
  get_or(j, "opened_by", v.opened_by);
  get_or(j, "items", v.items);
}

void to_json(json& j, const OrgInfo& v) { to_json_by_fields(j, v); }
void from_json(const json& j, OrgInfo& v) {
  get_or(j, "name", v.name);
  get_or(j, "region", v.region);
  get_or(j, "source", v.source);
  get_or(j, "line", v.line);
  get_optional(j, "canonical", v.canonical);
  get_optional(j, "level", v.level);
}

void to_json(json& j, const Period& v) { to_json_by_fields(j, v); }
void from_json(const json& j, Period& v) {
  get_optional(j, "year", v.year);
  get_or(j, "span", v.span);
}

void to_json(json& j, const Signature& v) { to_json_by_fields(j, v); }
void from_json(const json& j, Signature& v) {
  get_or(j, "org", v.org);
  get_or(j, "date", v.date);
  get_or(j, "org_line", v.org_line);
  get_or(j, "date_line", v.date_line);
}

void to_json(json& j, const Metric& v) { to_json_by_fields(j, v); }
void from_json(const json& j, Metric& v) {
  get_or(j, "text", v.text);
  get_or(j, "unit", v.unit);
  get_or(j, "label", v.label);
  get_or(j, "redacted", v.redacted);
  get_or(j, "line", v.line);
  get_optional(j, "value", v.value);
}

void to_json(json& j, const TocEntry& v) {
  j = {{"line", v.line}, {"title", v.title}, {"matched_title_line", v.matched_title_line}};
  put_optional(j, "page", v.page);
}
void from_json(const json& j, TocEntry& v) {
  get_or(j, "line", v.line);
  get_or(j, "title", v.title);
  get_or(j, "matched_title_line", v.matched_title_line);
  get_optional(j, "page", v.page);
}

void to_json(json& j, const FrontMatter& v) {
  j = {{"lines", v.lines}, {"toc", v.toc}};
  put_optional(j, "title", v.title);
  put_optional(j, "title_line", v.title_line);
  put_optional(j, "declared_count", v.declared_count);
}
void from_json(const json& j, FrontMatter& v) {
  get_or(j, "lines", v.lines);
  get_or(j, "toc", v.toc);
  get_optional(j, "title", v.title);
  get_optional(j, "title_line", v.title_line);
  get_optional(j, "declared_count", v.declared_count);
}

void to_json(json& j, const LedgerEntry& v) {
  j = {{"line", v.line}, {"kind", v.kind}, {"text", v.text}, {"whole_line", v.whole_line}};
  if (!v.whole_line) j["columns"] = {v.col_begin, v.col_end};
}
void from_json(const json& j, LedgerEntry& v) {
  get_or(j, "line", v.line);
  get_or(j, "kind", v.kind);
  get_or(j, "text", v.text);
  get_or(j, "whole_line", v.whole_line);
  if (j.contains("columns")) {
    v.col_begin = j["columns"].at(0).get<std::size_t>();
    v.col_end = j["columns"].at(1).get<std::size_t>();
  }
}

void to_json(json& j, const Report& v) { to_json_by_fields(j, v); }
void from_json(const json& j, Report& v) {
  get_or(j, "id", v.id);
  get_or(j, "source", v.source);
  get_or(j, "title", v.title);
  get_or(j, "title_as_written", v.title_as_written);
  get_or(j, "found_in_toc", v.found_in_toc);
  get_or(j, "org", v.org);
  get_or(j, "period", v.period);
  get_or(j, "sections", v.sections);
  get_or(j, "metrics", v.metrics);
  get_or(j, "lines", v.lines);
  get_or(j, "content_hash", v.content_hash);
  get_optional(j, "plan_period", v.plan_period);
  get_optional(j, "topic", v.topic);
  get_optional(j, "signature", v.signature);
  get_optional(j, "duplicate_of", v.duplicate_of);
}

void to_json(json& j, const Source& v) {
  j = {{"path", v.path},     {"encoding", v.encoding},     {"hash", v.hash},
       {"bytes", v.bytes},   {"line_count", v.line_count}, {"front_matter", v.front_matter},
       {"ledger", v.ledger}, {"report_ids", v.report_ids}, {"warnings", v.warnings}};
}
void from_json(const json& j, Source& v) {
  get_or(j, "path", v.path);
  get_or(j, "encoding", v.encoding);
  get_or(j, "hash", v.hash);
  get_or(j, "bytes", v.bytes);
  get_or(j, "line_count", v.line_count);
  get_or(j, "front_matter", v.front_matter);
  get_or(j, "ledger", v.ledger);
  get_or(j, "report_ids", v.report_ids);
  get_or(j, "warnings", v.warnings);
}

void to_json(json& j, const Model& v) {
  j = {{"schema", v.schema},   {"version", v.version}, {"generator", v.generator}, {"lexicons_hash", v.lexicons_hash},
       {"sources", v.sources}, {"reports", v.reports}};
}
void from_json(const json& j, Model& v) {
  get_or(j, "schema", v.schema);
  get_or(j, "version", v.version);
  get_or(j, "generator", v.generator);
  get_or(j, "lexicons_hash", v.lexicons_hash);
  get_or(j, "sources", v.sources);
  get_or(j, "reports", v.reports);
}

namespace {
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
}  // namespace

ModelWriter::ModelWriter(Output out, std::string generator, std::string lexicons_hash)
    : out_(std::move(out)), generator_(std::move(generator)), lexicons_hash_(std::move(lexicons_hash)) {
  // Keys in the order nlohmann writes them (sorted): generator, lexicons_hash, reports, …
  out_("{\"generator\":" + dump(generator_) + ",\"lexicons_hash\":" + dump(lexicons_hash_) + ",\"reports\":[");
}

void ModelWriter::add(const Source& source, const std::vector<Report>& reports) {
  add_reports(reports);
  add_source(source);
}

void ModelWriter::add_reports(const std::vector<Report>& reports) {
  for (const Report& r : reports) add_report_text(report_to_json_text(r));
}

void ModelWriter::add_report_text(std::string_view json_text) {
  if (!first_report_) out_(",");
  first_report_ = false;
  out_(json_text);
}

std::string report_to_json_text(const Report& report) {
  // Each line's text is written about twice (lines, section items) plus keys: reserve
  // once rather than grow the string a dozen times.
  std::size_t text_bytes = 0;
  for (const ReportLine& l : report.lines) text_bytes += l.text.size() + 64;
  std::string text;
  text.reserve(1024 + text_bytes * 5 / 2);
  JsonText out(text);
  TextFields{out}.write(report);
  return text;
}

void ModelWriter::add_source(const Source& source) { sources_.push_back(source); }

void ModelWriter::finish() {
  out_("],\"schema\":" + dump(kModelSchema) + ",\"sources\":" + dump(sources_) +
       ",\"version\":" + std::to_string(kModelVersion) + "}\n");
}

std::string model_to_json_text(const Model& model) {
  std::string text;
  ModelWriter w([&](std::string_view s) { text += s; }, model.generator, model.lexicons_hash);
  w.add_reports(model.reports);
  for (const Source& s : model.sources) w.add_source(s);
  w.finish();
  return text;
}

std::string read_model_text(const std::string& path) {
  return read_file_or_throw(path, ExitCode::input, "run `huizong parse` or `huizong build` first");
}

Model parse_model_text(std::string_view text, const std::string& path) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw input_error(path, 0, std::string("not valid JSON: ") + e.what(), "regenerate it with `huizong parse`");
  }
  if (!j.is_object() || !j.contains("schema") || !j["schema"].is_string() || j["schema"] != kModelSchema)
    throw input_error(path, 0, "not a huizong model (no \"schema\": \"huizong.model\")",
                      "give the file written by `huizong parse`");
  if (!j["version"].is_number_integer() || j["version"].get<int>() != kModelVersion)
    throw input_error(path, 0,
                      "model version " + j["version"].dump() + " is not supported by this build (" +
                          std::to_string(kModelVersion) + ")",
                      "parse the inputs again with this huizong");
  try {
    return j.get<Model>();
  } catch (const json::exception& e) {
    throw input_error(path, 0, std::string("malformed model: ") + e.what(), "parse the inputs again");
  }
}

Model load_model(const std::string& path) { return parse_model_text(read_model_text(path), path); }

}  // namespace huizong
