// The Dongyang demo community (东阳社区) as plain data: area codes, village
// groups and grids with exact polygons, households with houses and
// residents, units, and patrol teams. Generated deterministically from a
// seed, so demos, tests and screenshots always show the same community.
//
// Shape of the data (see the report in shared/seed): a semi-rural community
// of about 10 km² beside Jurong, 12 grids drawn from whole village groups by
// population, each run by a community leader, a community worker and a
// resident group leader; many migrant renters; 128 outside merchant
// households; a 500+ "夕阳红" volunteer patrol, a 9-person night patrol and a
// patrol supervision team.
//
// References between records are indices into the vectors of
// DongyangDataset; -1 means "none":
//   - VillageGroup::grid_index, Household::grid_index, Unit::grid_index,
//     PatrolMember::grid_index -> grids.
//   - Household::village_group_index, Grid::village_group_indices ->
//     village_groups.
//   - A resident is (household_index, resident_index) ->
//     households[h].residents[r]; PersonRef carries both, or -1/-1 for a
//     person who is not a resident of the community.
//   - Unit::household_index -> the shop_residence household an outside
//     merchant trades and lives in.
//   - TeamMember::staff_index -> staff.
//
// Codes are lowercase ASCII strings listed beside each field; Chinese terms
// are given for the user-facing labels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "service/demo/people_generator.h"

namespace wangge::demo {

// WGS84 degrees.
struct LonLat {
  double lon = 0;
  double lat = 0;

  bool operator==(const LonLat&) const = default;
};

// A closed ring: first point == last point, counter-clockwise, no
// self-intersection. Neighbouring rings share vertices bit for bit.
using Ring = std::vector<LonLat>;

// Someone named in a record. household_index/resident_index point at the
// person's resident record when the person lives in the community, else -1.
struct PersonRef {
  std::string name;
  std::string phone;
  int household_index = -1;
  int resident_index = -1;

  bool operator==(const PersonRef&) const = default;
};

// District -> street -> community. Codes are strings, each child's code its
// parent's plus a zero-padded sequence (GB/T 2260 + 3 + 3 digits); a grid's
// code adds two more digits.
struct AreaInfo {
  std::string district_name;   // "南京市江宁区"
  std::string district_code;   // "320115"
  std::string street_name;     // "汤山街道"
  std::string street_code;     // "320115003"
  std::string community_name;  // "东阳社区"
  std::string community_code;  // "320115003012"
  Ring boundary;               // The outline of all village groups.
  double area_km2 = 0;

  bool operator==(const AreaInfo&) const = default;
};

// A village group (村民小组), the unit grids are drawn from. The groups tile
// the community: rings share edges exactly, with no gap and no overlap.
struct VillageGroup {
  std::string name;  // "东阳一组", "王家边组"
  // "estate": mostly a resettlement estate (安置小区) of flats;
  // "village": village houses; "industrial": the small industrial zone.
  std::string kind;
  int column = 0;  // Lattice cell: columns west->east, rows south->north.
  int row = 0;
  Ring ring;  // A convex quadrilateral (5 points with the closing one).
  int grid_index = -1;
  int households = 0;      // Households whose address lies in the group.
  int population = 0;      // Residents of those households, every status.
  PersonRef group_leader;  // 村民小组长, a registered resident of the group.

  bool operator==(const VillageGroup&) const = default;
};

// A standard address (标准地址). Flats: estate "东阳花园", building "12幢",
// unit "2单元", room "301室". Village houses: estate "东阳村", building
// "王家边组45号", unit and room empty. Street-front shops: estate "东阳街",
// building "18号". The point lies strictly inside the grid's ring.
struct Address {
  std::string estate;
  std::string building;
  std::string unit;
  std::string room;
  LonLat point;

