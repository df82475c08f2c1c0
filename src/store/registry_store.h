// Reads and writes the registry (一标三实). Scope is applied by the caller
// through RegistryFilter::grid_ids; this layer only runs SQL.
#pragma once

#include "core/error.h"
#include "store/query_builder.h"
#include "store/registry_records.h"
#include "store/sql.h"

namespace wangge::store {

class RegistryStore {
 public:
  // Returns the id of the address with the same grid and parts, inserting
  // it first when it does not exist yet.
  static Result<int64_t> UpsertAddress(Connection& c, const Address& a,
                                       int64_t now);
  static Result<Address> GetAddress(Connection& c, int64_t id);

  static Result<int64_t> InsertHouse(Connection& c, const House& h,
                                     int64_t now);
  static Status UpdateHouse(Connection& c, const House& h, int64_t now);
  static Result<House> GetHouse(Connection& c, int64_t id);
  static Result<std::optional<House>> HouseAtAddress(Connection& c,
                                                     int64_t address_id);
  static Result<PageOf<House>> ListHouses(Connection& c,
                                          const RegistryFilter& f, Page page);

  static Result<int64_t> InsertHousehold(Connection& c, const Household& h,
                                         int64_t now);
  static Status UpdateHousehold(Connection& c, const Household& h, int64_t now);
  static Result<Household> GetHousehold(Connection& c, int64_t id);
  static Result<std::optional<Household>> HouseholdByNo(Connection& c,
                                                        const std::string& no);
  static Result<PageOf<Household>> ListHouseholds(Connection& c,
                                                  const RegistryFilter& f,
                                                  Page page);

  static Result<int64_t> InsertResident(Connection& c, const Resident& r,
                                        int64_t now);
  static Status UpdateResident(Connection& c, const Resident& r, int64_t now);
  static Status DeleteResident(Connection& c, int64_t id);
  // Loads the resident with tags and joined display fields.
  static Result<Resident> GetResident(Connection& c, int64_t id);
  static Result<PageOf<Resident>> ListResidents(Connection& c,
                                                const RegistryFilter& f,
                                                Page page);
  // Streams every resident matching `f` (export); tags included.
  static Status EachResident(Connection& c, const RegistryFilter& f,
                             const std::function<bool(const Resident&)>& fn);
  static Status ReplaceTags(Connection& c, int64_t resident_id,
                            const std::vector<ResidentTag>& tags, int64_t now);

  static Result<int64_t> InsertUnit(Connection& c, const Unit& u, int64_t now);
  static Status UpdateUnit(Connection& c, const Unit& u, int64_t now);
  static Result<Unit> GetUnit(Connection& c, int64_t id);
  static Result<PageOf<Unit>> ListUnits(Connection& c, const RegistryFilter& f,
                                        Page page);

  // Counts used by tests and summaries.
  static Result<int64_t> CountResidents(Connection& c);
  static Result<int64_t> CountHouseholds(Connection& c);
};

}  // namespace wangge::store
