#include "service/demo/people_generator.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "core/id_card.h"

namespace wangge::demo {
namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// Splits a space-separated list held in a string literal; the views point
// into the literal, so the tables below stay readable and cost no copies.
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// A choice among items with integer weights, by binary search on the
// cumulative sums.
template <class T>
class WeightedTable {
 public:
  void Add(T item, uint32_t weight) {
    total_ += weight;
    items_.push_back(std::move(item));
    cumulative_.push_back(total_);
  }
  const T& Draw(Rng& rng) const {
    const uint64_t x = static_cast<uint64_t>(rng.Between(0, total_ - 1));
    const size_t i =
        std::upper_bound(cumulative_.begin(), cumulative_.end(), x) -
        cumulative_.begin();
    return items_[i];
  }

 private:
  std::vector<T> items_;
  std::vector<uint64_t> cumulative_;
  uint64_t total_ = 0;
};

// Share per 100,000 people of the commonest surnames (2020 census order and
// rough magnitude); the long tail gets a small flat weight.
constexpr std::string_view kSurnameWeights =
    "王:7100 李:7000 张:6800 刘:5400 陈:4600 杨:3100 黄:2200 赵:2000 吴:2000 "
    "周:1900 徐:1500 孙:1500 马:1300 朱:1300 胡:1300 郭:1200 何:1200 高:1100 "
    "林:1100 罗:1100 郑:1000 梁:900 谢:800 宋:800 唐:800 许:700 韩:700 冯:700 "
    "邓:700 曹:700 彭:600 曾:600 肖:600 田:600 董:500 袁:500 潘:500 于:500 "
    "蒋:500 蔡:500 余:500 杜:500 叶:400 程:400 苏:400 魏:400 吕:400 丁:400 "
    "任:400 沈:400 姚:400 卢:400 姜:400 崔:300 钟:300 谭:300 陆:300 汪:300 "
    "范:300 金:300 石:300 廖:300 贾:300 夏:300 韦:300 付:300 方:300 白:200 "
    "邹:200 孟:200 熊:200 秦:200 邱:200 江:200 尹:200 薛:200 闫:200 段:200 "
    "雷:200 侯:200 龙:200 史:200 陶:200 黎:200 贺:200 顾:200 毛:200 郝:200 "
    "龚:200 邵:200 万:200 钱:200 严:200 覃:200 武:200 戴:200 莫:120 孔:120 "
    "向:120 汤:120 常:120 温:120 康:120 施:120 文:120 牛:120 樊:120 葛:120 "
    "邢:120 安:120 齐:120 易:120 乔:120 伍:120 庞:120 颜:120 倪:120 庄:120 "
    "聂:120 章:120 鲁:120 岳:120 翟:120 殷:120 詹:120 申:120 耿:120 关:120 "
    "兰:100 焦:100 俞:100 左:100 柳:100 甘:100 祝:100 包:100 宁:100 尚:100 "
    "符:100 舒:100 阮:100 柯:100 纪:100 梅:100 童:100 凌:100 毕:100 单:100 "
    "季:100 裴:100 霍:100 涂:100 成:100 苗:100 谷:100 盛:100 曲:100 翁:100 "
    "冉:100 骆:100 蓝:100 路:100 游:100 辛:100 靳:100 管:100 柴:100 鲍:100 "
    "华:100 喻:100 祁:100 蒲:100 房:100 滕:100 屈:100 饶:100 解:100 艾:100 "
    "尤:100 时:100 穆:100 司:100 卓:100 古:100 吉:100 缪:100 简:100 车:100 "
    "项:100 连:100 褚:100 娄:100 窦:100 戚:100 岑:100 景:100 党:100 宫:100 "
    "费:100 卜:100 冷:100 晏:100 席:100 卫:100 米:100 柏:100 宗:100 瞿:100 "
    "桂:100 全:100 应:100 臧:100 闵:100 苟:100 邬:100 边:100 卞:100 姬:100 "
    "师:100 仇:100 栾:100 商:100 刁:100 沙:100 荣:100 巫:100 寇:100 桑:100 "
    "郎:100 甄:100 丛:100 仲:100 虞:100 敖:100 巩:100 佘:100 池:100 查:100 "
    "欧阳:40 诸葛:10 司马:10 上官:10";

// Given names by gender and birth period: whole names common at the time,
// single-character names, and first/second characters that combine into
// names of the period. Periods: up to 1959, 1960-74, 1975-89, 1990-2004,
// 2005 on.
struct NameSource {
  std::string_view full;
  std::string_view single;
  std::string_view first;
  std::string_view second;
  double single_share;
};

constexpr NameSource kMaleNames[] = {
    {"建国 国华 德明 福生 永福 长富 金宝 根宝 荣生 德胜 玉林 振华 保国 家富 "
     "正明 有才 树林 春生 水生 宝山 仁义 志高 金山 桂林 学文 洪福 来福 长林 "
     "国庆 德才",
     "华 明 林 福 荣 生 海 忠 清 祥",
     "德 福 永 金 长 国 荣 玉 宝 家 春 树 志 洪 正",
     "明 生 林 福 华 山 才 富 贵 荣 根 发 昌 海 宝 成", 0.08},
    {"卫东 红兵 建平 建新 国平 志刚 卫国 建林 立新 永刚 春林 小平 学军 爱国 "
     "向东 光明 新华 国华 建忠 建华 志强 国强 建军 文斌 海林 跃进 胜利 利民 "
     "红军 兴华",
     "伟 勇 军 斌 东 峰 平 强 刚 健 兵 林 辉",
     "建 国 志 卫 立 永 春 小 学 新 文 海 红 跃 明",
     "平 军 华 强 刚 东 林 明 忠 新 民 生 兵 祥 良", 0.25},
    {"志伟 俊杰 建伟 晓明 海波 鹏飞 晓峰 明辉 海涛 文杰 志勇 建军 小龙 永强 "
     "国栋 振宇 晓东 红亮 亚军 晨光 剑锋 云飞",
     "伟 磊 杰 涛 超 鹏 浩 强 俊 斌 军 勇 亮 刚",
     "志 俊 建 晓 海 鹏 明 文 永 国 振 亚 小 金 家",
     "伟 杰 明 波 峰 辉 涛 勇 强 军 龙 栋 宇 东 亮 斌", 0.30},
    {"家豪 宇航 子豪 俊杰 浩然 天宇 志豪 文博 鹏程 梓豪 嘉伟 锦涛 晨阳 一鸣 "
     "思远 明轩 子健 俊豪 宇飞 佳豪",
     "浩 鑫 杰 磊 宇 晨 睿 凯 帅 阳 昊 龙",
     "子 浩 宇 俊 家 天 嘉 晨 鹏 志 文 思 明 梓 博",
     "豪 然 航 杰 宇 博 伟 涛 阳 轩 远 鸣 辉 健 程", 0.20},
    {"浩然 宇轩 梓轩 子轩 浩宇 一鸣 俊熙 梓豪 沐宸 奕辰 子墨 皓轩 铭泽 博文 "
     "逸凡 睿泽 宇泽 梓睿 煜祺 一诺 子涵 锦程",
     "睿 轩 宸 泽 瑞 辰 昊 哲 航 铭",
     "梓 子 宇 浩 皓 俊 奕 沐 铭 逸 睿 博 一 思 承",
     "轩 宸 泽 辰 睿 豪 熙 墨 航 然 博 凡 诚 哲 宇", 0.10},
};

constexpr NameSource kFemaleNames[] = {
    {"秀英 桂兰 玉兰 秀兰 凤英 桂英 玉珍 秀珍 兰英 月英 素珍 菊英 翠英 金凤 "
     "美英 凤兰 桂芳 玉梅 秀梅 秀华 淑珍 玉芳 桂珍 桂香 凤珍 巧云 招娣 小妹 "
     "金花 腊梅",
     "英 兰 珍 芳 梅 凤 菊 娥", "秀 桂 玉 凤 金 翠 素 月 美 淑 兰 菊 巧",
     "英 兰 珍 芳 梅 凤 华 香 琴 娥 云 芝 花", 0.08},
    {"红梅 丽华 秀云 春梅 小红 丽萍 美华 海燕 建红 玉华 红霞 丽娟 卫红 爱华 "
     "晓红 桂香 玉芬 秀琴 美玲 红英 春兰 雪梅 小英 凤琴 爱萍 红芳 菊芳",
     "艳 萍 红 霞 燕 敏 丽 芳 琴 华 玲",
     "红 丽 秀 春 小 美 海 玉 爱 卫 晓 雪 菊",
     "梅 华 云 萍 红 霞 娟 燕 英 芳 琴 兰 玲", 0.25},
    {"婷婷 雪梅 晓燕 丽娟 倩倩 丹丹 美玲 晓丽 海燕 春燕 秀娟 红艳 晓霞 莉莉 "
     "玲玲 小燕 娟娟 晶晶 静静 亚楠",
     "静 丽 婷 娟 敏 燕 倩 洁 雪 琳 霞 丹 艳 芳",
     "晓 丽 春 海 美 雪 秀 红 玉 小 静 慧 文 佳",
     "燕 丽 娟 玲 霞 艳 梅 芳 敏 静 婷 红 琳 洁", 0.30},
    {"欣怡 佳怡 雨婷 思琪 梦婷 晓雪 慧敏 文静 佳琪 诗琪 雪婷 雨欣 梦瑶 子怡 "
     "佳慧 婉婷 心怡 嘉欣 雅琪 静怡",
     "婷 雪 琪 悦 璐 怡 妍 颖 蕾 洁 倩 瑶",
     "欣 佳 雨 思 梦 晓 慧 文 诗 雪 子 婉 心 嘉 静",
     "怡 婷 琪 雪 敏 静 欣 瑶 慧 妍 颖 涵 蕾 悦 茹", 0.20},
    {"子涵 欣怡 梓涵 诗涵 雨涵 可馨 一诺 梓萱 语桐 若汐 思彤 佳琪 欣妍 雨欣 "
     "梦瑶 紫涵 芷若 可欣 思雨 雨桐",
     "萱 涵 彤 琪 悦 诺 瑶 欣 妍 琳",
     "梓 子 诗 雨 可 一 语 若 思 欣 芷 紫 佳 梦 安",
     "涵 萱 桐 汐 彤 琪 妍 欣 瑶 若 诺 馨 雨 然 怡", 0.10},
};

struct NamePool {
  std::vector<std::string_view> full, single, first, second;
  double single_share = 0;
};

struct Tables {
  WeightedTable<std::string_view> surnames;
  NamePool male[5];
  NamePool female[5];
  WeightedTable<const Region*> local;
  WeightedTable<const Region*> migrant;
  std::vector<std::string_view> phone_prefixes;
};

// Place of birth weights follow who lives in a Jiangning village: mostly
// Jiangning itself, some married in from Jurong and neighbours.
constexpr Region kLocalRegions[] = {
    {"320115", "江苏省", "江苏", "南京市", "江宁区"},
    {"321183", "江苏省", "江苏", "镇江市", "句容市"},
    {"320113", "江苏省", "江苏", "南京市", "栖霞区"},
    {"321181", "江苏省", "江苏", "镇江市", "丹阳市"},
    {"320124", "江苏省", "江苏", "南京市", "溧水县"},
};
constexpr uint32_t kLocalWeights[] = {84, 9, 3, 2, 2};

constexpr Region kMigrantRegions[] = {
    {"341221", "安徽省", "安徽", "阜阳市", "临泉县"},
    {"341222", "安徽省", "安徽", "阜阳市", "太和县"},
    {"341125", "安徽省", "安徽", "滁州市", "定远县"},
    {"341122", "安徽省", "安徽", "滁州市", "来安县"},
    {"341126", "安徽省", "安徽", "滁州市", "凤阳县"},
    {"340123", "安徽省", "安徽", "合肥市", "肥西县"},
    {"341323", "安徽省", "安徽", "宿州市", "灵璧县"},
    {"341621", "安徽省", "安徽", "亳州市", "涡阳县"},
    {"340822", "安徽省", "安徽", "安庆市", "怀宁县"},
    {"320722", "江苏省", "江苏", "连云港市", "东海县"},
    {"321323", "江苏省", "江苏", "宿迁市", "泗阳县"},
    {"320826", "江苏省", "江苏", "淮安市", "涟水县"},
    {"320923", "江苏省", "江苏", "盐城市", "阜宁县"},
    {"411521", "河南省", "河南", "信阳市", "罗山县"},
    {"411627", "河南省", "河南", "周口市", "太康县"},
    {"411421", "河南省", "河南", "商丘市", "民权县"},
    {"411328", "河南省", "河南", "南阳市", "唐河县"},
    {"510921", "四川省", "四川", "遂宁市", "蓬溪县"},
    {"511621", "四川省", "四川", "广安市", "岳池县"},
    {"511321", "四川省", "四川", "南充市", "南部县"},
    {"510623", "四川省", "四川", "德阳市", "中江县"},
    {"360721", "江西省", "江西", "赣州市", "赣县"},
    {"360722", "江西省", "江西", "赣州市", "信丰县"},
    {"360124", "江西省", "江西", "南昌市", "进贤县"},
    {"360428", "江西省", "江西", "九江市", "都昌县"},
    {"371321", "山东省", "山东", "临沂市", "沂南县"},
    {"371721", "山东省", "山东", "菏泽市", "曹县"},
    {"370826", "山东省", "山东", "济宁市", "微山县"},
    {"430521", "湖南省", "湖南", "邵阳市", "邵东县"},
    {"431022", "湖南省", "湖南", "郴州市", "宜章县"},
    {"430624", "湖南省", "湖南", "岳阳市", "湘阴县"},
    {"431321", "湖南省", "湖南", "娄底市", "双峰县"},
    {"520103", "贵州省", "贵州", "贵阳市", "云岩区"},
    {"522422", "贵州省", "贵州", "毕节市", "大方县"},
    {"522226", "贵州省", "贵州", "铜仁市", "印江县"},
};
// Anhui sends the most migrants to Nanjing, then northern Jiangsu and Henan.
constexpr uint32_t kMigrantWeights[] = {6, 5, 5, 4, 4, 4, 4, 4, 3,  //
                                        4, 3, 4, 3,                 //
                                        4, 4, 3, 3,                 //
                                        3, 3, 2, 2,                 //
                                        2, 2, 2, 2,                 //
                                        2, 2, 2,                    //
                                        2, 2, 1, 1,                 //
                                        2, 2, 2};
static_assert(std::size(kLocalWeights) == std::size(kLocalRegions));
static_assert(std::size(kMigrantWeights) == std::size(kMigrantRegions));

NamePool MakePool(const NameSource& source) {
  return {Words(source.full), Words(source.single), Words(source.first),
          Words(source.second), source.single_share};
}

const Tables& GetTables() {
  static const Tables* const tables = [] {
    auto* t = new Tables;
    for (std::string_view entry : Words(kSurnameWeights)) {
      const size_t colon = entry.find(':');
      uint32_t weight = 0;
      for (char c : entry.substr(colon + 1)) weight = weight * 10 + (c - '0');
      t->surnames.Add(entry.substr(0, colon), weight);
    }
    for (int i = 0; i < 5; ++i) {
      t->male[i] = MakePool(kMaleNames[i]);
      t->female[i] = MakePool(kFemaleNames[i]);
    }
    for (size_t i = 0; i < std::size(kLocalRegions); ++i)
      t->local.Add(&kLocalRegions[i], kLocalWeights[i]);
    for (size_t i = 0; i < std::size(kMigrantRegions); ++i)
      t->migrant.Add(&kMigrantRegions[i], kMigrantWeights[i]);
    t->phone_prefixes = Words(
        "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 "
        "158 159 166 173 175 176 177 178 180 181 182 183 184 185 186 187 188 "
        "189 191 195 198 199");
    return t;
  }();
  return *tables;
}

int PeriodOf(int birth_year) {
  if (birth_year < 1960) return 0;
  if (birth_year < 1975) return 1;
  if (birth_year < 1990) return 2;
  if (birth_year < 2005) return 3;
  return 4;
}

std::string_view PickWord(Rng& rng, const std::vector<std::string_view>& v) {
  return v[rng.Index(v.size())];
}

// Writes `value` as `width` zero-padded digits at `out`.
void PutDigits(char* out, int width, uint64_t value) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

std::chrono::year_month_day ToYmd(int64_t days) {
  return std::chrono::year_month_day{
      std::chrono::sys_days{std::chrono::days{days}}};
}

// The date `years` before `ymd`; 29 February falls back to the 28th.
int64_t YearsBefore(std::chrono::year_month_day ymd, int years) {
  std::chrono::year_month_day shifted = ymd - std::chrono::years{years};
  if (!shifted.ok())
    shifted = shifted.year() / shifted.month() / std::chrono::last;
  return std::chrono::sys_days{shifted}.time_since_epoch().count();
}

int AgeAt(std::chrono::year_month_day birth, std::chrono::year_month_day at) {
  int age = static_cast<int>(at.year()) - static_cast<int>(birth.year());
  if (at.month() < birth.month() ||
      (at.month() == birth.month() && at.day() < birth.day()))
    --age;
  return age;
}

bool WantsPhone(Rng& rng, PhonePolicy policy, int age) {
  switch (policy) {
    case PhonePolicy::kAlways:
      return true;
    case PhonePolicy::kNever:
      return false;
    case PhonePolicy::kByAge:
      break;
  }
  if (age < 14) return false;
  if (age < 18) return rng.Chance(0.5);
  if (age >= 75) return rng.Chance(0.75);
  return rng.Chance(0.97);
}

constexpr std::string_view kVietSurnames = "阮 陈 黎 范 黄 武 潘";
constexpr std::string_view kVietGiven = "梅 兰 香 秋 红 玉 清 芳 翠 莲";
constexpr std::string_view kKoreanSurnames = "金 李 朴 崔 郑 姜 赵 尹";
constexpr std::string_view kKoreanMale =
    "成浩 俊赫 民洙 在勋 志勋 相宇 东旭 贤宇";
constexpr std::string_view kKoreanFemale =
    "美善 恩智 秀妍 智敏 惠珍 叙贤 允儿 多恩";

}  // namespace

