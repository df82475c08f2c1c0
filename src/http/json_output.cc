#include "http/json_output.h"

#include "core/clock.h"

namespace wangge::http {

namespace {
boost::json::value OptInt(const std::optional<int64_t>& v) {
  if (!v) return nullptr;
  return *v;
}
boost::json::value OptReal(const std::optional<double>& v) {
  if (!v) return nullptr;
  return *v;
}
boost::json::value OptText(const std::string& v) {
  if (v.empty()) return nullptr;
  return boost::json::string(v);
}
}  // namespace

boost::json::object ToJson(const store::Area& a) {
  return {{"id", a.id},       {"parent_id", OptInt(a.parent_id)},
          {"level", a.level}, {"code", a.code},
          {"name", a.name},   {"seq", a.seq},
          {"kind", a.kind}};
}

boost::json::object ToJson(const store::TeamMember& m) {
  return {{"id", m.id},       {"grid_id", m.grid_id},
          {"role", m.role},   {"name", m.name},
          {"phone", m.phone}, {"user_id", OptInt(m.user_id)}};
}

boost::json::object ToJson(const store::TeamRole& r) {
  boost::json::array duties;
  for (const auto& d : r.duties) duties.emplace_back(d);
  return {{"role", r.role},
          {"name_zh", r.name_zh},
          {"name_en", r.name_en},
          {"required", r.required},
          {"duties", std::move(duties)}};
}

boost::json::object ToJson(const service::GridDetail& g) {
  const auto& s = g.summary;
  boost::json::object out = ToJson(s.grid);
  out["community"] = {{"id", OptInt(s.grid.parent_id)},
                      {"code", s.community_code},
                      {"name", s.community_name}};
  out["households"] = s.households;
  out["population"] = s.population;
  out["village_groups"] = s.village_groups;
  boost::json::array team;
  for (const auto& m : g.team) team.push_back(ToJson(m));
  out["team"] = std::move(team);
  return out;
}

boost::json::object ToJson(const store::VillageGroup& g) {
  return {{"id", g.id},
          {"community_id", g.community_id},
          {"grid_id", OptInt(g.grid_id)},
          {"code", g.code},
          {"name", g.name},
          {"population", g.population},
          {"households", g.households}};
}

boost::json::object ToJson(const store::Household& h) {
  return {{"id", h.id},
          {"grid_id", h.grid_id},
          {"grid_code", h.grid_code},
          {"household_no", h.household_no},
          {"head_name", h.head_name},
          {"kind", h.kind},
          {"phone", h.phone_masked},
          {"address", h.address_text},
          {"address_id", OptInt(h.address_id)},
          {"house_id", OptInt(h.house_id)},
          {"members", h.members}};
}

boost::json::object ToJson(const store::House& h) {
  return {{"id", h.id},
          {"grid_id", h.grid_id},
          {"address_id", h.address_id},
          {"address", h.address_text},
          {"use", h.use},
          {"structure", h.structure},
          {"floor_area", OptReal(h.floor_area)},
          {"is_rental", h.is_rental},
          {"landlord_name", h.landlord_name},
          {"landlord_phone", h.landlord_phone_masked},
          {"lease_filing_no", h.lease_filing_no},
          {"rooms_let", OptInt(h.rooms_let)},
          {"max_occupants", OptInt(h.max_occupants)},
          {"hidden_danger", h.hidden_danger},
          {"pledge_signed", h.pledge_signed}};
}

boost::json::object ToJson(const store::Resident& r) {
  boost::json::array tags;
  for (const auto& t : r.tags)
    tags.push_back({{"tag", t.tag}, {"detail", t.detail}});
  return {{"id", r.id},
          {"household_id", r.household_id},
          {"household_no", r.household_no},
          {"grid_id", r.grid_id},
          {"grid_code", r.grid_code},
          {"address", r.address_text},
          {"name", r.name},
          {"gender", r.gender},
          {"birth_date", OptText(r.birth_date)},
          {"id_card", r.id_card_masked},
          {"phone", r.phone_masked},
          {"passport", r.passport_masked},
          {"category", r.category},
          {"hukou_status", r.hukou_status},
          {"relation", r.relation},
          {"ethnicity", r.ethnicity},
          {"nationality", r.nationality},
          {"origin", r.origin},
          {"arrival_date", OptText(r.arrival_date)},
          {"reason", r.reason},
          {"expected_stay_months", OptInt(r.expected_stay_months)},
          {"registration_deadline", OptText(r.registration_deadline)},
          {"registered_on", OptText(r.registered_on)},
          {"tags", std::move(tags)}};
}

boost::json::object ToJson(const store::Unit& u) {
  return {{"id", u.id},
          {"grid_id", u.grid_id},
          {"grid_code", u.grid_code},
          {"household_id", OptInt(u.household_id)},
          {"name", u.name},
          {"kind", u.kind},
          {"business", u.business},
          {"contact_name", u.contact_name},
          {"contact_phone", u.contact_phone_masked},
          {"license_no", u.license_no},
          {"employees", OptInt(u.employees)},
          {"address", u.address_text}};
}

boost::json::object ToJson(const store::User& u) {
  boost::json::array scopes;
  for (const auto& s : u.scopes)
    scopes.push_back({{"area_id", s.area_id},
                      {"code", s.code},
                      {"name", s.name},
                      {"level", s.level}});
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", u.role},
          {"locale", u.locale},
          {"disabled", u.disabled},
          {"locked_until", u.locked_until
                               ? boost::json::value(FormatUtc(u.locked_until))
                               : boost::json::value(nullptr)},
          {"scopes", std::move(scopes)}};
}

boost::json::object ToJson(const store::AuditEntry& e) {
  return {{"id", e.id},
          {"at", FormatUtc(e.at)},
          {"user_id", OptInt(e.user_id)},
          {"username", e.username},
          {"action", e.action},
          {"target_type", e.target_type},
          {"target_id", e.target_id},
          {"detail", e.detail},
          {"result", e.result},
          {"remote_addr", e.remote_addr},
          {"hash", e.hash}};
}

boost::json::object ToJson(const service::ImportReport& r) {
  boost::json::array errors;
  for (const auto& e : r.errors)
    errors.push_back(
        {{"row", e.row}, {"column", e.column}, {"message", e.message}});
  return {{"total_rows", r.total_rows},
          {"imported_rows", r.imported_rows},
          {"skipped_rows", r.skipped_rows},
          {"households_created", r.households_created},
          {"dry_run", r.dry_run},
          {"errors", std::move(errors)}};
}

}  // namespace wangge::http
