#include "metrics/metrics.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/cn_numeral.h"
#include "common/error.h"
#include "common/text.h"
#include "metrics/parts.h"

using huizong::find_metrics;
using huizong::Metric;
using huizong::UnitLexicon;

namespace {

const UnitLexicon& lexicon() {
  static const UnitLexicon lex = UnitLexicon::load();
  return lex;
}

std::vector<Metric> metrics(std::string_view text) { return find_metrics(text, 7, lexicon()); }

// The label of the figure written `text` in line s, or "(no figure)" when s holds none.
std::string label_of(std::string_view s, std::string_view text) {
  for (const auto& m : metrics(s))
    if (m.text == text) return m.label;
  return "(no figure)";
}

std::vector<std::string> texts(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& m : metrics(text)) out.push_back(m.text);
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("unit lexicon: longest first, full-width folded, no duplicates", "[metrics]") {
  const auto& units = lexicon().units;
  REQUIRE(units.size() > 50);
  for (std::size_t i = 1; i < units.size(); ++i)
    CHECK(huizong::length_cp(units[i - 1]) >= huizong::length_cp(units[i]));
  auto has = [&](const std::string& u) { return std::find(units.begin(), units.end(), u) != units.end(); };
  CHECK(has("%"));
  CHECK_FALSE(has("％"));  // folded into "%"
  for (const char* u : {"亿元", "万元", "元", "个", "家次", "人次", "万亩", "元/吨", "大类", "个百分点"}) CHECK(has(u));
  for (const char* u : {"年", "月", "日"}) CHECK_FALSE(has(u));
  for (std::size_t i = 0; i < units.size(); ++i)
    for (std::size_t j = i + 1; j < units.size(); ++j) CHECK(units[i] != units[j]);
}

TEST_CASE("metrics: count with a unit, dates are not metrics", "[metrics]") {
  auto ms = metrics("2023年1－5月，共签订招商引资协议项目47个");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].text == "47个");
  CHECK(ms[0].value == 47);
  CHECK(ms[0].unit == "个");
  CHECK(ms[0].label == "签订招商引资协议项目");  // leading 共 dropped
  CHECK_FALSE(ms[0].redacted);
  CHECK(ms[0].line == 7);

  ms = metrics("2023年1－5月，共签订招商引资协议项目47个，协议总投资396.08亿元，");
  REQUIRE(ms.size() == 2);
  CHECK(ms[1].text == "396.08亿元");
  CHECK(ms[1].value == Approx(396.08));
  CHECK(ms[1].unit == "亿元");
  CHECK(ms[1].label == "协议总投资");
}

TEST_CASE("metrics: money and percentages", "[metrics]") {
  auto ms = metrics("2.建筑业稳健发展。一季度建筑业总产值26.52亿元，同比增长18.4％，省");
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].text == "26.52亿元");
  CHECK(ms[0].value == Approx(26.52));
  CHECK(ms[0].unit == "亿元");
  CHECK(ms[0].label == "一季度建筑业总产值");
  CHECK(ms[1].text == "18.4％");  // as written
  CHECK(ms[1].unit == "%");       // as in the lexicon (folded)
  CHECK(ms[1].value == Approx(18.4));
  // A change with no subject (同比增长 of what?) keeps no label: it is not shown on its own.
  CHECK(ms[1].label.empty());

  ms = metrics("同比增长12.3%");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].text == "12.3%");
  CHECK(ms[0].value == Approx(12.3));
  CHECK(ms[0].unit == "%");
  CHECK(ms[0].label.empty());

  ms = metrics("优良天数比例为84.8％，同比上升17.7个百分点。");
  REQUIRE(ms.size() == 2);
  CHECK(ms[1].text == "17.7个百分点");
  CHECK(ms[1].unit == "个百分点");
  CHECK(ms[1].label.empty());  // a change with no subject, as 同比增长 above

  ms = metrics("节支率14.49％，同比分别增长－17.24％、－10.22％、－8.39％");
  REQUIRE(ms.size() == 4);
  CHECK(ms[1].text == "－17.24％");
  CHECK(ms[1].value == Approx(-17.24));
  CHECK(ms[1].label.empty());
  CHECK(ms[2].value == Approx(-10.22));
  CHECK(ms[3].value == Approx(-8.39));

  ms = metrics("我县PM2.5累计浓度为36.2微克／立方米，同比下降");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].text == "36.2微克／立方米");
  CHECK(ms[0].unit == "微克/立方米");
  CHECK(ms[0].value == Approx(36.2));

  ms = metrics("完成投资1,234.5万元");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].text == "1,234.5万元");
  CHECK(ms[0].value == Approx(1234.5));
  CHECK(ms[0].label == "投资");  // 完成 dropped
}