Rng::Rng(uint64_t seed) {
  uint64_t state = seed;
  for (uint64_t& s : s_) s = SplitMix64(state);
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

int64_t Rng::Between(int64_t lo, int64_t hi) {
  // Lemire's multiply-shift; the bias for ranges far below 2^64 is
  // negligible for synthetic data and the result is the same everywhere.
  const uint64_t range = static_cast<uint64_t>(hi - lo) + 1;
  if (range == 0) return static_cast<int64_t>(Next());  // The full range.
  const auto product = static_cast<unsigned __int128>(Next()) * range;
  return lo + static_cast<int64_t>(static_cast<uint64_t>(product >> 64));
}

double Rng::Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

bool KeySet::Insert(uint64_t key) {
  if ((size_ + 1) * 2 > slots_.size()) Grow();
  const size_t mask = slots_.size() - 1;
  uint64_t state = key;
  for (size_t i = SplitMix64(state) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == key) return false;
    if (slots_[i] == 0) {
      slots_[i] = key;
      ++size_;
      return true;
    }
  }
}

void KeySet::Grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  size_ = 0;
  for (uint64_t key : old)
    if (key != 0) Insert(key);
}

std::span<const Region> LocalRegions() { return kLocalRegions; }
std::span<const Region> MigrantRegions() { return kMigrantRegions; }

