#include "http/handlers/registry_input.h"

namespace wangge::http {

Result<service::AddressInput> ParseAddress(const JsonBody& b) {
  service::AddressInput a;
  WG_ASSIGN(a.estate, b.Str("estate", false, 100));
  WG_ASSIGN(a.building, b.Str("building", false, 50));
  WG_ASSIGN(a.unit, b.Str("unit", false, 50));
  WG_ASSIGN(a.room, b.Str("room", false, 50));
  WG_ASSIGN(a.lon, b.Num("lon"));
  WG_ASSIGN(a.lat, b.Num("lat"));
  return a;
}

Result<service::HouseInput> ParseHouse(const JsonBody& b) {
  service::HouseInput h;
  WG_ASSIGN(std::string use, b.Str("use", false, 20));
  if (!use.empty()) h.use = use;
  WG_ASSIGN(h.structure, b.Str("structure", false, 40));
  WG_ASSIGN(h.floor_area, b.Num("floor_area"));
  WG_ASSIGN(h.is_rental, b.Bool("is_rental"));
  WG_ASSIGN(h.landlord_name, b.Str("landlord_name", false, 100));
  WG_ASSIGN(h.landlord_phone, b.Str("landlord_phone", false, 20));
  WG_ASSIGN(h.lease_filing_no, b.Str("lease_filing_no", false, 60));
  WG_ASSIGN(h.rooms_let, b.Int("rooms_let"));
  WG_ASSIGN(h.max_occupants, b.Int("max_occupants"));
  WG_ASSIGN(std::string danger, b.Str("hidden_danger", false, 20));
  if (!danger.empty()) h.hidden_danger = danger;
  WG_ASSIGN(h.pledge_signed, b.Bool("pledge_signed"));
  return h;
}

Result<service::HouseholdInput> ParseHousehold(const JsonBody& b) {
  service::HouseholdInput h;
  WG_ASSIGN(h.grid_code, b.Str("grid_code", false, 40));
  WG_ASSIGN(h.grid_id, b.Int("grid_id"));
  WG_ASSIGN(h.household_no, b.Str("household_no", false, 40));
  WG_ASSIGN(h.head_name, b.Str("head_name", false, 100));
  WG_ASSIGN(std::string kind, b.Str("kind", false, 20));
  if (!kind.empty()) h.kind = kind;
  WG_ASSIGN(h.phone, b.Str("phone", false, 20));
  WG_ASSIGN(auto address, b.Obj("address"));
  WG_ASSIGN(h.address, ParseAddress(address));
  return h;
}

Result<service::ResidentInput> ParseResident(const JsonBody& b) {
  service::ResidentInput r;
  WG_ASSIGN(auto household, b.Int("household_id"));
  r.household_id = household.value_or(0);
  WG_ASSIGN(r.name, b.Str("name", false, 50));
  WG_ASSIGN(r.gender, b.Str("gender", false, 2));
  WG_ASSIGN(r.birth_date, b.Str("birth_date", false, 10));
  WG_ASSIGN(r.id_card, b.Str("id_card", false, 18));
  WG_ASSIGN(r.phone, b.Str("phone", false, 20));
  WG_ASSIGN(std::string category, b.Str("category", false, 20));
  if (!category.empty()) r.category = category;
  WG_ASSIGN(r.hukou_status, b.Str("hukou_status", false, 20));
  WG_ASSIGN(r.relation, b.Str("relation", false, 20));
  WG_ASSIGN(r.ethnicity, b.Str("ethnicity", false, 20));
  WG_ASSIGN(r.nationality, b.Str("nationality", false, 60));
  WG_ASSIGN(r.passport, b.Str("passport", false, 30));
  WG_ASSIGN(r.origin, b.Str("origin", false, 100));
  WG_ASSIGN(r.arrival_date, b.Str("arrival_date", false, 10));
  WG_ASSIGN(r.reason, b.Str("reason", false, 20));
  WG_ASSIGN(r.expected_stay_months, b.Int("expected_stay_months"));
  WG_ASSIGN(r.registration_deadline, b.Str("registration_deadline", false, 10));
  WG_ASSIGN(r.registered_on, b.Str("registered_on", false, 10));
  WG_ASSIGN(auto tags, b.StrList("tags"));
  for (auto& t : tags) r.tags.push_back({std::move(t), ""});
  return r;
}

Result<service::UnitInput> ParseUnit(const JsonBody& b) {
  service::UnitInput u;
  WG_ASSIGN(u.grid_code, b.Str("grid_code", false, 40));
  WG_ASSIGN(u.grid_id, b.Int("grid_id"));
  WG_ASSIGN(u.household_id, b.Int("household_id"));
  WG_ASSIGN(u.name, b.Str("name", true, 200));
  WG_ASSIGN(u.kind, b.Str("kind", true, 30));
  WG_ASSIGN(u.business, b.Str("business", false, 100));
  WG_ASSIGN(u.contact_name, b.Str("contact_name", false, 100));
  WG_ASSIGN(u.contact_phone, b.Str("contact_phone", false, 20));
  WG_ASSIGN(u.license_no, b.Str("license_no", false, 40));
  WG_ASSIGN(u.employees, b.Int("employees"));
  WG_ASSIGN(auto address, b.Obj("address"));
  WG_ASSIGN(u.address, ParseAddress(address));
  return u;
}

}  // namespace wangge::http
