#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/cn_numeral.h"
#include "common/lexicon.h"
#include "common/parallel.h"
#include "common/text.h"
#include "common/thread_heap.h"
#include "common/word_automaton.h"
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
  CHECK(trim("工作\u3000") == "工作");
  CHECK(trim("。") == "。");
  CHECK(trim("\u3000。\u3000") == "。");

  // The bytes of the first and last code point decide most cases: the same as decoding
  // them, on texts of spaces, CJK, ASCII and broken sequences.
  auto decoded_trim = [](std::string_view t) {
    t.remove_prefix(leading_space_bytes(t));
    while (!t.empty()) {
      std::size_t start = 0;
      if (!is_space_cp(utf8::decode_last(t, start))) break;
      t.remove_suffix(t.size() - start);
    }
    return t;
  };
  const std::vector<std::string> pool = {" ",    "\t",   "a",        "\u3000", "\u3001", "中",     "\u00A0", "\u2002",
                                         "\xE3", "\x80", "\xE3\x80", "\uFEFF", "\u30FF", "\u9FFF", "\n"};
  std::uint32_t seed = 7;
  for (int n = 0; n < 5000; ++n) {
    std::string text;
    for (int k = 0, len = n % 7; k < len; ++k) {
      seed = seed * 1664525u + 1013904223u;
      text += pool[(seed >> 8) % pool.size()];
    }
    CHECK(trim(text) == decoded_trim(text));
  }

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

// ICU's NFKC of s, trimmed as normalise trims: what normalise must give.
static std::string icu_nfkc(const std::string& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  std::string out;
  nfkc->normalize(icu::UnicodeString::fromUTF8(s), status).toUTF8String(out);
  REQUIRE(U_SUCCESS(status));
  return std::string(trim(out));
}

// normalise answers Chinese text without ICU (its punctuation and full-width forms from a
// table ICU fills once, ASCII and ideographs as they are): every code point of the table's
// ranges, alone and between others, and texts mixing them with code points that do compose
// (combining accents after a full-width letter, circled digits, compatibility ideographs),
// give exactly ICU's NFKC.
TEST_CASE("normalise gives ICU's NFKC for the punctuation and full-width forms of Chinese text", "[common][text]") {
  std::vector<std::string> pool = {"a",      "Z",      "5",      " ",      ",",      "中",
                                   "\u9FA5", "\u4E00", "\u0301", "\u0308", "\u2460", "\u3038",
                                   "\uF900", "\uAC00", "\u1161", "e",      "\u00E9"};
  for (auto [first, last] :
       {std::pair<char32_t, char32_t>{0x00A0, 0x00FF}, {0x2000, 0x206F}, {0x3000, 0x303F}, {0xFF00, 0xFFEF}})
    for (char32_t cp = first; cp <= last; ++cp) {
      std::string c;
      utf8::append(c, cp);
      pool.push_back(c);
      for (const std::string& text : {c, "中" + c + "文", "a" + c + "b", c + "\u0301", "\uFF21" + c})
        CHECK(normalise(text) == icu_nfkc(text));
    }
  std::uint32_t seed = 19;
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    for (int k = 0, len = 1 + n % 12; k < len; ++k) {
      seed = seed * 1664525u + 1013904223u;
      text += pool[(seed >> 8) % pool.size()];
    }
    CHECK(normalise(text) == icu_nfkc(text));
  }
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
  utf8::append(out, U'A');
  utf8::append(out, U'\u00E9');
  utf8::append(out, U'中');
  utf8::append(out, U'\U00020000');
  CHECK(out == "Aé中𠀀");
  CHECK(out.size() == 1 + 2 + 3 + 4);
}

