// A wired service layer over a fresh SQLite file with a manual clock and a
// small area tree: district → street → community → grids 01 and 02.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/crypto.h"
#include "service/area_service.h"
#include "service/audit_service.h"
#include "service/auth_service.h"
#include "service/grid_geo_service.h"
#include "service/import_service.h"
#include "service/locator_cache.h"
#include "service/registry_service.h"
#include "store/database.h"

namespace wangge::service::testing {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Tests that load a whole demo start from an empty area tree.
  virtual bool WithSampleAreas() const { return true; }

  // Creates a user with `role` scoped to `area_code` (may be empty) and
  // returns the Actor as Authenticate would build it.
  Actor MakeUser(const std::string& username, const std::string& role,
                 const std::string& area_code);
  // A household with one resident in grid `grid_code`; returns resident id.
  int64_t AddResident(const std::string& grid_code, const std::string& no,
                      const std::string& id_card);

  static constexpr const char* kPassword = "Grid-pass-1";
  static constexpr const char* kGrid1 = "32011500301201";
  static constexpr const char* kGrid2 = "32011500301202";

  std::string dir_;
  ManualClock clock_{1795996800000};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<FieldCipher> cipher_;
  std::unique_ptr<AuditService> audit_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<AreaService> areas_;
  std::unique_ptr<RegistryService> registry_;
  std::unique_ptr<ImportService> imports_;
  std::unique_ptr<LocatorCache> locator_;
  std::unique_ptr<GridGeoService> geo_;
};

// A valid 18-digit ID number for a birth date and a 3-digit sequence.
std::string MakeIdCard(const std::string& region, const std::string& yyyymmdd,
                       int seq);

}  // namespace wangge::service::testing
