#include "store/registry_store.h"

#include <map>

namespace wangge::store {

namespace {

SqlValue RealOrNull(std::optional<double> v) {
  if (!v) return std::monostate{};
  return *v;
}
std::optional<double> OptReal(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Real(i);
}
int64_t Flag(bool b) { return b ? 1 : 0; }

// ---- addresses ----
constexpr std::string_view kAddressColumns =
    "id, grid_id, estate, building, unit, room, full_text, lon, lat";
Address ReadAddress(const Row& r) {
  return Address{r.Int(0),  r.Int(1),  r.Text(2),     r.Text(3),    r.Text(4),
                 r.Text(5), r.Text(6), OptReal(r, 7), OptReal(r, 8)};
}

// ---- houses ----
constexpr std::string_view kHouseSelect =
    "SELECT h.id, h.grid_id, h.address_id, h.use, h.structure, h.floor_area, "
    "h.is_rental, h.landlord_name, h.landlord_phone_enc, "
    "h.landlord_phone_masked, h.lease_filing_no, h.rooms_let, "
    "h.max_occupants, h.hidden_danger, h.pledge_signed, a.full_text "
    "FROM houses h JOIN addresses a ON a.id = h.address_id";
House ReadHouse(const Row& r) {
  House h;
  h.id = r.Int(0);
  h.grid_id = r.Int(1);
  h.address_id = r.Int(2);
  h.use = r.Text(3);
  h.structure = r.Text(4);
  h.floor_area = OptReal(r, 5);
  h.is_rental = r.Int(6) != 0;
  h.landlord_name = r.Text(7);
  h.landlord_phone_enc = r.Text(8);
  h.landlord_phone_masked = r.Text(9);
  h.lease_filing_no = r.Text(10);
  h.rooms_let = r.OptInt(11);
  h.max_occupants = r.OptInt(12);
  h.hidden_danger = r.Text(13);
  h.pledge_signed = r.Int(14) != 0;
  h.address_text = r.Text(15);
  return h;
}

// ---- households ----
constexpr std::string_view kHouseholdSelect =
    "SELECT h.id, h.grid_id, h.address_id, h.house_id, h.household_no, "
    "h.head_name, h.kind, h.phone_enc, h.phone_masked, "
    "COALESCE(a.full_text, ''), g.code, "
    "(SELECT COUNT(*) FROM residents r WHERE r.household_id = h.id) "
    "FROM households h JOIN areas g ON g.id = h.grid_id "
    "LEFT JOIN addresses a ON a.id = h.address_id";
Household ReadHousehold(const Row& r) {
  Household h;
  h.id = r.Int(0);
  h.grid_id = r.Int(1);
  h.address_id = r.OptInt(2);
  h.house_id = r.OptInt(3);
  h.household_no = r.Text(4);
  h.head_name = r.Text(5);
  h.kind = r.Text(6);
  h.phone_enc = r.Text(7);
  h.phone_masked = r.Text(8);
  h.address_text = r.Text(9);
  h.grid_code = r.Text(10);
  h.members = r.Int(11);
  return h;
}

// ---- residents ----
constexpr std::string_view kResidentSelect =
    "SELECT r.id, r.household_id, r.grid_id, r.name, r.gender, r.birth_date, "
    "r.id_card_enc, r.id_card_masked, r.id_card_index, r.phone_enc, "
    "r.phone_masked, r.category, r.hukou_status, r.relation, r.ethnicity, "
    "r.nationality, r.passport_enc, r.passport_masked, r.origin, "
    "r.arrival_date, r.reason, r.expected_stay_months, "
    "r.registration_deadline, r.registered_on, h.household_no, g.code, "
    "COALESCE(a.full_text, '') "
    "FROM residents r JOIN households h ON h.id = r.household_id "
    "JOIN areas g ON g.id = r.grid_id "
    "LEFT JOIN addresses a ON a.id = h.address_id";
Resident ReadResident(const Row& r) {
  Resident x;
  x.id = r.Int(0);
  x.household_id = r.Int(1);
  x.grid_id = r.Int(2);
  x.name = r.Text(3);
  x.gender = r.Text(4);
  x.birth_date = r.Text(5);
  x.id_card_enc = r.Text(6);
  x.id_card_masked = r.Text(7);
  x.id_card_index = r.Text(8);
  x.phone_enc = r.Text(9);
  x.phone_masked = r.Text(10);
  x.category = r.Text(11);
  x.hukou_status = r.Text(12);
  x.relation = r.Text(13);
  x.ethnicity = r.Text(14);
  x.nationality = r.Text(15);
  x.passport_enc = r.Text(16);
  x.passport_masked = r.Text(17);
  x.origin = r.Text(18);
  x.arrival_date = r.Text(19);
  x.reason = r.Text(20);
  x.expected_stay_months = r.OptInt(21);
  x.registration_deadline = r.Text(22);
  x.registered_on = r.Text(23);
  x.household_no = r.Text(24);
  x.grid_code = r.Text(25);
  x.address_text = r.Text(26);
  return x;
}
std::vector<SqlValue> ResidentValues(const Resident& r) {
  return {r.household_id,
          r.grid_id,
          r.name,
          r.gender,
          TextOrNull(r.birth_date),
          TextOrNull(r.id_card_enc),
          r.id_card_masked,
          TextOrNull(r.id_card_index),
          TextOrNull(r.phone_enc),
          r.phone_masked,
          r.category,
          r.hukou_status,
          r.relation,
          r.ethnicity,
          r.nationality,
          TextOrNull(r.passport_enc),
          r.passport_masked,
          r.origin,
          TextOrNull(r.arrival_date),
          r.reason,
          IntOrNull(r.expected_stay_months),
          TextOrNull(r.registration_deadline),
          TextOrNull(r.registered_on)};
}

// Attaches tags to a batch of residents with one query.
Status LoadTags(Connection& c, std::vector<Resident>& residents) {
  if (residents.empty()) return {};
  WhereBuilder w;
  std::vector<int64_t> ids;
  for (const auto& r : residents) ids.push_back(r.id);
  w.AndIn("resident_id", ids);
  WG_ASSIGN(Rows rows,
            c.Query("SELECT resident_id, tag, detail FROM resident_tags" +
                        w.Sql() + " ORDER BY resident_id, tag",
                    w.params()));
  std::map<int64_t, std::vector<ResidentTag>> by_id;
  for (const auto& r : rows)
    by_id[r.Int(0)].push_back(ResidentTag{r.Text(1), r.Text(2)});
  for (auto& r : residents) r.tags = std::move(by_id[r.id]);
  return {};
}

// ---- units ----
constexpr std::string_view kUnitSelect =
    "SELECT u.id, u.grid_id, u.address_id, u.household_id, u.name, u.kind, "
    "u.business, u.contact_name, u.contact_phone_enc, "
    "u.contact_phone_masked, u.license_no, u.employees, "
    "COALESCE(a.full_text, ''), g.code "
    "FROM units u JOIN areas g ON g.id = u.grid_id "
    "LEFT JOIN addresses a ON a.id = u.address_id";
Unit ReadUnit(const Row& r) {
  Unit u;
  u.id = r.Int(0);
  u.grid_id = r.Int(1);
  u.address_id = r.OptInt(2);
  u.household_id = r.OptInt(3);
  u.name = r.Text(4);
  u.kind = r.Text(5);
  u.business = r.Text(6);
  u.contact_name = r.Text(7);
  u.contact_phone_enc = r.Text(8);
  u.contact_phone_masked = r.Text(9);
  u.license_no = r.Text(10);
  u.employees = r.OptInt(11);
  u.address_text = r.Text(12);
  u.grid_code = r.Text(13);
  return u;
}

// Runs the count and the page of one list query.
template <class T, class ReadFn>
Result<PageOf<T>> ListPage(Connection& c, std::string_view select,
                           const std::string& count_from, const WhereBuilder& w,
                           const std::string& order, Page page, ReadFn read) {
  PageOf<T> out;
  WG_ASSIGN(Rows count, c.Query("SELECT COUNT(*) FROM " + count_from + w.Sql(),
                                w.params()));
  out.total = count.empty() ? 0 : count.front().Int(0);
  WG_ASSIGN(Rows rows, c.Query(std::string(select) + w.Sql() + " ORDER BY " +
                                   order + page.Sql(),
                               w.params()));
  out.items.reserve(rows.size());
  for (const auto& r : rows) out.items.push_back(read(r));
  return out;
}

void ScopeGrids(WhereBuilder& w, const std::string& column,
                const RegistryFilter& f) {
  if (f.grid_ids) w.AndIn(column, *f.grid_ids);
}

WhereBuilder ResidentWhere(const RegistryFilter& f) {
  WhereBuilder w;
  ScopeGrids(w, "r.grid_id", f);
  if (f.household_id) w.And("r.household_id = ?", {*f.household_id});
  if (!f.id_card_index.empty()) w.And("r.id_card_index = ?", {f.id_card_index});
  if (!f.query.empty())
    w.And(
        "(r.name LIKE ? ESCAPE '\\' OR r.household_id IN (SELECT id FROM "
        "households WHERE household_no = ?))",
        {LikeEscape(f.query) + "%", f.query});
  if (!f.category.empty()) w.And("r.category = ?", {f.category});
  if (!f.hukou_status.empty()) w.And("r.hukou_status = ?", {f.hukou_status});
  if (!f.tag.empty())
    w.And("r.id IN (SELECT resident_id FROM resident_tags WHERE tag = ?)",
          {f.tag});
  if (f.registration_overdue)
    w.And(
        "r.category = 'floating' AND r.registered_on IS NULL AND "
        "r.registration_deadline < ?",
        {f.today});
  return w;
}

}  // namespace

Result<int64_t> RegistryStore::UpsertAddress(Connection& c, const Address& a,
                                             int64_t now) {
  constexpr std::string_view kFind =
      "SELECT id FROM addresses WHERE grid_id = ? AND estate = ? AND "
      "building = ? AND unit = ? AND room = ?";
  constexpr std::string_view kInsert =
      "INSERT INTO addresses (grid_id, estate, building, unit, room, "
      "full_text, lon, lat, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  WG_ASSIGN(Rows found,
            c.Query(kFind, {a.grid_id, a.estate, a.building, a.unit, a.room}));
  if (!found.empty()) return found.front().Int(0);
  return c.Insert(kInsert,
                  {a.grid_id, a.estate, a.building, a.unit, a.room, a.full_text,
                   RealOrNull(a.lon), RealOrNull(a.lat), now});
}

