// The OpenAPI document describes exactly the routes the server has.
#include "http/openapi.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "core/crypto.h"
#include "http/api.h"
#include "service/import_service.h"

namespace wangge::http {
namespace {

TEST(OpenApiTest, DocumentListsEveryRouteAndNothingElse) {
  InitCrypto();
  char tmpl[] = "/tmp/wangge-openapi-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  {
    auto db = store::Database::Open({.url = "", .data_dir = tmpl});
    ASSERT_TRUE(db);
    SystemClock clock;
    FieldCipher cipher(FieldCipher::GenerateKey());
    service::AuditService audit(**db, clock);
    service::AuthService auth(**db, clock, audit);
    service::AreaService areas(**db, clock, audit);
    service::RegistryService registry(**db, clock, cipher, audit);
    service::ImportService imports(**db, registry, audit);
    service::LocatorCache locator(**db, clock);
    service::GridGeoService geo(**db, clock, audit, locator);
    service::AttachmentService attachments(**db, clock, audit, tmpl);
    service::WebhookService webhooks(**db, clock, cipher, audit);
    service::CaseCatalog catalog(**db, clock);
    service::TaxonomyService taxonomy(**db, clock, audit, catalog);
    service::CaseService cases(**db, clock, cipher, audit, catalog, locator);
    service::EnforcementService enforcement(**db, clock, audit, catalog);
    service::MapSettingsService map_settings(**db, clock, audit);
    service::CaseFeed feed(**db, catalog);
    service::StatsService stats(**db, clock, catalog);
    ApiContext ctx{.db = **db,
                   .auth = auth,
                   .areas = areas,
                   .registry = registry,
                   .imports = imports,
                   .geo = geo,
                   .audit = audit,
                   .clock = clock,
                   .version = "test",
                   .attachments = attachments,
                   .webhooks = webhooks,
                   .cases = cases,
                   .taxonomy = taxonomy,
                   .enforcement = enforcement,
                   .map_settings = map_settings,
                   .feed = feed,
                   .stats = stats};
    Router router = BuildApiRouter(ctx);

    auto key = [](const RouteInfo& r) { return r.method + " " + r.pattern; };
    std::vector<std::string> served, documented;
    for (const auto& r : router.Routes()) served.push_back(key(r));
    for (const auto& r : DocumentedRoutes()) documented.push_back(key(r));
    std::sort(served.begin(), served.end());
    std::sort(documented.begin(), documented.end());
    EXPECT_EQ(served, documented);

    auto doc = OpenApiDocument("test");
    EXPECT_EQ(doc.at("openapi").as_string(), "3.0.3");
    const auto& paths = doc.at("paths").as_object();
    EXPECT_TRUE(paths.contains("/api/v1/grids"));
    EXPECT_TRUE(
        paths.at("/api/v1/residents/{id}/reveal").as_object().contains("post"));
  }
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace wangge::http
