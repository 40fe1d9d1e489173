#include "aggregate/labels.h"

#include <algorithm>

#include "common/lexicon.h"
#include "common/text.h"

namespace huizong {

namespace {

std::string required_text(const LexiconReader& r, const std::string& key) {
  if (!r.has(key)) r.fail(key, "missing", "add \"" + key + "\" (see the bundled lexicons/labels.json)");
  return r.text(key);
}

// {"H1": "…", …}: one label per code of E, each required, no other key.
template <Code E>
std::array<std::string, kCodeNames<E>.size()> labels_per_code(const LexiconReader& file, const std::string& key) {
  if (!file.has(key)) file.fail(key, "missing", "add \"" + key + "\" with one label per code");
  LexiconReader r = file.object(key);
  std::array<std::string, kCodeNames<E>.size()> out;
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = required_text(r, std::string(kCodeNames<E>[i]));
  r.done();
  return out;
}

}  // namespace

Labels Labels::load(const std::string& dir) {
  LexiconReader r("labels", dir);
  Labels l;
  l.periods = labels_per_code<Span>(r, "periods");
  l.periods_without_year = labels_per_code<Span>(r, "periods_without_year");
  l.plan_periods = labels_per_code<PlanPeriod>(r, "plan_periods");
  l.no_plan_period = required_text(r, "no_plan_period");
  l.unnamed_writer = required_text(r, "unnamed_writer");
  l.writer_by_title = required_text(r, "writer_by_title");
  if (!r.has("named_places")) r.fail("named_places", "missing", "list the levels known by their place's name");
  l.named_places = r.strings("named_places");
  l.list_separator = required_text(r, "list_separator");
  l.title_separator = required_text(r, "title_separator");
  l.metric_separator = required_text(r, "metric_separator");
  l.redacted_value = required_text(r, "redacted_value");
  l.redacted_flag = required_text(r, "redacted_flag");
  l.comparison_cell = required_text(r, "comparison_cell");
  l.comparison_empty_cell = required_text(r, "comparison_empty_cell");
  if (!r.has("summary")) r.fail("summary", "missing", "add \"summary\": {\"sentence_end\", \"max_chars\", \"ellipsis\"}");
  LexiconReader summary = r.object("summary");
  l.sentence_end = required_text(summary, "sentence_end");
  if (!summary.has("max_chars")) summary.fail("max_chars", "missing", "give the length of a summary in characters");
  l.summary_chars = static_cast<std::size_t>(summary.integer("max_chars", 0, 1, 10'000));
  l.ellipsis = required_text(summary, "ellipsis");
  summary.done();
  r.done();
  l.hash = fingerprint(r.json_dump());
  return l;
}

std::string fill(std::string_view pattern, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size();) {
    std::size_t open = pattern.find('{', i), close = std::string_view::npos;
    if (open != std::string_view::npos) close = pattern.find('}', open);
    if (close == std::string_view::npos) {
      out.append(pattern.substr(i));
      break;
    }
    auto it = values.find(std::string(pattern.substr(open + 1, close - open - 1)));
    out.append(pattern.substr(i, open - i));
    if (it != values.end()) {
      out += it->second;
      i = close + 1;
    } else {
      out += '{';
      i = open + 1;
    }
  }
  return out;
}

std::string Labels::period(std::optional<int> year, Span span) const {
  auto k = static_cast<std::size_t>(span);
  return year ? fill(periods[k], {{"year", std::to_string(*year)}}) : periods_without_year[k];
}

const std::string& Labels::plan_period(std::optional<PlanPeriod> p) const {
  return p ? plan_periods[static_cast<std::size_t>(*p)] : no_plan_period;
}

std::string Labels::metric(const std::string& text, bool redacted) const {
  return redacted ? fill(redacted_value, {{"text", text}}) : text;
}

bool Labels::is_named_place(const std::optional<std::string>& level) const {
  return level && std::find(named_places.begin(), named_places.end(), *level) != named_places.end();
}

}  // namespace huizong