TEST_CASE("metrics: 余/多 and 万/亿 before the unit", "[metrics]") {
  auto ms = metrics("寿光市三级河湖长累计巡河1.9万余人次，投入62万余元，培训300余人，发放30多份，动员5万名群众");
  REQUIRE(ms.size() == 5);
  CHECK(ms[0].text == "1.9万余人次");
  CHECK(ms[0].unit == "万人次");
  CHECK(ms[0].value == Approx(1.9));
  CHECK(ms[0].label == "寿光市三级河湖长累计巡河");
  CHECK(ms[1].text == "62万余元");
  CHECK(ms[1].unit == "万元");
  CHECK(ms[1].value == 62);
  CHECK(ms[2].text == "300余人");
  CHECK(ms[2].unit == "人");
  CHECK(ms[2].value == 300);
  CHECK(ms[3].text == "30多份");
  CHECK(ms[3].value == 30);
  CHECK(ms[4].text == "5万名");  // 万名 is not a unit: the value is scaled
  CHECK(ms[4].unit == "名");
  CHECK(ms[4].value == 50000);

  ms = metrics("河道治理等水利资金xxxx余万元");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].text == "xxxx余万元");
  CHECK(ms[0].unit == "万元");
  CHECK(ms[0].redacted);
}

TEST_CASE("metrics: full-width digits", "[metrics]") {
  auto ms = metrics("新增造林１２３万亩，完成率１２．５％");
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].text == "１２３万亩");
  CHECK(ms[0].value == 123);
  CHECK(ms[0].unit == "万亩");
  CHECK(ms[0].label == "新增造林");
  CHECK(ms[1].text == "１２．５％");
  CHECK(ms[1].value == Approx(12.5));
  CHECK(ms[1].unit == "%");
}

TEST_CASE("metrics: Chinese numerals", "[metrics]") {
  auto ms = metrics("2023年审计项目计划共安排六大类36个项目。");
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].text == "六大类");
  CHECK(ms[0].value == 6);
  CHECK(ms[0].unit == "大类");
  CHECK(ms[0].label == "审计项目计划共安排");  // leading 2023年 dropped
  CHECK(ms[1].text == "36个");
  CHECK(ms[1].value == 36);

  struct Case {
    const char* text;
    const char* metric;
    double value;
    const char* unit;
  };
  for (const Case& c : {Case{"落实十二项措施", "十二项", 12, "项"}, Case{"组建三个专班", "三个", 3, "个"},
                        Case{"新建两座水库", "两座", 2, "座"}, Case{"培训两千人", "两千人", 2000, "人"},
                        Case{"建成一百零五个站点", "一百零五个", 105, "个"},
                        Case{"投入三万五千元", "三万五千元", 35000, "元"}, Case{"吸纳三万人", "三万人", 3, "万人"},
                        Case{"修路三千米", "三千米", 3, "千米"}, Case{"发放二十份", "二十份", 20, "份"}}) {
    INFO(c.text);
    ms = metrics(c.text);
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].text == c.metric);
    CHECK(ms[0].value == c.value);
    CHECK(ms[0].unit == c.unit);
  }
}

