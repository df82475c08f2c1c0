#include "service/demo/synthetic_city.h"

#include <cmath>
#include <cstdio>

#include "core/id_card.h"
#include "core/masking.h"
#include "service/demo/people_generator.h"
#include "store/area_store.h"
#include "store/audit_store.h"

namespace wangge::demo {

namespace {
constexpr int64_t kGridsPerCommunity = 10;
constexpr int64_t kCommunitiesPerStreet = 12;
constexpr int64_t kBatchHouseholds = 50000;
// Synthetic people are born on one of these many consecutive days from
// 1940-01-01 and numbered within the day, which keeps ID numbers unique
// for up to 25,000 x 1,000 people without a lookup.
constexpr int64_t kBirthDays = 25000;
constexpr int64_t kDay1940 = -10957;  // 1940-01-01 in days since the epoch

constexpr std::string_view kInsertAddress =
    "INSERT INTO addresses (grid_id, estate, building, unit, room, full_text, "
    "lon, lat, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertHousehold =
    "INSERT INTO households (grid_id, address_id, household_no, head_name, "
    "kind, phone_enc, phone_masked, created_at, updated_at) VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertResident =
    "INSERT INTO residents (household_id, grid_id, name, gender, birth_date, "
    "id_card_enc, id_card_masked, id_card_index, phone_enc, phone_masked, "
    "category, hukou_status, relation, origin, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr std::string_view kBulkCache = "PRAGMA cache_size=-1048576";
// Explicit (non-constraint) indexes of the bulk-loaded tables, with the DDL
// that recreates them exactly as the migrations made them.
constexpr std::string_view kSecondaryIndexes =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
    "NULL AND tbl_name IN ('addresses', 'households', 'residents')";

std::string Pad(int64_t v, int digits) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < digits) s.insert(0, digits - s.size(), '0');
  return s;
}

struct GridRef {
  int64_t id;
  std::string code;
  double lon, lat;  // south-west corner of its cell
};
}  // namespace

