#include "service/demo/dongyang_dataset.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numbers>
#include <numeric>
#include <set>
#include <utility>

#include "core/clock.h"

// One file on purpose: the stages share the builder's state (lattice, people,
// the index conventions of the header) and read top to bottom as the story of
// how the community is put together.

namespace wangge::demo {
namespace {

// Layout: the community is a rectangle of about 3.6 km x 2.8 km split into a
// lattice of kColumns x kRows village groups; grids are vertical runs of
// groups inside one column.
constexpr int kColumns = 7;
constexpr int kRows = 4;
constexpr int kGrids = 12;
constexpr double kWestLon = 119.1505;
constexpr double kSouthLat = 31.9374;
constexpr double kWidthDeg = 0.0381;    // ~3.6 km at 31.95°N.
constexpr double kHeightDeg = 0.02525;  // ~2.8 km.
constexpr int kHouseholds = 3000;
constexpr int kOutsideMerchants = 128;  // The report's figure.
constexpr int kMarketRow = 1;           // 东阳街 runs west-east through it.

enum class CellKind { kVillage, kEstate, kIndustrial };

struct EstateCell {
  int column, row;
  const char* estate;
};
// The resettlement estates sit in the middle of the community.
constexpr EstateCell kEstateCells[] = {
    {3, 2, "东阳花园"}, {4, 2, "东阳花园"}, {3, 1, "东阳新村"}};
constexpr int kIndustrialColumn = 6, kIndustrialRow = 0;

// The numbered groups are the old core of 东阳村 and take the cells nearest
// the centre; the rest are named after their hamlets.
constexpr std::string_view kNumberedGroups[] = {
    "东阳一组", "东阳二组", "东阳三组", "东阳四组",
    "东阳五组", "东阳六组", "东阳七组", "东阳八组"};
constexpr std::string_view kHamletGroups[] = {
    "王家边组", "下蜀组",   "陈家湾组", "李家岗组", "高庄组",
    "杨树岗组", "孙家村组", "徐家桥组", "石塘组",   "河西组",
    "新庄组",   "前村组",   "后村组",   "大塘组",   "小营组",
    "张家庄组", "刘家冲组", "周岗组",   "胡家圩组", "马埂组"};
static_assert(std::size(kNumberedGroups) + std::size(kHamletGroups) ==
              kColumns * kRows);

constexpr const char* kChineseNumerals[] = {"零", "一",   "二",  "三", "四",
                                            "五", "六",   "七",  "八", "九",
                                            "十", "十一", "十二"};

// Rounds to 1e-6 degrees (~0.1 m) so that stored and printed coordinates
// agree; shared vertices are rounded once and then copied.
double Round6(double x) { return std::round(x * 1e6) / 1e6; }

std::string TwoDigits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

template <class T>
void Shuffle(Rng& rng, std::vector<T>& v) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.Index(i)]);
}

// Allocates `total` to slots in proportion to `weights` by largest
// remainder, so the parts always sum to the total exactly.
std::vector<int> Apportion(int total, const std::vector<double>& weights) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<int> parts(weights.size());
  std::vector<std::pair<double, size_t>> remainders;
  int given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const double exact = total * weights[i] / sum;
    parts[i] = static_cast<int>(std::floor(exact));
    given += parts[i];
    remainders.push_back({exact - parts[i], i});
  }
  std::stable_sort(
      remainders.begin(), remainders.end(),
      [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int k = 0; given < total; ++k, ++given) ++parts[remainders[k].second];
  return parts;
}

struct Run {
  int column, row_lo, row_hi;  // Rows inclusive, south->north.
};

// Splits the columns into kGrids vertical runs minimising the sum of squared
// deviations of run populations from the mean: exact dynamic programming
// over the column-strip restriction (a stand-in until METIS partitioning).
std::vector<Run> PartitionColumns(
    const std::vector<std::array<int, kRows>>& pop) {
  double total = 0;
  for (const auto& column : pop)
    for (int p : column) total += p;
  const double mean = total / kGrids;
  auto cost = [&](int c, int lo, int hi) {
    double sum = 0;
    for (int r = lo; r <= hi; ++r) sum += pop[c][r];
    return (sum - mean) * (sum - mean);
  };
  // best[c][k]: cheapest split of column c into k runs, with its runs.
  std::vector<std::vector<std::pair<double, std::vector<Run>>>> best(kColumns);
  for (int c = 0; c < kColumns; ++c) {
    best[c].assign(kRows + 1, {std::numeric_limits<double>::infinity(), {}});
    // Each of the kRows-1 gaps between rows is cut or not.
    for (int mask = 0; mask < (1 << (kRows - 1)); ++mask) {
      std::vector<Run> runs;
      double cost_sum = 0;
      int lo = 0;
      for (int r = 0; r < kRows; ++r) {
        if (r == kRows - 1 || (mask >> r & 1)) {
          runs.push_back({c, lo, r});
          cost_sum += cost(c, lo, r);
          lo = r + 1;
        }
      }
      auto& slot = best[c][runs.size()];
      if (cost_sum < slot.first) slot = {cost_sum, runs};
    }
  }
  // f[c][g]: cheapest use of g runs for columns [0, c).
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> f(kColumns + 1,
                                     std::vector<double>(kGrids + 1, inf));
  std::vector<std::vector<int>> choice(kColumns + 1,
                                       std::vector<int>(kGrids + 1, 0));
  f[0][0] = 0;
  for (int c = 0; c < kColumns; ++c)
    for (int g = 0; g <= kGrids; ++g) {
      if (f[c][g] == inf) continue;
      for (int k = 1; k <= kRows && g + k <= kGrids; ++k) {
        const double v = f[c][g] + best[c][k].first;
        if (v < f[c + 1][g + k]) {
          f[c + 1][g + k] = v;
          choice[c + 1][g + k] = k;
        }
      }
    }
  std::vector<int> per_column(kColumns);
  for (int c = kColumns, g = kGrids; c > 0; --c) {
    per_column[c - 1] = choice[c][g];
    g -= choice[c][g];
  }
  std::vector<Run> runs;
  for (int c = 0; c < kColumns; ++c) {
    auto column_runs = best[c][per_column[c]].second;
    // North to south within the column, as grids are numbered.
    std::reverse(column_runs.begin(), column_runs.end());
    runs.insert(runs.end(), column_runs.begin(), column_runs.end());
  }
  return runs;
}

bool HasTag(const std::vector<std::string>& tags, std::string_view tag) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

class Builder {
 public:
  explicit Builder(const DongyangOptions& options)
      : options_(options),
        people_(options.seed, options.as_of_days),
        rng_(options.seed ^ 0xD0E6A9ULL) {}

  DongyangDataset Build() {
    d_.seed = options_.seed;
    d_.as_of_date = FormatDate(options_.as_of_days);
    BuildArea();
    BuildLattice();
    BuildVillageGroups();
    BuildHouseholds();
    AddForeignResidents();
    TagCareGroups();
    TagKeyPersons();
    BuildGrids();
    BuildStaffAndLeaders();
    BuildUnits();
    NumberStreets();
    BuildPatrols();
    return std::move(d_);
  }

 private:
  // ---- Geometry ---------------------------------------------------------

  void BuildArea() {
    d_.area.district_name = "南京市江宁区";
    d_.area.district_code = "320115";
    d_.area.street_name = "汤山街道";
    d_.area.street_code = d_.area.district_code + "003";
    d_.area.community_name = "东阳社区";
    d_.area.community_code = d_.area.street_code + "012";
  }

