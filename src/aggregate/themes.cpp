#include "aggregate/themes.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <tuple>

#include "common/i18n.h"
#include "common/lexicon.h"
#include "common/text.h"

namespace huizong {

namespace {

// A weight written as an object key ("3"): a positive integer.
int weight_of(const LexiconReader& t, const std::string& key) {
  int w = 0;
  auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), w);
  if (ec != std::errc() || p != key.data() + key.size() || w < 1 || w > 100)
    t.fail("words", tr("weight \"{}\" is not a whole number from 1 to 100", key), _("write {\"3\": [\"word\", …]}"));
  return w;
}

struct Match {
  std::size_t begin, end;  // bytes of the normalised zone
  std::size_t cls, word;
};

// The sentences of a text: every sentence mark found once, so that the sentence around a
// word is a binary search (a scan back from each word was quadratic in a long item).
class Sentences {
 public:
  Sentences(const std::string& s, const std::vector<std::string>& ends) : size_(s.size()) {
    for (const std::string& mark : ends)
      for (std::size_t at = s.find(mark); !mark.empty() && at != std::string::npos; at = s.find(mark, at + 1))
        marks_.push_back({at, at + mark.size()});
    std::sort(marks_.begin(), marks_.end());
    std::size_t best = 0;
    for (Mark& m : marks_) m.end_so_far = best = std::max(best, m.end);
  }
  // Start of the sentence holding byte `at` (after the last mark starting before it) and
  // its end (the first mark starting at or after it).
  std::pair<std::size_t, std::size_t> around(std::size_t at) const {
    auto first_after =
        std::lower_bound(marks_.begin(), marks_.end(), at, [](const Mark& m, std::size_t x) { return m.begin < x; });
    std::size_t b = first_after == marks_.begin() ? 0 : std::prev(first_after)->end_so_far;
    std::size_t e = first_after == marks_.end() ? size_ : first_after->begin;
    return {b, e};
  }

 private:
  struct Mark {
    std::size_t begin, end, end_so_far = 0;
    bool operator<(const Mark& o) const { return begin < o.begin || (begin == o.begin && end < o.end); }
  };
  std::vector<Mark> marks_;
  std::size_t size_;
};

}  // namespace

Classifier Classifier::load(const LexiconReader& j, const std::string& list_key) {
  Classifier c;
  c.lead_weight_ = static_cast<int>(j.integer("lead_weight", c.lead_weight_, 1, 100));
  c.secondary_percent_ = static_cast<int>(j.integer("secondary_percent", c.secondary_percent_, 1, 100));
  c.min_score_ = static_cast<int>(j.integer("min_score", c.min_score_, 1, 1000));
  c.unit_weight_ = static_cast<int>(j.integer("unit_weight", c.unit_weight_, 0, 100));
  c.sentence_ends_ = j.normalised_strings("sentence_ends");
  c.sentence_ends_.push_back("\n");
  for (const LexiconReader& t : j.objects(list_key)) {
    Class k;
    k.label = t.text("label");
    if (k.label.empty()) t.fail("label", _("missing or empty"), _("name the class"));
    for (const auto& [key, words] : t.string_lists("words")) {
      int w = weight_of(t, key);
      for (const std::string& word : words) k.words.push_back({normalise(word), w, {}});
    }
    for (const LexiconReader& ctx : t.objects("context")) {
      std::vector<std::string> with = ctx.normalised_strings("with");
      if (with.empty()) ctx.fail("with", _("missing or empty"), _("list the words the context needs"));
      int w = static_cast<int>(ctx.integer("weight", 1, 1, 100));
      for (const std::string& word : ctx.normalised_strings("words")) k.words.push_back({word, w, with});
      ctx.done();
    }
    std::erase_if(k.words, [](const WeighedWord& w) { return w.word.empty(); });
    t.done();
    c.classes_.push_back(std::move(k));
  }
  std::vector<std::string> all;
  for (std::size_t k = 0; k < c.classes_.size(); ++k)
    for (std::size_t w = 0; w < c.classes_[k].words.size(); ++w) {
      all.push_back(c.classes_[k].words[w].word);
      c.words_of_.emplace_back(k, w);
    }
  c.automaton_ = WordAutomaton(all);
  c.fallback_ = j.text("fallback", "");
  if (c.fallback_.empty()) j.fail("fallback", _("missing or empty"), _("name the class of items no word matches"));
  return c;
}

