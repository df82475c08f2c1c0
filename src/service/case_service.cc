#include "service/case_service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/masking.h"
#include "service/attachment_service.h"
#include "service/case_access.h"
#include "service/case_internal.h"
#include "service/intake_batcher.h"
#include "service/permissions.h"
#include "service/webhook_service.h"
#include "store/taxonomy_store.h"

namespace wangge::service {

namespace json = boost::json;
using store::IntOrNull;

CaseService::CaseService(store::Database& db, const Clock& clock,
                         const FieldCipher& cipher, const AuditService& audit,
                         CaseCatalog& catalog, LocatorCache& locator,
                         bool group_commit)
    : db_(db),
      clock_(clock),
      cipher_(cipher),
      tracking_(TrackingCodec::ForCases(cipher)),
      audit_(audit),
      catalog_(catalog),
      locator_(locator) {
  if (group_commit) batcher_ = std::make_unique<IntakeBatcher>(*this, db_);
}

void CaseService::StopBatching() { batcher_.reset(); }

CaseService::~CaseService() = default;

namespace {

Result<std::vector<int64_t>> OrgsOf(store::Connection& c, const Actor& actor) {
  if (!actor.user_id) return std::vector<int64_t>{};
  return store::TaxonomyStore::OrgsOfUser(c, *actor.user_id);
}

json::object OwnerJson(const Owner& o) {
  json::object j{{"kind", o.kind}};
  if (o.area_id) j["area_id"] = *o.area_id;
  if (o.org_id) j["org_id"] = *o.org_id;
  if (!o.role.empty()) j["role"] = o.role;
  return j;
}

Owner OwnerFromJson(const json::value& v) {
  Owner o;
  if (!v.is_object()) return o;
  const auto& j = v.as_object();
  if (auto* k = j.if_contains("kind"); k && k->is_string())
    o.kind = std::string(k->as_string());
  if (auto* a = j.if_contains("area_id"); a && a->is_int64())
    o.area_id = a->as_int64();
  if (auto* a = j.if_contains("org_id"); a && a->is_int64())
    o.org_id = a->as_int64();
  if (auto* r = j.if_contains("role"); r && r->is_string())
    o.role = std::string(r->as_string());
  return o;
}

// The party that handled the case last (kept in the feedback event), to
// whom rework and reopening return it.
Result<std::optional<Owner>> LastHandlingOwner(store::Connection& c,
                                               int64_t case_id) {
  WG_ASSIGN(auto rows,
            c.Query("SELECT detail FROM case_events WHERE case_id = ? AND "
                    "action = 'feedback' ORDER BY id DESC LIMIT 1",
                    {case_id}));
  if (rows.empty()) return std::optional<Owner>();
  boost::system::error_code ec;
  auto v = json::parse(rows[0].Text(0), ec);
  if (ec || !v.is_object() || !v.as_object().contains("handling_owner"))
    return std::optional<Owner>();
  return std::optional<Owner>(OwnerFromJson(v.as_object()["handling_owner"]));
}

}  // namespace

Result<CaseView> CaseService::View(store::Connection& c, const Actor& actor,
                                   store::CaseRow row, bool with_links) {
  WG_ASSIGN(auto orgs, OrgsOf(c, actor));
  WG_ASSIGN(CaseView v, BuildView(actor, orgs, std::move(row)));
  if (with_links) {
    WG_ASSIGN(v.attachments, store::CaseStore::Links(c, v.row.id));
    WG_ASSIGN(auto prow, store::TaxonomyStore::GetPolicy(c, v.row.policy_id));
    v.policy_version = prow.version;
    // The state machine allows both extension actions in a running step;
    // the page offers only the one that can succeed now: a decision when a
    // request waits, a request when none does and the policy has one left.
    WG_ASSIGN(int64_t pending,
              c.QueryInt("SELECT COUNT(*) FROM case_extensions WHERE "
                         "case_id = ? AND decision = 'pending'",
                         {v.row.id}));
    const bool may_request =
        pending == 0 &&
        (!v.policy || v.row.extensions_used < v.policy->max_extensions);
    std::erase_if(v.allowed, [&](const std::string& a) {
      return (a == CaseActionName(CaseAction::kDecideExtension) &&
              pending == 0) ||
             (a == CaseActionName(CaseAction::kRequestExtension) &&
              !may_request);
    });
  }
  return v;
}

Result<CaseView> CaseService::BuildView(const Actor& actor,
                                        const std::vector<int64_t>& orgs,
                                        store::CaseRow row) {
  WG_ASSIGN(auto snap, catalog_.WithArea(row.grid_id));
  CaseAccess access{actor, *snap, orgs};
  CaseView v;
  if (const auto* cat = snap->Category(row.category_id)) {
    v.category_name = cat->row.name;
    v.category_code = cat->row.code;
  }
  if (const auto* grid = snap->Area(row.grid_id)) {
    v.grid_name = grid->name;
    v.grid_code = grid->code;
  }
  v.owner_label = OwnerLabel(*snap, OwnerOf(row));
  const Millis now = clock_.Now();
  v.light = LightOf(row, *snap->calendar, now);
  if (row.step_started_at)
    v.step_used_ms = snap->calendar->TimeBetween(*row.step_started_at, now,
                                                 row.step_basis == "natural"
                                                     ? TimeBasis::kNatural
                                                     : TimeBasis::kWorking);
  for (CaseAction a : access.Allowed(row))
    v.allowed.emplace_back(CaseActionName(a));
  if (!row.reporter_contact_sealed.empty()) {
    auto plain = cipher_.Decrypt(row.reporter_contact_sealed);
    if (plain) v.reporter_contact_masked = MaskPhone(*plain);
  }
  auto policy = catalog_.Policy(row.policy_id);
  if (policy) v.policy = *policy;
  v.row = std::move(row);
  return v;
}

Result<CaseView> CaseService::Get(const Actor& actor, int64_t id) {
  return db_.Read([&](store::Connection& c) -> Result<CaseView> {
    WG_ASSIGN(auto row, store::CaseStore::Get(c, id));
    WG_ASSIGN(auto snap, catalog_.WithArea(row.grid_id));
    WG_ASSIGN(auto orgs, OrgsOf(c, actor));
    if (!CaseAccess{actor, *snap, orgs}.Sees(row))
      return Denied("this case lies outside your grids");
    return View(c, actor, std::move(row), true);
  });
}

Result<std::vector<store::CaseEventRow>> CaseService::Events(const Actor& actor,
                                                             int64_t id) {
  WG_TRY(Get(actor, id));
  return db_.Read(
      [&](store::Connection& c) { return store::CaseStore::Events(c, id); });
}

Result<store::PageOf<CaseView>> CaseService::List(const Actor& actor,
                                                  store::CaseFilter f,
                                                  store::Page page) {
  if (actor.user_id &&
      (actor.role == Role::kSystemAdmin || actor.role == Role::kSecurityAdmin ||
       actor.role == Role::kAuditor))
    return Denied("administrator roles do not read cases");
  return db_.Read([&](store::Connection& c) -> Result<store::PageOf<CaseView>> {
    WG_ASSIGN(f.grid_ids, ScopedGridIds(c, actor));
    WG_ASSIGN(f.org_ids, OrgsOf(c, actor));
    f.now = clock_.Now();
    WG_ASSIGN(auto rows, store::CaseStore::List(c, f, page));
    store::PageOf<CaseView> out;
    out.total = rows.total;
    for (auto& r : rows.items) {
      WG_ASSIGN(auto v, BuildView(actor, f.org_ids, std::move(r)));
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

Result<std::vector<store::CaseStore::FeedRow>> CaseService::LatestEvents(
    const Actor& actor, int64_t limit) {
  return db_.Read([&](store::Connection& c)
                      -> Result<std::vector<store::CaseStore::FeedRow>> {
    WG_ASSIGN(auto grids, ScopedGridIds(c, actor));
    return store::CaseStore::LatestEvents(c, grids, limit);
  });
}

Result<CaseView> CaseService::Act(const Actor& actor, int64_t id,
                                  const CaseActionInput& in) {
  const std::string action = "case." + std::string(CaseActionName(in.action));
  return audit_.Write(
      actor, action, {"case", std::to_string(id)},
      [&](store::Connection& c) { return ApplyAction(c, actor, id, in); });
}

Result<CaseView> CaseService::ApplyAction(store::Connection& c,
                                          const Actor& actor, int64_t id,
                                          const CaseActionInput& in) {
  WG_ASSIGN(auto row, store::CaseStore::GetForUpdate(c, id));
  const store::CaseRow before_row = row;
  WG_ASSIGN(auto snap, catalog_.WithArea(row.grid_id));
  WG_ASSIGN(auto orgs, OrgsOf(c, actor));
  CaseAccess access{actor, *snap, orgs};
  if (!access.Sees(row)) return Denied("this case lies outside your grids");
  auto state = ParseCaseState(row.state);
  if (!state) return Internal("case has an unknown state");
  // The state machine first: an illegal action is a 409 naming the allowed
  // ones, whoever asks.
  WG_ASSIGN(CaseState next, NextState(*state, in.action));
  if (!access.May(in.action, row)) {
    if (in.action == CaseAction::kVerifyPass ||
        in.action == CaseAction::kVerifyFail) {
      if (actor.user_id && row.handler_user_id &&
          *actor.user_id == *row.handler_user_id)
        return Denied("the handler cannot verify their own work");
    }
    return Denied("your role may not " +
                  std::string(CaseActionName(in.action)) + " this case now");
  }
  WG_ASSIGN(auto policy, catalog_.Policy(row.policy_id));
  const WorkingCalendar& cal = *snap->calendar;
  const Millis now = clock_.Now();
  const Owner before = OwnerOf(row);
  json::object detail;
  std::string attachment_kind;

  auto need_note = [&](std::string_view what) -> Status {
    if (in.note.empty())
      return Invalid("case.reason_required",
                     std::string(what) + " needs a reason in note", "note");
    return {};
  };

  // Rework (返工), reopening and an unsatisfied evaluation all return the
  // case to the party that handled it, with a fresh handling step.
  auto rework = [&]() -> Status {
    WG_ASSIGN(auto handler, LastHandlingOwner(c, row.id));
    EndStep(row, now);
    row.closed_at.reset();
    row.rework_count += 1;
    SetOwner(
        row,
        handler ? *handler : Resolve(*snap, row.category_id, row.grid_id).owner,
        now, "");
    StartStep(row, CaseStep::kHandle, *policy, cal, now);
    return {};
  };

  switch (in.action) {
    case CaseAction::kAccept:
      if (!in.level.empty()) {
        if (!policy->AllowsLevel(in.level))
          return Invalid("case.level",
                         "this category does not allow level " + in.level,
                         "level");
        row.level = in.level;
      }
      EndStep(row, now);
      row.accepted_at = now;
      SetOwner(row, CommunityOffice(*snap, row.grid_id), now, "");
      StartStep(row, CaseStep::kDispatch, *policy, cal, now);
      if (row.level == "major") row.is_major = true;
      break;
    case CaseAction::kVoid:
      WG_TRY(need_note("voiding"));
      EndStep(row, now);
      row.reason = in.note;
      break;
    case CaseAction::kDispatch: {
      Owner owner;
      std::string routed_by = "manual";
      if (!in.party_kind.empty()) {
        WG_ASSIGN(owner, OwnerForParty(*snap, in.party_kind, in.party_role,
                                       in.party_org_id, row.grid_id));
      } else {
        Routing r = Resolve(*snap, row.category_id, row.grid_id);
        owner = r.owner;
        routed_by = r.routed_by;
      }
      EndStep(row, now);
      SetOwner(row, owner, now, routed_by);
      StartStep(row, CaseStep::kHandle, *policy, cal, now);
      detail["routed_by"] = routed_by;
      break;
    }
    case CaseAction::kSendBack:
      WG_TRY(need_note("sending back"));
      EndStep(row, now);
      row.returns_count += 1;
      detail["returned_by"] = OwnerJson(before);
      SetOwner(row, CommunityOffice(*snap, row.grid_id), now, "");
      StartStep(row, CaseStep::kDispatch, *policy, cal, now);
      break;
    case CaseAction::kFeedback:
      if (policy->photos_after && in.attachments.empty())
        return Invalid("case.photo_required",
                       "this category needs a photo after handling",
                       "attachments");
      EndStep(row, now);
      row.handler_user_id = actor.user_id;
      row.handled_at = now;
      detail["handling_owner"] = OwnerJson(before);
      SetOwner(row, CommunityOffice(*snap, row.grid_id), now, "");
      StartStep(row, CaseStep::kVerify, *policy, cal, now);
      attachment_kind = "after";
      break;
    case CaseAction::kVerifyPass:
      EndStep(row, now);
      row.closed_at = now;
      break;
    case CaseAction::kVerifyFail: {
      WG_TRY(need_note("failing verification"));
      WG_TRY(rework());
      break;
    }
    case CaseAction::kShelve: {
      WG_TRY(need_note("shelving"));
      int64_t day = 0;
      if (!ParseDate(in.review_on, &day))
        return Invalid("case.review_on",
                       "review_on must be a date (YYYY-MM-DD)", "review_on");
      EndStep(row, now);
      row.reason = in.note;
      row.review_on = in.review_on;
      SetOwner(row, CommunityOffice(*snap, row.grid_id), now, "");
      break;
    }
    case CaseAction::kUnshelve:
      row.review_on = "";
      StartStep(row, CaseStep::kDispatch, *policy, cal, now);
      break;
    case CaseAction::kReopen: {
      WG_TRY(need_note("reopening"));
      WG_TRY(rework());
      break;
    }
    case CaseAction::kRequestExtension: {
      if (!(in.hours > 0) || in.hours > 24 * 30)
        return Invalid("case.extension_hours",
                       "hours must be more than 0 and at most 720", "hours");
      WG_TRY(need_note("an extension"));
      WG_ASSIGN(int64_t pending,
                c.QueryInt("SELECT COUNT(*) FROM case_extensions WHERE "
                           "case_id = ? AND decision = 'pending'",
                           {row.id}));
      if (pending > 0)
        return Conflict("case.extension_pending",
                        "an extension request is already waiting");
      if (row.extensions_used >= policy->max_extensions)
        return Conflict("case.extension_limit",
                        "this case has used its " +
                            std::to_string(policy->max_extensions) +
                            " extension(s)");
      WG_ASSIGN(int64_t ext_id,
                c.Insert("INSERT INTO case_extensions (case_id, step_seq, "
                         "hours, reason, requested_at, requested_by) VALUES "
                         "(?, ?, ?, ?, ?, ?)",
                         {row.id, row.step_seq, in.hours, in.note, now,
                          IntOrNull(actor.user_id)}));
      detail["extension_id"] = ext_id;
      detail["hours"] = in.hours;
      break;
    }
    case CaseAction::kDecideExtension: {
      WG_ASSIGN(auto rows,
                c.Query("SELECT id, hours FROM case_extensions WHERE case_id = "
                        "? AND decision = 'pending' ORDER BY id DESC LIMIT 1",
                        {row.id}));
      if (rows.empty())
        return Conflict("case.no_extension",
                        "there is no extension request to decide");
      const int64_t ext_id = rows[0].Int(0);
      if (in.extension_id && *in.extension_id != ext_id)
        return Invalid("case.extension_id",
                       "extension_id is not the pending request",
                       "extension_id");
      const double hours = rows[0].Real(1);
      WG_TRY(
          c.Exec("UPDATE case_extensions SET decision = ?, decided_at = ?, "
                 "decided_by = ?, decision_note = ? WHERE id = ?",
                 {std::string(in.approve ? "approved" : "rejected"), now,
                  IntOrNull(actor.user_id), in.note, ext_id}));
      detail["extension_id"] = ext_id;
      detail["approved"] = in.approve;
      if (in.approve && row.step_started_at && row.step_limit_ms) {
        const TimeBasis basis = row.step_basis == "natural"
                                    ? TimeBasis::kNatural
                                    : TimeBasis::kWorking;
        row.extensions_used += 1;
        *row.step_limit_ms += static_cast<Millis>(hours * 3600000.0);
        row.step_deadline_at =
            cal.AddTime(*row.step_started_at, *row.step_limit_ms, basis);
        row.step_yellow_at = cal.AddTime(*row.step_started_at,
                                         *row.step_limit_ms * 8 / 10, basis);
        // A new step instance: supervision may be raised again against the
        // extended deadline.
        row.step_seq += 1;
        row.alert = "";
        detail["deadline_at"] = *row.step_deadline_at;
      }
      break;
    }
    case CaseAction::kEvaluate:
      if (in.satisfaction != "satisfied" && in.satisfaction != "unsatisfied")
        return Invalid("case.satisfaction",
                       "satisfaction must be satisfied or unsatisfied",
                       "satisfaction");
      row.satisfaction = in.satisfaction;
      row.satisfaction_comment = in.note;
      if (in.satisfaction == "unsatisfied") {
        // 不满意重办: back to the party that handled it.
        WG_ASSIGN(next, NextState(CaseState::kClosed, CaseAction::kReopen));
        WG_TRY(rework());
      }
      break;
  }

  // Only photos the actor uploaded or may see can be linked.
  if (!in.attachments.empty())
    WG_TRY(AttachmentService::LookupForActor(c, actor, in.attachments));
  row.state = std::string(CaseStateName(next));
  row.updated_at = now;
  WG_TRY(store::CaseStore::Update(c, before_row, row));
  const Owner after = OwnerOf(row);
  if (!(after == before)) {
    detail["owner_from"] = OwnerJson(before);
    detail["owner_to"] = OwnerJson(after);
    detail["owner_label"] = OwnerLabel(*snap, after);
  }
  if (!row.step.empty() && row.step_deadline_at)
    detail["deadline_at"] = *row.step_deadline_at;
  if (!in.attachments.empty()) {
    json::array ids;
    for (int64_t a : in.attachments) ids.emplace_back(a);
    detail["attachments"] = std::move(ids);
  }
  store::CaseEventRow event{
      .case_id = row.id,
      .at = now,
      .user_id = actor.user_id,
      .actor_name = actor.username,
      .action = std::string(CaseActionName(in.action)),
      .from_state = std::string(CaseStateName(*state)),
      .to_state = row.state,
      .note = in.note,
      .detail = detail.empty() ? "" : json::serialize(detail)};
  WG_ASSIGN(event.id, store::CaseStore::AppendEvent(c, event));
  if (!in.attachments.empty())
    WG_TRY(store::CaseStore::LinkAttachments(
        c, row.id, event.id, in.attachments,
        attachment_kind.empty() ? "evidence" : attachment_kind));
  WG_TRY(audit_.Record(c, actor,
                       "case." + std::string(CaseActionName(in.action)),
                       {"case", std::to_string(row.id)},
                       {{"number", row.number},
                        {"from", event.from_state},
                        {"to", event.to_state}}));
  WG_TRY(WebhookService::Enqueue(
      c, "case." + std::string(CaseActionName(in.action)),
      {{"case_id", row.id},
       {"number", row.number},
       {"action", event.action},
       {"from", event.from_state},
       {"to", event.to_state},
       {"at", now}},
      now));
  if (!(after == before) && row.state != "closed" && row.state != "voided")
    WG_TRY(
        Notify(c, *snap, after, row.grid_id, row.id, std::nullopt,
               "case." + event.action,
               "案件 " + row.number + " 已转至您处（" + event.action + "）"));
  return View(c, actor, std::move(row), true);
}

Status CaseService::Notify(store::Connection& c, const CaseCatalog::Snapshot& s,
                           const Owner& owner, int64_t grid_id,
                           std::optional<int64_t> case_id,
                           std::optional<int64_t> supervision_id,
                           const std::string& kind,
                           const std::string& message) {
  (void)s;
  store::Rows users;
  if (owner.kind == "grid") {
    WG_ASSIGN(users, c.Query("SELECT DISTINCT user_id FROM team_members WHERE "
                             "grid_id = ? AND user_id IS NOT NULL",
                             {grid_id}));
    if (users.empty()) {
      WG_ASSIGN(users,
                c.Query("SELECT DISTINCT u.id FROM users u JOIN user_scopes "
                        "s ON s.user_id = u.id WHERE s.area_id = ? AND u.role "
                        "= 'grid_staff'",
                        {grid_id}));
    }
  } else if (owner.kind == "community" || owner.kind == "street") {
    WG_ASSIGN(users,
              c.Query("SELECT DISTINCT u.id FROM users u JOIN user_scopes s "
                      "ON s.user_id = u.id WHERE s.area_id = ? AND u.role IN "
                      "('community_leader', 'street_leader')",
                      {IntOrNull(owner.area_id)}));
  } else if (owner.org_id) {
    WG_ASSIGN(users, c.Query("SELECT user_id FROM org_members WHERE org_id = ?",
                             {*owner.org_id}));
  }
  const Millis now = clock_.Now();
  for (const auto& u : users)
    WG_TRY(
        c.Exec("INSERT INTO notifications (user_id, case_id, "
               "supervision_id, kind, message, created_at) VALUES (?, ?, "
               "?, ?, ?, ?)",
               {u.Int(0), IntOrNull(case_id), IntOrNull(supervision_id), kind,
                message, now}));
  return {};
}

}  // namespace wangge::service