  // Vertex (c, r) of the lattice, c west->east and r south->north. Inner
  // vertices move up to 12% of a cell each way, which keeps every cell
  // convex; border vertices move only along the border, so the community
  // stays a rectangle.
  void BuildLattice() {
    Rng rng = rng_.Fork();
    const double dx = kWidthDeg / kColumns, dy = kHeightDeg / kRows;
    lattice_.assign(kColumns + 1, std::vector<LonLat>(kRows + 1));
    for (int c = 0; c <= kColumns; ++c)
      for (int r = 0; r <= kRows; ++r) {
        double lon = kWestLon + c * dx, lat = kSouthLat + r * dy;
        if (c > 0 && c < kColumns) lon += (rng.Unit() - 0.5) * 0.24 * dx;
        if (r > 0 && r < kRows) lat += (rng.Unit() - 0.5) * 0.24 * dy;
        lattice_[c][r] = {Round6(lon), Round6(lat)};
      }
    Ring& ring = d_.area.boundary;
    for (int c = 0; c < kColumns; ++c) ring.push_back(lattice_[c][0]);
    for (int r = 0; r < kRows; ++r) ring.push_back(lattice_[kColumns][r]);
    for (int c = kColumns; c > 0; --c) ring.push_back(lattice_[c][kRows]);
    for (int r = kRows; r > 0; --r) ring.push_back(lattice_[0][r]);
    ring.push_back(ring.front());
    // Shoelace area on a local equirectangular projection.
    const double kx = 111.320 * std::cos(31.95 * std::numbers::pi / 180),
                 ky = 110.574;
    double twice = 0;
    for (size_t i = 0; i + 1 < ring.size(); ++i)
      twice += ring[i].lon * kx * ring[i + 1].lat * ky -
               ring[i + 1].lon * kx * ring[i].lat * ky;
    d_.area.area_km2 = std::round(twice / 2 * 100) / 100;
  }

  int GroupAt(int c, int r) const { return c * kRows + (kRows - 1 - r); }

  CellKind KindAt(int c, int r) const {
    if (c == kIndustrialColumn && r == kIndustrialRow)
      return CellKind::kIndustrial;
    for (const EstateCell& e : kEstateCells)
      if (e.column == c && e.row == r) return CellKind::kEstate;
    return CellKind::kVillage;
  }

  const char* EstateAt(int c, int r) const {
    for (const EstateCell& e : kEstateCells)
      if (e.column == c && e.row == r) return e.estate;
    return nullptr;
  }

  // A point strictly inside cell (c, r): a bilinear blend of its corners
  // with a 5% margin, which lands inside any convex quadrilateral.
  LonLat PointIn(Rng& rng, int c, int r) {
    const double u = 0.05 + 0.9 * rng.Unit(), v = 0.05 + 0.9 * rng.Unit();
    const LonLat& a = lattice_[c][r];
    const LonLat& b = lattice_[c + 1][r];
    const LonLat& e = lattice_[c + 1][r + 1];
    const LonLat& f = lattice_[c][r + 1];
    auto blend = [&](double LonLat::*m) {
      return (1 - u) * (1 - v) * a.*m + u * (1 - v) * b.*m + u * v * e.*m +
             (1 - u) * v * f.*m;
    };
    return {Round6(blend(&LonLat::lon)), Round6(blend(&LonLat::lat))};
  }

  void BuildVillageGroups() {
    // Centre cells first get the numbered names.
    std::vector<std::pair<double, int>> by_distance;
    for (int c = 0; c < kColumns; ++c)
      for (int r = 0; r < kRows; ++r) {
        const double dc = c + 0.5 - kColumns / 2.0, dr = r + 0.5 - kRows / 2.0;
        by_distance.push_back({dc * dc + dr * dr, GroupAt(c, r)});
      }
    std::stable_sort(by_distance.begin(), by_distance.end());
    std::vector<bool> central(kColumns * kRows, false);
    for (size_t i = 0; i < std::size(kNumberedGroups); ++i)
      central[by_distance[i].second] = true;
    d_.village_groups.resize(kColumns * kRows);
    size_t next_numbered = 0, next_hamlet = 0;
    for (int c = 0; c < kColumns; ++c)
      for (int r = kRows - 1; r >= 0; --r) {
        const int g = GroupAt(c, r);
        VillageGroup& group = d_.village_groups[g];
        group.name = std::string(central[g] ? kNumberedGroups[next_numbered++]
                                            : kHamletGroups[next_hamlet++]);
        group.kind = KindAt(c, r) == CellKind::kEstate       ? "estate"
                     : KindAt(c, r) == CellKind::kIndustrial ? "industrial"
                                                             : "village";
        group.column = c;
        group.row = r;
        group.ring = {lattice_[c][r], lattice_[c + 1][r],
                      lattice_[c + 1][r + 1], lattice_[c][r + 1],
                      lattice_[c][r]};
      }
  }

  // ---- People -----------------------------------------------------------

  Resident NewResident(const PersonSpec& spec, const char* category,
                       const char* status, const char* relation) {
    Resident r;
    r.person = people_.Person(spec);
    r.category = category;
    r.household_status = status;
    r.relation = relation;
    return r;
  }

  Resident Local(char gender, int age, const char* relation,
                 const std::string& surname = {},
                 const char* status = "together") {
    PersonSpec spec{.gender = gender, .min_age = age, .max_age = age};
    spec.surname = surname;
    return NewResident(spec, "registered", status, relation);
  }

  // Arrival facts: most registered within the 3 days, some late, about 7%
  // never (overdue); people who arrived in the last 3 days may still be
  // within the deadline.
  Arrival MakeArrival(Rng& rng, int64_t arrival_days, std::string reason,
                      int deadline_days) {
    Arrival a;
    a.arrival_date = FormatDate(arrival_days);
    a.reason = std::move(reason);
    const int elapsed_months =
        static_cast<int>((options_.as_of_days - arrival_days) / 30);
    int base = 12;
    if (a.reason == "business") base = 36;
    if (a.reason == "study") base = 24;
    if (a.reason == "other") base = 3;
    a.expected_stay_months =
        (elapsed_months + base + static_cast<int>(rng.Between(0, 12))) / 6 * 6;
    a.registration_deadline = FormatDate(arrival_days + deadline_days);
    const int64_t since = options_.as_of_days - arrival_days;
    a.registered = since <= deadline_days ? rng.Chance(0.5) : rng.Chance(0.93);
    if (a.registered) {
      int64_t on = arrival_days + rng.Between(0, deadline_days);
      if (rng.Chance(0.1))
        on = arrival_days + rng.Between(deadline_days + 1, 40);
      a.registered_date = FormatDate(std::min(on, options_.as_of_days));
    }
    return a;
  }

  // Nobody arrives before being born: children born here since their
  // parents came "arrive" on their birth date.
  static int64_t NotBeforeBirth(int64_t arrival, const Resident& r) {
    int64_t born = 0;
    ParseDate(r.person.birth_date, &born);
    return std::max(arrival, born);
  }

  int64_t DrawArrival(Rng& rng) {
    const double x = rng.Unit();
    const int64_t back = x < 0.08   ? rng.Between(0, 45)
                         : x < 0.40 ? rng.Between(46, 730)
                                    : rng.Between(731, 3650);
    return options_.as_of_days - back;
  }

