#include <nlohmann/json.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/lexicon.h"
#include "common/text.h"
#include "support.h"

using namespace huizong;

TEST_CASE("is_blank and is_space_cp", "[common][text]") {
  CHECK(is_blank(""));
  CHECK(is_blank("   "));
  CHECK(is_blank(" \t\r\n\f"));
  CHECK(is_blank("\u3000"));  // ideographic space
  CHECK(is_blank("\u3000\u3000\u3000"));
  CHECK(is_blank("\u2002"));  // en space
  CHECK(is_blank(" \u2002\u3000\t"));
  CHECK(is_blank("\u00A0"));  // no-break space
  CHECK(is_blank("\uFEFF"));  // BOM
  CHECK(is_blank("\u200B"));  // zero-width space
  CHECK_FALSE(is_blank("\u3000\u3000一、总体情况"));
  CHECK_FALSE(is_blank("a"));
  CHECK_FALSE(is_blank("\u3000。"));
  CHECK_FALSE(is_blank("\xFF"));  // malformed byte is not whitespace

  CHECK(is_space_cp(U' '));
  CHECK(is_space_cp(U'\u3000'));
  CHECK(is_space_cp(U'\u2002'));
  CHECK_FALSE(is_space_cp(U'一'));
  CHECK_FALSE(is_space_cp(U'x'));
  CHECK_FALSE(is_space_cp(U'，'));
}

TEST_CASE("trim and leading_space_bytes", "[common][text]") {
  CHECK(trim("") == "");
  CHECK(trim("   ") == "");
  CHECK(trim("\u3000\u3000") == "");
  CHECK(trim("  abc  ") == "abc");
  CHECK(trim("\u3000\u3000工作总结\u3000 \t") == "工作总结");
  CHECK(trim("\u2002(一)\u00A0") == "(一)");
  CHECK(trim("a b\u3000c") == "a b\u3000c");  // inner space kept
  CHECK(trim("\t一、") == "一、");

  CHECK(leading_space_bytes("") == 0);
  CHECK(leading_space_bytes("abc") == 0);
  CHECK(leading_space_bytes("  abc") == 2);
  CHECK(leading_space_bytes("\u3000\u3000x") == 6);
  CHECK(leading_space_bytes("\u3000 \u2002") == 7);  // all of it
}

TEST_CASE("normalise folds full-width forms and trims", "[common][text]") {
  CHECK(normalise("（一）") == "(一)");
  CHECK(normalise("１２３") == "123");
  CHECK(normalise("１２．５％") == "12.5%");
  CHECK(normalise("\u3000\u3000（二）主要做法\u3000") == "(二)主要做法");
  CHECK(normalise("ＡＢＣ") == "ABC");
  CHECK(normalise("plain ascii") == "plain ascii");
  CHECK(normalise("  plain  ") == "plain");
  CHECK(normalise("一、总体情况") == "一、总体情况");  // 、 has no compatibility form
  CHECK(normalise("") == "");
}

TEST_CASE("UTF-8 / UTF-32 conversions and code point length", "[common][text]") {
  const std::string s = "a中\u3000𠀀é";
  std::u32string u = to_u32(s);
  CHECK(u == U"a中\u3000𠀀é");
  CHECK(to_utf8(u) == s);
  CHECK(length_cp(s) == 5);
  CHECK(length_cp("") == 0);
  CHECK(length_cp("工作总结") == 4);
  CHECK(to_u32("\xFF"
               "a") == std::u32string{U'\uFFFD', U'a'});  // malformed byte -> U+FFFD

  std::string out;
  append_utf8(out, U'A');
  append_utf8(out, U'\u00E9');
  append_utf8(out, U'中');
  append_utf8(out, U'\U00020000');
  CHECK(out == "Aé中𠀀");
  CHECK(out.size() == 1 + 2 + 3 + 4);
}

TEST_CASE("contains, starts_with_any, contains_any, find_any", "[common][text]") {
  CHECK(contains("全力以赴防范化解", "防范"));
  CHECK_FALSE(contains("全力以赴", "防范"));
  CHECK(contains("abc", ""));

  const std::vector<std::string> prefixes = {"一、", "（一）"};
  CHECK(starts_with_any("一、总体情况", prefixes));
  CHECK(starts_with_any("（一）主要做法", prefixes));
  CHECK_FALSE(starts_with_any("二、下步打算", prefixes));
  CHECK_FALSE(starts_with_any("", prefixes));

  CHECK(contains_any("完成投资12亿元", {"万元", "亿元"}));
  CHECK_FALSE(contains_any("完成投资", {"万元", "亿元"}));

  std::string which;
  const std::string s = "全年完成安全生产检查";
  CHECK(find_any(s, {"检查", "安全"}, &which) == s.find("安全"));
  CHECK(which == "安全");
  // At the same position the longest needle wins.
  CHECK(find_any(s, {"安全", "安全生产"}, &which) == s.find("安全"));
  CHECK(which == "安全生产");
  CHECK(find_any(s, {"安全生产", "安全"}, &which) == s.find("安全"));
  CHECK(which == "安全生产");
  CHECK(find_any(s, {"质量", "环保"}) == std::string::npos);
}