const Region* FindRegion(std::string_view code) {
  for (const Region& r : kLocalRegions)
    if (r.code == code) return &r;
  for (const Region& r : kMigrantRegions)
    if (r.code == code) return &r;
  return nullptr;
}

PeopleGenerator::PeopleGenerator(uint64_t seed, int64_t as_of_days)
    : rng_(seed), as_of_days_(as_of_days) {}

const Region& PeopleGenerator::DrawRegion(Origin origin) {
  const Tables& t = GetTables();
  return *(origin == Origin::kLocal ? t.local : t.migrant).Draw(rng_);
}

std::string PeopleGenerator::Surname() {
  return std::string(GetTables().surnames.Draw(rng_));
}

std::string PeopleGenerator::GivenName(char gender, int birth_year) {
  const Tables& t = GetTables();
  const int period = PeriodOf(birth_year);
  const NamePool& pool = gender == 'F' ? t.female[period] : t.male[period];
  if (rng_.Chance(pool.single_share))
    return std::string(PickWord(rng_, pool.single));
  // Half from names people really carried, half combined, for variety.
  if (rng_.Chance(0.5)) return std::string(PickWord(rng_, pool.full));
  const std::string_view first = PickWord(rng_, pool.first);
  std::string_view second = PickWord(rng_, pool.second);
  while (second == first) second = PickWord(rng_, pool.second);
  std::string name;
  name.reserve(first.size() + second.size());
  name.append(first).append(second);
  return name;
}