TEST_CASE("metrics: words, slogans and names are not metrics", "[metrics]") {
  for (const char* s : {
           "2023年6月13日",
           "截至xxxx年x月，今年面对x-x月不容乐观的整体经济形势",
           "预计x月底完成整改，x月xx日前上报",
           "一是开展岁末年初安全生产重大隐患专项整治和督导检查。",
           "以安全生产“三个狠抓”专项行动为主线",
           "坚定“四个自信”、做到“两个维护”",
           "进一步加强统一领导，形成一批成熟经验，一起推进，一次性告知",
           "深入学习贯彻二十大精神，做好五经普工作，谋划十四五规划",
           "第一批、第3批、第十三次代表大会",
           "1．扎实推进水利基础设施建设",
           "（1）加强组织领导",
           "xx县普通国省干线公路，XX镇2023年",
           "《xx县安全生产委员会2023年工作要点清单》",
           "2023.6.13召开会议",
           "鸿图一期项目、项目二期工程，XX村八组",
           "打通服务群众最后一公里",
           "组织开展一次案卷业务交流，努力打造一支高素质队伍，这是一个非常好的做法",
           "新增一家台资企业",  // 一 is "a" far more often than a count of one
           "浙江日报大年初一头版，区委十二届二次全会",
       }) {
    INFO(s);
    CHECK(texts(s).empty());
  }
  // A list number opening the line is not part of a decimal.
  CHECK(texts("1．3个重点村完成改造") == Strings{"3个"});
  CHECK(texts("　　2.15项任务") == Strings{"15项"});
  CHECK(texts("完成率12.5％") == Strings{"12.5％"});
  // Numbers in a document name do not count; the number after it does.
  CHECK(texts("印发《关于3个方案的通知》5份") == Strings{"5份"});
  // 7×24 is a product, not a redaction, and 24小时 (round the clock) is no figure; a
  // threshold (xx吨以上的车辆) is none either.
  CHECK(texts("落实7×24小时人工值守").empty());
  CHECK(texts("实行24小时值班，严厉打击总质量55吨以上的超限车辆").empty());
  CHECK(texts("值班260小时") == Strings{"260小时"});
}

TEST_CASE("metrics: a label names what the figure counts", "[metrics]") {
  // A list counted as a whole is labelled by the whole list ...
  CHECK(label_of("平台受理咨询、投诉、举报110余件", "110余件") == "平台受理咨询、投诉、举报");
  // ... by its last item when the list says so (等), and not at all when the list is long.
  CHECK(label_of("完成道路、桥梁、涵洞、边沟、护栏改造项目等6项", "6项") == "护栏改造项目等");
  CHECK(label_of("另有昭关镇东兴村、褒北村、桂塘村、袁北村、草庙村8宗", "8宗").empty());
  // Items with their own figures: the last item as usual.
  CHECK(label_of("防护手套300余付、口罩600只", "600只") == "口罩");
  // The figure belongs to the noun after a conjunction: not labelled by the words before.
  CHECK(label_of("评选10名办案能手及10份", "10份").empty());
  // A full date inside a label is dropped with what comes before it, unless the label goes on
  // relative to it.
  CHECK(label_of("我县于2023年6月7日提前完成整改任务55个", "55个") == "提前完成整改任务");
  CHECK(label_of("争取在6月30日前完成431户", "431户") == "争取在6月30日前完成");
  // The previous figure's own phrase is no label (来自13个省市自治区的31支队伍): the noun after is.
  CHECK(label_of("来自全国13个省市自治区的31支队伍", "31支") == "队伍");
  // A count of things names its noun after it when the words before do not.
  CHECK(label_of("挂牌督办1条重大事故隐患，完成整改", "1条") == "重大事故隐患");
  CHECK(label_of("领导干部包保1256家食品企业。", "1256家") == "食品企业");
  CHECK(label_of("另有草庙村8宗工业用地", "8宗") == "工业用地");
  CHECK(label_of("评选10名办案能手及10份优秀卷宗", "10份") == "优秀卷宗");
  // ... up to a verb that is a word of its own (对象 is no 对, 经营户 no 经).
  CHECK(label_of("已指导376家食品经营户进驻平台", "376家") == "食品经营户");
  CHECK(label_of("对8881名低保对象开展排查", "8881名") == "低保对象");
  CHECK(label_of("有5家企业纳入重点帮扶企业名单", "5家") == "企业");
  // A short noun between two counts is the first one's (13个乡镇124个村).
  CHECK(label_of("走访全县13个乡镇和6家企业", "13个") == "乡镇");
  // Events with no words before: the event after (成功举办2次品质楼盘展销会).
  CHECK(label_of("成功举办2次品质楼盘展销会，", "2次") == "品质楼盘展销会");
  CHECK(label_of("召开会议3次研究部署", "3次") == "召开会议");
  // Measures keep the words before (500吨茶油…), unless they end in 的.
  CHECK(label_of("年加工能力500吨茶油精深加工厂房", "500吨") == "年加工能力");
  CHECK(label_of("利用上级部门下拨的50万村级经济发展资金建设办公楼", "50万") == "村级经济发展资金");
  // Chinese numerals in quotation marks are names (“防溺水新十条”); digits there still count.
  CHECK(texts("落实“防溺水新十条”，建立“3个中心”，新建5个") == Strings{"3个", "5个"});
  CHECK(texts("五位一体帮扶机制") == Strings{});
  // Where the words after are not clearly the noun (的 inside), no label.
  CHECK(label_of("推进三个司法所的高标准建设", "三个").empty());
  // The whole unit: 5.7万枚, not 5.7万.
  auto ms = metrics("为新开办企业免费刻制公章5.7万枚");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].unit == "万枚");
  CHECK(ms[0].label == "为新开办企业免费刻制公章");
}