  // A registered local family living in its own house, drawn from the
  // household types of a Jiangning village: young families, three
  // generations, empty nests, elderly alone and left-behind families.
  std::vector<Resident> LocalFamily() {
    std::vector<Resident> m;
    auto kids = [&](int mother_age, const std::string& surname,
                    const char* relation, double away_if_adult, int max_kids) {
      const int n = static_cast<int>(rng_.Between(0, 9)) < 1   ? 0
                    : static_cast<int>(rng_.Between(0, 9)) < 4 ? 1
                                                               : 2;
      for (int i = 0; i < std::min(n, max_kids); ++i) {
        const int age = static_cast<int>(
            rng_.Between(std::max(0, mother_age - 40), mother_age - 21));
        const bool away = age >= 18 && rng_.Chance(away_if_adult);
        m.push_back(Local(0, std::max(age, 0), relation,
                          rng_.Chance(0.95) ? surname : std::string(),
                          away ? "household_only" : "together"));
      }
    };
    auto couple = [&](int husband_age, const char* husband_rel,
                      const char* wife_rel, const char* status = "together",
                      const char* wife_status = "together") {
      m.push_back(Local('M', husband_age, husband_rel, {}, status));
      const int wife_age = std::clamp(
          husband_age + static_cast<int>(rng_.Between(-5, 2)), 20, 100);
      m.push_back(Local('F', wife_age, wife_rel, {}, wife_status));
      return std::pair(m[m.size() - 2].person.surname, wife_age);
    };
    const int type = static_cast<int>(rng_.Between(0, 99));
    if (type < 6) {  // Elderly alone.
      const int age = static_cast<int>(rng_.Between(65, 93));
      m.push_back(Local(rng_.Chance(0.65) ? 'F' : 'M', age, "head"));
      m.back().care_tags.push_back("elderly_alone");
      if (rng_.Chance(0.35))
        m.push_back(Local(0, age - static_cast<int>(rng_.Between(22, 35)),
                          "child", m[0].person.surname, "household_only"));
    } else if (type < 19) {  // Empty nest.
      auto [surname, wife_age] =
          couple(static_cast<int>(rng_.Between(62, 86)), "head", "spouse");
      m[0].care_tags.push_back("empty_nest");
      m[1].care_tags.push_back("empty_nest");
      if (rng_.Chance(0.5))
        m.push_back(Local(0, wife_age - static_cast<int>(rng_.Between(22, 32)),
                          "child", surname, "household_only"));
    } else if (type < 44) {  // Couple with children.
      auto [surname, wife_age] =
          couple(static_cast<int>(rng_.Between(26, 55)), "head", "spouse");
      kids(wife_age, surname, "child", 0.4, 2);
    } else if (type < 69) {  // Three generations.
      auto [surname, wife_age] =
          couple(static_cast<int>(rng_.Between(28, 50)), "head", "spouse");
      const int elder = std::min(
          95, m[0].person.age + static_cast<int>(rng_.Between(22, 32)));
      const int which = static_cast<int>(rng_.Between(0, 19));
      if (which < 15) m.push_back(Local('F', elder - 2, "parent", {}));
      if (which >= 8) m.push_back(Local('M', elder, "parent", surname));
      kids(wife_age, surname, "child", 0.3, 2);
    } else if (type < 73) {  // Grandparents with left-behind grandchildren.
      const int grandpa = static_cast<int>(rng_.Between(52, 75));
      auto [surname, grandma] = couple(grandpa, "head", "spouse");
      if (rng_.Chance(0.3)) m.pop_back();  // Widowed.
      const int son =
          std::max(24, grandma - static_cast<int>(rng_.Between(22, 30)));
      m.push_back(Local('M', son, "child", surname, "household_only"));
      m.push_back(Local('F', son - static_cast<int>(rng_.Between(0, 4)),
                        "other", {}, "household_only"));
      const int n = rng_.Chance(0.6) ? 1 : 2;
      for (int i = 0; i < n; ++i) {
        const int age = static_cast<int>(
            rng_.Between(1, std::max(1, std::min(15, son - 21))));
        m.push_back(Local(0, age, "grandchild", surname));
        m.back().care_tags.push_back("left_behind_child");
      }
      for (Resident& r : m)
        if (r.relation != "grandchild" && r.household_status == "together" &&
            r.person.age >= 60)
          r.care_tags.push_back("left_behind_elderly");
    } else if (type < 76) {  // Husband working away, wife at home.
      auto [surname, wife_age] = couple(static_cast<int>(rng_.Between(28, 50)),
                                        "head", "spouse", "household_only");
      m[1].care_tags.push_back("left_behind_woman");
      kids(std::min(wife_age, 45), surname, "child", 0.0, 2);
      if (m.size() == 2)
        m.push_back(
            Local(0, static_cast<int>(rng_.Between(2, 14)), "child", surname));
    } else if (type < 92) {  // Older couple with a grown child.
      auto [surname, wife_age] =
          couple(static_cast<int>(rng_.Between(48, 66)), "head", "spouse");
      const int child = static_cast<int>(
          rng_.Between(18, std::max(18, std::min(35, wife_age - 21))));
      m.push_back(Local(0, child, "child", surname,
                        rng_.Chance(0.25) ? "household_only" : "together"));
      if (rng_.Chance(0.2))
        m.push_back(Local(
            rng_.Chance(0.7) ? 'F' : 'M',
            std::min(98,
                     m[0].person.age + static_cast<int>(rng_.Between(22, 30))),
            "parent", surname));
    } else if (type < 97) {  // Single adult.
      m.push_back(Local(0, static_cast<int>(rng_.Between(22, 60)), "head"));
    } else {  // Unmarried siblings, perhaps with a nephew.
      const int age = static_cast<int>(rng_.Between(30, 65));
      m.push_back(Local('M', age, "head"));
      m.push_back(Local(0, age + static_cast<int>(rng_.Between(-6, 6)),
                        "sibling", m[0].person.surname));
      if (rng_.Chance(0.3))
        m.push_back(Local('M', static_cast<int>(rng_.Between(16, 30)), "other",
                          m[0].person.surname));
    }
    return m;
  }

  // A family registered here but living elsewhere (the house stands empty).
  std::vector<Resident> AwayFamily() {
    std::vector<Resident> m;
    const int husband = static_cast<int>(rng_.Between(28, 58));
    m.push_back(Local('M', husband, "head", {}, "household_only"));
    const std::string surname = m[0].person.surname;
    if (rng_.Chance(0.85))
      m.push_back(Local('F', husband - static_cast<int>(rng_.Between(0, 4)),
                        "spouse", {}, "household_only"));
    const int n = static_cast<int>(rng_.Between(0, 2));
    for (int i = 0; i < n; ++i)
      m.push_back(
          Local(0, static_cast<int>(rng_.Between(0, std::max(0, husband - 24))),
                "child", surname, "household_only"));
    return m;
  }

  // Lessees and merchants always have a phone: landlords and the grid must
  // be able to reach them.
  Resident Migrant(char gender, int min_age, int max_age,
                   std::string_view region, const std::string& surname,
                   const char* relation,
                   PhonePolicy phone = PhonePolicy::kByAge) {
    PersonSpec spec{.gender = gender,
                    .min_age = min_age,
                    .max_age = max_age,
                    .origin = Origin::kMigrant,
                    .phone = phone};
    spec.region_code = region;
    spec.surname = surname;
    return NewResident(spec, "floating", "person_only", relation);
  }

