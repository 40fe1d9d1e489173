#include "model/model.h"

#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <type_traits>

#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/text.h"
#include "model/json_text.h"

namespace huizong {
using nlohmann::json;

namespace {

// ---- the field tables --------------------------------------------------------------------
// One list of fields per type, keys in sorted order (as nlohmann writes them), read by
// three visitors: TreeFields fills a json tree (to_json), TextFields writes JSON text
// directly (report_to_json_text, the bulk of a model file), FromFields reads a tree
// (from_json). A test checks the two writers give the same bytes on every sample report.
// Each table is a template over `T` = the type or the const type, so one list serves both
// directions.

template <class T, class U>
concept Either = std::is_same_v<std::remove_const_t<T>, U>;

// LedgerEntry's "columns": [begin, end], present only for a part of a line.
template <class T>
struct Columns {
  T& entry;
};
// An optional code written as "" when empty (ReportLine.section), not null.
template <class T>
struct EmptyName {
  T& code;
};

template <class F, Either<SourceRef> T>
void fields(F& f, T& v) {
  f("end_line", v.end_line);
  f("line", v.line);
  f("path", v.path);
}
template <class F, Either<ReportLine> T>
void fields(F& f, T& v) {
  f("line", v.line);
  f("rank", v.rank);
  f("section", EmptyName<std::remove_reference_t<decltype((v.section))>>{v.section});
  f("text", v.text);
}
template <class F, Either<SectionItem> T>
void fields(F& f, T& v) {
  f("line", v.line);
  f("marker", v.marker);
  f("text", v.text);
}
template <class F, Either<Section> T>
void fields(F& f, T& v) {
  f("end_line", v.end_line);
  f("heading", v.heading);
  f("heading_line", v.heading_line);
  f("items", v.items);
  f("kind", v.kind);
  f("line", v.line);
  f("opened_by", v.opened_by);
}
template <class F, Either<OrgInfo> T>
void fields(F& f, T& v) {
  f("canonical", v.canonical);
  f("label", v.label);
  f("level", v.level);
  f("line", v.line);
  f("name", v.name);
  f("place", v.place);
  f("region", v.region);
  f("source", v.source);
}
template <class F, Either<Period> T>
void fields(F& f, T& v) {
  f("span", v.span);
  f("year", v.year);
}
template <class F, Either<Signature> T>
void fields(F& f, T& v) {
  f("date", v.date);
  f("date_line", v.date_line);
  f("org", v.org);
  f("org_line", v.org_line);
}
template <class F, Either<Metric> T>
void fields(F& f, T& v) {
  f("label", v.label);
  f("line", v.line);
  f("redacted", v.redacted);
  f("text", v.text);
  f("unit", v.unit);
  f("value", v.value);
}
template <class F, Either<Report> T>
void fields(F& f, T& v) {
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
template <class F, Either<TocEntry> T>
void fields(F& f, T& v) {
  f("line", v.line);
  f("matched_title_line", v.matched_title_line);
  f("page", v.page);
  f("title", v.title);
}
template <class F, Either<FrontMatter> T>
void fields(F& f, T& v) {
  f("declared_count", v.declared_count);
  f("lines", v.lines);
  f("title", v.title);
  f("title_line", v.title_line);
  f("toc", v.toc);
}
template <class F, Either<LedgerEntry> T>
void fields(F& f, T& v) {
  f("columns", Columns<T>{v});
  f("kind", v.kind);
  f("line", v.line);
  f("text", v.text);
  f("whole_line", v.whole_line);
}
template <class F, Either<Source> T>
void fields(F& f, T& v) {
  f("bytes", v.bytes);
  f("encoding", v.encoding);
  f("front_matter", v.front_matter);
  f("hash", v.hash);
  f("ledger", v.ledger);
  f("line_count", v.line_count);
  f("path", v.path);
  f("report_ids", v.report_ids);
  f("warnings", v.warnings);
}
template <class F, Either<Model> T>
void fields(F& f, T& v) {
  f("generator", v.generator);
  f("lexicons_hash", v.lexicons_hash);
  f("reports", v.reports);
  f("schema", v.schema);
  f("sources", v.sources);
  f("version", v.version);
}

// ---- to_json: a tree ---------------------------------------------------------------------

struct TreeFields {
  json& j;
  template <class T>
  void operator()(const char* key, const T& v) {
    if constexpr (Code<T>)
      j[key] = code_name(v);
    else
      j[key] = v;
  }
  template <class T>
  void operator()(const char* key, EmptyName<T> e) {
    j[key] = e.code ? code_name(*e.code) : std::string_view();
  }
  template <class T>
  void operator()(const char* key, const std::optional<T>& v) {
    if constexpr (Code<T>) {
      if (!v)
        j[key] = nullptr;
      else
        j[key] = code_name(*v);
    } else {
      j[key] = v ? json(*v) : json(nullptr);
    }
  }
  void operator()(const char* key, Columns<const LedgerEntry> c) {
    if (!c.entry.whole_line) j[key] = {c.entry.col_begin, c.entry.col_end};
  }
};

template <class T>
void to_json_by_fields(json& j, const T& v) {
  j = json::object();
  TreeFields f{j};
  fields(f, v);
}

// ---- report_to_json_text: text straight from the values -----------------------------------

struct TextFields {
  JsonText& out;
  template <std::size_t N, class T>
  void operator()(const char (&key)[N], const T& v) {
    out.key(key);
    write(v);
  }
  template <std::size_t N, class T>
  void operator()(const char (&key)[N], EmptyName<T> e) {
    out.key(key);
    out.value(e.code ? code_name(*e.code) : std::string_view());
  }
  template <std::size_t N>
  void operator()(const char (&key)[N], Columns<const LedgerEntry> c) {
    if (c.entry.whole_line) return;
    out.key(key);
    out.open_array();
    out.next_element();
    out.value(c.entry.col_begin);
    out.next_element();
    out.value(c.entry.col_end);
    out.close_array();
  }
  template <class T>
  void write(const T& v) {
    if constexpr (Code<T>) {
      out.value(code_name(v));
    } else if constexpr (requires { out.value(v); }) {
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

// ---- from_json ---------------------------------------------------------------------------

// A missing or null key keeps the default (an optional is emptied); a value of the wrong
// type throws json::type_error, which load_model reports as a malformed model.
struct FromFields {
  const json& j;
  template <class T>
  void operator()(const char* key, T& v) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
      if constexpr (requires { v.reset(); }) v.reset();
      return;
    }
    read(*it, v);
  }
  template <class T>
  void operator()(const char* key, EmptyName<T> e) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty()))
      e.code.reset();
    else
      read(*it, e.code);
  }
  void operator()(const char* key, Columns<LedgerEntry> c) {
    auto it = j.find(key);
    if (it == j.end()) return;
    if (!it->is_array() || it->size() != 2)
      throw json::type_error::create(302, tr("{} must be [begin, end]", key), &*it);
    c.entry.col_begin = it->at(0).get<std::size_t>();
    c.entry.col_end = it->at(1).get<std::size_t>();
  }