std::string PeopleGenerator::Phone() {
  const Tables& t = GetTables();
  std::string phone(11, '0');
  for (;;) {
    const std::string_view prefix = PickWord(rng_, t.phone_prefixes);
    phone.replace(0, 3, prefix);
    const uint64_t rest = static_cast<uint64_t>(rng_.Between(0, 99999999));
    PutDigits(phone.data() + 3, 8, rest);
    uint64_t key = 0;
    for (char c : phone) key = key * 10 + static_cast<uint64_t>(c - '0');
    if (phones_.Insert(key)) return phone;
  }
}

GeneratedPerson PeopleGenerator::Person(const PersonSpec& spec) {
  GeneratedPerson p;
  p.gender = spec.gender == 'M' || spec.gender == 'F'
                 ? spec.gender
                 : (rng_.Chance(0.51) ? 'M' : 'F');
  const Region* region =
      spec.region_code.empty() ? nullptr : FindRegion(spec.region_code);
  if (region == nullptr) region = &DrawRegion(spec.origin);
  p.origin_region_code = std::string(region->code);
  p.origin_place.reserve(region->province.size() + region->city.size() +
                         region->county.size());
  p.origin_place.append(region->province)
      .append(region->city)
      .append(region->county);

  const int min_age = std::clamp(spec.min_age, 0, 110);
  const int max_age = std::clamp(spec.max_age, min_age, 110);
  const std::chrono::year_month_day as_of = ToYmd(as_of_days_);
  const int64_t latest = YearsBefore(as_of, min_age);
  const int64_t earliest = YearsBefore(as_of, max_age + 1) + 1;

  // The ID number is region + birth date + 3-digit sequence whose last digit
  // is odd for men; on a clash draw another sequence, then another date.
  char digits[18];
  std::copy_n(region->code.data(), 6, digits);
  int64_t birth_days = rng_.Between(earliest, latest);
  int birth_year = 0;
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0 && attempt % 64 == 0)
      birth_days = rng_.Between(earliest, latest);
    if (attempt > 100000)
      throw std::runtime_error("PeopleGenerator: no unused ID number left");
    const std::chrono::year_month_day birth = ToYmd(birth_days);
    PutDigits(digits + 6, 4, static_cast<int>(birth.year()));
    PutDigits(digits + 10, 2, static_cast<unsigned>(birth.month()));
    PutDigits(digits + 12, 2, static_cast<unsigned>(birth.day()));
    const uint64_t sequence =
        static_cast<uint64_t>(rng_.Between(0, 499)) * 2 + (p.gender == 'M');
    PutDigits(digits + 14, 3, sequence);
    uint64_t key = 0;
    for (int i = 0; i < 17; ++i) key = key * 10 + (digits[i] - '0');
    if (!id_numbers_.Insert(key)) continue;
    digits[17] = IdCardCheckChar(std::string_view(digits, 17));
    p.id_card.assign(digits, 18);
    const char date[10] = {digits[6],  digits[7],  digits[8],  digits[9],
                           '-',        digits[10], digits[11], '-',
                           digits[12], digits[13]};
    p.birth_date.assign(date, 10);
    p.age = AgeAt(birth, as_of);
    birth_year = static_cast<int>(birth.year());
    break;
  }

  p.surname = spec.surname.empty() ? Surname() : std::string(spec.surname);
  p.name = p.surname + GivenName(p.gender, birth_year);
  if (WantsPhone(rng_, spec.phone, p.age)) p.phone = Phone();
  return p;
}

