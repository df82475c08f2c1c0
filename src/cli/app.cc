#include "cli/app.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace wangge::cli {

Result<FieldCipher::Key> LoadDataKey(const std::string& data_dir) {
  if (const char* env = std::getenv("WANGGE_DATA_KEY"); env && *env)
    return FieldCipher::ParseKey(env);
  const auto path = std::filesystem::path(data_dir) / "secret.key";
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto key = FieldCipher::ParseKey(text.str());
    if (!key)
      return Invalid("data_key.invalid",
                     path.string() + " does not hold a key");
    return key;
  }
  std::filesystem::create_directories(data_dir, ec);
  const auto key = FieldCipher::GenerateKey();
  {
    // Create the file readable by the owner only before writing the key.
    std::ofstream out(path);
    if (!out)
      return Fail(ErrorCode::kUnavailable, "data_key.write",
                  "cannot write " + path.string());
    ::chmod(path.c_str(), 0600);
    out << FieldCipher::KeyToHex(key) << "\n";
  }
  std::cerr << "created data key " << path.string()
            << " (back it up: without it, encrypted ID and phone numbers "
               "cannot be read)\n";
  return key;
}

Result<std::unique_ptr<App>> App::Open(const CommonOptions& options,
                                       int pool_size) {
  InitCrypto();
  std::unique_ptr<App> app(new App());
  app->options_ = options;
  WG_ASSIGN(app->db_, store::Database::Open({.url = options.db_url,
                                             .data_dir = options.data_dir,
                                             .pool_size = pool_size}));
  WG_ASSIGN(auto key, LoadDataKey(options.data_dir));
  app->cipher_ = std::make_unique<FieldCipher>(key);
  app->audit_ = std::make_unique<service::AuditService>(*app->db_, app->clock_);
  WG_ASSIGN(auto auth_options, service::AuthService::LoadOptions(*app->db_));
  app->auth_ = std::make_unique<service::AuthService>(
      *app->db_, app->clock_, *app->audit_, auth_options);
  app->areas_ = std::make_unique<service::AreaService>(*app->db_, app->clock_,
                                                       *app->audit_);
  app->registry_ = std::make_unique<service::RegistryService>(
      *app->db_, app->clock_, *app->cipher_, *app->audit_);
  app->imports_ = std::make_unique<service::ImportService>(
      *app->db_, *app->registry_, *app->audit_);
  app->locator_ =
      std::make_unique<service::LocatorCache>(*app->db_, app->clock_);
  app->geo_ = std::make_unique<service::GridGeoService>(
      *app->db_, app->clock_, *app->audit_, *app->locator_);
  app->map_settings_ = std::make_unique<service::MapSettingsService>(
      *app->db_, app->clock_, *app->audit_);
  app->attachments_ = std::make_unique<service::AttachmentService>(
      *app->db_, app->clock_, *app->audit_, options.data_dir);
  app->webhooks_ = std::make_unique<service::WebhookService>(
      *app->db_, app->clock_, *app->cipher_, *app->audit_);
  app->catalog_ =
      std::make_unique<service::CaseCatalog>(*app->db_, app->clock_);
  app->taxonomy_ = std::make_unique<service::TaxonomyService>(
      *app->db_, app->clock_, *app->audit_, *app->catalog_);
  app->feed_ = std::make_unique<service::CaseFeed>(*app->db_, *app->catalog_);
  app->cases_ = std::make_unique<service::CaseService>(
      *app->db_, app->clock_, *app->cipher_, *app->audit_, *app->catalog_,
      *app->locator_);
  app->enforcement_ = std::make_unique<service::EnforcementService>(
      *app->db_, app->clock_, *app->audit_, *app->catalog_);
  app->stats_ = std::make_unique<service::StatsService>(*app->db_, app->clock_,
                                                        *app->catalog_);
  return app;
}

int ReportError(const Error& e) {
  std::cerr << "error: " << e.message;
  if (!e.field.empty()) std::cerr << " (field: " << e.field << ")";
  std::cerr << "\n";
  return 1;
}

}  // namespace wangge::cli
