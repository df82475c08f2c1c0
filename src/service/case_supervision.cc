// Supervision (督办) by hand and by the deadline job, escalation up the
// ladder, the major-case list and each user's to-do list.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "service/case_access.h"
#include "service/case_internal.h"
#include "service/case_service.h"
#include "service/permissions.h"
#include "service/webhook_service.h"
#include "store/settings_store.h"
#include "store/taxonomy_store.h"

namespace wangge::service {

namespace json = boost::json;
using store::IntOrNull;

namespace {

constexpr std::string_view kSupervisionColumns =
    "s.id, s.case_id, k.number, s.kind, s.level, s.step, s.message, "
    "s.raised_at, s.raised_by_name, s.owner_kind, s.owner_area_id, "
    "s.owner_org_id, s.owner_role, s.reply_due_at, s.reply, s.replied_at, "
    "k.grid_id";

SupervisionRow ReadSupervision(const store::Row& r) {
  SupervisionRow s;
  s.id = r.Int(0);
  s.case_id = r.Int(1);
  s.case_number = r.Text(2);
  s.kind = r.Text(3);
  s.level = r.Text(4);
  s.step = r.Text(5);
  s.message = r.Text(6);
  s.raised_at = r.Int(7);
  s.raised_by_name = r.Text(8);
  s.owner = {r.Text(9), r.OptInt(10), r.OptInt(11), r.Text(12)};
  s.reply_due_at = r.OptInt(13);
  s.reply = r.Text(14);
  s.replied_at = r.OptInt(15);
  s.grid_id = r.Int(16);
  return s;
}

// Inserts a supervision; nullopt when the same automatic one exists
// (another process raised it first).
Result<std::optional<int64_t>> InsertSupervision(
    store::Connection& c, const store::CaseRow& row, std::string_view kind,
    std::string_view level, const std::string& message, Millis now,
    const Actor& actor, std::optional<Millis> reply_due) {
  WG_ASSIGN(auto rows,
            c.Query("INSERT INTO supervisions (case_id, kind, level, step, "
                    "step_seq, message, raised_at, raised_by, raised_by_name, "
                    "owner_kind, owner_area_id, owner_org_id, owner_role, "
                    "reply_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                    {row.id, std::string(kind), std::string(level), row.step,
                     row.step_seq, message, now, IntOrNull(actor.user_id),
                     actor.username, row.owner_kind,
                     IntOrNull(row.owner_area_id), IntOrNull(row.owner_org_id),
                     row.owner_role, IntOrNull(reply_due)}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

Actor Scheduler() {
  Actor a = Actor::Cli();
  a.username = "scheduler";
  a.remote_addr = "job";
  return a;
}

}  // namespace

Result<SupervisionRow> CaseService::Supervise(
    const Actor& actor, int64_t case_id, const std::string& level,
    const std::string& message, std::optional<double> reply_hours) {
  if (level != "ordinary" && level != "yellow" && level != "red")
    return Invalid("supervision.level", "level must be ordinary, yellow or red",
                   "level");
  if (message.empty() || message.size() > 2000)
    return Invalid("supervision.message",
                   "message is required (at most 2000 bytes)", "message");
  if (reply_hours && (!(*reply_hours > 0) || *reply_hours > 24 * 30))
    return Invalid("supervision.reply_hours",
                   "reply_hours must be more than 0 and at most 720",
                   "reply_hours");
  return audit_.Write(
      actor, "case.supervise", {"case", std::to_string(case_id)},
      [&](store::Connection& c) -> Result<SupervisionRow> {
        WG_ASSIGN(auto row, store::CaseStore::GetForUpdate(c, case_id));
        WG_ASSIGN(auto snap, catalog_.WithArea(row.grid_id));
        WG_ASSIGN(auto orgs,
                  (actor.user_id
                       ? store::TaxonomyStore::OrgsOfUser(c, *actor.user_id)
                       : Result<std::vector<int64_t>>(std::vector<int64_t>{})));
        CaseAccess access{actor, *snap, orgs};
        if (!access.Coordinates(row))
          return Denied("only community and street leaders supervise cases");
        if (row.state == "closed" || row.state == "voided")
          return Conflict("supervision.closed",
                          "a closed or voided case cannot be supervised");
        const Millis now = clock_.Now();
        WG_ASSIGN(int64_t default_hours, store::SettingsStore::GetInt(
                                             c, "supervision_reply_hours", 24));
        const double hours = reply_hours.value_or(double(default_hours));
        WG_ASSIGN(auto id, InsertSupervision(
                               c, row, "manual", level, message, now, actor,
                               now + static_cast<Millis>(hours * 3600000)));
        if (!id) return Internal("manual supervision not inserted");
        WG_TRY(store::CaseStore::AppendEvent(
            c, NoteEvent(row.id, row.state, actor, now, "supervise", message,
                         json::serialize(json::object{
                             {"level", level}, {"supervision_id", *id}}))));
        WG_TRY(audit_.Record(c, actor, "case.supervise",
                             {"case", std::to_string(row.id)},
                             {{"level", level}, {"supervision_id", *id}}));
        WG_TRY(
            Notify(c, *snap, OwnerOf(row), row.grid_id, row.id, *id,
                   "supervision." + level,
                   "案件 " + row.number + " 被督办，请及时回复：" + message));
        WG_TRY(WebhookService::Enqueue(
            c, "case.supervise",
            {{"case_id", row.id}, {"number", row.number}, {"level", level}},
            now));
        WG_ASSIGN(auto rows,
                  c.Query("SELECT " + std::string(kSupervisionColumns) +
                              " FROM supervisions s JOIN cases k "
                              "ON k.id = s.case_id WHERE s.id = ?",
                          {*id}));
        return ReadSupervision(rows.at(0));
      });
}

Result<SupervisionRow> CaseService::Reply(const Actor& actor,
                                          int64_t supervision_id,
                                          const std::string& reply) {
  if (reply.empty() || reply.size() > 2000)
    return Invalid("supervision.reply",
                   "reply is required (at most 2000 bytes)", "reply");
  return audit_.Write(
      actor, "case.supervision_reply",
      {"supervision", std::to_string(supervision_id)},
      [&](store::Connection& c) -> Result<SupervisionRow> {
        WG_ASSIGN(auto rows,
                  c.Query("SELECT " + std::string(kSupervisionColumns) +
                              " FROM supervisions s JOIN cases k "
                              "ON k.id = s.case_id WHERE s.id = ?",
                          {supervision_id}));
        if (rows.empty())
          return NotFound("supervision.not_found", "no such supervision");
        SupervisionRow s = ReadSupervision(rows[0]);
        WG_ASSIGN(auto row, store::CaseStore::Get(c, s.case_id));
        WG_ASSIGN(auto snap, catalog_.WithArea(row.grid_id));
        WG_ASSIGN(auto orgs,
                  (actor.user_id
                       ? store::TaxonomyStore::OrgsOfUser(c, *actor.user_id)
                       : Result<std::vector<int64_t>>(std::vector<int64_t>{})));
        CaseAccess access{actor, *snap, orgs};
        if (!access.ActsFor(s.owner, row.grid_id) &&
            !access.ActsFor(OwnerOf(row), row.grid_id))
          return Denied("only the party supervised replies");
        if (s.replied_at)
          return Conflict("supervision.replied",
                          "this supervision has a reply");
        const Millis now = clock_.Now();
        WG_TRY(
            c.Exec("UPDATE supervisions SET reply = ?, replied_at = ?, "
                   "replied_by = ? WHERE id = ?",
                   {reply, now, IntOrNull(actor.user_id), s.id}));
        WG_TRY(store::CaseStore::AppendEvent(
            c, NoteEvent(
                   row.id, row.state, actor, now, "supervision_reply", reply,
                   json::serialize(json::object{{"supervision_id", s.id}}))));
        WG_TRY(audit_.Record(c, actor, "case.supervision_reply",
                             {"supervision", std::to_string(s.id)}));
        s.reply = reply;
        s.replied_at = now;
        return s;
      });
}

Result<std::vector<SupervisionRow>> CaseService::Supervisions(
    const Actor& actor, int64_t case_id) {
  WG_TRY(Get(actor, case_id));
  return db_.Read(
      [&](store::Connection& c) -> Result<std::vector<SupervisionRow>> {
        WG_ASSIGN(auto rows,
                  c.Query("SELECT " + std::string(kSupervisionColumns) +
                              " FROM supervisions s JOIN cases k "
                              "ON k.id = s.case_id WHERE s.case_id "
                              "= ? ORDER BY s.id",
                          {case_id}));
        std::vector<SupervisionRow> out;
        for (const auto& r : rows) out.push_back(ReadSupervision(r));
        return out;
      });
}

Result<DeadlineRun> CaseService::RunDeadlines(const std::string& worker,
                                              int limit) {
  const Actor job = Scheduler();
  const Millis now = clock_.Now();
  WG_ASSIGN(auto snap, catalog_.Current());
  return db_.Write([&](store::Connection& c) -> Result<DeadlineRun> {
    DeadlineRun run;
    // Claim due rows; another process running the same scan skips the rows
    // this one holds and finds them settled once it commits.
    WG_ASSIGN(auto due, store::CaseStore::ClaimDue(c, now, limit));
    for (auto& row : due) {
      const store::CaseRow before = row;
      ++run.scanned;
      if (row.step.empty() || !row.step_deadline_at) continue;
      const bool red = *row.step_deadline_at <= now;
      const std::string level = red ? "red" : "yellow";
      if (row.alert == level) continue;
      if (!snap->Area(row.grid_id)) {
        WG_ASSIGN(snap, catalog_.WithArea(row.grid_id));
      }
      const Owner owner = OwnerOf(row);
      const std::string message =
          "案件 " + row.number + " " + row.step + " 环节" +
          (red ? "已超时（红灯督办）" : "即将超时（黄灯督办）");
      WG_ASSIGN(auto sup_id, InsertSupervision(c, row, "auto", level, message,
                                               now, job, std::nullopt));
      if (!sup_id) continue;  // raised already by another process
      red ? ++run.red : ++run.yellow;
      row.alert = level;
      if (red) row.on_time = false;
      WG_TRY(store::CaseStore::AppendEvent(
          c,
          {.case_id = row.id,
           .at = now,
           .actor_name = job.username,
           .action = "supervise",
           .from_state = row.state,
           .to_state = row.state,
           .note = message,
           .detail = json::serialize(json::object{{"level", level},
                                                  {"supervision_id", *sup_id},
                                                  {"auto", true},
                                                  {"worker", worker}})}));
      WG_TRY(Notify(c, *snap, owner, row.grid_id, row.id, *sup_id,
                    "supervision." + level, message));
      auto superior = Superior(*snap, owner, row.grid_id);
      if (superior)
        WG_TRY(Notify(c, *snap, *superior, row.grid_id, row.id, *sup_id,
                      "supervision." + level, message));
      if (red && superior) {
        // One rung up the ladder, once per step instance.
        WG_ASSIGN(auto esc_id,
                  InsertSupervision(c, row, "escalation", "red",
                                    "升级至 " + OwnerLabel(*snap, *superior),
                                    now, job, std::nullopt));
        if (esc_id) {
          ++run.escalated;
          WG_ASSIGN(auto policy, catalog_.Policy(row.policy_id));
          const std::string from_label = OwnerLabel(*snap, owner);
          SetOwner(row, *superior, now, "escalation");
          row.escalation_level += 1;
          auto step = row.step == "accept"     ? CaseStep::kAccept
                      : row.step == "dispatch" ? CaseStep::kDispatch
                      : row.step == "handle"   ? CaseStep::kHandle
                                               : CaseStep::kVerify;
          StartStep(row, step, *policy, *snap->calendar, now);
          WG_TRY(store::CaseStore::AppendEvent(
              c, {.case_id = row.id,
                  .at = now,
                  .actor_name = job.username,
                  .action = "escalate",
                  .from_state = row.state,
                  .to_state = row.state,
                  .note = from_label + " → " + OwnerLabel(*snap, *superior),
                  .detail = json::serialize(
                      json::object{{"supervision_id", *esc_id},
                                   {"level", row.escalation_level},
                                   {"worker", worker}})}));
          WG_TRY(Notify(c, *snap, *superior, row.grid_id, row.id, *esc_id,
                        "case.escalated",
                        "案件 " + row.number + " 已升级至您处"));
        }
      }
      row.updated_at = now;
      WG_TRY(store::CaseStore::Update(c, before, row));
      WG_TRY(audit_.Record(c, job, "case.supervise",
                           {"case", std::to_string(row.id)},
                           {{"level", level}, {"worker", worker}}));
      WG_TRY(WebhookService::Enqueue(
          c, "case.supervise",
          {{"case_id", row.id}, {"number", row.number}, {"level", level}},
          now));
    }
    return run;
  });
}

Result<MajorCase> CaseService::ListMajor(const Actor& actor, int64_t case_id,
                                         int64_t leader_user_id,
                                         std::vector<std::string> review_dates,
                                         const std::string& note) {
  if (review_dates.empty())
    return Invalid("major.review_dates", "give at least one review date",
                   "review_dates");
  for (const auto& d : review_dates) {
    int64_t day = 0;
    if (!ParseDate(d, &day))
      return Invalid("major.review_dates", "review dates must be YYYY-MM-DD",
                     "review_dates");
  }
  std::ranges::sort(review_dates);
  WG_TRY(audit_.Write(
      actor, "case.major", {"case", std::to_string(case_id)},
      [&](store::Connection& c) -> Status {
        WG_ASSIGN(auto row, store::CaseStore::GetForUpdate(c, case_id));
        WG_ASSIGN(auto snap, catalog_.WithArea(row.grid_id));
        CaseAccess access{actor, *snap, {}};
        if (!access.Coordinates(row))
          return Denied("only community and street leaders list major cases");
        WG_ASSIGN(auto leader, c.Query("SELECT role FROM users WHERE id = ?",
                                       {leader_user_id}));
        if (leader.empty() || (leader[0].Text(0) != "community_leader" &&
                               leader[0].Text(0) != "street_leader"))
          return Invalid("major.leader",
                         "leader_user_id must name a community or street "
                         "leader",
                         "leader_user_id");
        json::array dates;
        for (const auto& d : review_dates) dates.emplace_back(d);
        const Millis now = clock_.Now();
        WG_TRY(c.Exec("DELETE FROM major_cases WHERE case_id = ?", {case_id}));
        WG_TRY(
            c.Exec("INSERT INTO major_cases (case_id, leader_user_id, note, "
                   "review_dates, listed_at, listed_by) VALUES (?, ?, ?, ?, "
                   "?, ?)",
                   {case_id, leader_user_id, note, json::serialize(dates), now,
                    IntOrNull(actor.user_id)}));
        const store::CaseRow before = row;
        row.is_major = true;
        row.updated_at = now;
        WG_TRY(store::CaseStore::Update(c, before, row));
        WG_TRY(store::CaseStore::AppendEvent(
            c, NoteEvent(row.id, row.state, actor, now, "major_listed", note,
                         json::serialize(
                             json::object{{"leader_user_id", leader_user_id},
                                          {"review_dates", dates}}))));
        WG_TRY(audit_.Record(c, actor, "case.major",
                             {"case", std::to_string(row.id)}));
        WG_TRY(c.Exec(
            "INSERT INTO notifications (user_id, case_id, kind, "
            "message, created_at) VALUES (?, ?, 'case.major', ?, ?)",
            {leader_user_id, row.id,
             "重大案件 " + row.number + " 已列入督办清单，由您包案", now}));
        return {};
      }));
  WG_ASSIGN(auto all, MajorCases(actor));
  for (auto& m : all)
    if (m.view.row.id == case_id) return m;
  return Internal("major case not listed");
}

Result<std::vector<MajorCase>> CaseService::MajorCases(const Actor& actor) {
  return db_.Read([&](store::Connection& c) -> Result<std::vector<MajorCase>> {
    WG_ASSIGN(auto grids, ScopedGridIds(c, actor));
    store::WhereBuilder w;
    if (grids) w.AndIn("k.grid_id", *grids);
    WG_ASSIGN(auto rows,
              c.Query("SELECT m.case_id, m.leader_user_id, u.display_name, "
                      "u.username, m.note, m.review_dates FROM major_cases m "
                      "JOIN cases k ON k.id = m.case_id JOIN users u ON u.id "
                      "= m.leader_user_id" +
                          w.Sql() + " ORDER BY m.listed_at DESC",
                      w.params()));
    const std::string today =
        FormatDate((clock_.Now() + 8 * 3600000LL) / 86400000LL);
    std::vector<MajorCase> out;
    for (const auto& r : rows) {
      MajorCase m;
      WG_ASSIGN(auto row, store::CaseStore::Get(c, r.Int(0)));
      WG_ASSIGN(m.view, View(c, actor, std::move(row), false));
      m.leader_user_id = r.Int(1);
      m.leader_name = r.Text(2).empty() ? r.Text(3) : r.Text(2);
      m.note = r.Text(4);
      boost::system::error_code ec;
      auto dates = json::parse(r.Text(5), ec);
      if (!ec && dates.is_array())
        for (const auto& d : dates.as_array())
          if (d.is_string()) m.review_dates.emplace_back(d.as_string());
      for (const auto& d : m.review_dates)
        if (d >= today) {
          m.next_review_on = d;
          break;
        }
      out.push_back(std::move(m));
    }
    return out;
  });
}

Result<Todo> CaseService::TodoFor(const Actor& actor) {
  return db_.Read([&](store::Connection& c) -> Result<Todo> {
    Todo todo;
    WG_ASSIGN(auto snap, catalog_.Current());
    std::vector<int64_t> orgs;
    if (actor.user_id) {
      WG_ASSIGN(orgs, store::TaxonomyStore::OrgsOfUser(c, *actor.user_id));
    }
    CaseAccess access{actor, *snap, orgs};
    store::CaseFilter f;
    WG_ASSIGN(f.grid_ids, ScopedGridIds(c, actor));
    f.org_ids = orgs;
    f.states = {"reported", "accepted", "dispatched", "handled"};
    f.now = clock_.Now();
    // The most urgent first; a to-do list longer than this is a backlog for
    // the case list's filters.
    WG_ASSIGN(auto rows,
              store::CaseStore::List(c, f, {.page = 1, .size = 500}));
    std::ranges::sort(rows.items, {}, [](const store::CaseRow& r) {
      return r.step_deadline_at.value_or(INT64_MAX);
    });
    for (auto& r : rows.items) {
      const bool verify =
          r.state == "handled" && access.May(CaseAction::kVerifyPass, r);
      // Mine: what I act on as the owner, and, for leaders, what waits to
      // be accepted or dispatched in their area whoever holds it now.
      const bool coordinating =
          (r.state == "reported" || r.state == "accepted") &&
          access.Coordinates(r);
      const bool mine =
          r.state != "handled" &&
          (access.ActsFor(OwnerOf(r), r.grid_id) || coordinating) &&
          !access.Allowed(r).empty();
      if (!verify && !mine) continue;
      const bool late = r.step_deadline_at && *r.step_deadline_at < f.now;
      WG_ASSIGN(auto v, BuildView(actor, orgs, r));
      if (verify) todo.to_verify.push_back(v);
      if (mine) {
        if (late) todo.overdue.push_back(v);
        todo.mine.push_back(std::move(v));
      }
    }
    store::WhereBuilder w;
    w.And("s.replied_at IS NULL");
    if (f.grid_ids) {
      std::string cond = "(k.grid_id IN (";
      std::vector<store::SqlValue> params;
      for (size_t i = 0; i < f.grid_ids->size(); ++i) {
        cond += i ? ", ?" : "?";
        params.push_back((*f.grid_ids)[i]);
      }
      if (f.grid_ids->empty()) cond += "NULL";
      cond += ")";
      for (int64_t o : orgs) {
        cond += " OR s.owner_org_id = ?";
        params.push_back(o);
      }
      w.And(cond + ")", std::move(params));
    }
    w.And("s.kind = 'manual'");
    WG_ASSIGN(auto sups, c.Query("SELECT " + std::string(kSupervisionColumns) +
                                     " FROM supervisions s JOIN cases k ON "
                                     "k.id = s.case_id" +
                                     w.Sql() + " ORDER BY s.id LIMIT 200",
                                 w.params()));
    for (const auto& r : sups) {
      SupervisionRow s = ReadSupervision(r);
      if (access.ActsFor(s.owner, s.grid_id))
        todo.supervision.push_back(std::move(s));
    }
    if (actor.user_id) {
      WG_ASSIGN(todo.unread_notifications,
                c.QueryInt("SELECT COUNT(*) FROM notifications WHERE user_id "
                           "= ? AND read_at IS NULL",
                           {*actor.user_id}));
    }
    return todo;
  });
}

}  // namespace wangge::service