Result<Address> RegistryStore::GetAddress(Connection& c, int64_t id) {
  static const std::string kSql =
      "SELECT " + std::string(kAddressColumns) + " FROM addresses WHERE id = ?";
  WG_ASSIGN(Row r, c.QueryOne(kSql, {id}, "address"));
  return ReadAddress(r);
}

Result<int64_t> RegistryStore::InsertHouse(Connection& c, const House& h,
                                           int64_t now) {
  constexpr std::string_view kSql =
      "INSERT INTO houses (grid_id, address_id, use, structure, floor_area, "
      "is_rental, landlord_name, landlord_phone_enc, landlord_phone_masked, "
      "lease_filing_no, rooms_let, max_occupants, hidden_danger, "
      "pledge_signed, created_at, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return c.Insert(kSql, {h.grid_id, h.address_id, h.use, h.structure,
                         RealOrNull(h.floor_area), Flag(h.is_rental),
                         h.landlord_name, TextOrNull(h.landlord_phone_enc),
                         h.landlord_phone_masked, h.lease_filing_no,
                         IntOrNull(h.rooms_let), IntOrNull(h.max_occupants),
                         h.hidden_danger, Flag(h.pledge_signed), now, now});
}

Status RegistryStore::UpdateHouse(Connection& c, const House& h, int64_t now) {
  constexpr std::string_view kSql =
      "UPDATE houses SET use = ?, structure = ?, floor_area = ?, is_rental = "
      "?, landlord_name = ?, landlord_phone_enc = ?, landlord_phone_masked = "
      "?, lease_filing_no = ?, rooms_let = ?, max_occupants = ?, "
      "hidden_danger = ?, pledge_signed = ?, updated_at = ? WHERE id = ?";
  WG_ASSIGN(int64_t n,
            c.Exec(kSql, {h.use, h.structure, RealOrNull(h.floor_area),
                          Flag(h.is_rental), h.landlord_name,
                          TextOrNull(h.landlord_phone_enc),
                          h.landlord_phone_masked, h.lease_filing_no,
                          IntOrNull(h.rooms_let), IntOrNull(h.max_occupants),
                          h.hidden_danger, Flag(h.pledge_signed), now, h.id}));
  if (n == 0) return NotFound("house.not_found", "house not found");
  return {};
}

