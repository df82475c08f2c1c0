#include "service/registry_service.h"

#include "core/id_card.h"
#include "core/masking.h"
#include "service/permissions.h"
#include "service/registry_validation.h"
#include "store/area_store.h"
#include "store/registry_store.h"

namespace wangge::service {

namespace {
using store::RegistryStore;

std::string AddressText(const AddressInput& a) {
  return a.estate + a.building + a.unit + a.room;
}

Status CheckAddress(const AddressInput& a) {
  WG_TRY(CheckRequired(a.estate, "address.estate", 100));
  if (a.building.size() > 50 || a.unit.size() > 50 || a.room.size() > 50)
    return Invalid("field.too_long", "address parts are at most 50 bytes",
                   "address");
  if (a.lon.has_value() != a.lat.has_value())
    return Invalid("address.coordinates", "give both lon and lat or neither",
                   a.lon ? "address.lat" : "address.lon");
  if (a.lon && (*a.lon < -180 || *a.lon > 180))
    return Invalid("address.coordinates", "lon must be within -180..180",
                   "address.lon");
  if (a.lat && (*a.lat < -90 || *a.lat > 90))
    return Invalid("address.coordinates", "lat must be within -90..90",
                   "address.lat");
  return {};
}

std::string Today(Millis now) { return FormatDate(now / 86400000); }
}  // namespace

template <class T, class Load>
Result<T> RegistryService::GetInScope(const Actor& actor,
                                      std::string_view action, int64_t id,
                                      Load load) {
  auto r = [&]() -> Result<T> {
    WG_TRY(Require(actor, Capability::kReadRegistry));
    return db_.Read([&](store::Connection& c) -> Result<T> {
      WG_ASSIGN(T record, load(c));
      WG_TRY(RequireGridInScope(c, actor, record.grid_id));
      return record;
    });
  }();
  if (!r && r.error().code == ErrorCode::kPermissionDenied) {
    const std::string type(action.substr(0, action.find('.')));
    audit_.RecordRefusal(actor, action, {type, std::to_string(id)}, r.error());
  }
  return r;
}

template <class T, class List>
Result<store::PageOf<T>> RegistryService::ListInScope(const Actor& actor,
                                                      const RegistryQuery& q,
                                                      List list) {
  WG_TRY(Require(actor, Capability::kReadRegistry));
  return db_.Read([&](store::Connection& c) -> Result<store::PageOf<T>> {
    WG_ASSIGN(auto f, Filter(c, actor, q));
    return list(c, f);
  });
}

Result<int64_t> RegistryService::ResolveGrid(store::Connection& c,
                                             const Actor& actor,
                                             const std::string& grid_code,
                                             std::optional<int64_t> grid_id) {
  Result<store::Area> grid = grid_id
                                 ? store::AreaStore::Get(c, *grid_id)
                                 : store::AreaStore::GetByCode(c, grid_code);
  const char* field = grid_id ? "grid_id" : "grid_code";
  if (!grid || grid->level != "grid")
    return Invalid(
        "grid.unknown",
        "no grid " + (grid_id ? std::to_string(*grid_id) : grid_code), field);
  if (!InScope(actor, grid->path))
    return Denied("grid " + grid->code + " is outside your scope");
  return grid->id;
}

Result<store::Household> RegistryService::CreateHouseholdIn(
    store::Connection& c, const Actor& actor, const HouseholdInput& in,
    const std::optional<HouseInput>& house, Audit audit_each) {
  WG_TRY(Require(actor, Capability::kWriteRegistry));
  WG_ASSIGN(int64_t grid_id, ResolveGrid(c, actor, in.grid_code, in.grid_id));
  WG_TRY(CheckAddress(in.address));
  const std::string kind = in.kind.empty() ? "registered" : in.kind;
  WG_TRY(CheckOneOf(kind, {"registered", "rental", "merchant", "collective"},
                    "kind"));
  WG_TRY(CheckPhone(in.phone, "phone"));
  if (in.head_name.size() > 100)
    return Invalid("field.too_long", "head_name is too long", "head_name");
  const Millis now = clock_.Now();
  store::Address a{0,
                   grid_id,
                   in.address.estate,
                   in.address.building,
                   in.address.unit,
                   in.address.room,
                   AddressText(in.address),
                   in.address.lon,
                   in.address.lat};
  WG_ASSIGN(int64_t address_id, RegistryStore::UpsertAddress(c, a, now));
  store::Household h;
  h.grid_id = grid_id;
  h.address_id = address_id;
  h.head_name = in.head_name;
  h.kind = kind;
  h.phone_enc = cipher_.Encrypt(in.phone);
  h.phone_masked = MaskPhone(in.phone);
  if (house) {
    WG_ASSIGN(auto existing, RegistryStore::HouseAtAddress(c, address_id));
    if (existing) {
      h.house_id = existing->id;
    } else {
      WG_ASSIGN(store::House built, BuildHouse(*house));
      built.grid_id = grid_id;
      built.address_id = address_id;
      WG_ASSIGN(h.house_id, RegistryStore::InsertHouse(c, built, now));
    }
  }
  h.household_no = in.household_no;
  if (h.household_no.empty()) {
    // Grid code + running number: readable and unique within the city.
    // Numbers given by hand may already take the next one, so skip ahead.
    WG_ASSIGN(int64_t n, c.QueryInt("SELECT COUNT(*) FROM households WHERE "
                                    "grid_id = ?",
                                    {grid_id}));
    WG_ASSIGN(store::Area grid, store::AreaStore::Get(c, grid_id));
    for (int64_t next = n + 1;; ++next) {
      char no[48];
      std::snprintf(no, sizeof no, "%s-%04lld", grid.code.c_str(),
                    static_cast<long long>(next));
      WG_ASSIGN(auto taken, RegistryStore::HouseholdByNo(c, no));
      if (!taken) {
        h.household_no = no;
        break;
      }
    }
  } else if (h.household_no.size() > 40) {
    return Invalid("field.too_long", "household_no is at most 40 bytes",
                   "household_no");
  }
  auto id = RegistryStore::InsertHousehold(c, h, now);
  if (!id && id.error().key == "db.unique")
    return Conflict("household.exists",
                    "household number " + h.household_no + " already exists",
                    "household_no");
  if (!id) return std::unexpected(id.error());
  if (audit_each == Audit::kYes)
    WG_TRY(audit_.Record(c, actor, "household.create",
                         {"household", std::to_string(*id)}));
  return RegistryStore::GetHousehold(c, *id);
}

Result<store::Household> RegistryService::CreateHousehold(
    const Actor& actor, const HouseholdInput& in,
    const std::optional<HouseInput>& house) {
  return audit_.Write(actor, "household.create", {"household", ""},
                      [&](store::Connection& c) {
                        return CreateHouseholdIn(c, actor, in, house);
                      });
}

Result<store::Household> RegistryService::UpdateHousehold(
    const Actor& actor, int64_t id, const HouseholdInput& in) {
  return audit_.Write(
      actor, "household.update", {"household", std::to_string(id)},
      [&](store::Connection& c) -> Result<store::Household> {
        WG_TRY(Require(actor, Capability::kWriteRegistry));
        WG_ASSIGN(store::Household h, RegistryStore::GetHousehold(c, id));
        WG_TRY(RequireGridInScope(c, actor, h.grid_id));
        if (in.grid_id || !in.grid_code.empty()) {
          WG_ASSIGN(h.grid_id, ResolveGrid(c, actor, in.grid_code, in.grid_id));
        }
        WG_TRY(CheckOneOf(in.kind,
                          {"registered", "rental", "merchant", "collective"},
                          "kind"));
        WG_TRY(CheckPhone(in.phone, "phone"));
        if (!in.address.estate.empty()) {
          WG_TRY(CheckAddress(in.address));
          store::Address a{0,
                           h.grid_id,
                           in.address.estate,
                           in.address.building,
                           in.address.unit,
                           in.address.room,
                           AddressText(in.address),
                           in.address.lon,
                           in.address.lat};
          WG_ASSIGN(h.address_id,
                    RegistryStore::UpsertAddress(c, a, clock_.Now()));
        }
        if (!in.head_name.empty()) h.head_name = in.head_name;
        if (!in.phone.empty()) {
          h.phone_enc = cipher_.Encrypt(in.phone);
          h.phone_masked = MaskPhone(in.phone);
        }
        WG_TRY(RegistryStore::UpdateHousehold(c, h, clock_.Now()));
        WG_TRY(audit_.Record(c, actor, "household.update",
                             {"household", std::to_string(id)}));
        return RegistryStore::GetHousehold(c, id);
      });
}

Result<store::Household> RegistryService::GetHousehold(const Actor& actor,
                                                       int64_t id) {
  return GetInScope<store::Household>(
      actor, "household.read", id,
      [&](store::Connection& c) { return RegistryStore::GetHousehold(c, id); });
}

Result<store::RegistryFilter> RegistryService::Filter(
    store::Connection& c, const Actor& actor, const RegistryQuery& q) const {
  store::RegistryFilter f;
  std::optional<int64_t> within = q.grid_id ? q.grid_id : q.area_id;
  if (within && !store::AreaStore::Get(c, *within))
    return Invalid("query.unknown_area",
                   "no area with id " + std::to_string(*within),
                   q.grid_id ? "grid_id" : "area_id");
  WG_ASSIGN(f.grid_ids, ScopedGridIds(c, actor, within));
  f.household_id = q.household_id;
  f.query = q.q;
  if (!q.id_card.empty()) {
    WG_ASSIGN(IdCardInfo info, ValidateIdCard(q.id_card, "id_card"));
    f.id_card_index = cipher_.BlindIndex(info.normalized);
  }
  f.category = q.category;
  f.tag = q.tag;
  f.hukou_status = q.hukou_status;
  f.kind = q.kind;
  f.use = q.use;
  f.hidden_danger = q.hidden_danger;
  f.is_rental = q.is_rental;
  f.registration_overdue = q.registration_overdue;
  f.today = Today(clock_.Now());
  return f;
}

Result<store::PageOf<store::Household>> RegistryService::ListHouseholds(
    const Actor& actor, const RegistryQuery& q) {
  return ListInScope<store::Household>(
      actor, q, [&](store::Connection& c, const store::RegistryFilter& f) {
        return RegistryStore::ListHouseholds(c, f, q.page);
      });
}

Result<store::House> RegistryService::UpdateHouse(const Actor& actor,
                                                  int64_t id,
                                                  const HouseInput& in) {
  return db_.Write([&](store::Connection& c) -> Result<store::House> {
    WG_TRY(Require(actor, Capability::kWriteRegistry));
    WG_ASSIGN(store::House old, RegistryStore::GetHouse(c, id));
    WG_TRY(RequireGridInScope(c, actor, old.grid_id));
    WG_ASSIGN(store::House h, BuildHouse(in));
    h.id = id;
    if (in.landlord_phone.empty()) {
      h.landlord_phone_enc = old.landlord_phone_enc;
      h.landlord_phone_masked = old.landlord_phone_masked;
    }
    WG_TRY(RegistryStore::UpdateHouse(c, h, clock_.Now()));
    WG_TRY(
        audit_.Record(c, actor, "house.update", {"house", std::to_string(id)}));
    return RegistryStore::GetHouse(c, id);
  });
}

Result<store::House> RegistryService::GetHouse(const Actor& actor, int64_t id) {
  return GetInScope<store::House>(
      actor, "house.read", id,
      [&](store::Connection& c) { return RegistryStore::GetHouse(c, id); });
}

Result<store::PageOf<store::House>> RegistryService::ListHouses(
    const Actor& actor, const RegistryQuery& q) {
  return ListInScope<store::House>(
      actor, q, [&](store::Connection& c, const store::RegistryFilter& f) {
        return RegistryStore::ListHouses(c, f, q.page);
      });
}

Result<int64_t> RegistryService::CreateResidentIn(store::Connection& c,
                                                  const Actor& actor,
                                                  const ResidentInput& in,
                                                  Audit audit_each) {
  WG_TRY(Require(actor, Capability::kWriteRegistry));
  WG_ASSIGN(store::Resident r, BuildResident(in, ""));
  auto household = RegistryStore::GetHousehold(c, in.household_id);
  if (!household)
    return Invalid("household.unknown",
                   "no household " + std::to_string(in.household_id),
                   "household_id");
  WG_TRY(RequireGridInScope(c, actor, household->grid_id));
  r.household_id = household->id;
  r.grid_id = household->grid_id;
  auto id = RegistryStore::InsertResident(c, r, clock_.Now());
  if (!id && id.error().key == "db.unique")
    return Conflict("resident.id_card_exists",
                    "a resident with this ID number is already registered",
                    "id_card");
  if (!id) return id;
  if (audit_each == Audit::kYes)
    WG_TRY(audit_.Record(c, actor, "resident.create",
                         {"resident", std::to_string(*id)},
                         {{"household", household->household_no}}));
  return id;
}

Result<store::Resident> RegistryService::CreateResident(
    const Actor& actor, const ResidentInput& in) {
  return audit_.Write(actor, "resident.create", {"resident", ""},
                      [&](store::Connection& c) -> Result<store::Resident> {
                        WG_ASSIGN(int64_t id, CreateResidentIn(c, actor, in));
                        return RegistryStore::GetResident(c, id);
                      });
}

Result<store::Resident> RegistryService::UpdateResident(
    const Actor& actor, int64_t id, const ResidentInput& in) {
  return audit_.Write(
      actor, "resident.update", {"resident", std::to_string(id)},
      [&](store::Connection& c) -> Result<store::Resident> {
        WG_TRY(Require(actor, Capability::kWriteRegistry));
        WG_ASSIGN(store::Resident old, RegistryStore::GetResident(c, id));
        WG_TRY(RequireGridInScope(c, actor, old.grid_id));
        // Fields not resent keep their stored values; the ID number stays
        // sealed, so its birth date and gender come from the record.
        ResidentInput patched = in;
        if (patched.id_card.empty() && !old.id_card_index.empty()) {
          // The kept ID number fixes birth date and gender.
          if (!in.gender.empty() && in.gender != old.gender)
            return Invalid("resident.gender_mismatch",
                           "gender does not match the ID number on record",
                           "gender");
          if (!in.birth_date.empty() && in.birth_date != old.birth_date)
            return Invalid("resident.birth_mismatch",
                           "birth date does not match the ID number on record",
                           "birth_date");
        }
        if (patched.id_card.empty()) {
          if (patched.birth_date.empty()) patched.birth_date = old.birth_date;
          if (patched.gender.empty()) patched.gender = old.gender;
        }
        if (patched.name.empty()) patched.name = old.name;
        WG_ASSIGN(store::Resident r, BuildResident(patched, ""));
        r.id = id;
        r.household_id = old.household_id;
        r.grid_id = old.grid_id;
        if (in.household_id && in.household_id != old.household_id) {
          auto household = RegistryStore::GetHousehold(c, in.household_id);
          if (!household)
            return Invalid("household.unknown", "no such household",
                           "household_id");
          WG_TRY(RequireGridInScope(c, actor, household->grid_id));
          r.household_id = household->id;
          r.grid_id = household->grid_id;
        }
        // Sensitive numbers not resent are kept as they were.
        if (in.id_card.empty()) {
          r.id_card_enc = old.id_card_enc;
          r.id_card_masked = old.id_card_masked;
          r.id_card_index = old.id_card_index;
        }
        if (in.phone.empty()) {
          r.phone_enc = old.phone_enc;
          r.phone_masked = old.phone_masked;
        }
        if (in.passport.empty()) {
          r.passport_enc = old.passport_enc;
          r.passport_masked = old.passport_masked;
        }
        auto updated = RegistryStore::UpdateResident(c, r, clock_.Now());
        if (!updated && updated.error().key == "db.unique")
          return Conflict(
              "resident.id_card_exists",
              "a resident with this ID number is already registered",
              "id_card");
        WG_TRY(updated);
        WG_TRY(audit_.Record(c, actor, "resident.update",
                             {"resident", std::to_string(id)}));
        return RegistryStore::GetResident(c, id);
      });
}

Status RegistryService::DeleteResident(const Actor& actor, int64_t id,
                                       const std::string& reason) {
  return audit_.Write(
      actor, "resident.delete", {"resident", std::to_string(id)},
      [&](store::Connection& c) -> Status {
        WG_TRY(Require(actor, Capability::kWriteRegistry));
        WG_TRY(CheckRequired(reason, "reason", 500));
        WG_ASSIGN(store::Resident old, RegistryStore::GetResident(c, id));
        WG_TRY(RequireGridInScope(c, actor, old.grid_id));
        WG_TRY(RegistryStore::DeleteResident(c, id));
        return audit_.Record(c, actor, "resident.delete",
                             {"resident", std::to_string(id)},
                             {{"reason", reason}});
      });
}

Result<store::Resident> RegistryService::GetResident(const Actor& actor,
                                                     int64_t id) {
  return GetInScope<store::Resident>(
      actor, "resident.read", id,
      [&](store::Connection& c) { return RegistryStore::GetResident(c, id); });
}

Result<store::PageOf<store::Resident>> RegistryService::ListResidents(
    const Actor& actor, const RegistryQuery& q) {
  return ListInScope<store::Resident>(
      actor, q, [&](store::Connection& c, const store::RegistryFilter& f) {
        return RegistryStore::ListResidents(c, f, q.page);
      });
}

Result<Revealed> RegistryService::RevealResident(const Actor& actor, int64_t id,
                                                 const std::string& reason) {
  const AuditTarget target{"resident", std::to_string(id)};
  return audit_.Write(
      actor, "resident.reveal", target,
      [&](store::Connection& c) -> Result<Revealed> {
        WG_TRY(Require(actor, Capability::kRevealPersonal));
        if (reason.size() < 2 || reason.size() > 500)
          return Invalid("reveal.reason",
                         "say why you need the full numbers (2 to 500 bytes)",
                         "reason");
        WG_ASSIGN(store::Resident res, RegistryStore::GetResident(c, id));
        WG_TRY(RequireGridInScope(c, actor, res.grid_id));
        Revealed out;
        WG_ASSIGN(out.id_card, cipher_.Decrypt(res.id_card_enc));
        WG_ASSIGN(out.phone, cipher_.Decrypt(res.phone_enc));
        WG_ASSIGN(out.passport, cipher_.Decrypt(res.passport_enc));
        WG_TRY(audit_.Record(
            c, actor, "resident.reveal", target,
            {{"reason", reason}, {"fields", "id_card,phone,passport"}}));
        return out;
      });
}

Result<int64_t> RegistryService::CreateUnitIn(store::Connection& c,
                                              const Actor& actor,
                                              const UnitInput& in,
                                              Audit audit_each) {
  WG_TRY(Require(actor, Capability::kWriteRegistry));
  WG_ASSIGN(int64_t grid_id, ResolveGrid(c, actor, in.grid_code, in.grid_id));
  WG_TRY(CheckRequired(in.name, "name", 200));
  WG_TRY(CheckOneOf(
      in.kind,
      {"shop", "company", "outside_merchant", "school", "key_place", "other"},
      "kind"));
  WG_TRY(CheckPhone(in.contact_phone, "contact_phone"));
  if (in.employees && *in.employees < 0)
    return Invalid("field.range", "employees cannot be negative", "employees");
  if (in.household_id) {
    auto household = RegistryStore::GetHousehold(c, *in.household_id);
    if (!household)
      return Invalid("household.unknown",
                     "no household " + std::to_string(*in.household_id),
                     "household_id");
    WG_TRY(RequireGridInScope(c, actor, household->grid_id));
  }
  store::Unit u;
  u.grid_id = grid_id;
  u.household_id = in.household_id;
  u.name = in.name;
  u.kind = in.kind;
  u.business = in.business;
  u.contact_name = in.contact_name;
  u.contact_phone_enc = cipher_.Encrypt(in.contact_phone);
  u.contact_phone_masked = MaskPhone(in.contact_phone);
  u.license_no = in.license_no;
  u.employees = in.employees;
  const Millis now = clock_.Now();
  if (!in.address.estate.empty()) {
    WG_TRY(CheckAddress(in.address));
    store::Address a{0,
                     grid_id,
                     in.address.estate,
                     in.address.building,
                     in.address.unit,
                     in.address.room,
                     AddressText(in.address),
                     in.address.lon,
                     in.address.lat};
    WG_ASSIGN(u.address_id, RegistryStore::UpsertAddress(c, a, now));
  }
  WG_ASSIGN(int64_t id, RegistryStore::InsertUnit(c, u, now));
  if (audit_each == Audit::kYes)
    WG_TRY(
        audit_.Record(c, actor, "unit.create", {"unit", std::to_string(id)}));
  return id;
}

Result<store::Unit> RegistryService::CreateUnit(const Actor& actor,
                                                const UnitInput& in) {
  return audit_.Write(actor, "unit.create", {"unit", ""},
                      [&](store::Connection& c) -> Result<store::Unit> {
                        WG_ASSIGN(int64_t id, CreateUnitIn(c, actor, in));
                        return RegistryStore::GetUnit(c, id);
                      });
}

Result<store::Unit> RegistryService::GetUnit(const Actor& actor, int64_t id) {
  return GetInScope<store::Unit>(
      actor, "unit.read", id,
      [&](store::Connection& c) { return RegistryStore::GetUnit(c, id); });
}

Result<store::PageOf<store::Unit>> RegistryService::ListUnits(
    const Actor& actor, const RegistryQuery& q) {
  return ListInScope<store::Unit>(
      actor, q, [&](store::Connection& c, const store::RegistryFilter& f) {
        return RegistryStore::ListUnits(c, f, q.page);
      });
}

}  // namespace wangge::service
