// Dongyang demo, residents: local families, families living elsewhere,
// migrant tenants and merchant families, with their arrival facts.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "service/demo/dongyang_builder.h"

namespace wangge::demo::internal {

Resident Builder::NewResident(const PersonSpec& spec, const char* category,
                              const char* status, const char* relation) {
  Resident r;
  r.person = people_.Person(spec);
  r.category = category;
  r.household_status = status;
  r.relation = relation;
  return r;
}

Resident Builder::Local(char gender, int age, const char* relation,
                        const std::string& surname, const char* status) {
  PersonSpec spec{.gender = gender, .min_age = age, .max_age = age};
  spec.surname = surname;
  return NewResident(spec, "registered", status, relation);
}

Arrival Builder::MakeArrival(Rng& rng, int64_t arrival_days, std::string reason,
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
    if (rng.Chance(0.1)) on = arrival_days + rng.Between(deadline_days + 1, 40);
    a.registered_date = FormatDate(std::min(on, options_.as_of_days));
  }
  return a;
}

int64_t Builder::NotBeforeBirth(int64_t arrival, const Resident& r) {
  int64_t born = 0;
  ParseDate(r.person.birth_date, &born);
  return std::max(arrival, born);
}

int64_t Builder::DrawArrival(Rng& rng) {
  const double x = rng.Unit();
  const int64_t back = x < 0.08   ? rng.Between(0, 45)
                       : x < 0.40 ? rng.Between(46, 730)
                                  : rng.Between(731, 3650);
  return options_.as_of_days - back;
}

std::vector<Resident> Builder::LocalFamily() {
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
    const int elder =
        std::min(95, m[0].person.age + static_cast<int>(rng_.Between(22, 32)));
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
    m.push_back(Local('F', son - static_cast<int>(rng_.Between(0, 4)), "other",
                      {}, "household_only"));
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
    m.push_back(Local(0, age + static_cast<int>(rng_.Between(-6, 6)), "sibling",
                      m[0].person.surname));
    if (rng_.Chance(0.3))
      m.push_back(Local('M', static_cast<int>(rng_.Between(16, 30)), "other",
                        m[0].person.surname));
  }
  return m;
}

std::vector<Resident> Builder::AwayFamily() {
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

Resident Builder::Migrant(char gender, int min_age, int max_age,
                          std::string_view region, const std::string& surname,
                          const char* relation, PhonePolicy phone) {
  PersonSpec spec{.gender = gender,
                  .min_age = min_age,
                  .max_age = max_age,
                  .origin = Origin::kMigrant,
                  .phone = phone};
  spec.region_code = region;
  spec.surname = surname;
  return NewResident(spec, "floating", "person_only", relation);
}

std::vector<Resident> Builder::Tenants() {
  std::vector<Resident> m;
  const int type = static_cast<int>(rng_.Between(0, 99));
  const char lessee_gender = type < 30 ? (rng_.Chance(0.65) ? 'M' : 'F') : 'M';
  m.push_back(
      Migrant(lessee_gender, 19, 55, {}, {}, "tenant", PhonePolicy::kAlways));
  const std::string region = m[0].person.origin_region_code;
  const std::string surname = m[0].person.surname;
  const int64_t arrival = DrawArrival(rng_);
  std::vector<std::string> reasons = {rng_.Chance(0.93) ? "work" : "business"};
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
        reasons.push_back(
            m.back().person.age >= 6 && rng_.Chance(0.6) ? "study" : "family");
      }
    }
  } else if (type >= 80) {  // Co-workers.
    const int n = static_cast<int>(rng_.Between(1, 4));
    for (int i = 0; i < n; ++i) {
      m.push_back(Migrant(
          rng_.Chance(0.8) ? 'M' : 'F', 18, 50,
          rng_.Chance(0.6) ? std::string_view(region) : std::string_view(), {},
          "tenant"));
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

std::vector<Resident> Builder::MerchantFamily() {
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
    m.push_back(Migrant(0, std::max(0, hi - 12), hi, region, surname, "child"));
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

}  // namespace wangge::demo::internal
