// The composition root: opens the database chosen by --db / --data, loads
// the data key, and wires every service. The only place that picks backends.
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/crypto.h"
#include "service/area_service.h"
#include "service/attachment_service.h"
#include "service/audit_service.h"
#include "service/auth_service.h"
#include "service/case_catalog.h"
#include "service/case_feed.h"
#include "service/case_service.h"
#include "service/enforcement_service.h"
#include "service/grid_geo_service.h"
#include "service/import_service.h"
#include "service/locator_cache.h"
#include "service/map_settings.h"
#include "service/registry_service.h"
#include "service/stats_service.h"
#include "service/taxonomy_service.h"
#include "service/webhook_service.h"
#include "store/database.h"

namespace wangge::cli {

struct CommonOptions {
  std::string data_dir = "data";
  std::string db_url;  // empty: SQLite file in data_dir
};

class App {
 public:
  // Opens (and migrates) the database and reads or creates the data key.
  static Result<std::unique_ptr<App>> Open(const CommonOptions& options,
                                           int pool_size = 8);

  store::Database& db() { return *db_; }
  const Clock& clock() const { return clock_; }
  const FieldCipher& cipher() const { return *cipher_; }
  service::AuditService& audit() { return *audit_; }
  service::AuthService& auth() { return *auth_; }
  service::AreaService& areas() { return *areas_; }
  service::RegistryService& registry() { return *registry_; }
  service::ImportService& imports() { return *imports_; }
  service::GridGeoService& geo() { return *geo_; }
  service::AttachmentService& attachments() { return *attachments_; }
  service::WebhookService& webhooks() { return *webhooks_; }
  service::LocatorCache& locator() { return *locator_; }
  service::CaseCatalog& catalog() { return *catalog_; }
  service::CaseService& cases() { return *cases_; }
  service::TaxonomyService& taxonomy() { return *taxonomy_; }
  service::MapSettingsService& map_settings() { return *map_settings_; }
  service::CaseFeed& feed() { return *feed_; }
  service::EnforcementService& enforcement() { return *enforcement_; }
  service::StatsService& stats() { return *stats_; }
  const CommonOptions& options() const { return options_; }

 private:
  App() = default;
  CommonOptions options_;
  SystemClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<FieldCipher> cipher_;
  std::unique_ptr<service::AuditService> audit_;
  std::unique_ptr<service::AuthService> auth_;
  std::unique_ptr<service::AreaService> areas_;
  std::unique_ptr<service::RegistryService> registry_;
  std::unique_ptr<service::ImportService> imports_;
  std::unique_ptr<service::LocatorCache> locator_;
  std::unique_ptr<service::GridGeoService> geo_;
  std::unique_ptr<service::MapSettingsService> map_settings_;
  std::unique_ptr<service::CaseFeed> feed_;
  std::unique_ptr<service::AttachmentService> attachments_;
  std::unique_ptr<service::WebhookService> webhooks_;
  std::unique_ptr<service::CaseCatalog> catalog_;
  std::unique_ptr<service::TaxonomyService> taxonomy_;
  std::unique_ptr<service::CaseService> cases_;
  std::unique_ptr<service::EnforcementService> enforcement_;
  std::unique_ptr<service::StatsService> stats_;
};

// The field-encryption key: $WANGGE_DATA_KEY (64 hex chars or base64), or
// DATA/secret.key, created with mode 0600 when neither exists.
Result<FieldCipher::Key> LoadDataKey(const std::string& data_dir);

// Prints "error: <message>" (and the field) to stderr; returns exit code 1.
int ReportError(const Error& e);

}  // namespace wangge::cli