TEST_CASE("UTF-8 stepping: decode, step, prefix, decode_last", "[common][utf8]") {
  const std::string s = "a中\u3000𠀀é";
  std::size_t i = 0;
  CHECK(utf8::decode(s, i) == U'a');
  CHECK(i == 1);
  CHECK(utf8::decode(s, i) == U'中');
  CHECK(i == 4);
  utf8::step(s, i);
  CHECK(i == 7);
  CHECK(utf8::decode(s, i) == U'\U00020000');
  CHECK(i == 11);
  CHECK(utf8::decode(s, i) == U'é');
  CHECK(i == s.size());
  for (char32_t cp : {U'a', U'\u00E9', U'中', U'\U00020000'}) {
    std::string e;
    utf8::append(e, cp);
    CHECK(utf8::encoded_length(cp) == e.size());
  }

  // A lead byte without its continuation bytes, or a stray continuation byte: U+FFFD, one byte.
  for (std::string bad :
       {std::string("\xE4\xB8"), std::string("\x80"), std::string("\xF0\x9F\x98"), std::string("\xFF")}) {
    std::size_t j = 0;
    CHECK(utf8::decode(bad, j) == utf8::kReplacement);
    CHECK(j == 1);
  }

  CHECK(utf8::prefix("工作总结", 2) == "工作");
  CHECK(utf8::prefix("工作", 5) == "工作");
  CHECK(utf8::prefix("", 3) == "");
  CHECK(utf8::prefix("a𠀀b", 2) == "a𠀀");

  std::size_t start = 99;
  CHECK(utf8::decode_last("工作", start) == U'作');
  CHECK(start == 3);
  CHECK(utf8::decode_last("a", start) == U'a');
  CHECK(start == 0);
  CHECK(utf8::decode_last("a\xB8", start) == utf8::kReplacement);  // stray continuation byte
  CHECK(start == 1);
  CHECK(utf8::decode_last("\xE4\xB8\x80\x80", start) == utf8::kReplacement);
  CHECK(start == 3);
}

namespace {

// The oracle for strict UTF-8: the well-formed sequence at the start of b is the encoding of
// one Unicode scalar value, which is what utf8::append writes. Its length, or 0.
std::size_t scalar_encoding_at_start(const std::string& b) {
  auto c = static_cast<unsigned char>(b[0]);
  std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (b.size() < n) return 0;
  char32_t cp = n == 1 ? c : c & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(b[k]) & 0x3F);
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  std::string again;
  utf8::append(again, cp);
  return again == b.substr(0, n) ? n : 0;
}

}  // namespace

