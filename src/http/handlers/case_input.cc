#include "http/handlers/case_input.h"

namespace wangge::http {

Result<std::vector<int64_t>> IdList(const JsonBody& body,
                                    std::string_view field) {
  std::vector<int64_t> out;
  auto* v = body.raw().if_contains(field);
  if (!v || v->is_null()) return out;
  if (!v->is_array())
    return Invalid("request.type",
                   std::string(field) + " must be a list of ids",
                   std::string(field));
  for (const auto& item : v->as_array()) {
    if (!item.is_int64() || item.as_int64() <= 0)
      return Invalid("request.type",
                     std::string(field) + " must be a list of ids",
                     std::string(field));
    out.push_back(item.as_int64());
  }
  return out;
}

Result<service::NewCase> ParseNewCase(const JsonBody& body) {
  service::NewCase in;
  WG_ASSIGN(auto category, body.Int("category_id"));
  if (!category)
    return Invalid("request.missing", "category_id is required", "category_id");
  in.category_id = *category;
  WG_ASSIGN(in.level, body.Str("level"));
  if (in.level.empty()) in.level = "ordinary";
  WG_ASSIGN(in.urgent, body.Bool("urgent"));
  WG_ASSIGN(in.group_case, body.Bool("group_case"));
  WG_ASSIGN(in.source, body.Str("source"));
  if (in.source.empty()) in.source = "grid_staff";
  WG_ASSIGN(in.title, body.Str("title"));
  WG_ASSIGN(in.description, body.Str("description"));
  WG_ASSIGN(in.address_text, body.Str("address"));
  WG_ASSIGN(in.lon, body.Num("lon"));
  WG_ASSIGN(in.lat, body.Num("lat"));
  WG_ASSIGN(in.grid_id, body.Int("grid_id"));
  WG_ASSIGN(in.attachments, IdList(body, "attachments"));
  WG_ASSIGN(in.reporter_name, body.Str("reporter_name", false, 100));
  WG_ASSIGN(in.reporter_phone, body.Str("contact_phone", false, 40));
  return in;
}

Result<service::CaseActionInput> ParseCaseAction(std::string_view action,
                                                 const JsonBody& body) {
  auto a = wangge::ParseCaseAction(action);
  if (!a)
    return NotFound("case.action", "no such action: " + std::string(action));
  service::CaseActionInput in;
  in.action = *a;
  WG_ASSIGN(in.note, body.Str("note", false, 4000));
  WG_ASSIGN(in.attachments, IdList(body, "attachments"));
  WG_ASSIGN(in.party_kind, body.Str("party_kind"));
  WG_ASSIGN(in.party_role, body.Str("party_role"));
  WG_ASSIGN(in.party_org_id, body.Int("party_org_id"));
  WG_ASSIGN(in.level, body.Str("level"));
  WG_ASSIGN(in.review_on, body.Str("review_on"));
  WG_ASSIGN(auto hours, body.Num("hours"));
  in.hours = hours.value_or(0);
  WG_ASSIGN(in.extension_id, body.Int("extension_id"));
  WG_ASSIGN(in.approve, body.Bool("approve"));
  WG_ASSIGN(in.satisfaction, body.Str("satisfaction"));
  return in;
}

}  // namespace wangge::http
