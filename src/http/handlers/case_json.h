// JSON shapes of cases, events, supervision and the catalogue.
#pragma once

#include <boost/json/object.hpp>

#include "service/case_service.h"
#include "service/taxonomy_service.h"

namespace wangge::http {

boost::json::object CaseJson(const service::CaseView& v, bool detail);
boost::json::object EventJson(const store::CaseEventRow& e);
boost::json::object SupervisionJson(const service::SupervisionRow& s);
boost::json::object MajorJson(const service::MajorCase& m);
boost::json::object CategoryJson(const service::CatalogCategory& c);
boost::json::object RuleJson(const store::RuleRow& r);
boost::json::object OrgJson(const store::OrgUnitRow& o);
boost::json::object PublicStatusJson(const service::PublicStatus& s);

}  // namespace wangge::http