  // Migrants renting a house: single workers, couples, families with
  // children, or co-workers sharing rooms, often from one county.
  std::vector<Resident> Tenants() {
    std::vector<Resident> m;
    const int type = static_cast<int>(rng_.Between(0, 99));
    const char lessee_gender =
        type < 30 ? (rng_.Chance(0.65) ? 'M' : 'F') : 'M';
    m.push_back(
        Migrant(lessee_gender, 19, 55, {}, {}, "tenant", PhonePolicy::kAlways));
    const std::string region = m[0].person.origin_region_code;
    const std::string surname = m[0].person.surname;
    const int64_t arrival = DrawArrival(rng_);
    std::vector<std::string> reasons = {rng_.Chance(0.93) ? "work"
                                                          : "business"};
    if (type >= 30 && type < 80) {  // Couple, maybe with children.
      const int wife_age = std::clamp(
          m[0].person.age + static_cast<int>(rng_.Between(-5, 2)), 19, 60);
      m.push_back(Migrant('F', wife_age, wife_age, region, {}, "tenant"));
      reasons.push_back(rng_.Chance(0.7) ? "work" : "family");
      if (type >= 55) {
        const int n = rng_.Chance(0.6) ? 1 : 2;
        for (int i = 0; i < n; ++i) {
          const int hi = std::clamp(wife_age - 20, 0, 15);
          m.push_back(
              Migrant(0, std::max(0, hi - 10), hi, region, surname, "tenant"));
          reasons.push_back(m.back().person.age >= 6 && rng_.Chance(0.6)
                                ? "study"
                                : "family");
        }
      }
    } else if (type >= 80) {  // Co-workers.
      const int n = static_cast<int>(rng_.Between(1, 4));
      for (int i = 0; i < n; ++i) {
        m.push_back(Migrant(
            rng_.Chance(0.8) ? 'M' : 'F', 18, 50,
            rng_.Chance(0.6) ? std::string_view(region) : std::string_view(),
            {}, "tenant"));
        reasons.push_back(rng_.Chance(0.95) ? "work" : "other");
      }
    }
    for (size_t i = 0; i < m.size(); ++i) {
      const int64_t when =
          i == 0 || rng_.Chance(0.75) ? arrival : DrawArrival(rng_);
      m[i].arrival = MakeArrival(
          rng_, NotBeforeBirth(std::max(when, arrival), m[i]), reasons[i], 3);
    }
    return m;
  }

  // An outside merchant's family living behind or above its shop.
  std::vector<Resident> MerchantFamily() {
    std::vector<Resident> m;
    m.push_back(Migrant(rng_.Chance(0.8) ? 'M' : 'F', 28, 56, {}, {}, "head",
                        PhonePolicy::kAlways));
    const std::string region = m[0].person.origin_region_code;
    const std::string surname = m[0].person.surname;
    const int64_t arrival = options_.as_of_days - rng_.Between(60, 12 * 365);
    std::vector<std::string> reasons = {"business"};
    int mother_age = m[0].person.age;
    if (rng_.Chance(0.92)) {
      const char g = m[0].person.gender == 'M' ? 'F' : 'M';
      const int age = std::clamp(
          m[0].person.age + static_cast<int>(rng_.Between(-4, 4)), 22, 60);
      m.push_back(Migrant(g, age, age, region, {}, "spouse"));
      reasons.push_back("business");
      if (g == 'F') mother_age = age;
    }
    const int n = static_cast<int>(rng_.Between(0, 9)) < 2   ? 0
                  : static_cast<int>(rng_.Between(0, 9)) < 6 ? 1
                                                             : 2;
    for (int i = 0; i < n; ++i) {
      const int hi = std::clamp(mother_age - 21, 0, 17);
      m.push_back(
          Migrant(0, std::max(0, hi - 12), hi, region, surname, "child"));
      reasons.push_back(m.back().person.age >= 6 ? "study" : "family");
    }
    if (rng_.Chance(0.2)) {
      m.push_back(Migrant(0, 20, 60, region,
                          rng_.Chance(0.5) ? surname : std::string(),
                          rng_.Chance(0.5) ? "sibling" : "other"));
      reasons.push_back("business");
    }
    for (size_t i = 0; i < m.size(); ++i)
      m[i].arrival =
          MakeArrival(rng_, NotBeforeBirth(arrival, m[i]), reasons[i], 3);
    return m;
  }

  // ---- Households -------------------------------------------------------

  struct Flat {
    int building;
    int unit;
    int room;
    LonLat point;
  };

  std::string Structure(bool flat) {
    const int x = static_cast<int>(rng_.Between(0, 99));
    if (flat) return x < 80 ? "frame" : "brick_concrete";
    return x < 72 ? "brick_concrete" : x < 88 ? "brick_wood" : "frame";
  }

  // Households per cell come from a sketch of the grid design: the lattice
  // columns get 1-3 grids, each grid about the same number of households
  // spread over its groups (estates heavy, the industrial zone light). The
  // grids are then re-derived from the real populations in BuildGrids.
  // Merchant households (merchants[c] in the market row of column c) count
  // towards their grid's share.
  std::vector<int> HouseholdsPerCell(Rng& rng,
                                     const std::vector<int>& merchants) {
    std::vector<int> grids_in(kColumns, 1);
    for (int extra = kGrids - kColumns; extra > 0;) {
      const int c = static_cast<int>(rng.Index(kColumns));
      if (grids_in[c] < 3) ++grids_in[c], --extra;
    }
    std::vector<double> weights(kColumns * kRows);
    for (int c = 0; c < kColumns; ++c) {
      // Choose grids_in[c]-1 of the kRows-1 gaps to cut at.
      std::vector<int> gaps(kRows - 1);
      std::iota(gaps.begin(), gaps.end(), 0);
      Shuffle(rng, gaps);
      std::vector<bool> cut(kRows - 1, false);
      for (int i = 0; i + 1 < grids_in[c]; ++i) cut[gaps[i]] = true;
      int lo = 0;
      for (int r = 0; r < kRows; ++r) {
        if (r < kRows - 1 && !cut[r]) continue;
        std::vector<double> cell(r - lo + 1);
        for (int k = lo; k <= r; ++k) {
          const CellKind kind = KindAt(c, k);
          cell[k - lo] =
              (kind == CellKind::kEstate       ? 2.2
               : kind == CellKind::kIndustrial ? 0.3
                                               : 0.7 + 0.6 * rng.Unit());
        }
        const double sum = std::accumulate(cell.begin(), cell.end(), 0.0);
        double target = (0.97 + 0.06 * rng.Unit()) * kHouseholds / kGrids;
        if (lo <= kMarketRow && kMarketRow <= r) target -= merchants[c];
        for (int k = lo; k <= r; ++k)
          weights[GroupAt(c, k)] = target * cell[k - lo] / sum;
        lo = r + 1;
      }
    }
    return Apportion(kHouseholds - kOutsideMerchants, weights);
  }

  void BuildHouseholds() {
    Rng cells_rng = rng_.Fork();
    std::vector<double> market_weights(kColumns);
    for (double& w : market_weights) w = 0.7 + 0.6 * cells_rng.Unit();
    const std::vector<int> merchants =
        Apportion(kOutsideMerchants, market_weights);
    const std::vector<int> per_cell = HouseholdsPerCell(cells_rng, merchants);
    std::map<std::string, int> next_building;
    for (int c = 0; c < kColumns; ++c)
      for (int r = kRows - 1; r >= 0; --r)
        BuildCell(c, r, per_cell[GroupAt(c, r)],
                  r == kMarketRow ? merchants[c] : 0, next_building);
  }

