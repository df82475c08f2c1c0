// What the API handlers need: the services, wired once by the CLI.
#pragma once

#include <filesystem>

#include "core/clock.h"
#include "service/area_service.h"
#include "service/attachment_service.h"
#include "service/audit_service.h"
#include "service/auth_service.h"
#include "service/case_feed.h"
#include "service/case_service.h"
#include "service/enforcement_service.h"
#include "service/grid_geo_service.h"
#include "service/import_service.h"
#include "service/map_settings.h"
#include "service/registry_service.h"
#include "service/stats_service.h"
#include "service/taxonomy_service.h"
#include "service/webhook_service.h"
#include "store/database.h"

namespace wangge::http {

struct ApiContext {
  store::Database& db;
  service::AuthService& auth;
  service::AreaService& areas;
  service::RegistryService& registry;
  service::ImportService& imports;
  service::GridGeoService& geo;
  const service::AuditService& audit;
  const Clock& clock;
  std::string version;
  std::string database;  // description for /health (no credentials)
  // Mark the session cookie Secure (set when served behind HTTPS).
  bool secure_cookie = false;
  // Built web app; empty or missing means API only.
  std::filesystem::path web_root;
  service::AttachmentService& attachments;
  service::WebhookService& webhooks;
  service::CaseService& cases;
  service::TaxonomyService& taxonomy;
  service::EnforcementService& enforcement;
  service::MapSettingsService& map_settings;
  service::CaseFeed& feed;
  service::StatsService& stats;
};

}  // namespace wangge::http