TEST_CASE("metrics: labels of lists, abbreviated items, aspects and policy names", "[metrics]") {
  // A verb after a list's 等 says what was counted; a noun there is what the items are examples of.
  CHECK(label_of("聚焦环卫工人、养老护理员、退役军人等开展惠民慈善项目10余个", "10余个") == "开展惠民慈善项目");
  CHECK(label_of("排查群众反映的路灯不亮、农村道路损坏等问题5件", "5件") == "农村道路损坏等问题");
  CHECK(label_of("走访了全镇伤残军人、老复员军人、烈属等共计67人", "67人") == "烈属等");
  CHECK(label_of("打造电商式、农旅融合式等共富工坊5家", "5家") == "打造电商式、农旅融合式等共富工坊");
  // 省、市级: a one-character item shares the word after it.
  CHECK(label_of("其中西农大选派2名、省、市级科研院所选派14人", "14人") == "省、市级科研院所选派");
  CHECK(label_of("出动执法人员20人次、车辆12辆次", "12辆次") == "车辆");
  CHECK(label_of("涉及在建水利工程3件、乡镇12个和砂场3个", "12个") == "乡镇");
  CHECK(label_of("涉及在建水利工程3件、乡镇12个和砂场3个", "3个") == "砂场");
  // A count of aspects (10个方面) and a count whose noun may run into a list: no label.
  CHECK(label_of("围绕审议程序、项目问需等10个方面简化优化民微操作程序", "10个").empty());
  CHECK(label_of("完善了五项工作机制和考勤打卡、车旅费报销等制度", "五项").empty());
  CHECK(label_of("组织全县30名执法单位领导和干部参加培训、考试", "30名").empty());
  CHECK(label_of("对辖区内7家学校，9家主要餐饮场所和市场进行5次专项检查", "5次") == "专项检查");
  // A policy name with a numeral (残疾人两项补贴) is no figure; the figure after it is labelled by it.
  CHECK(label_of("残疾人两项补贴115万元", "两项") == "(no figure)");
  CHECK(label_of("残疾人两项补贴115万元", "115万元") == "残疾人两项补贴");
  // 从…到…, and a trailing 仅: not part of what was measured.
  CHECK(label_of("从医保户籍人口参保率达99.5％到老年人优待证", "99.5％") == "医保户籍人口参保率");
  CHECK(label_of("全县从业人员达1200人", "1200人") == "全县从业人员");
  CHECK(label_of("我县地方财政科技支出仅为1.0016亿元", "1.0016亿元") == "我县地方财政科技支出");
  // Labels that say nothing: only empty words one after another, a list marker, a place alone.
  CHECK(label_of("目前我县共有55个“1＋1＋N”问题", "55个").empty());
  CHECK(label_of("受理争议案件136件，与去年同比降低62％", "62％").empty());
  CHECK(label_of("二是1000平方厂房", "1000平方").empty());
  CHECK(label_of("10个村集体经济收入均突破50万元，辣树村超200万元", "200万元").empty());
  CHECK(label_of("全镇共有行政村12个", "12个") == "全镇共有行政村");
  CHECK(label_of("相比去年上半年，同比增加了23篇", "23篇").empty());
  CHECK(label_of("每千人拥有市场主体和企业分别为103.1户、15.37户", "103.1户").empty());
  CHECK(label_of("集中养育孤儿救助标准提高到每人每月2017元", "2017元").empty());
  CHECK(label_of("可容纳50头奶牛，年产奶量可达100吨", "100吨") == "年产奶量");
  CHECK(label_of("在清江桥村打造1个1000亩双季稻示范区", "1个").empty());
  CHECK(label_of("其中行政许可46338条", "46338条") == "行政许可");
  // A filler that starts a word stays (对象库, 完成率); a deadline is no figure; a trailing 中 goes.
  CHECK(label_of("执法人员517人，对象库中检查对象达36685户", "36685户") == "对象库中检查对象");
  CHECK(label_of("全区任务13个，完成8个，完成率61.5％", "61.5％") == "完成率");
  CHECK(label_of("各部门须在1个工作日内反馈核实情况", "1个工作日") == "(no figure)");
  CHECK(label_of("审结的11件案件中，3件撤诉", "11件") == "案件");
  CHECK(label_of("6个实践站、一支10余人的志愿者队伍", "10余人").empty());
  CHECK(label_of("指导同兴环保、海立铸造、金农牧业等6家企业凝练科技项目6个", "6家").empty());
  CHECK(label_of("为17个重点帮扶村每村安排2家县直单位和1家企业定点帮扶", "2家") == "县直单位");
  // A count whose noun a list goes on from (with no figures of its own): maybe of the whole list.
  CHECK(label_of("组织开展了4次主题日、民主生活会、组织生活会和民主评议员活动，", "4次").empty());
  CHECK(label_of("包括6个AAA公众号、5个新浪微博", "6个") == "AAA公众号");
  CHECK(label_of("负氧离子常年保持在5000个每立方厘米以上", "5000个").empty());
  CHECK(label_of("审计，覆盖区级财政、58个一级预算部门", "58个") == "一级预算部门");
  CHECK(label_of("截至目前，脱贫人口前8个月人均纯收入8773.7元", "8个月") == "(no figure)");
  CHECK(label_of("加快推进衢州洞口35千伏输变电工程", "35千伏") == "(no figure)");
  CHECK(label_of("9月15日前资金拨付比例不低于50％，10月15日前不低于75％", "75％") == "10月15日前");
  // A count whose noun runs into the next count through a conjunction: the noun before it.
  CHECK(label_of("打造环城南路、人民中路等2条最清洁城市道路及南岩小学等10座最清洁公厕", "2条") == "最清洁城市道路");
  CHECK(label_of("打造环城南路、人民中路等2条最清洁城市道路及南岩小学等10座最清洁公厕", "10座") == "最清洁公厕");
  // A Chinese numeral before a policy's name: no figure.
  CHECK(label_of("严格执行安全生产十五条硬措施", "十五条") == "(no figure)");
}