  void BuildCell(int c, int r, int count, int merchants,
                 std::map<std::string, int>& next_building) {
    const int g = GroupAt(c, r);
    const CellKind kind = KindAt(c, r);
    const char* estate = EstateAt(c, r);
    Rng geo = rng_.Fork();
    // Flats for the estate share of the cell, shuffled so that owners,
    // tenants and empty flats mix across buildings.
    std::vector<Flat> flats;
    if (estate != nullptr) {
      const int wanted = count * 85 / 100;
      int& building = next_building[estate];
      while (static_cast<int>(flats.size()) < wanted) {
        ++building;
        const LonLat at = PointIn(geo, c, r);
        const int units = static_cast<int>(geo.Between(2, 3));
        for (int u = 1; u <= units; ++u)
          for (int floor = 1; floor <= 6; ++floor)
            for (int k = 1; k <= 2; ++k)
              flats.push_back({building, u, floor * 100 + k, at});
      }
      Shuffle(geo, flats);
      flats.resize(wanted);
    }
    const double rental_share = kind == CellKind::kIndustrial ? 0.65 : 0.34;
    const double vacant_share = kind == CellKind::kIndustrial ? 0.0 : 0.065;
    const int rentals = static_cast<int>(std::lround(count * rental_share));
    const int vacant = static_cast<int>(std::lround(count * vacant_share));
    const int owners = count - rentals - vacant;
    int house_number = 0;
    // Household k of the cell takes slot slots[k]: a flat when the slot is
    // below flats.size(), else a village house, so every kind of household
    // is found in both.
    std::vector<size_t> slots(count);
    std::iota(slots.begin(), slots.end(), size_t{0});
    Shuffle(geo, slots);
    const size_t first_household = d_.households.size();
    auto place = [&](Household& h) {
      const size_t slot = slots[d_.households.size() - 1 - first_household];
      h.village_group_index = g;
      if (slot < flats.size()) {
        const Flat& f = flats[slot];
        h.address.estate = estate;
        h.address.building = std::to_string(f.building) + "幢";
        h.address.unit = std::to_string(f.unit) + "单元";
        h.address.room = std::to_string(f.room) + "室";
        h.address.point = f.point;
      } else {
        h.address.estate = "东阳村";
        h.address.building =
            d_.village_groups[g].name + std::to_string(++house_number) + "号";
        h.address.point = PointIn(geo, c, r);
      }
      h.house.structure = Structure(!h.address.unit.empty());
      h.house.floor_area_m2 =
          h.address.unit.empty()
              ? 10.0 * geo.Between(11, 32)
              : std::array{62.0, 75.0, 88.0, 96.0, 110.0, 125.0}[geo.Index(6)];
    };
    std::vector<int> landlords;  // Own households of the group.
    for (int i = 0; i < owners; ++i) {
      Household& h = d_.households.emplace_back();
      place(h);
      h.house.use = "own";
      h.residents = LocalFamily();
      landlords.push_back(static_cast<int>(d_.households.size()) - 1);
    }
    for (int i = 0; i < vacant; ++i) {
      Household& h = d_.households.emplace_back();
      place(h);
      h.house.use = "vacant";
      h.residents = AwayFamily();
    }
    for (int i = 0; i < rentals; ++i) {
      Household& h = d_.households.emplace_back();
      place(h);
      h.house.use = "rental";
      h.residents = Tenants();
      if (h.address.unit.empty() && h.house.structure != "frame" &&
          rng_.Chance(0.12))
        h.house.structure = "simple";
      LetHouse(h, landlords, /*shop=*/false);
    }
    for (int i = 0; i < merchants; ++i) {
      Household& h = d_.households.emplace_back();
      h.village_group_index = g;
      h.address.estate = "东阳街";  // Numbered west->east in NumberStreets.
      h.address.point = PointIn(geo, c, r);
      h.house.use = "shop_residence";
      h.house.structure = Structure(false);
      h.house.floor_area_m2 = 10.0 * geo.Between(6, 16);
      h.residents = MerchantFamily();
      LetHouse(h, landlords, /*shop=*/true);
      merchant_households_.push_back(static_cast<int>(d_.households.size()) -
                                     1);
    }
  }