  bool operator==(const Address&) const = default;
};

// The address as one line, e.g. "东阳花园12幢2单元301室".
std::string FullAddress(const Address& address);

// The house (实有房屋) a household lives in; one per household.
struct House {
  // "own" 自住, "rental" 出租 (to migrants), "shop_residence" 商住 (an outside
  // merchant's shop with living rooms), "vacant" 空置 (the registered family
  // lives elsewhere).
  std::string use;
  // "frame" 框架, "brick_concrete" 砖混, "brick_wood" 砖木, "simple" 简易房.
  std::string structure;
  double floor_area_m2 = 0;
  bool rental = false;  // True for "rental" and "shop_residence".
  // Rentals only: the owner letting the house, usually a villager of the same
  // group (landlord.household_index is then the owner's own household).
  PersonRef landlord;
  std::string lease_filing_number;  // 租赁备案号; empty when never filed.
  int rooms_let = 0;
  int max_occupants = 0;  // Above this the house is overcrowded.
  // 安全 "safe", 一般 "general", 严重 "serious"; rentals and shops only, others
  // "safe".
  std::string hidden_danger = "safe";
  bool pledge_signed = false;  // 治安责任书 signed by the landlord (rentals).

  bool operator==(const House&) const = default;
};

// Arrival facts of a floating or foreign resident. Floating people must
// register within 3 days of arrival (natural days here); foreigners staying
// in a private home within 24 hours, so their deadline is the next day.
struct Arrival {
  std::string arrival_date;  // "YYYY-MM-DD"
  // "work" 务工, "business" 经商, "family" 投靠亲友, "study" 就学, "other"
  // 其他.
  std::string reason;
  int expected_stay_months = 0;
  std::string registration_deadline;  // "YYYY-MM-DD"
  bool registered = false;
  std::string registered_date;  // Empty when not registered.

  bool operator==(const Arrival&) const = default;
};

struct Resident {
  // Name, gender, birth date, ID number (empty for foreigners, who carry
  // nationality and passport_number instead), phone and origin.
  GeneratedPerson person;
  // "registered" 户籍, "floating" 流动, "foreign" 境外.
  std::string category;
  // "together" 人户同在, "household_only" 户在人不在 (registered here, living
  // elsewhere), "person_only" 人在户不在 (living here, registered elsewhere).
  std::string household_status;
  // Relation to the head: "head" 户主, "spouse" 配偶, "child" 子女, "parent"
  // 父母, "grandchild" 孙子女, "sibling" 兄弟姐妹, "other" 其他, "tenant"
  // 租住人员. Everyone in a "rental" house is a "tenant" of the landlord's
  // household; the first one is the lessee.
  std::string relation;
  Arrival arrival;  // Floating and foreign residents only.
  // Groups needing care (关爱对象): "elderly_alone" 孤寡/独居老人,
  // "empty_nest" 空巢老人, "disabled" 残疾人, "low_income" 低保,
  // "left_behind_child", "left_behind_woman", "left_behind_elderly" 留守.
  std::vector<std::string> care_tags;
  int disability_grade = 0;  // 1 (most severe) to 4 when "disabled", else 0.
  // "visual", "hearing", "speech", "physical", "intellectual", "mental",
  // "multiple" when "disabled", else empty.
  std::string disability_type;
  // Key persons for public order (重点人员), rare: "community_correction"
  // 社区矫正, "released_prisoner" 刑满释放, "mental_disorder" 严重精神障碍,
  // "drug_user" 吸毒人员. Sensitive personal information.
  std::vector<std::string> key_tags;

  bool operator==(const Resident&) const = default;
};

struct Household {
  int village_group_index = -1;
  int grid_index = -1;
  Address address;
  House house;
  std::vector<Resident> residents;  // Never empty.
  int head_resident_index = 0;      // 户主, or the lessee of a rental.

  bool operator==(const Household&) const = default;
};

// A member of the community's staff (社区干部).
struct StaffMember {
  std::string role;  // "leader" 社区领导, "worker" 社区工作人员.
  std::string title;  // "党委书记", "居委会主任", "社区工作人员", ...
  PersonRef person;  // Staff are registered residents of the community.

