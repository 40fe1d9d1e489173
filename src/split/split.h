// split: a file's lines -> front matter, reports and a boilerplate ledger.
// A compilation (汇编) has a title, a count （N篇）, often 目录 and TOC lines, then reports;
// a file that is a single report is one report. Every non-blank line ends up in exactly
// one of: a report, the front matter, or the ledger (whole line); a `##paidbegin##`
// marker in front of content goes to the ledger as a column span and the rest of the
// line stays report content with its line number.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/line_hint.h"
#include "common/marker.h"
#include "common/text.h"
#include "model/types.h"

namespace huizong {

struct SplitLexicon {
  WordList compilation_words;                   // 汇编, 选编 … in a compilation title
  WordList title_words;                         // 总结, 工作报告 … one must be in a report title
  WordList weak_title_words;                    // 工作开展情况 … a title only with a period and a subject
  std::vector<std::string> title_period_words;  // 上半年, 年度 … the period such a title names
  std::string year_word;                        // 年 after the year (2023年, 2023 年)
  WordList title_reject_words;                  // a line with these is never a title
  WordList toc_headings;                        // 目录
  WordList advertising;                         // phrases marking an advertising line
  WordList markers;                             // ##paidbegin## … removed wherever they stand
  std::size_t title_min_chars = 6, title_max_chars = 60;
  std::size_t long_line_chars = 160;           // longer lines are paragraphs
  std::size_t toc_prefix_min_bytes = 18;       // a TOC title this long may be the start of the title
  WordList count_prefixes;                     // 共 (共8篇)
  std::string count_word;                      // 篇 ((8篇))
  std::string piece_prefix;                    // 篇 (篇1：)
  std::vector<std::string> piece_separators;   // ：、. after 篇1
  std::vector<std::string> number_separators;  // . 、 after a TOC or title number
  std::vector<std::string> toc_leaders;        // . · ・ - … a contents line's leader is made of
  WordList title_decorations;                  // | & ■ … in front of a title, dropped from it
  std::string page_prefix, page_suffix;        // 第 and 页 around a contents page number
  MarkerLexicon heading_markers;               // markers.json: a line opening with one is no title
  static SplitLexicon load(const LexiconDir& lexicon_dir = {});
};

struct ReportSpan {
  int title_line = 0;
  std::string title;  // trimmed, without 篇1： / 1． prefixes
  std::string title_as_written;
  int end_line = 0;  // last non-blank content line
  bool found_in_toc = false;
  std::vector<Line> body;  // non-blank content lines after the title (markers removed)
  // normalise(text) of each body line where split made it (the short lines it checks as
  // titles), else "": the outline takes it instead of normalising again.
  std::vector<std::string> body_norms;
};

struct SplitResult {
  FrontMatter front;
  std::vector<ReportSpan> reports;
  std::vector<LedgerEntry> ledger;
  std::vector<std::string> warnings;  // e.g. declared count differs from reports found
};

// `toc_lines`: line numbers the document itself marks as its table of contents (a .docx
// TOC field, contents control or "toc N" style); they are contents lines wherever they
// stand, and the body starts after the last of them.
// `hints`: what the document's formatting says about its lines (read/docx), in line order.
// A level-1 heading (outline level 0) that starts a new page is a report title when it
// passes every title rule but the wording one, and has a weak title word (工作情况…) with a
// subject before it even without a period; a level-1 heading or a line starting a new page
// (not marked as contents) ends the contents. Without hints the split is by text alone.
SplitResult split(const std::vector<Line>& lines, const SplitLexicon& lexicon, const std::vector<int>& toc_lines = {},
                  const std::vector<LineHint>& hints = {});

}  // namespace huizong
