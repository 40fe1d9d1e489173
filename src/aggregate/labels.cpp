#include "aggregate/labels.h"

#include <algorithm>

#include "common/i18n.h"
#include "common/lexicon.h"
#include "common/text.h"

namespace huizong {

namespace {

// Reads one object whose keys are all required. Keys not there are reported by done(),
// after any unknown key: a typo is named as such, not as the key it was meant to be.
class RequiredKeys {
 public:
  explicit RequiredKeys(LexiconReader r) : r_(std::move(r)) {}

  std::string text(const std::string& key) {
    note(key);
    return r_.text(key);
  }
  std::vector<std::string> strings(const std::string& key) {
    note(key);
    return r_.strings(key);
  }
  std::size_t count(const std::string& key, long long min, long long max) {
    note(key);
    return static_cast<std::size_t>(r_.integer(key, min, min, max));
  }
  RequiredKeys object(const std::string& key) {
    if (!r_.has(key)) done();  // an unknown key first (a typo of this one?), else this one missing
    return RequiredKeys(r_.object(key));
  }
  // {"H1": "…", …}: one text per code of E.
  template <Code E>
  std::array<std::string, kCodeNames<E>.size()> per_code(const std::string& key) {
    RequiredKeys codes = object(key);
    std::array<std::string, kCodeNames<E>.size()> out;
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = codes.text(std::string(kCodeNames<E>[i]));
    codes.done();
    return out;
  }

  void done() const {
    r_.done();
    if (!missing_.empty())
      r_.fail(missing_.front(), _("missing"),
              _("add it (see the bundled lexicons/labels.json); every key is required"));
  }
  std::string json_dump() const { return r_.json_dump(); }
  [[noreturn]] void fail(const std::string& key, const std::string& problem, const std::string& hint) const {
    r_.fail(key, problem, hint);
  }

 private:
  void note(const std::string& key) {
    if (!r_.has(key)) missing_.push_back(key);
  }
  LexiconReader r_;
  std::vector<std::string> missing_;
};

}  // namespace

namespace {

// lexicons/labels.json summary: how an item's lead is cut.
LeadRules lead_rules(RequiredKeys& summary) {
  LeadRules rules;
  rules.sentence_ends = to_u32(summary.text("sentence_ends"));
  rules.clause_ends = to_u32(summary.text("clause_ends"));
  for (const std::string& pair : summary.strings("pairs")) {
    std::u32string p = to_u32(pair);
    if (p.size() != 2)
      summary.fail("pairs", tr("\"{}\" is not an opening and a closing mark", pair),
                   _("write its opening and closing mark, as in the bundled file"));
    rules.pairs.emplace_back(p[0], p[1]);
  }
  rules.number_chars = to_u32(summary.text("number_chars"));
  rules.max_chars = summary.count("max_chars", 4, 10'000);
  rules.ellipsis = summary.text("ellipsis");
  for (const std::string& end : summary.strings("topic_ends")) rules.topic_ends.push_back(to_u32(end));
  rules.date_marks = to_u32(summary.text("date_marks"));
  return rules;
}

}  // namespace

Labels Labels::load(const std::string& dir) {
  RequiredKeys r(LexiconReader("labels", dir));
  Labels l;
  l.periods = r.per_code<Span>("periods");
  l.periods_without_year = r.per_code<Span>("periods_without_year");
  l.plan_periods = r.per_code<PlanPeriod>("plan_periods");
  l.no_plan_period = r.text("no_plan_period");
  l.unnamed_writer = r.text("unnamed_writer");
  l.writer_by_title = r.text("writer_by_title");
  l.named_places = r.strings("named_places");
  l.list_separator = r.text("list_separator");
  l.source_separator = r.text("source_separator");
  l.title_separator = r.text("title_separator");
  l.metric_separator = r.text("metric_separator");
  l.redacted_value = r.text("redacted_value");
  l.redacted_flag = r.text("redacted_flag");
  l.comparison_cell = r.text("comparison_cell");
  l.comparison_empty_cell = r.text("comparison_empty_cell");
  l.excel_rows_cut = r.text("excel_rows_cut");
  RequiredKeys summary = r.object("summary");
  l.lead = lead_rules(summary);
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
