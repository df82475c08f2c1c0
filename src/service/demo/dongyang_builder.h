// Internal to the Dongyang demo dataset (see dongyang_dataset.h): the layout
// constants, small helpers and the Builder that generates the community. The
// stages share the builder's state (lattice, people, the index conventions of
// dongyang_dataset.h); Build() runs them top to bottom as the story of how
// the community is put together, and each stage lives in the file named in
// its section below.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "service/demo/dongyang_dataset.h"
#include "service/demo/people_generator.h"

namespace wangge::demo::internal {

// Layout: the community is a rectangle of about 3.6 km x 2.8 km split into a
// lattice of kColumns x kRows village groups; grids are vertical runs of
// groups inside one column.
inline constexpr int kColumns = 7;
inline constexpr int kRows = 4;
inline constexpr int kGrids = 12;
inline constexpr double kWestLon = 119.1505;
inline constexpr double kSouthLat = 31.9374;
inline constexpr double kWidthDeg = 0.0381;    // ~3.6 km at 31.95°N.
inline constexpr double kHeightDeg = 0.02525;  // ~2.8 km.
inline constexpr int kHouseholds = 3000;
inline constexpr int kOutsideMerchants = 128;  // The report's figure.
inline constexpr int kMarketRow = 1;  // 东阳街 runs west-east through it.

enum class CellKind { kVillage, kEstate, kIndustrial };

struct EstateCell {
  int column, row;
  const char* estate;
};
// The resettlement estates sit in the middle of the community.
inline constexpr EstateCell kEstateCells[] = {
    {3, 2, "东阳花园"}, {4, 2, "东阳花园"}, {3, 1, "东阳新村"}};
inline constexpr int kIndustrialColumn = 6, kIndustrialRow = 0;

template <class T>
void Shuffle(Rng& rng, std::vector<T>& v) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.Index(i)]);
}

inline bool HasTag(const std::vector<std::string>& tags, std::string_view tag) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

class Builder {
 public:
  explicit Builder(const DongyangOptions& options)
      : options_(options),
        people_(options.seed, options.as_of_days),
        rng_(options.seed ^ 0xD0E6A9ULL) {}

  // Runs the stages in order (dongyang_dataset.cc).
  DongyangDataset Build();

 private:
  // ---- Geometry: village groups and grids (dongyang_layout.cc) ----------

  void BuildArea();

  // Vertex (c, r) of the lattice, c west->east and r south->north. Inner
  // vertices move up to 12% of a cell each way, which keeps every cell
  // convex; border vertices move only along the border, so the community
  // stays a rectangle.
  void BuildLattice();

  int GroupAt(int c, int r) const { return c * kRows + (kRows - 1 - r); }

  CellKind KindAt(int c, int r) const;

  const char* EstateAt(int c, int r) const;

  // A point strictly inside cell (c, r): a bilinear blend of its corners
  // with a 5% margin, which lands inside any convex quadrilateral.
  LonLat PointIn(Rng& rng, int c, int r);

  void BuildVillageGroups();

  void BuildGrids();

  // ---- People (dongyang_residents.cc) -----------------------------------

  Resident NewResident(const PersonSpec& spec, const char* category,
                       const char* status, const char* relation);

  Resident Local(char gender, int age, const char* relation,
                 const std::string& surname = {},
                 const char* status = "together");

  // Arrival facts: most registered within the 3 days, some late, about 7%
  // never (overdue); people who arrived in the last 3 days may still be
  // within the deadline.
  Arrival MakeArrival(Rng& rng, int64_t arrival_days, std::string reason,
                      int deadline_days);

  // Nobody arrives before being born: children born here since their
  // parents came "arrive" on their birth date.
  static int64_t NotBeforeBirth(int64_t arrival, const Resident& r);

  int64_t DrawArrival(Rng& rng);

  // A registered local family living in its own house, drawn from the
  // household types of a Jiangning village: young families, three
  // generations, empty nests, elderly alone and left-behind families.
  std::vector<Resident> LocalFamily();