TEST_CASE("UTF-8 validation accepts exactly the encodings of Unicode scalar values", "[common][utf8]") {
  // Every sequence of one and two bytes, every three-byte sequence with a three-byte lead,
  // and four-byte sequences with every lead and second byte.
  std::vector<std::string> cases;
  for (int a = 0; a < 256; ++a) {
    cases.push_back(std::string(1, static_cast<char>(a)));
    for (int b = 0; b < 256; ++b) {
      std::string ab{static_cast<char>(a), static_cast<char>(b)};
      cases.push_back(ab);
      if (a >= 0xE0 && a <= 0xEF)
        for (int c = 0; c < 256; ++c) cases.push_back(ab + static_cast<char>(c));
      if (a >= 0xF0)
        for (const char* cd : {"\x80\x80", "\xBF\xBF", "\x80\x41", "\xC0\x80"}) cases.push_back(ab + cd);
    }
  }
  std::size_t mismatches = 0;
  for (const std::string& s : cases) {
    std::size_t expected = scalar_encoding_at_start(s);
    std::size_t invalid = 0;
    std::size_t len = utf8::valid_length(s, 0, &invalid);
    if (len != expected || (len == 0 && (invalid < 1 || invalid > s.size()))) ++mismatches;
    if ((expected == 0 || expected == s.size()) && utf8::is_valid(s) != (expected != 0)) ++mismatches;
  }
  CHECK(mismatches == 0);

  // The maximal ill-formed subpart (what one U+FFFD replaces, Unicode 3.9 U+FFFD practice).
  std::size_t invalid = 0;
  CHECK(utf8::valid_length("\xE4\xB8", 0, &invalid) == 0);  // truncated
  CHECK(invalid == 2);
  CHECK(utf8::valid_length("\xE0\x80\x80", 0, &invalid) == 0);  // overlong
  CHECK(invalid == 1);
  CHECK(utf8::valid_length("\xED\xA0\x80", 0, &invalid) == 0);  // surrogate
  CHECK(invalid == 1);
  CHECK(utf8::valid_length("\xF4\x90\x80\x80", 0, &invalid) == 0);  // past U+10FFFF
  CHECK(invalid == 1);
  CHECK(utf8::valid_length("\xF0\x9F\x98\x41", 0, &invalid) == 0);
  CHECK(invalid == 3);

  // Longer texts (read a word at a time): against the first position valid_length refuses,
  // on strings of valid characters of every length with bad bytes and cut sequences among them.
  {
    std::mt19937 rng(20261203);
    const std::vector<std::string> parts = {"a",
                                            "0123",
                                            "\xC2\xA9",
                                            "中",
                                            "，",
                                            "\xE0\xA0\x80",
                                            "\xED\x9F\xBF",
                                            "\xEF\xBF\xBD",
                                            "\xF0\x9F\x98\x80",
                                            "\xFF",
                                            "\xE4\xB8",
                                            "\xED\xA0\x80",
                                            "\xE0\x80\x80",
                                            "\x80",
                                            "\xC0\xAF"};
    std::size_t wrong = 0;
    for (int round = 0; round < 20000; ++round) {
      std::string s;
      const int pieces = static_cast<int>(rng() % 24);
      for (int k = 0; k < pieces; ++k) s += parts[rng() % (rng() % 4 == 0 ? parts.size() : 7)];
      std::size_t expected = std::string_view::npos;
      for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8::valid_length(s, i);
        if (len == 0) {
          expected = i;
          break;
        }
        i += len;
      }
      if (utf8::first_invalid(s) != expected) ++wrong;
    }
    CHECK(wrong == 0);
  }
  CHECK(utf8::first_invalid("plain ascii text, longer than eight bytes") == std::string_view::npos);
  CHECK(utf8::first_invalid("") == std::string_view::npos);
  CHECK(utf8::first_invalid("工作总结 0123456789\xFF") == 23);
  CHECK(utf8::first_invalid("0123456789abcdef\xC0\xAF") == 16);
  CHECK(utf8::skip_ascii("0123456789abcdef中", 0) == 16);
  CHECK(utf8::skip_ascii("0123456789abcdef中", 17) == 17);
  CHECK(utf8::skip_ascii("0123", 0) == 4);
}

TEST_CASE("the full-width forms of punctuation", "[common][text]") {
  CHECK(with_full_width_forms({"。", ":", ";", "!", "?"}) ==
        std::vector<std::string>{"。", ":", ";", "!", "?", "：", "；", "！", "？"});
  CHECK(with_full_width_forms({"ab", "a b", "中"}) == std::vector<std::string>{"ab", "a b", "中", "ａｂ"});
}

