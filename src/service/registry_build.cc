// Validation of registry input into records ready to store: the checks
// shared by create, update and import, with sensitive numbers sealed,
// masked and blind-indexed here and nowhere else.
#include "core/id_card.h"
#include "core/masking.h"
#include "service/registry_service.h"
#include "service/registry_validation.h"

namespace wangge::service {

namespace {
constexpr int kRegistrationDays = 3;  // DOMAIN.md §2: within 3 days of arrival
}  // namespace

Result<store::House> RegistryService::BuildHouse(const HouseInput& in) const {
  WG_TRY(CheckOneOf(in.use,
                    {"own", "rental", "shop_residence", "vacant", "other"},
                    "house.use"));
  WG_TRY(CheckOneOf(in.hidden_danger, {"safe", "general", "serious"},
                    "house.hidden_danger"));
  WG_TRY(CheckPhone(in.landlord_phone, "house.landlord_phone"));
  if (in.floor_area && (*in.floor_area <= 0 || *in.floor_area > 100000))
    return Invalid("field.range", "floor_area must be 0..100000 m²",
                   "house.floor_area");
  if ((in.rooms_let && *in.rooms_let < 0) ||
      (in.max_occupants && *in.max_occupants < 0))
    return Invalid("field.range", "counts cannot be negative", "house");
  if (in.is_rental && in.landlord_name.empty())
    return Invalid("field.required", "a rental house needs its landlord",
                   "house.landlord_name");
  store::House h;
  h.use = in.use;
  h.structure = in.structure;
  h.floor_area = in.floor_area;
  h.is_rental = in.is_rental;
  h.landlord_name = in.landlord_name;
  h.landlord_phone_enc = cipher_.Encrypt(in.landlord_phone);
  h.landlord_phone_masked = MaskPhone(in.landlord_phone);
  h.lease_filing_no = in.lease_filing_no;
  h.rooms_let = in.rooms_let;
  h.max_occupants = in.max_occupants;
  h.hidden_danger = in.hidden_danger;
  h.pledge_signed = in.pledge_signed;
  return h;
}

Result<store::Resident> RegistryService::BuildResident(
    const ResidentInput& in, const std::string& p) const {
  store::Resident r;
  WG_TRY(CheckRequired(in.name, p + "name", 50));
  WG_TRY(CheckOneOf(in.category, {"registered", "floating", "foreign"},
                    p + "category"));
  r.name = in.name;
  r.category = in.category;
  r.hukou_status =
      in.hukou_status.empty()
          ? (in.category == "registered" ? "together" : "person_only")
          : in.hukou_status;
  WG_TRY(CheckOneOf(r.hukou_status,
                    {"together", "household_only", "person_only"},
                    p + "hukou_status"));
  r.gender = in.gender;
  r.birth_date = in.birth_date;
  if (!in.id_card.empty()) {
    WG_ASSIGN(IdCardInfo info, ValidateIdCard(in.id_card, p + "id_card"));
    const std::string g(1, info.gender);
    if (!r.gender.empty() && r.gender != g)
      return Invalid("resident.gender_mismatch",
                     "gender does not match the ID number", p + "gender");
    if (!r.birth_date.empty() && r.birth_date != info.birth_date)
      return Invalid("resident.birth_mismatch",
                     "birth date does not match the ID number",
                     p + "birth_date");
    r.gender = g;
    r.birth_date = info.birth_date;
    r.id_card_enc = cipher_.Encrypt(info.normalized);
    r.id_card_masked = MaskIdCard(info.normalized);
    r.id_card_index = cipher_.BlindIndex(info.normalized);
  } else if (in.category != "foreign") {
    // Newborns and people without a card yet are registered by name first.
    if (in.birth_date.empty())
      return Invalid("field.required",
                     "give the ID number, or at least the birth date",
                     p + "id_card");
  }
  WG_TRY(CheckOneOf(r.gender, {"M", "F"}, p + "gender"));
  WG_TRY(CheckDate(r.birth_date, p + "birth_date"));
  WG_TRY(CheckPhone(in.phone, p + "phone"));
  r.phone_enc = cipher_.Encrypt(in.phone);
  r.phone_masked = MaskPhone(in.phone);
  if (in.category == "foreign") {
    WG_TRY(CheckRequired(in.nationality, p + "nationality", 60));
    WG_TRY(CheckRequired(in.passport, p + "passport", 30));
  }
  r.nationality = in.nationality;
  r.passport_enc = cipher_.Encrypt(in.passport);
  r.passport_masked = MaskDocument(in.passport);
  r.relation = in.relation;
  r.ethnicity = in.ethnicity;
  r.origin = in.origin;
  r.reason = in.reason;
  r.expected_stay_months = in.expected_stay_months;
  WG_TRY(CheckDate(in.arrival_date, p + "arrival_date"));
  WG_TRY(CheckDate(in.registration_deadline, p + "registration_deadline"));
  WG_TRY(CheckDate(in.registered_on, p + "registered_on"));
  r.arrival_date = in.arrival_date;
  r.registered_on = in.registered_on;
  r.registration_deadline = in.registration_deadline;
  if (in.category == "floating") {
    WG_TRY(CheckRequired(in.origin, p + "origin", 100));
    WG_TRY(CheckRequired(in.arrival_date, p + "arrival_date", 10));
    if (!in.reason.empty())
      WG_TRY(CheckOneOf(in.reason,
                        {"work", "business", "family", "study", "other"},
                        p + "reason"));
    if (r.registration_deadline.empty())
      r.registration_deadline = AddDays(in.arrival_date, kRegistrationDays);
  }
  if (in.expected_stay_months &&
      (*in.expected_stay_months < 0 || *in.expected_stay_months > 1200))
    return Invalid("field.range", "expected_stay_months must be 0..1200",
                   p + "expected_stay_months");
  r.tags = in.tags;
  return r;
}

}  // namespace wangge::service