TEST_CASE("fingerprint is a stable FNV-1a", "[common][text]") {
  // Published 64-bit FNV-1a test vectors.
  CHECK(fingerprint("") == "cbf29ce484222325");
  CHECK(fingerprint("a") == "af63dc4c8601ec8c");
  CHECK(fingerprint("foobar") == "85944171f73967e8");
  // Same bytes, same value; 16 lower-case hex digits; any byte change changes it.
  const std::string text = "应急管理局2023年上半年工作总结\n";
  CHECK(fingerprint(text) == fingerprint(std::string(text)));
  CHECK(fingerprint(text).size() == 16);
  CHECK(fingerprint(text).find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(fingerprint(text) != fingerprint(text.substr(0, text.size() - 1)));
  CHECK(fingerprint(std::string("a\0b", 3)) != fingerprint("a"));  // NUL bytes count
  // Fed in pieces, the same value.
  CHECK(Fingerprint().add("应急管理局").add('2').add("023年上半年工作总结\n").hex() == fingerprint(text));
}

TEST_CASE("chinese_numeral_value", "[common][text]") {
  CHECK(chinese_numeral_value(U"一") == 1);
  CHECK(chinese_numeral_value(U"九") == 9);
  CHECK(chinese_numeral_value(U"十") == 10);
  CHECK(chinese_numeral_value(U"十三") == 13);
  CHECK(chinese_numeral_value(U"二十") == 20);
  CHECK(chinese_numeral_value(U"二十五") == 25);
  CHECK(chinese_numeral_value(U"九十九") == 99);
  CHECK(chinese_numeral_value(U"〇") == 0);
  CHECK(chinese_numeral_value(U"零") == 0);
  CHECK(chinese_numeral_value(U"两") == 2);
  CHECK(chinese_numeral_value(U"是") == -1);
  CHECK(chinese_numeral_value(U"") == -1);
  CHECK(chinese_numeral_value(U"一百") == -1);
  CHECK(chinese_numeral_value(U"十十") == -1);
  CHECK(chinese_numeral_value(U"三四") == -1);
  CHECK(chinese_numeral_value(U"1") == -1);

  CHECK(is_chinese_digit(U'一'));
  CHECK(is_chinese_digit(U'十'));
  CHECK(is_chinese_digit(U'〇'));
  CHECK(is_chinese_digit(U'两'));
  CHECK_FALSE(is_chinese_digit(U'是'));
  CHECK_FALSE(is_chinese_digit(U'1'));
}

TEST_CASE("substring helpers accept empty text and needles longer than the text", "[common]") {
  // Found by fuzzing: memmem must not be handed the null data of an empty string_view.
  CHECK_FALSE(contains(std::string_view(), "问题"));
  CHECK_FALSE(contains_any(std::string_view(), {"问题", "不足"}));
  CHECK(find_any(std::string_view(), {"问题"}) == std::string_view::npos);
  CHECK_FALSE(contains("问", "问题"));
  CHECK(contains("存在问题", ""));
}

namespace {

// The search WordList replaces: one search per word, the earliest match, the longest
// word at equal position, the earlier word among equals.
std::size_t find_one_by_one(std::string_view s, const std::vector<std::string>& words, std::string* which) {
  std::size_t best = std::string_view::npos, best_len = 0;
  for (const auto& w : words) {
    std::size_t p = s.find(w);
    if (p == std::string_view::npos) continue;
    if (p < best || (p == best && w.size() > best_len)) {
      best = p;
      best_len = w.size();
      *which = w;
    }
  }
  return best;
}

// Every list of words in a lexicon file (arrays of strings, at any depth).
void word_lists(const nlohmann::json& j, std::vector<std::vector<std::string>>& out) {
  if (j.is_array() && !j.empty() && std::all_of(j.begin(), j.end(), [](const auto& v) { return v.is_string(); })) {
    out.push_back(j.get<std::vector<std::string>>());
    return;
  }
  if (j.is_structured())
    for (const auto& v : j) word_lists(v, out);
}

}  // namespace

TEST_CASE("WordList finds what a search word by word finds, on every lexicon list and sample line", "[common][words]") {
  std::vector<std::vector<std::string>> lists;
  for (const char* name : {"sections", "split", "themes", "topics", "agencies"}) word_lists(load_json_file(data_dir("lexicons") / (std::string(name) + ".json")), lists);
  REQUIRE(lists.size() > 20);
  lists.push_back({"", "问题"});            // an empty word matches at 0
  lists.push_back({",", "。", "x", "xx"});  // one-byte words beside longer ones
  std::vector<std::string> texts;
  for (const char* prefix : {"000_", "002_"})
    for (const Line& l : huizong::test::sample(prefix)) texts.push_back(normalise(l.text));
  texts.push_back("");
  std::size_t found = 0;
  for (const auto& words : lists) {
    WordList list(words);
    for (const std::string& t : texts) {
      std::string expected_word, got_word;
      std::size_t expected = find_one_by_one(t, words, &expected_word);
      std::size_t got = list.find_in(t, &got_word);
      INFO("text: " << t << " / first word of list: " << (words.empty() ? "" : words[0]));
      REQUIRE(got == expected);
      if (got != std::string_view::npos) REQUIRE(got_word == expected_word);
      REQUIRE(list.found_in(t) == (expected != std::string_view::npos));
      bool prefix = std::any_of(words.begin(), words.end(), [&](const std::string& w) { return t.starts_with(w); });
      REQUIRE(list.prefix_of(t) == prefix);
      found += got != std::string_view::npos;
    }
  }
  CHECK(found > 1000);  // the comparison saw many matches, not only misses
}