TEST_CASE("metrics: redacted placeholders", "[metrics]") {
  auto ms = metrics("全县各单位共成立督导组xxx个，邀请专家xxx人次，检查企业xxxx家次，处罚金额xxx.xxx万元。");
  REQUIRE(ms.size() == 4);
  CHECK(ms[0].text == "xxx个");
  CHECK(ms[0].label == "全县各单位共成立督导组");
  CHECK(ms[2].text == "xxxx家次");
  CHECK(ms[2].unit == "家次");
  CHECK(ms[2].label == "检查企业");
  CHECK(ms[3].text == "xxx.xxx万元");
  CHECK(ms[3].unit == "万元");
  for (const auto& m : ms) {
    CHECK(m.redacted);
    CHECK_FALSE(m.value);
  }

  ms = metrics("利用本乡xx.x万亩的山场优势");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].text == "xx.x万亩");
  CHECK(ms[0].unit == "万亩");
  CHECK(ms[0].redacted);
  CHECK_FALSE(ms[0].value);

  CHECK(texts("已完成审计项目x项，建成1x个，XX项，＊＊处") == Strings{"x项", "1x个", "XX项", "＊＊处"});
  for (const auto& m : metrics("已完成审计项目x项，建成1x个，XX项，＊＊处")) {
    CHECK(m.redacted);
    CHECK_FALSE(m.value);
  }
}

