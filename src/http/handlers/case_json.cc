#include "http/handlers/case_json.h"

#include <boost/json/parse.hpp>

namespace wangge::http {

namespace json = boost::json;

namespace {
json::value OptInt(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value OptReal(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
}  // namespace

json::object CaseJson(const service::CaseView& v, bool detail) {
  const auto& r = v.row;
  json::object o{
      {"id", r.id},
      {"number", r.number},
      {"category_id", r.category_id},
      {"category", v.category_name},
      {"category_code", v.category_code},
      {"level", r.level},
      {"urgent", r.urgent},
      {"source", r.source},
      {"title", r.title},
      {"address", r.address_text},
      {"lon", OptReal(r.lon)},
      {"lat", OptReal(r.lat)},
      {"grid_id", r.grid_id},
      {"grid", v.grid_name},
      {"grid_code", v.grid_code},
      {"community_id", r.community_id},
      {"state", r.state},
      {"owner",
       {{"kind", r.owner_kind},
        {"area_id", OptInt(r.owner_area_id)},
        {"org_id", OptInt(r.owner_org_id)},
        {"role", r.owner_role},
        {"label", v.owner_label},
        {"since", r.owner_since}}},
      {"step", r.step},
      {"light", v.light},
      {"deadline_at", OptInt(r.step_deadline_at)},
      {"alert", r.alert},
      {"escalation_level", r.escalation_level},
      {"is_major", r.is_major},
      {"created_at", r.created_at},
      {"updated_at", r.updated_at},
      {"closed_at", OptInt(r.closed_at)},
  };
  json::array allowed;
  for (const auto& a : v.allowed) allowed.emplace_back(a);
  o["allowed_actions"] = std::move(allowed);
  if (!detail) return o;
  o["tracking"] = r.tracking;
  o["description"] = r.description;
  o["group_case"] = r.group_case;
  o["routed_by"] = r.routed_by;
  o["reporter"] = r.reporter_name;
  o["reporter_contact"] = v.reporter_contact_masked;
  o["policy_id"] = r.policy_id;
  o["policy_version"] = v.policy_version;
  if (v.policy) {
    o["accept_criteria"] = v.policy->accept_criteria;
    o["close_criteria"] = v.policy->close_criteria;
    o["photos_before"] = v.policy->photos_before;
    o["photos_after"] = v.policy->photos_after;
  }
  o["step_started_at"] = OptInt(r.step_started_at);
  o["step_yellow_at"] = OptInt(r.step_yellow_at);
  o["step_limit_ms"] = OptInt(r.step_limit_ms);
  o["step_used_ms"] = v.step_used_ms;
  o["step_basis"] = r.step_basis;
  o["extensions_used"] = r.extensions_used;
  o["returns_count"] = r.returns_count;
  o["rework_count"] = r.rework_count;
  o["satisfaction"] = r.satisfaction;
  o["satisfaction_comment"] = r.satisfaction_comment;
  o["reason"] = r.reason;
  o["review_on"] = r.review_on;
  o["on_time"] = r.on_time;
  o["accepted_at"] = OptInt(r.accepted_at);
  o["handled_at"] = OptInt(r.handled_at);
  json::array attachments;
  for (const auto& l : v.attachments)
    attachments.push_back(
        {{"id", l.attachment_id},
         {"kind", l.kind},
         {"event_id", OptInt(l.event_id)},
         {"url", "/api/v1/attachments/" + std::to_string(l.attachment_id)}});
  o["attachments"] = std::move(attachments);
  return o;
}

json::object EventJson(const store::CaseEventRow& e) {
  json::object o{{"id", e.id},
                 {"case_id", e.case_id},
                 {"at", e.at},
                 {"user_id", OptInt(e.user_id)},
                 {"actor", e.actor_name},
                 {"action", e.action},
                 {"from", e.from_state},
                 {"to", e.to_state},
                 {"note", e.note}};
  boost::system::error_code ec;
  auto detail = e.detail.empty() ? json::value(json::object())
                                 : json::parse(e.detail, ec);
  o["detail"] = ec ? json::value(json::object()) : detail;
  return o;
}

json::object SupervisionJson(const service::SupervisionRow& s) {
  return {{"id", s.id},
          {"case_id", s.case_id},
          {"case_number", s.case_number},
          {"kind", s.kind},
          {"level", s.level},
          {"step", s.step},
          {"message", s.message},
          {"raised_at", s.raised_at},
          {"raised_by", s.raised_by_name},
          {"owner",
           {{"kind", s.owner.kind},
            {"area_id", OptInt(s.owner.area_id)},
            {"org_id", OptInt(s.owner.org_id)},
            {"role", s.owner.role}}},
          {"reply_due_at", OptInt(s.reply_due_at)},
          {"reply", s.reply},
          {"replied_at", OptInt(s.replied_at)}};
}

json::object MajorJson(const service::MajorCase& m) {
  json::array dates;
  for (const auto& d : m.review_dates) dates.emplace_back(d);
  return {
      {"case", CaseJson(m.view, false)},  {"leader_user_id", m.leader_user_id},
      {"leader", m.leader_name},          {"note", m.note},
      {"review_dates", std::move(dates)}, {"next_review_on", m.next_review_on}};
}

json::object CategoryJson(const service::CatalogCategory& c) {
  json::object o{{"id", c.row.id},     {"parent_id", OptInt(c.row.parent_id)},
                 {"kind", c.row.kind}, {"code", c.row.code},
                 {"name", c.row.name}, {"name_en", c.row.name_en},
                 {"sort", c.row.sort}, {"active", c.row.active}};
  if (c.policy) {
    o["policy_id"] = c.policy_id;
    o["policy_version"] = c.policy_version;
    o["policy"] = service::CasePolicyToJson(*c.policy);
  }
  return o;
}

json::object RuleJson(const store::RuleRow& r) {
  return {{"id", r.id},
          {"category_id", r.category_id},
          {"area_id", r.area_id},
          {"party_kind", r.party_kind},
          {"party_role", r.party_role},
          {"party_org_id", OptInt(r.party_org_id)},
          {"note", r.note},
          {"created_at", r.created_at},
          {"created_by", r.created_by}};
}

json::object OrgJson(const store::OrgUnitRow& o) {
  return {{"id", o.id},           {"kind", o.kind},
          {"code", o.code},       {"name", o.name},
          {"name_en", o.name_en}, {"area_id", OptInt(o.area_id)},
          {"phone", o.phone}};
}

json::object PublicStatusJson(const service::PublicStatus& s) {
  json::array timeline;
  for (const auto& [at, action] : s.timeline)
    timeline.push_back({{"at", at}, {"action", action}});
  json::array photos;
  for (int64_t id : s.photos)
    photos.emplace_back("/api/v1/public/reports/" + s.tracking +
                        "/attachments/" + std::to_string(id));
  return {{"tracking", s.tracking},
          {"category", s.category_name},
          {"state", s.state},
          {"address", s.address_text},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at},
          {"closed_at", OptInt(s.closed_at)},
          {"satisfaction", s.satisfaction},
          {"timeline", std::move(timeline)},
          {"photos", std::move(photos)}};
}

}  // namespace wangge::http