Result<House> RegistryStore::GetHouse(Connection& c, int64_t id) {
  static const std::string kSql = std::string(kHouseSelect) + " WHERE h.id = ?";
  WG_ASSIGN(Row r, c.QueryOne(kSql, {id}, "house"));
  return ReadHouse(r);
}

Result<std::optional<House>> RegistryStore::HouseAtAddress(Connection& c,
                                                           int64_t address_id) {
  static const std::string kSql =
      std::string(kHouseSelect) + " WHERE h.address_id = ?";
  WG_ASSIGN(Rows rows, c.Query(kSql, {address_id}));
  if (rows.empty()) return std::optional<House>();
  return std::optional<House>(ReadHouse(rows.front()));
}

Result<PageOf<House>> RegistryStore::ListHouses(Connection& c,
                                                const RegistryFilter& f,
                                                Page page) {
  WhereBuilder w;
  ScopeGrids(w, "h.grid_id", f);
  if (!f.use.empty()) w.And("h.use = ?", {f.use});
  if (!f.hidden_danger.empty()) w.And("h.hidden_danger = ?", {f.hidden_danger});
  if (f.is_rental) w.And("h.is_rental = ?", {Flag(*f.is_rental)});
  if (!f.query.empty())
    w.And("a.full_text LIKE ? ESCAPE '\\'", {"%" + LikeEscape(f.query) + "%"});
  return ListPage<House>(c, kHouseSelect,
                         "houses h JOIN addresses a ON a.id = h.address_id", w,
                         "h.id", page, ReadHouse);
}