TEST_CASE("metrics: ranges and labels", "[metrics]") {
  auto ms = metrics("重点支持3－5个重点村补齐产业");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].text == "3－5个");
  CHECK(ms[0].value == 5);
  CHECK(ms[0].label == "重点村");  // the count's noun, after it

  // The label stops at the previous metric.
  ms = metrics("检查企业5家发现隐患3处");
  REQUIRE(ms.size() == 2);
  CHECK(ms[1].label == "发现隐患");

  // At most 16 characters, the last ones, starting with a whole word.
  ms = metrics("这是一个非常非常非常非常非常长的没有任何标点的说明文字共有12项");
  REQUIRE(ms.size() == 1);
  CHECK(huizong::length_cp(ms[0].label) <= 16);
  CHECK(ms[0].label.ends_with("说明文字共有"));
  CHECK(metrics("在持续巩固前期工作基础上申报全市水利系统中期调整项目12个")[0].label.find("础上") == std::string::npos);
  CHECK(metrics("据统计2023第一季度社会消费品零售总额12亿元")[0].label == "第一季度社会消费品零售总额");
  CHECK_FALSE(metrics("为进一步加强市容管理依法取缔占道经营摊点共计120个")[0].label.starts_with("缔"));

  // Trailing fillers go, but not when the character belongs to the word.
  CHECK(metrics("造林面积达12万亩")[0].label == "造林面积");
  CHECK(metrics("为企业节约12万元")[0].label == "为企业节约");
  CHECK(metrics("二是加工厂房投资252万")[0].label == "加工厂房投资");
}

TEST_CASE("metrics: whole units, no places, no labels that say nothing", "[metrics]") {
  // 万字 is one unit, not 万 and a stray 字.
  auto ms = metrics("人均撰写学习体会1万字");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].unit == "万字");
  // A place named with a numeral is not a figure; a count of places is.
  CHECK(metrics("叶集区三元镇完成任务").empty());
  CHECK(metrics("全县五里村已经脱贫").empty());
  REQUIRE(metrics("覆盖三个镇").size() == 1);
  // A year or a filler alone is not a label: the figure keeps none.
  CHECK(metrics("2022年，1000万元")[0].label.empty());
  CHECK(metrics("其中，完成120万元")[0].label.empty());
  CHECK(metrics("新建道路12公里")[0].label == "新建道路");
}

TEST_CASE("metrics: every line of the samples", "[metrics][samples]") {
  namespace fs = std::filesystem;
  std::size_t files = 0, lines = 0, found = 0, redacted = 0;
  for (const auto& entry : fs::directory_iterator(HUIZONG_SAMPLES_DIR)) {
    if (entry.path().extension() != ".txt") continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      ++lines;
      for (const auto& m : find_metrics(line, number, lexicon())) {
        ++found;
        if (m.line != number || m.text.empty() || line.find(m.text) == std::string::npos ||
            line.find(m.label) == std::string::npos || m.unit.empty() || m.redacted == m.value.has_value()) {
          INFO(entry.path().filename().string() << ":" << number << " " << m.text << " label " << m.label);
          CHECK(m.line == number);
          CHECK_FALSE(m.text.empty());
          CHECK(line.find(m.text) != std::string::npos);
          CHECK(line.find(m.label) != std::string::npos);
          CHECK_FALSE(m.unit.empty());
          CHECK(m.redacted != m.value.has_value());
        }
        if (m.redacted) ++redacted;
        CHECK(huizong::length_cp(m.label) <= 16 + 8);  // label_max_chars + label_stretch_chars
      }
    }
  }
  REQUIRE(files > 0);
  CHECK(lines > 1000);
  CHECK(found > 1000);
  CHECK(redacted > 100);
}

TEST_CASE("metrics: odd input does not break the scanner", "[metrics]") {
  for (std::string_view s :
       {std::string_view(""), std::string_view("x"), std::string_view("1"), std::string_view("１"),
        std::string_view("12."), std::string_view("１２．"), std::string_view("1,2"), std::string_view("－"),
        std::string_view("一"), std::string_view("《12个"), std::string_view("\xe4\xb8"),  // truncated UTF-8
        std::string_view("12\xff个"), std::string_view("999999999999999999999999个")}) {
    INFO(s);
    for (const auto& m : metrics(s)) {
      CHECK(s.find(m.text) != std::string_view::npos);
      CHECK(m.redacted != m.value.has_value());
    }
  }
  CHECK(texts("《12个") == Strings{"12个"});  // an unclosed 《 is not a document name
}