std::vector<std::string> Classifier::labels() const {
  std::vector<std::string> out;
  for (const Class& k : classes_) out.push_back(k.label);
  return out;
}

std::vector<ClassScore> Classifier::scores(std::string_view lead, std::string_view rest, std::string_view unit) const {
  std::vector<ClassScore> out;
  for (const Class& k : classes_) out.push_back({k.label, 0});
  // Per word found, the best zone it occurs in: lead_weight in the lead, 1 in the rest,
  // unit_weight in the unit (only the words found are kept: most words of a lexicon are not).
  struct Zoned {
    std::size_t cls, word;
    int points;
  };
  std::vector<Zoned> zoned;
  const std::string zones[] = {normalise(lead), normalise(rest), unit_weight_ > 0 ? normalise(unit) : std::string()};
  const int zone_points[] = {lead_weight_, 1, unit_weight_};
  for (int z = 0; z < 3; ++z) {
    const std::string& s = zones[z];
    std::optional<Sentences> sentences;  // made when a word needs its sentence
    std::vector<Match> found;
    for (const WordAutomaton::Match& m : automaton_.find_all(s)) {
      auto [c, w] = words_of_[m.word];
      const WeighedWord& word = classes_[c].words[w];
      bool counts = word.with.empty();
      if (!counts) {
        if (!sentences) sentences.emplace(s, sentence_ends_);
        auto [b, e] = sentences->around(m.begin);
        std::string_view sentence = std::string_view(s).substr(b, e - b);
        counts = std::any_of(word.with.begin(), word.with.end(),
                             [&](const std::string& x) { return sentence.find(x) != std::string_view::npos; });
      }
      if (counts) found.push_back({m.begin, m.begin + word.word.size(), c, w});
    }
    // In lexicon order, then text order, as the word-by-word search found them: ties
    // between equally long words go to the earlier one.
    std::sort(found.begin(), found.end(), [](const Match& a, const Match& b) {
      return std::tie(a.cls, a.word, a.begin) < std::tie(b.cls, b.word, b.begin);
    });
    // The longest words first: one inside a longer match does not count (安全生产 ⊃ 生产).
    std::stable_sort(found.begin(), found.end(),
                     [](const Match& a, const Match& b) { return a.end - a.begin > b.end - b.begin; });
    std::vector<Match> kept;
    for (const Match& m : found) {
      bool covered = std::any_of(kept.begin(), kept.end(), [&](const Match& k) {
        return k.begin <= m.begin && m.end <= k.end && k.end - k.begin > m.end - m.begin;
      });
      if (covered) continue;
      kept.push_back(m);
      zoned.push_back({m.cls, m.word, zone_points[z]});
    }
  }
  // Each word counts once, in its best zone.
  std::sort(zoned.begin(), zoned.end(), [](const Zoned& a, const Zoned& b) {
    return std::tie(a.cls, a.word, b.points) < std::tie(b.cls, b.word, a.points);
  });
  for (std::size_t i = 0; i < zoned.size(); ++i)
    if (i == 0 || zoned[i].cls != zoned[i - 1].cls || zoned[i].word != zoned[i - 1].word)
      out[zoned[i].cls].score += zoned[i].points * classes_[zoned[i].cls].words[zoned[i].word].weight;
  return out;
}

Classification Classifier::classify(std::string_view lead, std::string_view rest, std::string_view unit) const {
  std::vector<ClassScore> all = scores(lead, rest, unit);
  Classification out{fallback_, {}};
  const ClassScore* best = nullptr;
  for (const ClassScore& s : all)
    if (s.score >= min_score_ && (!best || s.score > best->score)) best = &s;
  if (!best) return out;
  out.label = best->label;
  for (const ClassScore& s : all)
    if (&s != best && s.score >= min_score_ && s.score * 100 >= best->score * secondary_percent_)
      out.secondary.push_back(s.label);
  return out;
}

}  // namespace huizong
