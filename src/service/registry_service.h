// The registry (一标三实) use cases: validated writes, scoped and masked
// reads, and the audited reveal of full ID and phone numbers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/error.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "store/database.h"
#include "store/query_builder.h"
#include "store/registry_records.h"

namespace wangge::service {

// Whether a building block writes its own audit record; bulk loaders pass
// kNo and record one summary instead.
enum class Audit { kYes, kNo };

// Fields as they arrive from the API, CSV or the demo; validated here.
struct AddressInput {
  std::string estate, building, unit, room;
  std::optional<double> lon, lat;
};

struct HouseholdInput {
  std::string grid_code;  // or grid_id
  std::optional<int64_t> grid_id;
  std::string household_no;  // generated when empty
  std::string head_name;
  std::string kind;  // registered when empty on create; kept on update
  std::string phone;
  AddressInput address;
};

struct HouseInput {
  std::string use = "own";
  std::string structure;
  std::optional<double> floor_area;
  bool is_rental = false;
  std::string landlord_name, landlord_phone, lease_filing_no;
  std::optional<int64_t> rooms_let, max_occupants;
  std::string hidden_danger = "safe";
  bool pledge_signed = false;
};

struct ResidentInput {
  int64_t household_id = 0;
  std::string name;
  std::string gender;  // M | F; derived from the ID number when empty
  std::string birth_date;
  std::string id_card;
  std::string phone;
  std::string category = "registered";
  std::string hukou_status;  // default: together, or person_only if floating
  std::string relation;
  std::string ethnicity;
  std::string nationality;
  std::string passport;
  std::string origin;
  std::string arrival_date;
  std::string reason;
  std::optional<int64_t> expected_stay_months;
  std::string registration_deadline;  // arrival + 3 days when empty
  std::string registered_on;
  std::vector<store::ResidentTag> tags;
};

struct UnitInput {
  std::string grid_code;
  std::optional<int64_t> grid_id;
  std::optional<int64_t> household_id;
  std::string name;
  std::string kind;
  std::string business;
  std::string contact_name;
  std::string contact_phone;
  std::string license_no;
  std::optional<int64_t> employees;
  AddressInput address;
};

// List filters as the API takes them (codes and names, not ids).
struct RegistryQuery {
  std::optional<int64_t> grid_id;
  std::optional<int64_t> area_id;  // any area: narrows to its grids
  std::optional<int64_t> household_id;
  std::string q;
  std::string id_card;  // exact full ID number
  std::string category, tag, hukou_status, kind, use, hidden_danger;
  std::optional<bool> is_rental;
  bool registration_overdue = false;
  store::Page page;
};

// What a reveal returns: the full values the reason was given for.
struct Revealed {
  std::string id_card;
  std::string phone;
  std::string passport;
};

class RegistryService {
 public:
  RegistryService(store::Database& db, const Clock& clock,
                  const FieldCipher& cipher, const AuditService& audit)
      : db_(db), clock_(clock), cipher_(cipher), audit_(audit) {}

  // Creates the household (and its address, and its house when `house` is
  // given) in one transaction.
  Result<store::Household> CreateHousehold(
      const Actor& actor, const HouseholdInput& in,
      const std::optional<HouseInput>& house = std::nullopt);
  Result<store::Household> UpdateHousehold(const Actor& actor, int64_t id,
                                           const HouseholdInput& in);
  Result<store::Household> GetHousehold(const Actor& actor, int64_t id);
  Result<store::PageOf<store::Household>> ListHouseholds(
      const Actor& actor, const RegistryQuery& q);

  Result<store::House> UpdateHouse(const Actor& actor, int64_t id,
                                   const HouseInput& in);
  Result<store::House> GetHouse(const Actor& actor, int64_t id);
  Result<store::PageOf<store::House>> ListHouses(const Actor& actor,
                                                 const RegistryQuery& q);

  Result<store::Resident> CreateResident(const Actor& actor,
                                         const ResidentInput& in);
  Result<store::Resident> UpdateResident(const Actor& actor, int64_t id,
                                         const ResidentInput& in);
  Status DeleteResident(const Actor& actor, int64_t id,
                        const std::string& reason);
  Result<store::Resident> GetResident(const Actor& actor, int64_t id);
  Result<store::PageOf<store::Resident>> ListResidents(const Actor& actor,
                                                       const RegistryQuery& q);
  // Decrypts the resident's sensitive numbers. Requires a reason of at
  // least 2 characters; audited whether it succeeds or is refused.
  Result<Revealed> RevealResident(const Actor& actor, int64_t id,
                                  const std::string& reason);

  Result<store::Unit> CreateUnit(const Actor& actor, const UnitInput& in);
  Result<store::Unit> GetUnit(const Actor& actor, int64_t id);
  Result<store::PageOf<store::Unit>> ListUnits(const Actor& actor,
                                               const RegistryQuery& q);

  // Building blocks shared with import and demo loading; each runs inside
  // the caller's transaction and audits there.
  Result<int64_t> ResolveGrid(store::Connection& c, const Actor& actor,
                              const std::string& grid_code,
                              std::optional<int64_t> grid_id);
  Result<store::Household> CreateHouseholdIn(store::Connection& c,
                                             const Actor& actor,
                                             const HouseholdInput& in,
                                             const std::optional<HouseInput>& h,
                                             Audit audit_each = Audit::kYes);
  Result<int64_t> CreateResidentIn(store::Connection& c, const Actor& actor,
                                   const ResidentInput& in,
                                   Audit audit_each = Audit::kYes);
  Result<int64_t> CreateUnitIn(store::Connection& c, const Actor& actor,
                               const UnitInput& in,
                               Audit audit_each = Audit::kYes);

  // Validation without writing (import checks every row first).
  Result<store::Resident> BuildResident(const ResidentInput& in,
                                        const std::string& field_prefix) const;
  Result<store::House> BuildHouse(const HouseInput& in) const;

  const FieldCipher& cipher() const { return cipher_; }

 private:
  // Loads one record with `load(connection)` and returns it if its grid is
  // in the actor's scope; a refusal is audited as `action`.
  template <class T, class Load>
  Result<T> GetInScope(const Actor& actor, std::string_view action, int64_t id,
                       Load load);
  // One page of records in the actor's scope matching `q`.
  template <class T, class List>
  Result<store::PageOf<T>> ListInScope(const Actor& actor,
                                       const RegistryQuery& q, List list);
  Result<store::RegistryFilter> Filter(store::Connection& c, const Actor& actor,
                                       const RegistryQuery& q) const;
  store::Database& db_;
  const Clock& clock_;
  const FieldCipher& cipher_;
  const AuditService& audit_;
};

}  // namespace wangge::service
