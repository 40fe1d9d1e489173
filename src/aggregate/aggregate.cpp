#include "aggregate/aggregate.h"

#include <unicode/coll.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "common/lexicon.h"

namespace huizong {

ThemeLexicon ThemeLexicon::load(const std::string& dir) {
  nlohmann::json j = load_lexicon("themes", dir);
  ThemeLexicon lex;
  for (const auto& t : j.at("themes")) {
    std::vector<std::string> words;
    for (const auto& w : t.at("words")) words.push_back(normalise(w.get<std::string>()));
    lex.themes.emplace_back(t.at("label").get<std::string>(), std::move(words));
  }
  lex.fallback = j.value("fallback", "其他");
  nlohmann::json agencies = load_lexicon("agencies", dir);
  for (const char* key : {"place_writers", "region_writers"})
    for (const auto& [word, government] : agencies.at(key).items())
      lex.governments.emplace_back(word, government.get<std::string>());
  std::stable_sort(lex.governments.begin(), lex.governments.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  lex.hash = fingerprint(j.dump() + agencies.at("place_writers").dump() + agencies.at("region_writers").dump());
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
  std::string_view rest = std::string_view(agency).substr(lead.size());  // 人民政府, 办事处
  if (region.ends_with(agency) || (!lead.empty() && region.ends_with(rest))) return region;  // XX街道办事处
  for (const auto& [word, name] : governments) {
    if (name != agency || !region.ends_with(word)) continue;
    if (!lead.empty()) return region + std::string(rest);                            // XX镇 -> XX镇人民政府
    return region.substr(0, region.size() - word.size()) + agency;                   // XX高新区 -> XX高新技术…
  }
  return region + agency;
}

const std::string& ThemeLexicon::theme_of(std::string_view text) const {
  std::string norm = normalise(text);
  for (const auto& [label, words] : themes)
    if (contains_any(norm, words)) return label;
  return fallback;
}

std::string SourceLoc::label() const {
  return std::filesystem::path(path).filename().string() + ":" + std::to_string(line);
}

std::string AgencyKey::display() const { return name.empty() ? region + agency : name; }

std::string PeriodKey::label() const {
  std::string y = year ? std::to_string(*year) + "年" : std::string("年份不详");
  switch (span) {
    case Span::H1:
      return y + "上半年";
    case Span::FY:
      return year ? std::to_string(*year) + "年度" : y;
    case Span::Q1:
      return y + "第一季度";
    case Span::Q1_Q3:
      return y + "前三季度";
    case Span::H2:
      return y + "下半年";
    case Span::other:
      break;
  }
  return y + "（其他）";
}

int PeriodKey::order() const {
  // Within a year: the spans in the order they end.
  static constexpr Span kInTime[] = {Span::Q1, Span::H1, Span::Q1_Q3, Span::H2, Span::FY, Span::other};
  int k = 0;
  while (kInTime[k] != span) ++k;
  return (year ? *year : 0) * 10 + k;
}

std::string plan_period_label(std::optional<PlanPeriod> p) {
  if (!p) return "未注明";
  switch (*p) {
    case PlanPeriod::H2:
      return "下半年";
    case PlanPeriod::next_year:
      return "下一年度";
    case PlanPeriod::next_steps:
      break;
  }
  return "下一步";
}

namespace {

AgencyKey agency_of(const Report& r) {
  AgencyKey k;
  k.region = r.org.region;
  if (r.org.name.empty()) {
    // A writer never named (only 我乡 or a kind of agency is known) is told apart by its
    // report's title, so unrelated reports are not merged under 乡人民政府.
    k.agency = (r.org.canonical ? *r.org.canonical : std::string("（未署名）")) + "·" + r.title;
  } else if (r.org.canonical && !r.org.canonical->empty()) {
    k.agency = *r.org.canonical;
  } else {
    k.agency = r.org.name;
  }
  // A town's name is its identity (XX镇 -> 镇人民政府 would merge every town). Only a name
  // that is a place of that level: an agency of a 街道 (综合执法局) keeps its own name.
  bool town_level = r.org.level == std::optional<std::string>("镇") ||
                    r.org.level == std::optional<std::string>("乡") ||
                    r.org.level == std::optional<std::string>("街道");
  if (!r.org.name.empty() && r.org.region.empty() && r.org.canonical && *r.org.canonical != r.org.name && town_level &&
      contains(r.org.name, *r.org.level))
    k.region = r.org.name;
  return k;
}

// An item's full text: its own line, plus the lines that follow it up to the next item or
// the end of its section (a numbered problem often continues on the next lines).
std::string item_text(const Report& r, const Section& s, std::size_t k) {
  const SectionItem& it = s.items[k];
  bool inline_item = it.marker.ends_with("是");
  if (inline_item) return it.text;
  int stop = k + 1 < s.items.size() ? s.items[k + 1].line : s.end_line + 1;
  std::string text = it.text;
  for (const ReportLine& l : r.lines)
    if (l.line > it.line && l.line < stop) text += "\n" + std::string(trim(l.text));
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

Aggregate aggregate(const Model& model, const ThemeLexicon& themes) {
  Aggregate out;
  std::map<std::string, std::size_t> group_of_report;  // report id -> index in out.groups
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
    AgencyKey agency = agency_of(r);
    agency.name = themes.agency_name(agency.region, agency.agency);
    PeriodKey period{r.period.year, r.period.span};
    AgencyPeriod& g = find_group(agency, period);
    ReportEntry entry{&r, {{r.source.path, r.source.line}}};
    for (auto& s : extra_sources[r.id]) entry.sources.push_back(s);
    g.reports.push_back(entry);
    auto ref = [&](int line) { return ItemRef{agency, period, r.id, r.title, {r.source.path, line}}; };
    for (const Section& s : r.sections) {
      for (std::size_t k = 0; k < s.items.size(); ++k) {
        const SectionItem& it = s.items[k];
        // Achievements are summarised by their heading line; problems and plans are quoted
        // in full in the digests, continuation lines included.
        bool quoted = s.kind == SectionKind::problems || s.kind == SectionKind::plans;
        Item item{ref(it.line), it.marker, quoted ? item_text(r, s, k) : it.text, "", PlanPeriod::next_steps};
        switch (s.kind) {
          case SectionKind::achievements:
          case SectionKind::highlights:
            g.achievements.push_back(std::move(item));
            break;
          case SectionKind::problems:
            item.theme = themes.theme_of(item.text);
            g.problems.push_back(item);
            break;
          case SectionKind::plans:
            item.plan_period = r.plan_period.value_or(PlanPeriod::next_steps);
            g.plans.push_back(item);
            break;
          default:
            break;
        }
      }
    }
    for (const Metric& m : r.metrics) g.metrics.push_back({ref(m.line), m});
  }

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
  return out;
}

}  // namespace huizong
