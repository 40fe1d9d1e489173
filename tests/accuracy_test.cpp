// Parser accuracy on the real dev compilations, scored like ../shared/tools/eval_accuracy.py
// (reports matched by title line) against the hand-checked gold copied into tests/data/gold.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/text.h"
#include "model/model.h"
#include "pipeline/pipeline.h"
#include "support_model.h"

using namespace huizong;
using namespace huizong::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Score {
  double split_f1 = 0, org = 1, level = 1, period = 1, problems = 1, plans = 1, label = 1;
  double headline() const { return std::min({split_f1, problems, plans, period}); }
};

// A label as eval_accuracy.py compares it: NFKC (the parser's normalise), no spaces, every
// run of mask characters (X x × ＊ *) one X.
json norm_label(const json& label) {
  if (!label.is_string()) return nullptr;
  std::u32string u = to_u32(normalise(label.get<std::string>())), out;
  auto is_mask = [](char32_t c) { return c == U'X' || c == U'x' || c == U'\u00D7' || c == U'*'; };
  for (char32_t c : u) {
    if (is_space_cp(c)) continue;
    if (is_mask(c) && !out.empty() && out.back() == U'X') continue;
    out += is_mask(c) ? U'X' : c;
  }
  return to_utf8(out);
}

// The fraction of matched reports whose org.label is the gold label or one of its label_alt.
double label_score(const std::map<int, json>& g, const std::map<int, json>& m, const std::set<int>& matched) {
  int ok = 0, n = 0;
  for (int line : matched) {
    const json& gold = g.at(line);
    if (!gold.contains("label")) continue;
    std::set<json> want{norm_label(gold["label"])};
    for (const auto& alt : gold.value("label_alt", json::array())) want.insert(norm_label(alt));
    ++n;
    ok += want.count(norm_label(m.at(line)["org"].value("label", json())));
  }
  return n ? static_cast<double>(ok) / n : 1.0;
}

json first_line_of(const json& report, const std::string& kind) {
  json best = nullptr;
  for (const auto& s : report["sections"])
    if (s["kind"] == kind && (best.is_null() || s["line"].get<int>() < best.get<int>())) best = s["line"];
  return best;
}

Score score(const json& gold, const json& model) {
  std::map<int, json> g, m;
  for (const auto& r : gold["reports"]) g[r["title_line"].get<int>()] = r;
  for (const auto& r : model["reports"]) m[r["source"]["line"].get<int>()] = r;
  std::set<int> matched;
  for (auto& [line, r] : g)
    if (m.count(line)) matched.insert(line);
  double tp = static_cast<double>(matched.size());
  double prec = m.empty() ? 0 : tp / static_cast<double>(m.size());
  double rec = g.empty() ? 0 : tp / static_cast<double>(g.size());
  Score s;
  s.split_f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
  // Fraction of matched reports where gold and model agree; a null gold org/level is skipped.
  auto field = [&](auto gold_value, auto model_value, bool skip_null) {
    int ok = 0, n = 0;
    for (int line : matched) {
      json gv = gold_value(g[line]);
      if (skip_null && gv.is_null()) continue;
      ++n;
      ok += gv == model_value(m[line]);
    }
    return n ? static_cast<double>(ok) / n : 1.0;
  };
  s.org = field([](const json& r) { return r["org_canonical"]; }, [](const json& r) { return r["org"]["canonical"]; },
                true);
  s.level =
      field([](const json& r) { return r["region_level"]; }, [](const json& r) { return r["org"]["level"]; }, true);
  s.period = field([](const json& r) { return r["period"]; }, [](const json& r) { return r["period"]["span"]; }, false);
  s.label = label_score(g, m, matched);
  s.problems = field([](const json& r) { return r["problems_start_line"]; },
                     [](const json& r) { return first_line_of(r, "problems"); }, false);
  s.plans = field([](const json& r) { return r["plans_start_line"]; },
                  [](const json& r) { return first_line_of(r, "plans"); }, false);
  return s;
}

}  // namespace

TEST_CASE("accuracy on the dev compilations meets the bar", "[accuracy]") {
  const Lexicons& lex = lexicons();
  std::vector<fs::path> golds;
  for (const auto& e : fs::directory_iterator(fs::path(HUIZONG_TEST_DATA_DIR) / "gold"))
    if (e.path().string().ends_with(".gold.json")) golds.push_back(e.path());
  std::sort(golds.begin(), golds.end());
  REQUIRE(golds.size() >= 3);
  for (const auto& gold_path : golds) {
    std::ifstream in(gold_path);
    json gold = json::parse(in, nullptr, true, true);
    fs::path text = fs::path(HUIZONG_SAMPLES_DIR) / gold["file"].get<std::string>();
    auto [source, reports] = parse_source(read_file(text), lex);
    Model model;
    model.sources.push_back(source);
    model.reports = reports;
    Score s = score(gold, json(model));
    INFO(gold["file"].get<std::string>() << ": split f1 " << s.split_f1 << ", problems " << s.problems << ", plans "
                                         << s.plans << ", period " << s.period << ", org " << s.org << ", level "
                                         << s.level << ", label " << s.label);
    // What the parser reaches on these files (2026-11-26: headline 1.000 on all three, org
    // 0.988 and level 0.989 at worst); a change that loses ground here fails.
    CHECK(s.split_f1 == Approx(1.0));
    CHECK(s.headline() >= 0.99);
    CHECK(s.org >= 0.95);
    CHECK(s.level >= 0.95);
    // The unit's label (issue 13; 2026-12-02: 1.000, 0.966 and 1.000).
    CHECK(s.label >= 0.95);
  }
}
