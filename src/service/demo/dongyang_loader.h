// Loads the generated Dongyang community (GenerateDongyang) into a database
// through the registry and area services, in one transaction, and creates
// the demo accounts.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "service/area_service.h"
#include "service/auth_service.h"
#include "service/grid_geo_service.h"
#include "service/registry_service.h"
#include "store/database.h"

namespace wangge::demo {

struct DemoAccount {
  std::string username;
  std::string password;
  std::string role;
  std::string scope;  // area code and name, for the printout
};

struct LoadSummary {
  int64_t grids = 0;
  int64_t village_groups = 0;
  int64_t households = 0;
  int64_t residents = 0;
  int64_t units = 0;
  int64_t outside_merchants = 0;
  int64_t patrol_teams = 0;
  int64_t patrol_members = 0;
  double max_deviation = 0;  // of grid populations after the division
  std::vector<DemoAccount> accounts;
};

// Fails with kConflict when the database already holds areas.
Result<LoadSummary> LoadDongyang(store::Database& db, const Clock& clock,
                                 service::AreaService& areas,
                                 service::RegistryService& registry,
                                 service::AuthService& auth,
                                 service::GridGeoService& geo_service,
                                 const service::AuditService& audit,
                                 uint64_t seed = 2008);

}  // namespace wangge::demo
