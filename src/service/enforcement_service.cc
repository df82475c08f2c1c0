#include "service/enforcement_service.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <set>

#include "service/attachment_service.h"
#include "service/case_access.h"
#include "service/case_internal.h"
#include "service/permissions.h"
#include "store/case_store.h"
#include "store/taxonomy_store.h"

namespace wangge::service {

namespace json = boost::json;
using store::IntOrNull;

namespace {

constexpr size_t kMaxCases = 100;
constexpr size_t kMaxDepartments = 20;
constexpr size_t kMaxParties = 50;
constexpr size_t kMaxAddresses = 50;
constexpr size_t kMaxEvidence = 20;

bool IsCli(const Actor& actor) { return !actor.user_id && actor.all_areas; }

bool IsLeader(const Actor& actor) {
  return actor.role == Role::kCommunityLeader ||
         actor.role == Role::kStreetLeader;
}

bool Contains(const std::vector<int64_t>& ids, int64_t id) {
  return std::ranges::find(ids, id) != ids.end();
}

bool HasRepeats(std::vector<int64_t> ids) {
  std::ranges::sort(ids);
  return std::ranges::adjacent_find(ids) != ids.end();
}

std::string IdText(int64_t id) { return std::to_string(id); }

int LocalYear(Millis at) {
  const int64_t day = (at + 8 * 3600000LL) / 86400000LL;
  return std::stoi(FormatDate(day).substr(0, 4));
}

std::string TaskNumber(int year, int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ZF-%d-%04lld", year,
                static_cast<long long>(seq));
  return buf;
}

Result<std::vector<int64_t>> OrgsOf(store::Connection& c, const Actor& actor) {
  if (!actor.user_id) return std::vector<int64_t>{};
  return store::TaxonomyStore::OrgsOfUser(c, *actor.user_id);
}

std::string InfoText(const NewEnforcementTask& in) {
  json::array parties, addresses, evidence;
  for (const auto& p : in.parties)
    parties.push_back(json::object{{"name", p.name}, {"role", p.role}});
  for (const auto& a : in.addresses) addresses.emplace_back(a);
  for (int64_t e : in.evidence) evidence.emplace_back(e);
  json::object info{{"parties", std::move(parties)},
                    {"addresses", std::move(addresses)},
                    {"evidence", std::move(evidence)}};
  if (!in.note.empty()) info["note"] = in.note;
  return json::serialize(info);
}

json::object ParseInfo(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

std::string StrOf(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

Status ValidateNew(const NewEnforcementTask& in) {
  if (in.title.empty() || in.title.size() > 200)
    return Invalid("enforcement.title", "title is required (at most 200 bytes)",
                   "title");
  if (in.lead_org_id <= 0)
    return Invalid("enforcement.lead",
                   "lead_org_id must name the leading functional zone",
                   "lead_org_id");
  if (in.department_ids.empty() || in.department_ids.size() > kMaxDepartments)
    return Invalid(
        "enforcement.departments",
        "give 1 to " + std::to_string(kMaxDepartments) + " departments",
        "department_ids");
  if (HasRepeats(in.department_ids))
    return Invalid("enforcement.departments", "a department repeats",
                   "department_ids");
  if (Contains(in.department_ids, in.lead_org_id))
    return Invalid("enforcement.departments",
                   "the lead zone is not one of the departments",
                   "department_ids");
  if (in.case_ids.empty() || in.case_ids.size() > kMaxCases)
    return Invalid("enforcement.cases",
                   "give 1 to " + std::to_string(kMaxCases) + " cases",
                   "case_ids");
  if (HasRepeats(in.case_ids))
    return Invalid("enforcement.cases", "a case repeats", "case_ids");
  if (in.parties.size() > kMaxParties)
    return Invalid("enforcement.parties",
                   "at most " + std::to_string(kMaxParties) + " parties",
                   "parties");
  for (const auto& p : in.parties)
    if (p.name.empty() || p.name.size() > 100 || p.role.size() > 50)
      return Invalid("enforcement.parties",
                     "each party needs a name (at most 100 bytes) and a role "
                     "of at most 50 bytes",
                     "parties");
  if (in.addresses.size() > kMaxAddresses)
    return Invalid("enforcement.addresses",
                   "at most " + std::to_string(kMaxAddresses) + " addresses",
                   "addresses");
  for (const auto& a : in.addresses)
    if (a.empty() || a.size() > 300)
      return Invalid("enforcement.addresses", "each address is 1 to 300 bytes",
                     "addresses");
  if (in.evidence.size() > kMaxEvidence)
    return Invalid("enforcement.evidence",
                   "at most " + std::to_string(kMaxEvidence) + " photos",
                   "evidence");
  if (HasRepeats(in.evidence))
    return Invalid("enforcement.evidence", "an attachment repeats", "evidence");
  int64_t day = 0;
  if (!in.scheduled_on.empty() && !ParseDate(in.scheduled_on, &day))
    return Invalid("enforcement.scheduled_on", "scheduled_on is YYYY-MM-DD",
                   "scheduled_on");
  if (in.note.size() > 2000)
    return Invalid("enforcement.note", "note is at most 2000 bytes", "note");
  return {};
}

// Whether a case's category needs law enforcement: its current policy or
// the version the case was opened under says so.
Result<bool> NeedsEnforcement(CaseCatalog& catalog,
                              const CaseCatalog::Snapshot& snap,
                              const store::CaseRow& row) {
  if (const auto* cat = snap.Category(row.category_id);
      cat && cat->policy && cat->policy->enforcement)
    return true;
  WG_ASSIGN(auto policy, catalog.Policy(row.policy_id));
  return policy && policy->enforcement;
}

}  // namespace

// What the actor is to a task.
struct EnforcementService::Access {
  bool cli = false;
  std::vector<int64_t> orgs;  // the actor's departments and zones
  bool lead_member = false;
  bool department_member = false;
  bool leader_over_any = false;  // coordinates one of the cases
  bool leader_over_all = false;  // coordinates every case

  bool Sees() const {
    return cli || lead_member || department_member || leader_over_any;
  }
  bool Leads() const { return cli || lead_member || leader_over_all; }
  bool AnswersFor(int64_t org_id) const {
    return cli || lead_member || Contains(orgs, org_id);
  }
};

Result<EnforcementService::Access> EnforcementService::AccessTo(
    store::Connection& c, const Actor& actor,
    const store::EnforcementTaskRow& task,
    const std::vector<store::EnforcementCaseRow>& cases) {
  Access a;
  a.cli = IsCli(actor);
  WG_ASSIGN(a.orgs, OrgsOf(c, actor));
  a.lead_member = Contains(a.orgs, task.lead_org_id);
  if (!a.orgs.empty()) {
    WG_ASSIGN(auto depts, store::EnforcementStore::Departments(c, task.id));
    for (const auto& d : depts)
      if (Contains(a.orgs, d.org_id)) a.department_member = true;
  }
  if (IsLeader(actor) && !cases.empty()) {
    a.leader_over_all = true;
    for (const auto& k : cases) {
      WG_ASSIGN(auto snap, catalog_.WithArea(k.grid_id));
      store::CaseRow row;
      row.grid_id = k.grid_id;
      if (CaseAccess{actor, *snap, a.orgs}.Coordinates(row))
        a.leader_over_any = true;
      else
        a.leader_over_all = false;
    }
  }
  return a;
}

Result<EnforcementTask> EnforcementService::View(
    store::Connection& c, const Actor& actor, store::EnforcementTaskRow row) {
  EnforcementTask t;
  WG_ASSIGN(t.cases, store::EnforcementStore::Cases(c, row.id));
  WG_ASSIGN(t.departments, store::EnforcementStore::Departments(c, row.id));
  WG_ASSIGN(Access access, AccessTo(c, actor, row, t.cases));
  const json::object info = ParseInfo(row.info);
  if (const auto* ps = info.if_contains("parties"); ps && ps->is_array())
    for (const auto& p : ps->as_array())
      if (p.is_object())
        t.parties.push_back(
            {StrOf(p.as_object(), "name"), StrOf(p.as_object(), "role")});
  if (const auto* as = info.if_contains("addresses"); as && as->is_array())
    for (const auto& a : as->as_array())
      if (a.is_string()) t.addresses.emplace_back(a.as_string());
  if (const auto* es = info.if_contains("evidence"); es && es->is_array())
    for (const auto& e : es->as_array())
      if (e.is_int64()) t.evidence.push_back(e.as_int64());
  t.note = StrOf(info, "note");
  t.closing_note = StrOf(info, "closing_note");
  const bool done = row.status == "done";
  for (const auto& d : t.departments)
    if (!done && !d.rating && access.AnswersFor(d.org_id))
      t.may_respond_for.push_back(d.org_id);
  t.may_rate = access.Leads();
  t.may_close = !done && access.Leads();
  t.row = std::move(row);
  return t;
}

Result<EnforcementTask> EnforcementService::ViewIfVisible(store::Connection& c,
                                                          const Actor& actor,
                                                          int64_t id) {
  WG_ASSIGN(auto row, store::EnforcementStore::Get(c, id));
  WG_ASSIGN(auto cases, store::EnforcementStore::Cases(c, id));
  WG_ASSIGN(Access access, AccessTo(c, actor, row, cases));
  if (!access.Sees())
    return Denied(
        "only leaders over its cases and members of the lead zone or its "
        "departments see this enforcement task");
  return View(c, actor, std::move(row));
}

Status EnforcementService::NotifyOrgs(store::Connection& c,
                                      const std::vector<int64_t>& orgs,
                                      std::optional<int64_t> case_id,
                                      const std::string& kind,
                                      const std::string& message) {
  std::set<int64_t> users;
  for (int64_t org : orgs) {
    WG_ASSIGN(auto members, store::TaxonomyStore::MembersOfOrg(c, org));
    users.insert(members.begin(), members.end());
  }
  const Millis now = clock_.Now();
  for (int64_t u : users)
    WG_TRY(
        c.Exec("INSERT INTO notifications (user_id, case_id, kind, message, "
               "created_at) VALUES (?, ?, ?, ?, ?)",
               {u, IntOrNull(case_id), kind, message, now}));
  return {};
}

Result<EnforcementTask> EnforcementService::Create(const Actor& actor,
                                                   NewEnforcementTask in) {
  WG_TRY(ValidateNew(in));
  return audit_.Write(
      actor, "enforcement.create", {"enforcement_task", ""},
      [&](store::Connection& c) -> Result<EnforcementTask> {
        if (!IsCli(actor) && !IsLeader(actor))
          return Denied(
              "only community and street leaders organise joint "
              "enforcement");
        WG_ASSIGN(auto lead_kind,
                  store::EnforcementStore::OrgKind(c, in.lead_org_id));
        if (lead_kind != "functional_zone")
          return Invalid("enforcement.lead",
                         "lead_org_id must name a functional zone",
                         "lead_org_id");
        for (int64_t d : in.department_ids) {
          WG_ASSIGN(auto kind, store::EnforcementStore::OrgKind(c, d));
          if (kind != "department")
            return Invalid("enforcement.departments",
                           "org unit " + IdText(d) + " is not a department",
                           "department_ids");
        }
        WG_ASSIGN(auto orgs, OrgsOf(c, actor));
        std::vector<store::CaseRow> cases;
        for (int64_t id : in.case_ids) {
          auto got = store::CaseStore::GetForUpdate(c, id);
          if (!got && got.error().code == ErrorCode::kNotFound)
            return Invalid("enforcement.cases", "no case " + IdText(id),
                           "case_ids");
          if (!got) return std::unexpected(std::move(got.error()));
          store::CaseRow row = std::move(*got);
          WG_ASSIGN(auto snap, catalog_.WithArea(row.grid_id));
          if (!CaseAccess{actor, *snap, orgs}.Coordinates(row))
            return Denied("case " + row.number + " lies outside your area");
          if (row.state == "closed" || row.state == "voided")
            return Conflict("enforcement.case_closed",
                            "case " + row.number + " is " + row.state,
                            "case_ids");
          WG_ASSIGN(bool needs, NeedsEnforcement(catalog_, *snap, row));
          if (!needs)
            return Invalid(
                "enforcement.category",
                "case " + row.number + " is not of a law-enforcement category",
                "case_ids");
          WG_ASSIGN(auto taken,
                    store::EnforcementStore::OpenTaskOfCase(c, row.id));
          if (taken)
            return Conflict("enforcement.case_taken",
                            "case " + row.number +
                                " is already in enforcement task " + *taken,
                            "case_ids");
          cases.push_back(std::move(row));
        }
        if (!in.evidence.empty()) {
          auto found = AttachmentService::LookupForActor(c, actor, in.evidence);
          if (!found) {
            Error e = found.error();
            e.field = "evidence";
            return std::unexpected(std::move(e));
          }
        }
        const Millis now = clock_.Now();
        WG_TRY(store::EnforcementStore::LockNumbering(c));
        const int year = LocalYear(now);
        WG_ASSIGN(int64_t count, store::EnforcementStore::CountNumbered(
                                     c, "ZF-" + std::to_string(year) + "-"));
        store::EnforcementTaskRow task;
        task.number = TaskNumber(year, count + 1);
        task.title = in.title;
        task.lead_org_id = in.lead_org_id;
        task.status = "open";
        task.info = InfoText(in);
        task.created_at = now;
        task.created_by = actor.user_id;
        task.scheduled_on = in.scheduled_on;
        WG_ASSIGN(task.id, store::EnforcementStore::Insert(c, task));
        for (int64_t d : in.department_ids)
          WG_TRY(store::EnforcementStore::AddDepartment(c, task.id, d));
        const std::string detail =
            json::serialize(json::object{{"enforcement_task_id", task.id},
                                         {"number", task.number},
                                         {"lead_org_id", task.lead_org_id}});
        for (const auto& row : cases) {
          WG_TRY(store::EnforcementStore::LinkCase(c, task.id, row.id));
          WG_ASSIGN(
              int64_t event_id,
              store::CaseStore::AppendEvent(
                  c, NoteEvent(
                         row.id, row.state, actor, now, "enforcement_task",
                         "纳入联合执法任务 " + task.number + "：" + task.title,
                         detail)));
          WG_TRY(store::CaseStore::LinkAttachments(c, row.id, event_id,
                                                   in.evidence, "evidence"));
        }
        json::array case_ids, dept_ids;
        for (int64_t id : in.case_ids) case_ids.emplace_back(id);
        for (int64_t id : in.department_ids) dept_ids.emplace_back(id);
        WG_TRY(audit_.Record(c, actor, "enforcement.create",
                             {"enforcement_task", IdText(task.id)},
                             {{"number", task.number},
                              {"lead_org_id", task.lead_org_id},
                              {"case_ids", std::move(case_ids)},
                              {"department_ids", std::move(dept_ids)}}));
        std::vector<int64_t> notified = in.department_ids;
        notified.push_back(in.lead_org_id);
        WG_TRY(NotifyOrgs(c, notified, cases.front().id, "enforcement.task",
                          "联合执法任务 " + task.number + "（" + task.title +
                              "）请及时响应" +
                              (task.scheduled_on.empty()
                                   ? std::string()
                                   : "，计划执法日期 " + task.scheduled_on)));
        WG_ASSIGN(task, store::EnforcementStore::Get(c, task.id));
        return View(c, actor, std::move(task));
      });
}

Result<EnforcementTask> EnforcementService::Get(const Actor& actor,
                                                int64_t id) {
  return db_.Read([&](store::Connection& c) -> Result<EnforcementTask> {
    return ViewIfVisible(c, actor, id);
  });
}

Result<store::PageOf<EnforcementTask>> EnforcementService::List(
    const Actor& actor, const std::string& status, store::Page page) {
  if (!status.empty() && status != "open" && status != "in_progress" &&
      status != "done")
    return Invalid("enforcement.status",
                   "status must be open, in_progress or done", "status");
  return db_.Read(
      [&](store::Connection& c) -> Result<store::PageOf<EnforcementTask>> {
        store::EnforcementFilter f;
        f.status = status;
        if (IsCli(actor)) {
          f.everything = true;
        } else {
          if (IsLeader(actor)) {
            auto paths = ScopePaths(actor);
            if (!paths)
              f.everything = true;
            else
              f.scope_paths = std::move(*paths);
          }
          WG_ASSIGN(f.org_ids, OrgsOf(c, actor));
        }
        WG_ASSIGN(auto rows, store::EnforcementStore::List(c, f, page));
        store::PageOf<EnforcementTask> out;
        out.total = rows.total;
        for (auto& r : rows.items) {
          WG_ASSIGN(auto t, View(c, actor, std::move(r)));
          out.items.push_back(std::move(t));
        }
        return out;
      });
}

struct EnforcementService::Locked {
  store::EnforcementTaskRow task;
  std::vector<store::EnforcementCaseRow> cases;
  Access access;
};

Result<EnforcementService::Locked> EnforcementService::LockTask(
    store::Connection& c, const Actor& actor, int64_t task_id) {
  WG_ASSIGN(auto task, store::EnforcementStore::GetForUpdate(c, task_id));
  WG_ASSIGN(auto cases, store::EnforcementStore::Cases(c, task_id));
  WG_ASSIGN(Access access, AccessTo(c, actor, task, cases));
  return Locked{std::move(task), std::move(cases), std::move(access)};
}

Result<EnforcementTask> EnforcementService::Respond(
    const Actor& actor, int64_t task_id, int64_t org_id,
    const std::string& response) {
  if (response.empty() || response.size() > 2000)
    return Invalid("enforcement.response",
                   "response is required (at most 2000 bytes)", "response");
  return audit_.Write(
      actor, "enforcement.respond", {"enforcement_task", IdText(task_id)},
      [&](store::Connection& c) -> Result<EnforcementTask> {
        WG_ASSIGN(Locked locked, LockTask(c, actor, task_id));
        auto& [task, cases, access] = locked;
        if (!access.Sees())
          return Denied(
              "only members of the department or the lead zone answer");
        WG_ASSIGN(auto depts, store::EnforcementStore::Departments(c, task_id));
        auto dept = std::ranges::find(depts, org_id,
                                      &store::EnforcementDepartmentRow::org_id);
        if (dept == depts.end())
          return Invalid(
              "enforcement.department",
              "org unit " + IdText(org_id) + " is not summoned to this task",
              "org_id");
        if (!access.AnswersFor(org_id))
          return Denied(
              "only members of the department or the lead zone answer for "
              "it");
        if (task.status == "done")
          return Conflict("enforcement.done",
                          "enforcement task " + task.number + " is done");
        if (dept->rating)
          return Conflict("enforcement.rated",
                          "this answer has been rated and stays as it is",
                          "org_id");
        const Millis now = clock_.Now();
        WG_TRY(store::EnforcementStore::SetResponse(
            c, task_id, org_id, response, now, actor.user_id));
        if (task.status == "open") {
          task.status = "in_progress";
          WG_TRY(store::EnforcementStore::Update(c, task));
        }
        WG_TRY(audit_.Record(c, actor, "enforcement.respond",
                             {"enforcement_task", IdText(task_id)},
                             {{"org_id", org_id}}));
        if (!access.lead_member)
          WG_TRY(NotifyOrgs(
              c, {task.lead_org_id},
              cases.empty() ? std::nullopt
                            : std::optional<int64_t>(cases.front().id),
              "enforcement.response",
              dept->org_name + " 已响应联合执法任务 " + task.number));
        WG_ASSIGN(task, store::EnforcementStore::Get(c, task_id));
        return View(c, actor, std::move(task));
      });
}

Result<EnforcementTask> EnforcementService::Rate(const Actor& actor,
                                                 int64_t task_id,
                                                 int64_t org_id,
                                                 int64_t rating) {
  if (rating < 1 || rating > 5)
    return Invalid("enforcement.rating", "rating is 1 to 5", "rating");
  return audit_.Write(
      actor, "enforcement.rate", {"enforcement_task", IdText(task_id)},
      [&](store::Connection& c) -> Result<EnforcementTask> {
        WG_ASSIGN(Locked locked, LockTask(c, actor, task_id));
        auto& [task, cases, access] = locked;
        if (!access.Leads())
          return Denied(
              "only the lead zone and leaders over every case rate the "
              "departments");
        WG_ASSIGN(auto depts, store::EnforcementStore::Departments(c, task_id));
        auto dept = std::ranges::find(depts, org_id,
                                      &store::EnforcementDepartmentRow::org_id);
        if (dept == depts.end())
          return Invalid(
              "enforcement.department",
              "org unit " + IdText(org_id) + " is not summoned to this task",
              "org_id");
        if (!dept->responded_at)
          return Conflict("enforcement.not_responded",
                          dept->org_name + " has not answered yet", "org_id");
        WG_TRY(store::EnforcementStore::SetRating(c, task_id, org_id, rating));
        WG_TRY(audit_.Record(c, actor, "enforcement.rate",
                             {"enforcement_task", IdText(task_id)},
                             {{"org_id", org_id}, {"rating", rating}}));
        return View(c, actor, std::move(task));
      });
}

Result<EnforcementTask> EnforcementService::Close(const Actor& actor,
                                                  int64_t task_id,
                                                  const std::string& note) {
  if (note.size() > 2000)
    return Invalid("enforcement.note", "note is at most 2000 bytes", "note");
  return audit_.Write(
      actor, "enforcement.close", {"enforcement_task", IdText(task_id)},
      [&](store::Connection& c) -> Result<EnforcementTask> {
        WG_ASSIGN(Locked locked, LockTask(c, actor, task_id));
        auto& [task, cases, access] = locked;
        if (!access.Leads())
          return Denied(
              "only the lead zone and leaders over every case close the "
              "task");
        if (task.status == "done")
          return Conflict("enforcement.done",
                          "enforcement task " + task.number + " is done");
        const Millis now = clock_.Now();
        task.status = "done";
        task.closed_at = now;
        if (!note.empty()) {
          json::object info = ParseInfo(task.info);
          info["closing_note"] = note;
          task.info = json::serialize(info);
        }
        WG_TRY(store::EnforcementStore::Update(c, task));
        const std::string detail = json::serialize(json::object{
            {"enforcement_task_id", task.id}, {"number", task.number}});
        for (const auto& k : cases)
          WG_TRY(store::CaseStore::AppendEvent(
              c, NoteEvent(k.id, k.state, actor, now, "enforcement_done",
                           "联合执法任务 " + task.number + " 已完成" +
                               (note.empty() ? std::string() : "：" + note),
                           detail)));
        WG_TRY(audit_.Record(c, actor, "enforcement.close",
                             {"enforcement_task", IdText(task_id)}));
        return View(c, actor, std::move(task));
      });
}

}  // namespace wangge::service
