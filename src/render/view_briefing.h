// view_briefing: the view of the consolidated briefing (综合汇报材料): cross-unit totals,
// units by kind, achievements and plans grouped by field of work and problems by theme,
// each group ranked by how many units it holds, with a bounded number of representative
// items (render/view.h builds it with the other views; docs/templates.md lists its variables).
#pragma once
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aggregate/aggregate.h"

namespace huizong {

// How many units a field of the briefing names, and how many items a theme quotes.
inline constexpr std::size_t kBriefingUnitsPerField = 2;
inline constexpr std::size_t kBriefingItemsPerTheme = 3;
// A theme raised by fewer units than this quotes one item less (2): its few units say less.
inline constexpr std::size_t kBriefingUnitsForAllItems = 5;
// The common indicators table: rows in all, and units shown per indicator.
inline constexpr std::size_t kBriefingIndicatorRows = 8;
inline constexpr std::size_t kBriefingUnitsPerIndicator = 3;

nlohmann::json briefing_view(const std::vector<Source>& sources, const Aggregate& agg, const ThemeLexicon& lex,
                             const Labels& labels);

// The indices of `texts` ordered from most to least central: by the summed share of
// character bigrams each has with every other (Jaccard), ties by position. Deterministic.
std::vector<std::size_t> by_centrality(std::span<const std::string_view> texts);

}  // namespace huizong