TEST_CASE("unit lexicon: two lexicon directories in one process keep their own rules", "[metrics]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "huizong_metrics_test_lexicon";
  fs::create_directories(dir);
  {
    std::ofstream out(dir / "units.json", std::ios::binary);
    out << R"({"units": ["个", "项", "万元"],
               "chinese_numeral_min_value": 1,
               "chinese_numeral_stop": ["三项"],
               "label_leading_fillers": ["新建"]})";
  }
  const UnitLexicon other = UnitLexicon::load(dir.string());
  fs::remove_all(dir);
  REQUIRE(other.units == Strings{"万元", "个", "项"});

  // The other directory: 一个 counts, 三项 is stopped, 新建 is a filler, 人 is no unit.
  auto in_other = [&](std::string_view text) { return find_metrics(text, 1, other); };
  REQUIRE(in_other("建成一个").size() == 1);
  CHECK(in_other("完成三项").empty());
  CHECK(in_other("新建道路桥梁3个")[0].label == "道路桥梁");
  CHECK(in_other("5人").empty());

  // The default lexicon, loaded before and used after, is untouched.
  CHECK(metrics("建成一个").empty());
  CHECK(texts("完成三项") == Strings{"三项"});
  CHECK(metrics("新建道路桥梁3个")[0].label == "新建道路桥梁");
  CHECK(texts("5人") == Strings{"5人"});
  // A fresh load of the default directory does not change the other one either.
  const UnitLexicon again = UnitLexicon::load();
  CHECK(find_metrics("建成一个", 1, again).empty());
  CHECK(in_other("建成一个").size() == 1);

  // Copies share the rules.
  UnitLexicon copy = other;
  CHECK(copy.rules == other.rules);
  CHECK(find_metrics("建成一个", 1, copy).size() == 1);
}

TEST_CASE("unit lexicon: default-constructed and hand-filled lexicons", "[metrics]") {
  const UnitLexicon empty;
  CHECK(empty.units.empty());
  CHECK(find_metrics("共12个项目，增长3.5%", 1, empty).empty());

  // Units filled by hand, without load(): matched all the same, with default settings.
  UnitLexicon hand;
  hand.units = {"万元", "个", "％", "km"};
  auto ms = find_metrics("共12个项目，投资3万元，增长3.5%，修路5km，5kmh", 1, hand);
  REQUIRE(ms.size() == 4);
  CHECK(ms[0].text == "12个");
  CHECK(ms[1].unit == "万元");
  CHECK(ms[2].unit == "％");  // as listed: a hand-filled list is not folded
  CHECK(ms[2].text == "3.5%");
  CHECK(ms[3].text == "5km");
  CHECK(find_metrics("一个", 1, hand).empty());  // chinese_numeral_min_value defaults to 2
  CHECK(find_metrics("两个", 1, hand).size() == 1);
}

TEST_CASE("metrics: the longest unit wins whatever the list order", "[metrics]") {
  // 人次 before 人, 万人次 before 万人 before 万 (a scale), 个百分点 before 个.
  CHECK(metrics("接待游客12万人次")[0].unit == "万人次");
  CHECK(metrics("提高2.5个百分点")[0].unit == "个百分点");
  CHECK(metrics("服务300人次")[0].unit == "人次");
  auto ms = metrics("新增就业5万名");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].unit == "名");
  CHECK(ms[0].value == 50000);
  CHECK(metrics("投资1.5万余元")[0].unit == "万元");
}

namespace {

// A units.json of its own in the scratch directory (TMPDIR), loaded.
UnitLexicon lexicon_of(const std::string& name, const std::string& json) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "metrics-lexicons" / name;
  fs::create_directories(dir);
  std::ofstream(dir / "units.json", std::ios::binary) << json;
  return UnitLexicon::load(dir.string());
}

Strings texts_in(const UnitLexicon& lex, std::string_view text) {
  Strings out;
  for (const auto& m : find_metrics(text, 1, lex)) out.push_back(m.text);
  return out;
}

}  // namespace