Result<int64_t> RegistryStore::InsertHousehold(Connection& c,
                                               const Household& h,
                                               int64_t now) {
  constexpr std::string_view kSql =
      "INSERT INTO households (grid_id, address_id, house_id, household_no, "
      "head_name, kind, phone_enc, phone_masked, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return c.Insert(kSql,
                  {h.grid_id, IntOrNull(h.address_id), IntOrNull(h.house_id),
                   h.household_no, h.head_name, h.kind, TextOrNull(h.phone_enc),
                   h.phone_masked, now, now});
}

Status RegistryStore::UpdateHousehold(Connection& c, const Household& h,
                                      int64_t now) {
  constexpr std::string_view kSql =
      "UPDATE households SET grid_id = ?, address_id = ?, house_id = ?, "
      "head_name = ?, kind = ?, phone_enc = ?, phone_masked = ?, "
      "updated_at = ? WHERE id = ?";
  // Residents carry their household's grid (see the schema).
  constexpr std::string_view kMoveResidents =
      "UPDATE residents SET grid_id = ? WHERE household_id = ?";
  WG_ASSIGN(int64_t n,
            c.Exec(kSql, {h.grid_id, IntOrNull(h.address_id),
                          IntOrNull(h.house_id), h.head_name, h.kind,
                          TextOrNull(h.phone_enc), h.phone_masked, now, h.id}));
  if (n == 0) return NotFound("household.not_found", "household not found");
  WG_TRY(c.Exec(kMoveResidents, {h.grid_id, h.id}));
  return {};
}

Result<Household> RegistryStore::GetHousehold(Connection& c, int64_t id) {
  static const std::string kSql =
      std::string(kHouseholdSelect) + " WHERE h.id = ?";
  WG_ASSIGN(Row r, c.QueryOne(kSql, {id}, "household"));
  return ReadHousehold(r);
}

Result<std::optional<Household>> RegistryStore::HouseholdByNo(
    Connection& c, const std::string& no) {
  static const std::string kSql =
      std::string(kHouseholdSelect) + " WHERE h.household_no = ?";
  WG_ASSIGN(Rows rows, c.Query(kSql, {no}));
  if (rows.empty()) return std::optional<Household>();
  return std::optional<Household>(ReadHousehold(rows.front()));
}