  // Fills the rental facts of a let house: a landlord from the group's own
  // households (one who has a phone), the lease filing, rooms and occupancy,
  // and a hidden-danger level that tracks overcrowding and flimsy structures.
  void LetHouse(Household& h, const std::vector<int>& landlords, bool shop) {
    House& house = h.house;
    house.rental = true;
    for (int attempt = 0; attempt < 20 && !landlords.empty(); ++attempt) {
      const int owner = landlords[rng_.Index(landlords.size())];
      const Resident& head = d_.households[owner].residents[0];
      if (head.person.phone.empty() || head.household_status != "together")
        continue;
      house.landlord = {head.person.name, head.person.phone, owner, 0};
      break;
    }
    if (house.landlord.name.empty()) {
      const GeneratedPerson p = people_.Person(
          {.min_age = 35, .max_age = 70, .phone = PhonePolicy::kAlways});
      house.landlord = {p.name, p.phone, -1, -1};
    }
    const int occupants = static_cast<int>(h.residents.size());
    if (!rng_.Chance(0.07)) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "JNZL%s-%06d",
                    h.residents[0].arrival.arrival_date.substr(0, 4).c_str(),
                    ++lease_sequence_);
      house.lease_filing_number = buf;
    }
    house.rooms_let =
        shop ? static_cast<int>(rng_.Between(1, 3))
             : (occupants + 1) / 2 + static_cast<int>(rng_.Between(0, 1));
    house.max_occupants = shop ? house.rooms_let * 2 + 2 : house.rooms_let * 2;
    const bool crowded = rng_.Chance(0.05) && occupants > 1;
    if (crowded) house.max_occupants = std::max(1, occupants - 1);
    const bool weak =
        house.structure == "simple" || house.structure == "brick_wood";
    const double serious = crowded ? 0.35 : weak ? 0.08 : 0.015;
    const double general = (crowded || weak ? 0.35 : 0.1) + (shop ? 0.15 : 0.0);
    const double x = rng_.Unit();
    house.hidden_danger = x < serious             ? "serious"
                          : x < serious + general ? "general"
                                                  : "safe";
    house.pledge_signed = rng_.Chance(0.87);
  }

  // A handful of foreigners: Vietnamese wives married into village families
  // and Korean staff of a company renting nearby.
  void AddForeignResidents() {
    Rng rng = rng_.Fork();
    int wives = 0, staff = 0;
    for (int attempt = 0; attempt < 100000 && (wives < 3 || staff < 2);
         ++attempt) {
      const int h = static_cast<int>(rng.Index(d_.households.size()));
      Household& household = d_.households[h];
      const bool wife_slot =
          household.residents.size() >= 2 && household.house.use == "own" &&
          household.residents[1].relation == "spouse" &&
          household.residents[1].person.gender == 'F' &&
          household.residents[1].person.age >= 24 &&
          household.residents[1].person.age <= 45 &&
          household.residents[1].household_status == "together" &&
          household.residents[1].care_tags.empty();
      const bool tenant_slot =
          household.house.use == "rental" && household.residents.size() == 1;
      if (wives < 3 && wife_slot) {
        Resident& second = household.residents[1];
        Resident r;
        r.person = people_.Foreigner({.gender = 'F',
                                      .min_age = second.person.age,
                                      .max_age = second.person.age,
                                      .phone = PhonePolicy::kAlways},
                                     "VNM");
        r.category = "foreign";
        r.household_status = "person_only";
        r.relation = "spouse";
        r.arrival = MakeArrival(
            rng, options_.as_of_days - rng.Between(3 * 365, 12 * 365), "family",
            1);
        r.arrival.registered = true;
        r.arrival.registered_date = r.arrival.arrival_date;
        second = std::move(r);
        ++wives;
      } else if (staff < 2 && wives >= 3 && tenant_slot &&
                 d_.village_groups[household.village_group_index].kind ==
                     "industrial") {
        Resident r;
        r.person = people_.Foreigner({.gender = 'M',
                                      .min_age = 30,
                                      .max_age = 50,
                                      .phone = PhonePolicy::kAlways},
                                     "KOR");
        r.category = "foreign";
        r.household_status = "person_only";
        r.relation = "tenant";
        r.arrival = MakeArrival(
            rng, options_.as_of_days - rng.Between(90, 4 * 365), "work", 1);
        household.residents[0] = std::move(r);
        ++staff;
      }
    }
  }

  // Disability (about 2.2% of registered people living here), and 低保 for
  // about 3% of local families, more often for the elderly alone and
  // families with a severely disabled member.
  void TagCareGroups() {
    Rng rng = rng_.Fork();
    static constexpr const char* kTypes[] = {
        "physical", "physical", "physical",     "visual", "hearing",
        "hearing",  "speech",   "intellectual", "mental", "multiple"};
    for (Household& h : d_.households) {
      bool severe = false, alone = false;
      for (Resident& r : h.residents) {
        if (r.category != "registered" || r.household_status != "together")
          continue;
        alone = alone || HasTag(r.care_tags, "elderly_alone");
        const double chance = r.person.age >= 60 ? 0.045 : 0.012;
        if (!rng.Chance(chance)) continue;
        r.care_tags.push_back("disabled");
        const int x = static_cast<int>(rng.Between(0, 99));
        r.disability_grade = x < 12 ? 1 : x < 35 ? 2 : x < 65 ? 3 : 4;
        r.disability_type = kTypes[rng.Index(std::size(kTypes))];
        severe = severe || r.disability_grade <= 2;
      }
      if (h.house.use != "own") continue;
      const double chance = alone ? 0.2 : severe ? 0.3 : 0.02;
      if (!rng.Chance(chance)) continue;
      for (Resident& r : h.residents)
        if (r.category == "registered" && r.household_status == "together")
          r.care_tags.push_back("low_income");
    }
  }

  // Key persons are rare: a few dozen in all, adults who live here.
  void TagKeyPersons() {
    Rng rng = rng_.Fork();
    std::vector<std::pair<int, int>> adults;
    for (size_t h = 0; h < d_.households.size(); ++h)
      for (size_t r = 0; r < d_.households[h].residents.size(); ++r) {
        const Resident& res = d_.households[h].residents[r];
        if (res.category != "foreign" &&
            res.household_status != "household_only" && res.person.age >= 18 &&
            res.person.age <= 70)
          adults.push_back({static_cast<int>(h), static_cast<int>(r)});
      }
    Shuffle(rng, adults);
    const std::pair<const char*, int> kCounts[] = {
        {"community_correction", static_cast<int>(rng.Between(4, 7))},
        {"released_prisoner", static_cast<int>(rng.Between(8, 14))},
        {"mental_disorder", static_cast<int>(rng.Between(10, 16))},
        {"drug_user", static_cast<int>(rng.Between(4, 8))}};
    size_t next = 0;
    for (const auto& [tag, count] : kCounts)
      for (int i = 0; i < count && next < adults.size(); ++i, ++next) {
        const auto [h, r] = adults[next];
        d_.households[h].residents[r].key_tags.push_back(tag);
      }
  }

  // ---- Grids and people in charge ---------------------------------------

  void BuildGrids() {
    for (Household& h : d_.households) {
      VillageGroup& g = d_.village_groups[h.village_group_index];
      ++g.households;
      g.population += static_cast<int>(h.residents.size());
    }
    std::vector<std::array<int, kRows>> pop(kColumns);
    for (int c = 0; c < kColumns; ++c)
      for (int r = 0; r < kRows; ++r)
        pop[c][r] = d_.village_groups[GroupAt(c, r)].population;
    const std::vector<Run> runs = PartitionColumns(pop);
    for (size_t i = 0; i < runs.size(); ++i) {
      const Run& run = runs[i];
      Grid& grid = d_.grids.emplace_back();
      grid.sequence = TwoDigits(static_cast<int>(i) + 1);
      grid.code = d_.area.community_code + grid.sequence;
      grid.name = std::string("第") + kChineseNumerals[i + 1] + "网格";
      // Up the east side, back down the west side: counter-clockwise.
      const int c = run.column;
      for (int r = run.row_lo; r <= run.row_hi + 1; ++r)
        grid.ring.push_back(lattice_[c + 1][r]);
      for (int r = run.row_hi + 1; r >= run.row_lo; --r)
        grid.ring.push_back(lattice_[c][r]);
      grid.ring.insert(grid.ring.begin(), lattice_[c][run.row_lo]);
      for (int r = run.row_hi; r >= run.row_lo; --r) {
        const int g = GroupAt(c, r);
        grid.village_group_indices.push_back(g);
        d_.village_groups[g].grid_index = static_cast<int>(i);
        grid.households += d_.village_groups[g].households;
        grid.population += d_.village_groups[g].population;
      }
    }
    for (Household& h : d_.households)
      h.grid_index = d_.village_groups[h.village_group_index].grid_index;
  }

  PersonRef Ref(int h, int r) const {
    const GeneratedPerson& p = d_.households[h].residents[r].person;
    return {p.name, p.phone, h, r};
  }

  // Picks a registered resident living here, of an age range, with a phone,
  // not yet given a role and without key-person or severe-disability tags.
  // `group` limits the search to one village group (-1: anywhere); returns
  // {-1, -1} when nobody fits.
  std::pair<int, int> PickResident(Rng& rng, int min_age, int max_age,
                                   int group = -1, char gender = 0) {
    std::vector<std::pair<int, int>> fits;
    for (size_t h = 0; h < d_.households.size(); ++h) {
      if (group >= 0 && d_.households[h].village_group_index != group) continue;
      const auto& residents = d_.households[h].residents;
      for (size_t r = 0; r < residents.size(); ++r) {
        const Resident& res = residents[r];
        if (res.category != "registered" ||
            res.household_status != "together" || res.person.age < min_age ||
            res.person.age > max_age || res.person.phone.empty() ||
            !res.key_tags.empty() ||
            (res.disability_grade >= 1 && res.disability_grade <= 2) ||
            (gender != 0 && res.person.gender != gender) ||
            taken_.contains({static_cast<int>(h), static_cast<int>(r)}))
          continue;
        fits.push_back({static_cast<int>(h), static_cast<int>(r)});
      }
    }
    if (fits.empty()) return {-1, -1};
    const auto pick = fits[rng.Index(fits.size())];
    taken_.insert(pick);
    return pick;
  }

  // Like PickResident, but someone from outside the community when no
  // resident fits, so every role is always filled.
  PersonRef RoleHolder(Rng& rng, int min_age, int max_age, char gender = 0) {
    const auto [h, r] = PickResident(rng, min_age, max_age, -1, gender);
    if (h >= 0) return Ref(h, r);
    const GeneratedPerson p = people_.Person({.gender = gender,
                                              .min_age = min_age,
                                              .max_age = max_age,
                                              .phone = PhonePolicy::kAlways});
    return {p.name, p.phone, -1, -1};
  }

  int GridOf(const PersonRef& p) const {
    return p.household_index < 0 ? -1
                                 : d_.households[p.household_index].grid_index;
  }

  void BuildStaffAndLeaders() {
    Rng rng = rng_.Fork();
    static constexpr const char* kLeaderTitles[] = {
        "党委书记",     "居委会主任",   "党委副书记",
        "居委会副主任", "居委会副主任", "居委会委员"};
    for (const char* title : kLeaderTitles)
      d_.staff.push_back({"leader", title, RoleHolder(rng, 38, 58)});
    for (int i = 0; i < kGrids; ++i)
      d_.staff.push_back({"worker", "社区工作人员", RoleHolder(rng, 24, 45)});
    for (size_t g = 0; g < d_.village_groups.size(); ++g) {
      auto pick = PickResident(rng, 40, 65, static_cast<int>(g),
                               rng.Chance(0.75) ? 'M' : 0);
      if (pick.first < 0) pick = PickResident(rng, 25, 75, static_cast<int>(g));
      if (pick.first >= 0)
        d_.village_groups[g].group_leader = Ref(pick.first, pick.second);
    }
    // Six leaders each answer for two neighbouring grids; each grid has its
    // own worker and the leader of its most populous group.
    for (int i = 0; i < kGrids; ++i) {
      Grid& grid = d_.grids[i];
      const int leader = i / 2, worker = 6 + i;
      grid.team.push_back({"leader", d_.staff[leader].person, leader});
      grid.team.push_back({"worker", d_.staff[worker].person, worker});
      int largest = grid.village_group_indices[0];
      for (int g : grid.village_group_indices)
        if (d_.village_groups[g].population >
            d_.village_groups[largest].population)
          largest = g;
      grid.team.push_back(
          {"group_leader", d_.village_groups[largest].group_leader, -1});
    }
  }

  // ---- Units ------------------------------------------------------------

  static std::string MerchantShopName(std::string_view business) {
    static const std::map<std::string_view, std::string_view> kSuffix = {
        {"五金", "五金店"},         {"建材", "建材经营部"},
        {"餐饮", "小吃店"},         {"副食", "副食店"},
        {"废品回收", "废品回收站"}, {"摩托车修理", "摩托车修理部"},
        {"服装", "服装店"},         {"水果", "水果店"},
        {"理发", "理发店"},         {"手机维修", "手机维修店"},
        {"早点", "早点铺"},         {"装潢", "装潢材料店"}};
    return std::string(kSuffix.at(business));
  }

  // How a shop advertises where its owner is from: the province, or for
  // someone from elsewhere in Jiangsu the city ("宿迁", not "江苏").
  static std::string HomeLabel(const Region& region) {
    if (region.province_short != "江苏")
      return std::string(region.province_short);
    std::string_view city = region.city;
    if (city.ends_with("市")) city.remove_suffix(std::string_view("市").size());
    return std::string(city);
  }

  void BuildUnits() {
    Rng rng = rng_.Fork();
    static constexpr std::pair<const char*, int> kBusinesses[] = {
        {"五金", 12},    {"建材", 12},      {"餐饮", 18}, {"副食", 14},
        {"废品回收", 8}, {"摩托车修理", 7}, {"服装", 7},  {"水果", 6},
        {"理发", 5},     {"手机维修", 4},   {"早点", 5},  {"装潢", 5}};
    int total_weight = 0;
    for (const auto& b : kBusinesses) total_weight += b.second;
    for (int h : merchant_households_) {
      const Household& household = d_.households[h];
      const GeneratedPerson& owner = household.residents[0].person;
      int x = static_cast<int>(rng.Between(0, total_weight - 1));
      size_t b = 0;
      while (x >= kBusinesses[b].second) x -= kBusinesses[b++].second;
      Unit& unit = d_.units.emplace_back();
      unit.kind = "outside_merchant";
      unit.business = kBusinesses[b].first;
      unit.name = HomeLabel(*FindRegion(owner.origin_region_code)) +
                  owner.surname + "记" + MerchantShopName(unit.business);
      unit.grid_index = household.grid_index;
      unit.household_index = h;
      unit.contact = Ref(h, 0);
      unit.licence_number = people_.CreditCode("92", d_.area.district_code);
      int adults = 0;
      for (const Resident& r : household.residents)
        adults += r.person.age >= 18;
      unit.employees = std::max(1, adults);
    }

    struct Spec {
      const char* kind;
      const char* name;
      const char* business;
      const char* street;  // Address estate.
      int min_staff, max_staff;
    };
    static constexpr Spec kOthers[] = {
        {"shop", "东阳便民超市", "超市", "东阳街", 3, 6},
        {"shop", "东阳农资经营部", "农资", "东阳街", 1, 3},
        {"shop", "东阳大药房", "药品零售", "东阳街", 2, 4},
        {"shop", "东阳饭店", "餐饮", "东阳街", 4, 10},
        {"shop", "东阳理发店", "理发", "东阳街", 1, 3},
        {"shop", "东阳五金电器商店", "五金", "东阳街", 1, 3},
        {"shop", "东阳快递驿站", "快递", "东阳街", 1, 3},
        {"shop", "东阳早餐店", "餐饮", "东阳街", 2, 4},
        {"shop", "东阳副食品商店", "副食", "东阳街", 1, 3},
        {"company", "南京东阳建材有限公司", "建材", "东阳工业集中区", 30, 90},
        {"company", "南京汤山石材加工厂", "石材加工", "东阳工业集中区", 20, 60},
        {"company", "南京市江宁区东阳服装厂", "服装加工", "东阳工业集中区", 60,
         150},
        {"company", "南京东阳机械配件有限公司", "机械配件", "东阳工业集中区",
         25, 80},
        {"company", "南京汤泉物流有限公司", "物流", "东阳工业集中区", 15, 40},
        {"school", "南京市江宁区东阳小学", "小学教育", "东阳路", 35, 50},
        {"school", "东阳社区幼儿园", "学前教育", "东阳路", 12, 20},
        {"key_place", "东阳加油站", "加油站", "东阳路", 6, 12},
        {"key_place", "东阳旅馆", "旅馆", "东阳路", 2, 5},
        {"key_place", "极速网吧", "网吧", "东阳路", 2, 4},
        {"key_place", "东阳液化气供应站", "液化气供应", "东阳路", 2, 4},
    };
    for (const Spec& s : kOthers) {
      Unit& unit = d_.units.emplace_back();
      unit.kind = s.kind;
      unit.name = s.name;
      unit.business = s.business;
      unit.address.estate = s.street;
      int c = 0, r = 0;
      if (unit.kind == "company") {
        c = kIndustrialColumn, r = kIndustrialRow;
      } else if (unit.kind == "shop") {
        c = static_cast<int>(rng.Between(1, kColumns - 2)), r = kMarketRow;
      } else {  // 东阳路 runs north-south just west of the estates.
        c = kColumns / 2 - 1, r = static_cast<int>(rng.Index(kRows));
      }
      unit.address.point = PointIn(rng, c, r);
      const int g = GroupAt(c, r);
      unit.grid_index = d_.village_groups[g].grid_index;
      // Shop owners live in the group; others' contacts may live anywhere.
      const auto [h, i] = unit.kind == "shop" ? PickResident(rng, 28, 62, g)
                                              : std::pair(-1, -1);
      if (h >= 0) {
        unit.contact = Ref(h, i);
      } else {
        const GeneratedPerson p = people_.Person(
            {.min_age = 32, .max_age = 60, .phone = PhonePolicy::kAlways});
        unit.contact = {p.name, p.phone, -1, -1};
      }
      const char* kind_code = unit.kind == "school" ? "12"
                              : unit.kind == "shop" ? "92"
                                                    : "91";
      unit.licence_number =
          people_.CreditCode(kind_code, d_.area.district_code);
      unit.employees = static_cast<int>(rng.Between(s.min_staff, s.max_staff));
    }
  }

  // House numbers rise along each street: west to east on 东阳街 and in the
  // industrial zone, south to north on 东阳路.
  void NumberStreets() {
    std::map<std::string, std::vector<Address*>> streets;
    for (int h : merchant_households_)
      streets["东阳街"].push_back(&d_.households[h].address);
    for (Unit& unit : d_.units)
      if (unit.kind != "outside_merchant")
        streets[unit.address.estate].push_back(&unit.address);
    for (auto& [street, addresses] : streets) {
      const bool by_lat = street == "东阳路";
      std::stable_sort(addresses.begin(), addresses.end(),
                       [by_lat](const Address* a, const Address* b) {
                         return by_lat ? a->point.lat < b->point.lat
                                       : a->point.lon < b->point.lon;
                       });
      for (size_t i = 0; i < addresses.size(); ++i)
        addresses[i]->building = std::to_string(i + 1) + "号";
    }
    for (Unit& unit : d_.units)
      if (unit.household_index >= 0)
        unit.address = d_.households[unit.household_index].address;
  }

  // ---- Patrols ----------------------------------------------------------

  PatrolMember Member(const PersonRef& person) {
    return {person, GridOf(person)};
  }

  void BuildPatrols() {
    Rng rng = rng_.Fork();
    PatrolTeam sunset{"夕阳红巡逻队", "volunteer", 0, {}};
    const int wanted = static_cast<int>(rng.Between(505, 555));
    // Every fitting resident at once, then a random subset: cheaper than one
    // scan per member.
    std::vector<std::pair<int, int>> fits;
    for (size_t h = 0; h < d_.households.size(); ++h)
      for (size_t r = 0; r < d_.households[h].residents.size(); ++r) {
        const Resident& res = d_.households[h].residents[r];
        const std::pair<int, int> at{static_cast<int>(h), static_cast<int>(r)};
        if (res.category == "registered" &&
            res.household_status == "together" && res.person.age >= 55 &&
            res.person.age <= 78 && res.key_tags.empty() &&
            res.disability_grade == 0 &&
            !HasTag(res.care_tags, "elderly_alone") && !taken_.contains(at))
          fits.push_back(at);
      }
    Shuffle(rng, fits);
    if (static_cast<int>(fits.size()) > wanted) fits.resize(wanted);
    for (const auto& at : fits) {
      taken_.insert(at);
      sunset.members.push_back(Member(Ref(at.first, at.second)));
    }
    // Too few pensioners (never with the default layout): neighbours from
    // outside the community fill the team.
    while (static_cast<int>(sunset.members.size()) < wanted) {
      const GeneratedPerson p = people_.Person(
          {.min_age = 55, .max_age = 72, .phone = PhonePolicy::kAlways});
      sunset.members.push_back({{p.name, p.phone, -1, -1}, -1});
    }
    for (size_t i = 0; i < sunset.members.size(); ++i) {
      const PersonRef& p = sunset.members[i].person;
      if (p.household_index >= 0 && !p.phone.empty() &&
          d_.households[p.household_index]
                  .residents[p.resident_index]
                  .person.age <= 68) {
        sunset.leader_index = static_cast<int>(i);
        break;
      }
    }

    PatrolTeam night{"夜间巡逻队", "night", 0, {}};
    for (int i = 0; i < 9; ++i)
      night.members.push_back(Member(RoleHolder(rng, 30, 58, 'M')));

    // Supervision: the deputy party secretary leads four resident
    // representatives.
    PatrolTeam supervision{"巡逻监督队", "supervision", 0, {}};
    supervision.members.push_back(Member(d_.staff[2].person));
    for (int i = 0; i < 4; ++i)
      supervision.members.push_back(Member(RoleHolder(rng, 50, 70)));

    // Each grid team gains a night patroller living there, if any, and
    // volunteers from 夕阳红 up to 1-3 extra members.
    for (size_t g = 0; g < d_.grids.size(); ++g) {
      Grid& grid = d_.grids[g];
      const int extras = static_cast<int>(rng.Between(1, 3));
      for (const PatrolMember& m : night.members)
        if (m.grid_index == static_cast<int>(g)) {
          grid.team.push_back({"patrol", m.person, -1});
          break;
        }
      std::vector<const PatrolMember*> local;
      for (const PatrolMember& m : sunset.members)
        if (m.grid_index == static_cast<int>(g) && !m.person.phone.empty())
          local.push_back(&m);
      Shuffle(rng, local);
      for (const PatrolMember* m : local) {
        if (static_cast<int>(grid.team.size()) >= 3 + extras) break;
        grid.team.push_back({"volunteer", m->person, -1});
      }
    }
    d_.patrol_teams = {std::move(sunset), std::move(night),
                       std::move(supervision)};
  }

  DongyangOptions options_;
  PeopleGenerator people_;
  Rng rng_;
  DongyangDataset d_;
  std::vector<std::vector<LonLat>> lattice_;
  std::vector<int> merchant_households_;
  std::set<std::pair<int, int>> taken_;  // Residents given a role.
  int lease_sequence_ = 0;
};

}  // namespace

