// Reading case requests: the report form and the action bodies.
#pragma once

#include "http/json_input.h"
#include "service/case_service.h"

namespace wangge::http {

// {"category_id", "level", "urgent", "group_case", "source", "title",
//  "description", "address", "lon", "lat", "grid_id", "attachments": [ids],
//  "reporter_name", "contact_phone"}
Result<service::NewCase> ParseNewCase(const JsonBody& body);
Result<std::vector<int64_t>> IdList(const JsonBody& body,
                                    std::string_view field);
Result<service::CaseActionInput> ParseCaseAction(std::string_view action,
                                                 const JsonBody& body);

}  // namespace wangge::http
