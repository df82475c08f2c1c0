// How records look in API responses. Sensitive numbers only ever appear
// masked here; full values leave through the reveal endpoints alone.
#pragma once

#include <boost/json/value.hpp>

#include "service/area_service.h"
#include "service/import_service.h"
#include "store/audit_store.h"
#include "store/query_builder.h"
#include "store/registry_records.h"
#include "store/user_store.h"

namespace wangge::http {

boost::json::object ToJson(const store::Area& a);
boost::json::object ToJson(const store::TeamMember& m);
boost::json::object ToJson(const store::TeamRole& r);
boost::json::object ToJson(const service::GridDetail& g);
boost::json::object ToJson(const store::VillageGroup& g);
boost::json::object ToJson(const store::Household& h);
boost::json::object ToJson(const store::House& h);
boost::json::object ToJson(const store::Resident& r);
boost::json::object ToJson(const store::Unit& u);
boost::json::object ToJson(const store::User& u);
boost::json::object ToJson(const store::AuditEntry& e);
boost::json::object ToJson(const service::ImportReport& r);

// {"items":[...], "total":N, "page":P, "page_size":S}
template <class T>
boost::json::object PageJson(const store::PageOf<T>& page,
                             const store::Page& p) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.push_back(ToJson(item));
  return {{"items", std::move(items)},
          {"total", page.total},
          {"page", p.page},
          {"page_size", p.size}};
}

// PageJson for items that need a converter other than ToJson.
template <class T, class F>
boost::json::object PageJson(const store::PageOf<T>& page, const store::Page& p,
                             F&& to_json) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.push_back(to_json(item));
  return {{"items", std::move(items)},
          {"total", page.total},
          {"page", p.page},
          {"page_size", p.size}};
}

}  // namespace wangge::http