std::string FullAddress(const Address& address) {
  return address.estate + address.building + address.unit + address.room;
}

int DongyangDataset::ResidentCount() const {
  int n = 0;
  for (const Household& h : households)
    n += static_cast<int>(h.residents.size());
  return n;
}

DongyangDataset GenerateDongyang(const DongyangOptions& options) {
  return Builder(options).Build();
}

DongyangDataset GenerateDongyang(uint64_t seed) {
  return GenerateDongyang(DongyangOptions{.seed = seed});
}

std::string SummarizeDongyang(const DongyangDataset& d) {
  std::map<std::string, int> categories, statuses, care, key, uses, units,
      dangers;
  int floating_unregistered = 0, floating_overdue = 0;
  for (const Household& h : d.households) {
    ++uses[h.house.use];
    if (h.house.rental) ++dangers[h.house.hidden_danger];
    for (const Resident& r : h.residents) {
      ++categories[r.category];
      ++statuses[r.household_status];
      for (const auto& t : r.care_tags) ++care[t];
      for (const auto& t : r.key_tags) ++key[t];
      if (r.category == "floating" && !r.arrival.registered) {
        ++floating_unregistered;
        floating_overdue += r.arrival.registration_deadline < d.as_of_date;
      }
    }
  }
  for (const Unit& u : d.units) ++units[u.kind];
  std::string out;
  auto line = [&](const std::string& label,
                  const std::map<std::string, int>& m) {
    out += label + ":";
    for (const auto& [k, v] : m) out += " " + k + "=" + std::to_string(v);
    out += "\n";
  };
  out += d.area.community_name + " (" + d.area.community_code + "), seed " +
         std::to_string(d.seed) + ", as of " + d.as_of_date + "\n";
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "area %.2f km2, %zu village groups, %zu grids, %zu households, "
                "%d residents\n",
                d.area.area_km2, d.village_groups.size(), d.grids.size(),
                d.households.size(), d.ResidentCount());
  out += buf;
  line("houses by use", uses);
  line("rental hidden danger", dangers);
  line("residents by category", categories);
  line("residents by household status", statuses);
  out += "floating not registered: " + std::to_string(floating_unregistered) +
         " (overdue " + std::to_string(floating_overdue) + ")\n";
  line("care tags", care);
  line("key tags", key);
  line("units by kind", units);
  for (const PatrolTeam& t : d.patrol_teams)
    out += "patrol " + t.name + " (" + t.kind +
           "): " + std::to_string(t.members.size()) + " members, leader " +
           t.members[t.leader_index].person.name + "\n";
  double mean = 0;
  for (const Grid& g : d.grids) mean += g.population;
  mean /= std::max<size_t>(1, d.grids.size());
  double lo = 0, hi = 0;
  for (const Grid& g : d.grids) {
    const double dev = (g.population - mean) / mean * 100;
    lo = std::min(lo, dev);
    hi = std::max(hi, dev);
    std::snprintf(buf, sizeof buf,
                  "  %s %s: %zu groups, %d households, %d people (%+.1f%%), "
                  "leader %s, worker %s, group leader %s, team %zu\n",
                  g.sequence.c_str(), g.name.c_str(),
                  g.village_group_indices.size(), g.households, g.population,
                  dev, g.team[0].person.name.c_str(),
                  g.team[1].person.name.c_str(), g.team[2].person.name.c_str(),
                  g.team.size());
    out += buf;
  }
  std::snprintf(buf, sizeof buf,
                "grid population mean %.1f, deviation %+.1f%% .. %+.1f%%\n",
                mean, lo, hi);
  out += buf;
  return out;
}

}  // namespace wangge::demo