Result<PageOf<Household>> RegistryStore::ListHouseholds(Connection& c,
                                                        const RegistryFilter& f,
                                                        Page page) {
  WhereBuilder w;
  ScopeGrids(w, "h.grid_id", f);
  if (!f.kind.empty()) w.And("h.kind = ?", {f.kind});
  if (!f.query.empty())
    w.And(
        "(h.household_no = ? OR h.head_name LIKE ? ESCAPE '\\' OR "
        "a.full_text LIKE ? ESCAPE '\\')",
        {f.query, LikeEscape(f.query) + "%", "%" + LikeEscape(f.query) + "%"});
  return ListPage<Household>(
      c, kHouseholdSelect,
      "households h LEFT JOIN addresses a ON a.id = h.address_id", w, "h.id",
      page, ReadHousehold);
}

Result<int64_t> RegistryStore::InsertResident(Connection& c, const Resident& r,
                                              int64_t now) {
  constexpr std::string_view kSql =
      "INSERT INTO residents (household_id, grid_id, name, gender, "
      "birth_date, id_card_enc, id_card_masked, id_card_index, phone_enc, "
      "phone_masked, category, hukou_status, relation, ethnicity, "
      "nationality, passport_enc, passport_masked, origin, arrival_date, "
      "reason, expected_stay_months, registration_deadline, registered_on, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  auto values = ResidentValues(r);
  values.push_back(now);
  values.push_back(now);
  WG_ASSIGN(int64_t id, c.Insert(kSql, values));
  WG_TRY(ReplaceTags(c, id, r.tags, now));
  return id;
}

Status RegistryStore::UpdateResident(Connection& c, const Resident& r,
                                     int64_t now) {
  constexpr std::string_view kSql =
      "UPDATE residents SET household_id = ?, grid_id = ?, name = ?, gender = "
      "?, birth_date = ?, id_card_enc = ?, id_card_masked = ?, id_card_index "
      "= ?, phone_enc = ?, phone_masked = ?, category = ?, hukou_status = ?, "
      "relation = ?, ethnicity = ?, nationality = ?, passport_enc = ?, "
      "passport_masked = ?, origin = ?, arrival_date = ?, reason = ?, "
      "expected_stay_months = ?, registration_deadline = ?, registered_on = "
      "?, updated_at = ? WHERE id = ?";
  auto values = ResidentValues(r);
  values.push_back(now);
  values.push_back(r.id);
  WG_ASSIGN(int64_t n, c.Exec(kSql, values));
  if (n == 0) return NotFound("resident.not_found", "resident not found");
  return ReplaceTags(c, r.id, r.tags, now);
}

Status RegistryStore::DeleteResident(Connection& c, int64_t id) {
  WG_TRY(c.Exec("DELETE FROM resident_tags WHERE resident_id = ?", {id}));
  WG_ASSIGN(int64_t n, c.Exec("DELETE FROM residents WHERE id = ?", {id}));
  if (n == 0) return NotFound("resident.not_found", "resident not found");
  return {};
}

Result<Resident> RegistryStore::GetResident(Connection& c, int64_t id) {
  static const std::string kSql =
      std::string(kResidentSelect) + " WHERE r.id = ?";
  WG_ASSIGN(Row row, c.QueryOne(kSql, {id}, "resident"));
  std::vector<Resident> one{ReadResident(row)};
  WG_TRY(LoadTags(c, one));
  return std::move(one.front());
}

Result<PageOf<Resident>> RegistryStore::ListResidents(Connection& c,
                                                      const RegistryFilter& f,
                                                      Page page) {
  WhereBuilder w = ResidentWhere(f);
  WG_ASSIGN(auto out, ListPage<Resident>(c, kResidentSelect, "residents r", w,
                                         "r.id", page, ReadResident));
  WG_TRY(LoadTags(c, out.items));
  return out;
}

Status RegistryStore::EachResident(
    Connection& c, const RegistryFilter& f,
    const std::function<bool(const Resident&)>& fn) {
  WhereBuilder w = ResidentWhere(f);
  // Tags are fetched per batch so that the export never holds every row.
  constexpr size_t kBatch = 2000;
  std::vector<Resident> batch;
  bool go_on = true;
  auto flush = [&]() -> Status {
    WG_TRY(LoadTags(c, batch));
    for (const auto& r : batch)
      if (go_on && !fn(r)) go_on = false;
    batch.clear();
    return {};
  };
  // Keyset paging keeps one statement open at a time on either backend.
  int64_t after = 0;
  for (;;) {
    WhereBuilder page = w;
    page.And("r.id > ?", {after});
    WG_ASSIGN(Rows rows,
              c.Query(std::string(kResidentSelect) + page.Sql() +
                          " ORDER BY r.id LIMIT " + std::to_string(kBatch),
                      page.params()));
    if (rows.empty()) break;
    for (const auto& r : rows) batch.push_back(ReadResident(r));
    after = batch.back().id;
    WG_TRY(flush());
    if (!go_on || rows.size() < kBatch) break;
  }
  return {};
}