TEST_CASE("unit lexicon: the marks and words around a number are data", "[metrics][lexicon]") {
  // The bundled lexicon: 第3个 is an ordinal, 300余人 and 5万名 carry a modifier and a scale, 3至5个
  // is a range, 《…》 holds no metric, a label stops at ，, 2023年 and 一是 leave the label.
  CHECK(texts("第3个").empty());
  CHECK(texts("300余人") == Strings{"300余人"});
  CHECK(metrics("招聘5万名")[0].value == 50000);
  CHECK(texts("3至5个") == Strings{"3至5个"});
  CHECK(texts("《3个文件》") == Strings{});
  CHECK(metrics("2023年一是新建道路3个")[0].label == "新建道路");

  // A lexicon without them: every one of those is plain "<number><unit>" or nothing.
  UnitLexicon bare = lexicon_of("bare", R"({"units": ["个", "人", "名"]})");
  CHECK(texts_in(bare, "第3个") == Strings{"3个"});
  CHECK(texts_in(bare, "300余人").empty());
  CHECK(find_metrics("招聘5万名", 1, bare).empty());
  CHECK(texts_in(bare, "3至5个") == Strings{"5个"});
  CHECK(texts_in(bare, "《3个文件》") == Strings{"3个"});
  CHECK(find_metrics("2023年一是新建道路3个", 1, bare)[0].label == "2023年一是新建道路");

  // Marks of another kind: 〈…〉 as document names, 号 as an ordinal prefix, ～ (folded ~) as
  // a range, a label of at most 4 characters.
  UnitLexicon other = lexicon_of("other", R"({"units": ["个"], "ordinal_prefixes": ["号"],
      "range_marks": ["～"], "document_name_open": "〈", "document_name_close": "〉",
      "label_max_chars": 4, "label_stretch_chars": 0})");
  CHECK(texts_in(other, "号3个") == Strings{});
  CHECK(texts_in(other, "3~5个") == Strings{"3~5个"});
  CHECK(texts_in(other, "〈3个文件〉") == Strings{});
  CHECK(find_metrics("新建道路桥梁3个", 1, other)[0].label == "道路桥梁");
}

TEST_CASE("unit lexicon: an unknown key names file and line", "[metrics][lexicon]") {
  try {
    lexicon_of("typo", "{\"units\": [\"个\"],\n \"unit_modifier\": [\"余\"]}");
    FAIL("no error for an unknown key");
  } catch (const huizong::Error& e) {
    CHECK(e.line() == 2);
    CHECK(e.problem().find("unit_modifier") != std::string::npos);
  }
}

TEST_CASE("unit lexicon: quotation marks that are not a pair name the key and line", "[metrics][lexicon]") {
  try {
    lexicon_of("quotes", "{\"units\": [\"个\"],\n \"chinese_numeral_not_in\": [\"“\"]}");
    FAIL("no error for a quotation mark without its closing one");
  } catch (const huizong::Error& e) {
    CHECK(e.line() == 2);
    CHECK(e.problem().find("chinese_numeral_not_in") != std::string::npos);
  }
}

TEST_CASE("the scan of a line steps over no code point it would stop at (MetricRules::scan_stops)", "[metrics]") {
  using huizong::MetricRules, huizong::is_numberish;
  namespace cn_numeral = huizong::cn_numeral;
  const MetricRules& rules = *lexicon().rules;
  std::size_t stops = 0;
  for (char32_t c = 0; c < 0x110000; ++c) {
    bool matters = is_numberish(c) || c == U'\u00D7' || cn_numeral::is_numeral_char(c) ||
                   rules.quote_open.find(c) != std::u32string::npos ||
                   rules.quote_close.find(c) != std::u32string::npos || (c != 0 && c == rules.document_open);
    if (!matters) continue;
    INFO(static_cast<std::uint32_t>(c));
    REQUIRE(rules.may_stop_scan(c));
    ++stops;
  }
  CHECK(stops > 30);  // digits, placeholders, numerals, quotation marks
  // And it is a filter: most Chinese text is passed over.
  std::size_t passed = 0;
  for (char32_t c = 0x4E00; c < 0x9FA6; ++c) passed += !rules.may_stop_scan(c);
  CHECK(passed > 19000);
}
