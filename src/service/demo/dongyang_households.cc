// Dongyang demo, households: households per village group, flats and
// village houses, letting to tenants and merchants, then foreign residents
// and the care and key-person tags.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "service/demo/dongyang_builder.h"

namespace wangge::demo::internal {
namespace {

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

}  // namespace

std::string Builder::Structure(bool flat) {
  const int x = static_cast<int>(rng_.Between(0, 99));
  if (flat) return x < 80 ? "frame" : "brick_concrete";
  return x < 72 ? "brick_concrete" : x < 88 ? "brick_wood" : "frame";
}

std::vector<int> Builder::HouseholdsPerCell(Rng& rng,
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

void Builder::BuildHouseholds() {
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

void Builder::BuildCell(int c, int r, int count, int merchants,
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
    merchant_households_.push_back(static_cast<int>(d_.households.size()) - 1);
  }
}

void Builder::LetHouse(Household& h, const std::vector<int>& landlords,
                       bool shop) {
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

void Builder::AddForeignResidents() {
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
      r.arrival =
          MakeArrival(rng, options_.as_of_days - rng.Between(3 * 365, 12 * 365),
                      "family", 1);
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

void Builder::TagCareGroups() {
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

void Builder::TagKeyPersons() {
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

}  // namespace wangge::demo::internal