  // A family registered here but living elsewhere (the house stands empty).
  std::vector<Resident> AwayFamily();

  // Lessees and merchants always have a phone: landlords and the grid must
  // be able to reach them.
  Resident Migrant(char gender, int min_age, int max_age,
                   std::string_view region, const std::string& surname,
                   const char* relation,
                   PhonePolicy phone = PhonePolicy::kByAge);

  // Migrants renting a house: single workers, couples, families with
  // children, or co-workers sharing rooms, often from one county.
  std::vector<Resident> Tenants();

  // An outside merchant's family living behind or above its shop.
  std::vector<Resident> MerchantFamily();

  // ---- Households (dongyang_households.cc) ------------------------------

  struct Flat {
    int building;
    int unit;
    int room;
    LonLat point;
  };

  std::string Structure(bool flat);

  // Households per cell come from a sketch of the grid design: the lattice
  // columns get 1-3 grids, each grid about the same number of households
  // spread over its groups (estates heavy, the industrial zone light). The
  // grids are then re-derived from the real populations in BuildGrids.
  // Merchant households (merchants[c] in the market row of column c) count
  // towards their grid's share.
  std::vector<int> HouseholdsPerCell(Rng& rng,
                                     const std::vector<int>& merchants);

  void BuildHouseholds();

  void BuildCell(int c, int r, int count, int merchants,
                 std::map<std::string, int>& next_building);

  // Fills the rental facts of a let house: a landlord from the group's own
  // households (one who has a phone), the lease filing, rooms and occupancy,
  // and a hidden-danger level that tracks overcrowding and flimsy structures.
  void LetHouse(Household& h, const std::vector<int>& landlords, bool shop);

  // A handful of foreigners: Vietnamese wives married into village families
  // and Korean staff of a company renting nearby.
  void AddForeignResidents();

  // Disability (about 2.2% of registered people living here), and 低保 for
  // about 3% of local families, more often for the elderly alone and
  // families with a severely disabled member.
  void TagCareGroups();

  // Key persons are rare: a few dozen in all, adults who live here.
  void TagKeyPersons();

  // ---- People in charge (dongyang_roles.cc) -----------------------------

  PersonRef Ref(int h, int r) const;

  // Picks a registered resident living here, of an age range, with a phone,
  // not yet given a role and without key-person or severe-disability tags.
  // `group` limits the search to one village group (-1: anywhere); returns
  // {-1, -1} when nobody fits.
  std::pair<int, int> PickResident(Rng& rng, int min_age, int max_age,
                                   int group = -1, char gender = 0);

  // Like PickResident, but someone from outside the community when no
  // resident fits, so every role is always filled.
  PersonRef RoleHolder(Rng& rng, int min_age, int max_age, char gender = 0);

  int GridOf(const PersonRef& p) const;

  void BuildStaffAndLeaders();

  // ---- Units (dongyang_roles.cc) ----------------------------------------

  static std::string MerchantShopName(std::string_view business);

  // How a shop advertises where its owner is from: the province, or for
  // someone from elsewhere in Jiangsu the city ("宿迁", not "江苏").
  static std::string HomeLabel(const Region& region);

  void BuildUnits();

  // House numbers rise along each street: west to east on 东阳街 and in the
  // industrial zone, south to north on 东阳路.
  void NumberStreets();

  // ---- Patrols (dongyang_roles.cc) --------------------------------------

  PatrolMember Member(const PersonRef& person);

  void BuildPatrols();

  DongyangOptions options_;
  PeopleGenerator people_;
  Rng rng_;
  DongyangDataset d_;
  std::vector<std::vector<LonLat>> lattice_;
  std::vector<int> merchant_households_;
  std::set<std::pair<int, int>> taken_;  // Residents given a role.
  int lease_sequence_ = 0;
};

}  // namespace wangge::demo::internal