TEST_CASE("line_of_offset counts LF, CRLF and lone CR", "[common][text]") {
  CHECK(line_of_offset("", 0) == 1);
  CHECK(line_of_offset("abc", 2) == 1);
  CHECK(line_of_offset("a\nb\nc", 2) == 2);
  CHECK(line_of_offset("a\nb\nc", 4) == 3);
  CHECK(line_of_offset("a\r\nb", 2) == 1);  // CRLF counts at the LF
  CHECK(line_of_offset("a\r\nb", 3) == 2);
  CHECK(line_of_offset("a\rb", 2) == 2);
  CHECK(line_of_offset("a\nb", 100) == 2);  // past the end: the last line
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

TEST_CASE("quick_fingerprint is XXH3, told apart from a fingerprint, the same fed in pieces", "[common][text]") {
  CHECK(quick_fingerprint("") == "x2d06800538d394c2");  // XXH3_64bits of no bytes, seed 0
  const std::string text = "应急管理局2023年上半年工作总结\n" + std::string(5000, 'a');
  const std::string q = quick_fingerprint(text);
  CHECK(is_quick_fingerprint(q));
  CHECK_FALSE(is_quick_fingerprint(fingerprint(text)));
  CHECK_FALSE(is_quick_fingerprint(""));
  CHECK(q.find_first_not_of("0123456789abcdef", 1) == std::string::npos);
  CHECK(q != quick_fingerprint(text.substr(0, text.size() - 1)));
  // Fed in pieces of any size (XXH3's stripes are 64 bytes), the same value; a copy goes on alone.
  for (std::size_t cut : {0ul, 1ul, 63ul, 64ul, 65ul, 256ul, 1024ul, 4999ul}) {
    QuickFingerprint f;
    f.add(std::string_view(text).substr(0, cut));
    QuickFingerprint copy = f;
    f.add(std::string_view(text).substr(cut));
    CHECK(f.hex() == q);
    CHECK(copy.add(std::string_view(text).substr(cut)).hex() == q);
  }
}

TEST_CASE("Chinese numerals are parsed", "[common][cn_numeral]") {
  auto parse = [](std::u32string_view s) { return cn_numeral::parse(s); };
  CHECK(parse(U"一") == 1);
  CHECK(parse(U"九") == 9);
  CHECK(parse(U"十") == 10);
  CHECK(parse(U"十三") == 13);
  CHECK(parse(U"一十三") == 13);
  CHECK(parse(U"二十") == 20);
  CHECK(parse(U"二十五") == 25);
  CHECK(parse(U"九十九") == 99);
  CHECK(parse(U"〇") == 0);
  CHECK(parse(U"零") == 0);
  CHECK(parse(U"两") == 2);
  CHECK(parse(U"一百") == 100);
  CHECK(parse(U"一百零五") == 105);
  CHECK(parse(U"一百〇五") == 105);
  CHECK(parse(U"一百一十") == 110);
  CHECK(parse(U"一百二十") == 120);
  CHECK(parse(U"两百") == 200);
  CHECK(parse(U"一百五") == 150);  // spoken: one place below the last multiplier
  CHECK(parse(U"一千零一") == 1001);
  CHECK(parse(U"一千零一十") == 1010);
  CHECK(parse(U"三千五") == 3500);
  CHECK(parse(U"九千九百九十九") == 9999);
  CHECK(parse(U"一万") == 10000);
  CHECK(parse(U"一万零一") == 10001);
  CHECK(parse(U"三万五") == 35000);
  CHECK(parse(U"三万五千") == 35000);
  CHECK(parse(U"十万零一十") == 100010);
  CHECK(parse(U"十二万") == 120000);
  CHECK(parse(U"两千万零五") == 20000005);
  CHECK(parse(U"九千九百九十九万九千九百九十九") == 99999999);
  CHECK(parse(U"一亿") == 100000000);
  CHECK(parse(U"一亿零一") == 100000001);
  CHECK(parse(U"一亿五") == 150000000);
  CHECK(parse(U"一亿五千万") == 150000000);
  CHECK(parse(U"一万亿") == 1000000000000);

  CHECK(parse(U"") == -1);
  CHECK(parse(U"是") == -1);
  CHECK(parse(U"1") == -1);
  CHECK(parse(U"百") == -1);  // 百姓
  CHECK(parse(U"十十") == -1);
  CHECK(parse(U"三四") == -1);
  CHECK(parse(U"二〇二三") == -1);  // a year written digit by digit
  CHECK(parse(U"十四五") == -1);    // a plan's name
  CHECK(parse(U"五一") == -1);
  CHECK(parse(U"百十") == -1);
  CHECK(parse(U"一十百") == -1);
  CHECK(parse(U"一亿亿亿") == -1);  // past 2^62

  CHECK(cn_numeral::is_digit_or_ten(U'一'));
  CHECK(cn_numeral::is_digit_or_ten(U'十'));
  CHECK(cn_numeral::is_digit_or_ten(U'〇'));
  CHECK(cn_numeral::is_digit_or_ten(U'两'));
  CHECK_FALSE(cn_numeral::is_digit_or_ten(U'百'));
  CHECK_FALSE(cn_numeral::is_digit_or_ten(U'是'));
  CHECK_FALSE(cn_numeral::is_digit_or_ten(U'1'));
  CHECK(cn_numeral::is_numeral_char(U'百'));
  CHECK(cn_numeral::is_numeral_char(U'亿'));
  CHECK(cn_numeral::is_numeral_char(U'零'));
  CHECK_FALSE(cn_numeral::is_numeral_char(U'是'));
  CHECK_FALSE(cn_numeral::is_numeral_char(U'a'));
}

TEST_CASE("Chinese numerals are written and read back", "[common][cn_numeral]") {
  using cn_numeral::format;
  CHECK(format(1) == "一");
  CHECK(format(10) == "十");
  CHECK(format(12) == "十二");
  CHECK(format(20) == "二十");
  CHECK(format(99) == "九十九");
  CHECK(format(100) == "一百");
  CHECK(format(101) == "一百零一");
  CHECK(format(105) == "一百零五");
  CHECK(format(110) == "一百一十");
  CHECK(format(120) == "一百二十");
  CHECK(format(1001) == "一千零一");
  CHECK(format(1010) == "一千零一十");
  CHECK(format(9999) == "九千九百九十九");
  CHECK(format(10000) == "一万");
  CHECK(format(10001) == "一万零一");
  CHECK(format(10500) == "一万零五百");
  CHECK(format(100010) == "十万零一十");
  CHECK(format(101000) == "十万一千");
  CHECK(format(120000) == "十二万");
  CHECK(format(20000005) == "二千万零五");
  CHECK(format(99999999) == "九千九百九十九万九千九百九十九");
  CHECK(format(100000000) == "一亿");
  CHECK(format(100000001) == "一亿零一");
  CHECK(format(100010000) == "一亿零一万");
  CHECK(format(0) == "〇");
  CHECK(format(-3) == "-3");
  CHECK(format(1000000000000) == "1000000000000");
  CHECK(format(11, cn_numeral::Style::legal) == "壹拾壹");
  CHECK(format(105, cn_numeral::Style::legal) == "壹佰零伍");
  CHECK(format(23, cn_numeral::Style::legal_traditional) == "貳拾參");
  CHECK(format(20000, cn_numeral::Style::legal_traditional) == "貳萬");

  // 1..200 (a briefing with 120 groups numbers them 一百、…一百二十、) and samples beyond.
  for (std::int64_t n = 1; n <= 200; ++n) {
    INFO(n);
    CHECK(cn_numeral::parse(to_u32(format(n))) == n);
  }
  for (std::int64_t n = 201; n < 999999999999; n = n * 3 + 7) {
    INFO(n);
    CHECK(cn_numeral::parse(to_u32(format(n))) == n);
  }
  for (std::int64_t n : std::initializer_list<std::int64_t>{9999, 10000, 10001, 10010, 10100, 11000, 100001, 99999999,
                                                            100000000, 100000001, 999999999999})
    CHECK(cn_numeral::parse(to_u32(format(n))) == n);
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
  for (const char* name : {"sections", "split", "themes", "topics", "agencies"})
    word_lists(load_json_file(data_dir("lexicons") / (std::string(name) + ".json")), lists);
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

TEST_CASE("the word automaton finds every occurrence of every word in one pass, as a search per word would",
          "[common][automaton]") {
  std::vector<std::string> words = {"安全生产", "生产", "安全", "资金", "资金缺口", "", "产", "生产"};
  WordAutomaton a(words);
  std::string text = "安全生产资金缺口较大，生产安全";
  // The reference: each word searched on its own, overlapping occurrences included.
  std::vector<std::pair<std::size_t, std::size_t>> expected, got;
  for (std::size_t w = 0; w < words.size(); ++w)
    for (std::size_t at = words[w].empty() ? std::string::npos : text.find(words[w]); at != std::string::npos;
         at = text.find(words[w], at + 1))
      expected.emplace_back(at, w);
  for (const WordAutomaton::Match& m : a.find_all(text)) got.emplace_back(m.begin, m.word);
  std::sort(expected.begin(), expected.end());
  std::sort(got.begin(), got.end());
  CHECK(got == expected);
  CHECK(got.size() == 11);  // 安全×2, 安全生产, 生产×2 (listed twice: ×4), 产×2, 资金, 资金缺口
  // A failure link across a shared prefix: "abd" must still be found after "abc" fails.
  WordAutomaton b({"abc", "bd", "d"});
  auto m = b.find_all("abd");
  REQUIRE(m.size() == 2);
  CHECK(m[0].begin == 1);
  CHECK(m[0].word == 1);
  CHECK(m[1].begin == 2);
  CHECK(m[1].word == 2);
  CHECK(WordAutomaton().find_all("任何文字").empty());
}

// The VmFlags of the mapping that holds `address`, from /proc/self/smaps ("" if none).
static std::string vm_flags_at(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto a = reinterpret_cast<std::uintptr_t>(address);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    std::uintptr_t begin = 0, end = 0;
    if (std::sscanf(line.c_str(), "%" SCNxPTR "-%" SCNxPTR " ", &begin, &end) == 2 && line.find(':') > 8)
      inside = begin <= a && a < end;
    else if (inside && line.starts_with("VmFlags:"))
      return line.substr(8);
  }
  return "";
}

TEST_CASE("a worker thread's heap is marked for huge pages, as the main thread's is", "[common][heap]") {
#ifdef __SANITIZE_ADDRESS__
  WARN("AddressSanitizer's allocator, not glibc's: nothing to check");
  return;
#endif
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
    WARN("no transparent huge pages on this system: nothing to check");
    return;
  }
  // A thread's first allocations come from an arena of its own (glibc): its reservation is
  // marked (VmFlags "hg"), and the first 2 MiB, where the arena's header already has 4 KiB
  // pages, is mapped in one go.
  std::string flags_before, flags_after;
  std::thread worker([&] {
    auto* block = new char[4096]{};
    flags_before = vm_flags_at(block);
    use_huge_pages_for_thread_heap();
    flags_after = vm_flags_at(block);
    delete[] block;
  });
  worker.join();
  INFO("VmFlags before: " << flags_before << "; after: " << flags_after);
  CHECK(flags_before.find(" hg") == std::string::npos);
  CHECK(flags_after.find(" hg") != std::string::npos);
  // Calling it again (a thread given a reused arena) changes nothing and fails nothing.
  std::thread again([] { use_huge_pages_for_thread_heap(); });
  again.join();
}

TEST_CASE("work shared among threads runs every index once, and fails as a loop in order would", "[common][threads]") {
  std::vector<std::atomic<int>> runs(500);
  run_indexed(runs.size(), 4, [&](std::size_t i) { ++runs[i]; });
  CHECK(std::all_of(runs.begin(), runs.end(), [](const std::atomic<int>& n) { return n.load() == 1; }));
  // Two indices fail: the error is the lower one's, whichever thread met it, and every
  // index before it ran.
  for (auto& n : runs) n = 0;
  try {
    run_indexed(runs.size(), 4, [&](std::size_t i) {
      ++runs[i];
      if (i == 137 || i == 60) throw std::runtime_error("index " + std::to_string(i));
    });
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "index 60");
  }
  CHECK(std::all_of(runs.begin(), runs.begin() + 61, [](const std::atomic<int>& n) { return n.load() == 1; }));
  // No work: nothing runs, nothing fails.
  run_indexed(0, 4, [](std::size_t) { FAIL("ran"); });
}
