#include "pipeline/model_file.h"

#include "common/atomic_file.h"
#include "common/i18n.h"
#include "model/model.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

// `-o out/model.json` creates out/ as a user expects.
void ensure_parent_directory(const fs::path& file) {
  fs::path dir = file.parent_path();
  if (dir.empty()) return;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw Error(ExitCode::output, dir.string(), 0, tr("cannot create the output directory: {}", ec.message()),
                _("choose a writable place for -o"));
}

constexpr std::size_t kFlushBytes = 1u << 20;

}  // namespace

void check_output_apart_from_inputs(const std::vector<fs::path>& files, const fs::path& output, bool is_directory) {
  std::error_code ec;
  if (!fs::exists(output, ec)) return;  // a new file or folder holds no input
  for (const fs::path& f : files) {
    fs::path where = is_directory ? f.parent_path() : f;
    if (where.empty()) where = ".";
    if (!fs::equivalent(where, output, ec)) continue;
    throw Error(ExitCode::usage, output.string(), 0,
                is_directory ? tr("the output folder holds the input {}", f.string())
                             : tr("the output is the input {} itself", f.string()),
                _("choose another -o: huizong never writes over or beside its inputs"));
  }
}

StreamCounts parse_to_model_file(const std::vector<fs::path>& files, const Lexicons& lex, unsigned jobs,
                                 const fs::path& output, const std::string& generator,
                                 const std::function<void(const FileResult&)>& on_file, const ErrorSink& on_error) {
  check_output_apart_from_inputs(files, output, false);
  ensure_parent_directory(output);
  AtomicFile out(output);
  std::string buffer;
  ModelWriter writer(
      [&](std::string_view s) {
        if (s.size() > kFlushBytes) {
          // A large report's text (a report of 80,000 headings makes 14 MB) goes out as it
          // is: copied into the buffer it would take as much fresh memory again.
          out.write(buffer);
          buffer.clear();
          out.write(s);
          return;
        }
        buffer += s;
        if (buffer.size() > kFlushBytes) {
          out.write(buffer);
          buffer.clear();
        }
      },
      generator, lex.hash);
  StreamCounts counts;
  ParseOptions options{jobs, nullptr, /*serialize=*/true};
  auto add = [&](std::size_t, FileResult&& r) {
    on_file(r);
    for (const std::string& text : r.report_json) writer.add_report_text(text);
    counts.reports += r.reports.size();
    counts.warnings += r.source.warnings.size();
    ++counts.sources;
    writer.add_source(r.source);
  };
  parse(files, lex, options, add, on_error);
  writer.finish();
  out.write(buffer);
  if (counts.sources == 0)
    throw Error(ExitCode::input, output.string(), 0, _("no input could be read, nothing written"),
                _("fix the errors above"));
  out.commit();
  return counts;
}

LastModel read_last_model(const fs::path& model_path, const std::string& generator, const std::string& lexicons_hash) {
  LastModel last;
  if (!fs::exists(model_path)) return last;
  try {
    std::string text = read_model_text(model_path.string());
    // A model by another build or lexicons is not parsed at all (a 100 MB corpus's model is
    // 240 MB of text): huizong writes these two fields first (ModelWriter). One written
    // otherwise (by hand) is parsed and checked.
    const std::string head = model_head(generator, lexicons_hash);
    if (text.starts_with("{\"generator\":") && !text.starts_with(head)) return last;
    last.model = parse_model_text(text, model_path.string());
    if (last.model->generator != generator || last.model->lexicons_hash != lexicons_hash) last.model.reset();
  } catch (const Error&) {
    last.model.reset();  // an unreadable or foreign file is simply not used
  }
  return last;
}

}  // namespace huizong