  template <class T>
  static void read(const json& value, T& v) {
    if constexpr (Code<T>) {
      if (!value.is_string()) throw json::type_error::create(302, _("a code must be a string"), &value);
      auto code = code_from_name<T>(value.get_ref<const std::string&>());
      if (!code) throw json::type_error::create(302, tr("unknown code \"{}\"", value.get<std::string>()), &value);
      v = *code;
    } else if constexpr (requires { fields(std::declval<FromFields&>(), v); }) {
      if (!value.is_object()) throw json::type_error::create(302, _("an object was expected"), &value);
      FromFields f{value};
      fields(f, v);
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      // get_to would cast 1e20 to int (undefined; -2147483648 in practice): a whole
      // number in T's range only.
      bool fits =
          value.is_number_unsigned()
              ? value.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())
          : value.is_number_integer()
              ? value.get<std::int64_t>() >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
                    (value.get<std::int64_t>() < 0 || static_cast<std::uint64_t>(value.get<std::int64_t>()) <=
                                                          static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
              : false;
      if (!fits)
        throw json::type_error::create(302,
                                       tr("a whole number from {} to {} was expected, found {}",
                                          std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), value.dump()),
                                       &value);
      v = static_cast<T>(value.is_number_unsigned() ? value.get<std::uint64_t>() : value.get<std::int64_t>());
    } else {
      value.get_to(v);
    }
  }
  template <class T>
  static void read(const json& value, std::optional<T>& v) {
    v.emplace();
    read(value, *v);
  }
  template <class T>
  static void read(const json& value, std::vector<T>& items) {
    if (!value.is_array()) throw json::type_error::create(302, _("an array was expected"), &value);
    items.clear();
    items.resize(value.size());
    for (std::size_t i = 0; i < items.size(); ++i) read(value[i], items[i]);
  }
};

template <class T>
void from_json_by_fields(const json& j, T& v) {
  FromFields::read(j, v);
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

template <class T>
std::string to_json_text(const T& v, std::size_t reserve) {
  std::string text;
  text.reserve(reserve);
  JsonText out(text);
  TextFields{out}.write(v);
  return text;
}

}  // namespace

#define HUIZONG_JSON_BY_FIELDS(T)                                \
  void to_json(json& j, const T& v) { to_json_by_fields(j, v); } \
  void from_json(const json& j, T& v) { from_json_by_fields(j, v); }
HUIZONG_JSON_BY_FIELDS(SourceRef)
HUIZONG_JSON_BY_FIELDS(ReportLine)
HUIZONG_JSON_BY_FIELDS(SectionItem)
HUIZONG_JSON_BY_FIELDS(Section)
HUIZONG_JSON_BY_FIELDS(OrgInfo)
HUIZONG_JSON_BY_FIELDS(Period)
HUIZONG_JSON_BY_FIELDS(Signature)
HUIZONG_JSON_BY_FIELDS(Metric)
HUIZONG_JSON_BY_FIELDS(TocEntry)
HUIZONG_JSON_BY_FIELDS(FrontMatter)
HUIZONG_JSON_BY_FIELDS(LedgerEntry)
HUIZONG_JSON_BY_FIELDS(Report)
HUIZONG_JSON_BY_FIELDS(Source)
HUIZONG_JSON_BY_FIELDS(Model)
#undef HUIZONG_JSON_BY_FIELDS