Status RegistryStore::ReplaceTags(Connection& c, int64_t resident_id,
                                  const std::vector<ResidentTag>& tags,
                                  int64_t now) {
  WG_TRY(
      c.Exec("DELETE FROM resident_tags WHERE resident_id = ?", {resident_id}));
  for (const auto& t : tags) {
    auto inserted = c.Exec(
        "INSERT INTO resident_tags (resident_id, tag, detail, "
        "created_at) VALUES (?, ?, ?, ?)",
        {resident_id, t.tag, t.detail, now});
    if (!inserted) {
      if (inserted.error().key == "db.foreign_key")
        return Invalid("resident.tag", "unknown tag " + t.tag, "tags");
      if (inserted.error().key == "db.unique")
        return Invalid("resident.tag", "tag " + t.tag + " given twice", "tags");
      return std::unexpected(inserted.error());
    }
  }
  return {};
}

Result<int64_t> RegistryStore::InsertUnit(Connection& c, const Unit& u,
                                          int64_t now) {
  constexpr std::string_view kSql =
      "INSERT INTO units (grid_id, address_id, household_id, name, kind, "
      "business, contact_name, contact_phone_enc, contact_phone_masked, "
      "license_no, employees, created_at, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return c.Insert(
      kSql,
      {u.grid_id, IntOrNull(u.address_id), IntOrNull(u.household_id), u.name,
       u.kind, u.business, u.contact_name, TextOrNull(u.contact_phone_enc),
       u.contact_phone_masked, u.license_no, IntOrNull(u.employees), now, now});
}

Status RegistryStore::UpdateUnit(Connection& c, const Unit& u, int64_t now) {
  constexpr std::string_view kSql =
      "UPDATE units SET grid_id = ?, address_id = ?, household_id = ?, name "
      "= ?, kind = ?, business = ?, contact_name = ?, contact_phone_enc = ?, "
      "contact_phone_masked = ?, license_no = ?, employees = ?, updated_at = "
      "? WHERE id = ?";
  WG_ASSIGN(int64_t n,
            c.Exec(kSql, {u.grid_id, IntOrNull(u.address_id),
                          IntOrNull(u.household_id), u.name, u.kind, u.business,
                          u.contact_name, TextOrNull(u.contact_phone_enc),
                          u.contact_phone_masked, u.license_no,
                          IntOrNull(u.employees), now, u.id}));
  if (n == 0) return NotFound("unit.not_found", "unit not found");
  return {};
}

Result<Unit> RegistryStore::GetUnit(Connection& c, int64_t id) {
  static const std::string kSql = std::string(kUnitSelect) + " WHERE u.id = ?";
  WG_ASSIGN(Row r, c.QueryOne(kSql, {id}, "unit"));
  return ReadUnit(r);
}

Result<PageOf<Unit>> RegistryStore::ListUnits(Connection& c,
                                              const RegistryFilter& f,
                                              Page page) {
  WhereBuilder w;
  ScopeGrids(w, "u.grid_id", f);
  if (!f.kind.empty()) w.And("u.kind = ?", {f.kind});
  if (!f.query.empty())
    w.And("(u.name LIKE ? ESCAPE '\\' OR u.business LIKE ? ESCAPE '\\')",
          {"%" + LikeEscape(f.query) + "%", "%" + LikeEscape(f.query) + "%"});
  return ListPage<Unit>(c, kUnitSelect, "units u", w, "u.id", page, ReadUnit);
}

Result<int64_t> RegistryStore::CountResidents(Connection& c) {
  return c.QueryInt("SELECT COUNT(*) FROM residents");
}

Result<int64_t> RegistryStore::CountHouseholds(Connection& c) {
  return c.QueryInt("SELECT COUNT(*) FROM households");
}

}  // namespace wangge::store