Result<SynthSummary> MakeSyntheticCity(
    store::Database& db, const Clock& clock, const FieldCipher& cipher,
    const SynthOptions& options, const std::function<void(int64_t)>& progress) {
  if (options.households < 1 || options.grids < 1 ||
      options.grids > 99 * 999 * 10)
    return Invalid("synth.size", "households and grids must be positive");
  SynthSummary sum;
  const Millis now = clock.Now();
  std::vector<GridRef> grids;
  // Areas first: district, streets, communities, grids on a lattice of
  // about 900 m cells (a 30 x 30 km city for 1,200 grids).
  const int64_t side =
      static_cast<int64_t>(std::ceil(std::sqrt(options.grids)));
  WG_TRY(db.Write([&](store::Connection& c) -> Status {
    auto taken = store::AreaStore::GetByCode(c, options.district_code);
    if (taken)
      return Conflict("synth.exists",
                      "district " + options.district_code + " already exists");
    store::Area district{
        0, std::nullopt, "district", options.district_code, "合成测试区", "",
        1, "basic",      now};
    WG_ASSIGN(district, store::AreaStore::Insert(c, district, now));
    store::Area street, community;
    for (int64_t g = 0; g < options.grids; ++g) {
      const int64_t community_no = g / kGridsPerCommunity;
      if (g % kGridsPerCommunity == 0) {
        if (community_no % kCommunitiesPerStreet == 0) {
          const int64_t s = community_no / kCommunitiesPerStreet + 1;
          street = {0,
                    district.id,
                    "street",
                    district.code + Pad(s, 3),
                    "合成街道" + std::to_string(s),
                    "",
                    s,
                    "basic",
                    now};
          WG_ASSIGN(street, store::AreaStore::Insert(c, street, now));
          ++sum.streets;
        }
        const int64_t cs = community_no % kCommunitiesPerStreet + 1;
        community = {0,
                     street.id,
                     "community",
                     street.code + Pad(cs, 3),
                     "合成社区" + std::to_string(community_no + 1),
                     "",
                     cs,
                     "basic",
                     now};
        WG_ASSIGN(community, store::AreaStore::Insert(c, community, now));
        ++sum.communities;
      }
      const int64_t gs = g % kGridsPerCommunity + 1;
      store::Area grid{0,
                       community.id,
                       "grid",
                       community.code + Pad(gs, 2),
                       "网格" + std::to_string(g + 1),
                       "",
                       gs,
                       "basic",
                       now};
      WG_ASSIGN(grid, store::AreaStore::Insert(c, grid, now));
      grids.push_back({grid.id, grid.code, 118.6 + 0.0095 * (g % side),
                       31.8 + 0.0081 * (g / side)});
      ++sum.grids;
    }
    return {};
  }));

  PeopleGenerator people(options.seed);
  Rng rng(options.seed ^ 0x9e3779b97f4a7c15ULL);
  int64_t person_no = 0;
  auto load = [&](store::Connection& c, int64_t start, int64_t end) -> Status {
    for (int64_t h = start; h < end; ++h) {
      const GridRef& grid = grids[h % grids.size()];
      const int64_t local = h / static_cast<int64_t>(grids.size());
      const std::string estate = "合成小区" + std::to_string(local / 600 + 1);
      const std::string building = std::to_string(local / 60 % 10 + 1) + "幢";
      const std::string unit = std::to_string(local / 20 % 3 + 1) + "单元";
      const std::string room = std::to_string(local % 20 / 4 + 1) + "0" +
                               std::to_string(local % 4 + 1) + "室";
      const double lon = grid.lon + 0.0001 + rng.Unit() * 0.0093;
      const double lat = grid.lat + 0.0001 + rng.Unit() * 0.0079;
      WG_ASSIGN(int64_t address_id,
                c.Insert(kInsertAddress,
                         {grid.id, estate, building, unit, room,
                          estate + building + unit + room, lon, lat, now}));
      const int members = 1 + static_cast<int>(rng.Between(0, 3));
      struct Person {
        std::string name, gender, birth, id, phone;
      };
      std::vector<Person> persons;
      for (int m = 0; m < members; ++m, ++person_no) {
        const int64_t day = kDay1940 + person_no % kBirthDays;
        const int64_t seq = person_no / kBirthDays % 1000;
        const std::string birth = FormatDate(day);
        const char gender = (seq % 2 == 1) ? 'M' : 'F';
        std::string first17 = options.district_code + birth.substr(0, 4) +
                              birth.substr(5, 2) + birth.substr(8, 2) +
                              Pad(seq, 3);
        const std::string id = first17 + IdCardCheckChar(first17);
        const int year = std::stoi(birth.substr(0, 4));
        persons.push_back({people.Surname() + people.GivenName(gender, year),
                           std::string(1, gender), birth, id,
                           m == 0 || rng.Chance(0.6) ? people.Phone() : ""});
      }
      WG_ASSIGN(int64_t hid,
                c.Insert(kInsertHousehold,
                         {grid.id, address_id,
                          grid.code + "-" + std::to_string(local + 1),
                          persons[0].name, std::string("registered"),
                          cipher.Encrypt(persons[0].phone),
                          MaskPhone(persons[0].phone), now, now}));
      for (size_t m = 0; m < persons.size(); ++m) {
        const auto& p = persons[m];
        WG_TRY(c.Exec(
            kInsertResident,
            {hid, grid.id, p.name, p.gender, p.birth, cipher.Encrypt(p.id),
             MaskIdCard(p.id), cipher.BlindIndex(p.id),
             store::TextOrNull(cipher.Encrypt(p.phone)), MaskPhone(p.phone),
             std::string("registered"), std::string("together"),
             std::string(m == 0 ? "户主" : "家庭成员"),
             std::string("合成测试区"), now, now}));
        ++sum.residents;
      }
      ++sum.households;
    }
    return {};
  };
  // Runs `run(start, end)` over the households in batches, reporting
  // progress after each.
  auto in_batches =
      [&](const std::function<Status(int64_t, int64_t)>& run) -> Status {
    for (int64_t start = 0; start < options.households;
         start += kBatchHouseholds) {
      const int64_t end =
          std::min(options.households, start + kBatchHouseholds);
      WG_TRY(run(start, end));
      if (progress) progress(end);
    }
    return {};
  };
  if (db.dialect() == store::Dialect::kSqlite) {
    // One transaction: secondary indexes are dropped, the rows loaded and
    // the indexes built again by sorting once, all or nothing.
    WG_TRY(db.Write([&](store::Connection& c) -> Status {
      WG_TRY(c.ExecScript(kBulkCache));
      WG_ASSIGN(store::Rows indexes, c.Query(kSecondaryIndexes));
      for (const auto& ix : indexes)
        WG_TRY(c.ExecScript("DROP INDEX " + ix.Text(0)));
      WG_TRY(in_batches([&](int64_t s, int64_t e) { return load(c, s, e); }));
      for (const auto& ix : indexes) WG_TRY(c.ExecScript(ix.Text(1)));
      return {};
    }));
  } else {
    WG_TRY(in_batches([&](int64_t s, int64_t e) {
      return db.Write([&](store::Connection& c) { return load(c, s, e); });
    }));
  }
  WG_TRY(db.Write([&](store::Connection& c) -> Status {
    store::AuditEntry e;
    e.at = clock.Now();
    e.username = "cli";
    e.action = "synth.load";
    e.target_type = "district";
    e.target_id = options.district_code;
    e.detail = "{\"households\":" + std::to_string(sum.households) +
               ",\"residents\":" + std::to_string(sum.residents) + "}";
    e.result = "ok";
    e.remote_addr = "local";
    WG_TRY(store::AuditStore::Append(c, e));
    return {};
  }));
  return sum;
}

}  // namespace wangge::demo