  bool operator==(const StaffMember&) const = default;
};

struct TeamMember {
  // "leader" 社区领导 (负责人), "worker" 社区工作人员, "group_leader"
  // 居民小组长, "volunteer" 志愿者 (夕阳红), "patrol" 夜间巡逻队员.
  std::string role;
  PersonRef person;
  int staff_index = -1;  // For "leader" and "worker".

  bool operator==(const TeamMember&) const = default;
};

// A grid (网格): a vertical run of whole village groups in one column of the
// lattice, so its ring is the union outline through the shared vertices.
// Numbered west->east by column, north->south within a column.
struct Grid {
  std::string sequence;                    // "01".."12"
  std::string code;                        // community_code + sequence
  std::string name;                        // "第一网格".."第十二网格"
  std::vector<int> village_group_indices;  // North to south.
  Ring ring;
  int households = 0;
  int population = 0;  // Sum of its village groups' populations.
  // team[0] leader (the person responsible), team[1] worker, team[2] group
  // leader living in the grid, then 1-3 volunteers or patrol members.
  std::vector<TeamMember> team;

  bool operator==(const Grid&) const = default;
};

// A real unit (实有单位).
struct Unit {
  // "outside_merchant" 外来商住户, "shop" local shop, "company", "school",
  // "key_place" 治安重点场所 (petrol station, inn, internet cafe, gas depot).
  std::string kind;
  std::string name;      // "安徽王记五金店"
  std::string business;  // "五金", "建材", "餐饮", "加油站", ...
  int grid_index = -1;
  int household_index = -1;  // Outside merchants: their shop_residence.
  Address address;
  PersonRef contact;           // Owner or legal representative.
  std::string licence_number;  // Unified social credit code, 18 characters.
  int employees = 0;

  bool operator==(const Unit&) const = default;
};

struct PatrolMember {
  PersonRef person;
  int grid_index = -1;  // Where the member lives; -1 if not a resident.

  bool operator==(const PatrolMember&) const = default;
};

struct PatrolTeam {
  std::string name;  // "夕阳红巡逻队", "夜间巡逻队", "巡逻监督队"
  // "volunteer" (retired residents aged 55+), "night" (9 men),
  // "supervision" (a community leader and resident representatives).
  std::string kind;
  int leader_index = 0;  // Into members.
  std::vector<PatrolMember> members;

  bool operator==(const PatrolTeam&) const = default;
};

struct DongyangDataset {
  uint64_t seed = 0;
  std::string as_of_date;  // "YYYY-MM-DD": ages and arrivals are as of it.
  AreaInfo area;
  std::vector<VillageGroup> village_groups;  // Columns west->east, rows
                                             // north->south.
  std::vector<Grid> grids;                   // 12, in sequence order.
  std::vector<Household> households;
  std::vector<StaffMember> staff;
  std::vector<Unit> units;
  std::vector<PatrolTeam> patrol_teams;  // volunteer, night, supervision.

  int ResidentCount() const;
  bool operator==(const DongyangDataset&) const = default;
};

struct DongyangOptions {
  uint64_t seed = 2008;
  int64_t as_of_days = kDefaultAsOfDays;  // Days since 1970-01-01.
};

// Generates the community: 12 grids, ~28 village groups, 3,000 households,
// ~9,000 residents (±5% by seed), 128 outside merchants, ~20 other units, a
// volunteer patrol of 500-560, a night patrol of 9 and a supervision team of
// 5. The same options always give an equal dataset. Takes about 20-30 ms.
DongyangDataset GenerateDongyang(const DongyangOptions& options);
DongyangDataset GenerateDongyang(uint64_t seed = 2008);

// A multi-line human summary (counts by category, tag, unit kind, team and
// grid) for the CLI and logs.
std::string SummarizeDongyang(const DongyangDataset& dataset);

}  // namespace wangge::demo