std::string model_head(const std::string& generator, const std::string& lexicons_hash) {
  return "{\"generator\":" + dump(generator) + ",\"lexicons_hash\":" + dump(lexicons_hash) + ",";
}

ModelWriter::ModelWriter(Output out, std::string generator, std::string lexicons_hash)
    : out_(std::move(out)), generator_(std::move(generator)), lexicons_hash_(std::move(lexicons_hash)) {
  // Keys in the order nlohmann writes them (sorted): generator, lexicons_hash, reports, …
  out_(model_head(generator_, lexicons_hash_) + "\"reports\":[");
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

void ModelWriter::add_source(const Source& source) {
  if (!sources_.empty()) sources_ += ',';
  sources_ += source_to_json_text(source);
}

void ModelWriter::finish() {
  out_("],\"schema\":" + dump(kModelSchema) + ",\"sources\":[" + sources_ +
       "],\"version\":" + std::to_string(kModelVersion) + "}\n");
}

std::string report_to_json_text(const Report& report) {
  // Each line's text is written about twice (lines, section items) plus keys: reserve
  // once rather than grow the string a dozen times.
  std::size_t text_bytes = 0;
  for (const ReportLine& l : report.lines) text_bytes += l.text.size() + 64;
  return to_json_text(report, 1024 + text_bytes * 5 / 2);
}

std::string source_to_json_text(const Source& source) { return to_json_text(source, 1024); }

std::string model_to_json_text(const Model& model) {
  std::string text;
  ModelWriter w([&](std::string_view s) { text += s; }, model.generator, model.lexicons_hash);
  w.add_reports(model.reports);
  for (const Source& s : model.sources) w.add_source(s);
  w.finish();
  return text;
}

namespace {

// What the types cannot say: report ids are unique, and a duplicate names an earlier
// report that is kept (a report marked duplicate of itself, or of another duplicate,
// would vanish from every output); years are plausible calendar years.
void check_model(const Model& model, const std::string& path) {
  auto fail = [&](const std::string& what) {
    throw input_error(path, 0, tr("malformed model: {}", what), _("parse the inputs again"));
  };
  std::map<std::string_view, bool> kept;  // id -> not a duplicate, for ids seen so far
  for (const Report& r : model.reports) {
    if (r.duplicate_of) {
      auto it = kept.find(*r.duplicate_of);
      if (it == kept.end() || !it->second)
        fail(tr("report \"{}\" is marked duplicate_of \"{}\", which is not an earlier report kept in the model", r.id,
                *r.duplicate_of));
    }
    if (!kept.emplace(r.id, !r.duplicate_of).second) fail(tr("two reports have the id \"{}\"", r.id));
    if (r.period.year && (*r.period.year < 1000 || *r.period.year > 9999))
      fail(tr("report \"{}\" has the year {} (expected four digits)", r.id, *r.period.year));
  }
}

}  // namespace

std::string read_model_text(const std::string& path) {
  return read_file_or_throw(path, ExitCode::input, _("run `huizong parse` or `huizong build` first"));
}

Model parse_model_text(std::string_view text, const std::string& path) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    // The line says where; the library's wording ("syntax error while parsing…") adds nothing for a model.
    throw input_error(path, line_of_offset(text, e.byte), _("not valid JSON: the file is damaged or cut short"),
                      _("regenerate it with `huizong parse`"));
  } catch (const json::exception& e) {  // a number too large for a double (out_of_range.406) has no offset
    throw input_error(path, 0, tr("invalid JSON: {}", e.what()), _("regenerate it with `huizong parse`"));
  }
  if (!j.is_object() || !j.contains("schema") || !j["schema"].is_string() || j["schema"] != kModelSchema)
    throw input_error(path, 0, _("not a huizong model (no \"schema\": \"huizong.model\")"),
                      _("give the file written by `huizong parse`"));
  if (!j["version"].is_number_integer() || j["version"].get<int>() != kModelVersion)
    throw input_error(path, 0,
                      tr("model version {} is not supported by this build ({})", j["version"].dump(), kModelVersion),
                      _("parse the inputs again with this huizong"));
  Model model;
  try {
    model = j.get<Model>();
  } catch (const json::exception& e) {
    throw input_error(path, 0, tr("malformed model: {}", e.what()), _("parse the inputs again"));
  }
  check_model(model, path);
  return model;
}

void drop_report_text(Model& model) {
  for (Report& r : model.reports) {
    std::vector<ReportLine>().swap(r.lines);
    std::vector<Section>().swap(r.sections);
  }
}

Model load_model(const std::string& path) { return parse_model_text(read_model_text(path), path); }

}  // namespace huizong