GeneratedPerson PeopleGenerator::Foreigner(const PersonSpec& spec,
                                           std::string_view nationality) {
  GeneratedPerson p;
  const bool viet = nationality == "VNM";
  p.nationality = viet ? "VNM" : "KOR";
  p.origin_place = viet ? "越南" : "韩国";
  p.gender = spec.gender == 'M' || spec.gender == 'F'
                 ? spec.gender
                 : (rng_.Chance(0.5) ? 'M' : 'F');
  const int min_age = std::clamp(spec.min_age, 0, 110);
  const int max_age = std::clamp(spec.max_age, min_age, 110);
  const std::chrono::year_month_day as_of = ToYmd(as_of_days_);
  const std::chrono::year_month_day birth = ToYmd(rng_.Between(
      YearsBefore(as_of, max_age + 1) + 1, YearsBefore(as_of, min_age)));
  char date[10];
  PutDigits(date, 4, static_cast<int>(birth.year()));
  date[4] = '-';
  PutDigits(date + 5, 2, static_cast<unsigned>(birth.month()));
  date[7] = '-';
  PutDigits(date + 8, 2, static_cast<unsigned>(birth.day()));
  p.birth_date.assign(date, 10);
  p.age = AgeAt(birth, as_of);

  // Names as written on Chinese residence permits: Vietnamese women carry
  // the middle name 氏 (Thị).
  if (viet) {
    p.surname = std::string(PickWord(rng_, Words(kVietSurnames)));
    p.name = p.surname + (p.gender == 'F' ? "氏" : "文") +
             std::string(PickWord(rng_, Words(kVietGiven)));
    p.passport_number = "C" + std::to_string(rng_.Between(1000000, 9999999));
  } else {
    p.surname = std::string(PickWord(rng_, Words(kKoreanSurnames)));
    p.name = p.surname +
             std::string(PickWord(
                 rng_, Words(p.gender == 'F' ? kKoreanFemale : kKoreanMale)));
    p.passport_number = "M" + std::to_string(rng_.Between(10000000, 99999999));
  }
  if (WantsPhone(rng_, spec.phone, p.age)) p.phone = Phone();
  return p;
}

std::string PeopleGenerator::CreditCode(std::string_view kind,
                                        std::string_view region_code) {
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHJKLMNPQRTUWXY";  // GB 32100: no I, O, S, V, Z.
  std::string code;
  code.reserve(18);
  code.append(kind.substr(0, 2)).append(region_code.substr(0, 6));
  // Organisation code (GB 11714): eight body characters and a check.
  static constexpr int kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const int v = static_cast<int>(rng_.Chance(0.85) ? rng_.Between(0, 9)
                                                     : rng_.Between(10, 30));
    code.push_back(kAlphabet[v]);
    const char c = kAlphabet[v];
    const int value = c <= '9' ? c - '0' : c - 'A' + 10;  // GB 11714 values.
    sum += value * kOrgWeights[i];
  }
  const int org_check = 11 - sum % 11;
  code.push_back(org_check == 10   ? 'X'
                 : org_check == 11 ? '0'
                                   : static_cast<char>('0' + org_check));
  // Final check character (GB 32100): weights 3^i mod 31.
  sum = 0;
  int weight = 1;
  for (char c : code) {
    sum += static_cast<int>(kAlphabet.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  code.push_back(kAlphabet[(31 - sum % 31) % 31]);
  return code;
}

}  // namespace wangge::demo
