// Intake: validation, location, routing and the batched write of new cases;
// the resident self-report, the public status page and duplicate hints.
#include <boost/json/serialize.hpp>
#include <cmath>
#include <future>
#include <map>
#include <numbers>

#include "core/masking.h"
#include "service/attachment_service.h"
#include "service/case_access.h"
#include "service/case_internal.h"
#include "service/case_service.h"
#include "service/intake_batcher.h"
#include "service/webhook_service.h"
#include "store/settings_store.h"
#include "store/taxonomy_store.h"

namespace wangge::service {

namespace json = boost::json;
using store::IntOrNull;

namespace {

bool IsStaffSource(std::string_view s) {
  return s == "grid_staff" || s == "patrol" || s == "visit" || s == "hotline";
}

double DistanceM(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kEarth = 6371008.8;
  const double rad = std::numbers::pi / 180;
  const double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * rad) * std::cos(lat2 * rad) *
                       std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarth * std::asin(std::min(1.0, std::sqrt(a)));
}

int LocalYear(Millis at) {
  const int64_t day = (at + 8 * 3600000LL) / 86400000LL;
  return std::stoi(FormatDate(day).substr(0, 4));
}

}  // namespace

Result<PreparedCase> CaseService::Prepare(const Actor& actor, NewCase in,
                                          bool check_scope) {
  WG_ASSIGN(auto snap, catalog_.Current());
  const CatalogCategory* cat = snap->Category(in.category_id);
  if (!cat || !cat->row.parent_id || !cat->row.active || !cat->policy)
    return Invalid("case.category",
                   "category_id must name an active 小类 (subcategory)",
                   "category_id");
  if (!cat->policy->AllowsLevel(in.level))
    return Invalid("case.level", "level must be one of this category's levels",
                   "level");
  if (in.title.size() > 200)
    return Invalid("case.title", "title is at most 200 bytes", "title");
  if (in.description.size() > 4000)
    return Invalid("case.description", "description is at most 4000 bytes",
                   "description");
  if (in.address_text.size() > 300)
    return Invalid("case.address", "address is at most 300 bytes", "address");
  if (in.lon.has_value() != in.lat.has_value())
    return Invalid("case.location", "give both lon and lat", "lon");
  if (in.lon && (!std::isfinite(*in.lon) || !std::isfinite(*in.lat) ||
                 std::abs(*in.lon) > 180 || std::abs(*in.lat) > 90))
    return Invalid("case.location", "lon/lat are out of range", "lon");
  if (in.attachments.size() > 9)
    return Invalid("case.attachments", "at most 9 photos", "attachments");
  if (!in.reporter_phone.empty() && !IsPlausiblePhone(in.reporter_phone))
    return Invalid("case.phone", "contact_phone is not a phone number",
                   "contact_phone");

  int64_t grid_id = 0;
  if (in.grid_id) {
    WG_ASSIGN(snap, catalog_.WithArea(*in.grid_id));
    const AreaNode* g = snap->Area(*in.grid_id);
    if (!g || g->level != "grid")
      return Invalid("case.grid", "grid_id must name a grid", "grid_id");
    grid_id = g->id;
  } else if (in.lon) {
    auto place = locator_.Locate({*in.lon, *in.lat});
    if (!place) {
      if (place.error().code == ErrorCode::kNotFound)
        return Invalid("case.location",
                       "the location lies in no grid; choose a grid", "lon");
      return std::unexpected(place.error());
    }
    grid_id = place->grid.id;
    WG_ASSIGN(snap, catalog_.WithArea(grid_id));
  } else {
    return Invalid("case.location", "give a location (lon, lat) or a grid_id",
                   "lon");
  }
  const AreaNode* community = snap->Ancestor(grid_id, "community");
  if (!community)
    return Invalid("case.grid", "the grid lies in no community", "grid_id");
  if (check_scope && !CaseAccess{actor, *snap, {}}.ReportsIn(grid_id))
    return Denied("you may report only in your own grids");

  const bool photo_source = in.source == "grid_staff" ||
                            in.source == "patrol" || in.source == "visit" ||
                            in.source == "resident";
  if (cat->policy->photos_before && photo_source && in.attachments.empty())
    return Invalid("case.photo_required",
                   "this category needs a photo of the problem", "attachments");

  const Millis now = clock_.Now();
  PreparedCase p;
  auto& r = p.row;
  r.category_id = cat->row.id;
  r.policy_id = cat->policy_id;
  r.level = in.level;
  r.urgent = in.urgent;
  r.group_case = in.group_case;
  r.source = in.source;
  r.title =
      in.title.empty()
          ? cat->row.name +
                (in.address_text.empty() ? "" : "（" + in.address_text + "）")
          : in.title;
  r.description = std::move(in.description);
  r.address_text = std::move(in.address_text);
  r.lon = in.lon;
  r.lat = in.lat;
  r.grid_id = grid_id;
  r.community_id = community->id;
  r.state = "reported";
  r.reporter_user_id = actor.user_id;
  r.reporter_name =
      in.reporter_name.empty() ? actor.username : in.reporter_name;
  if (!in.reporter_phone.empty())
    r.reporter_contact_sealed = cipher_.Encrypt(in.reporter_phone);
  r.open311_client = in.open311_client;
  r.created_at = now;
  r.updated_at = now;
  r.is_major = in.level == "major";
  SetOwner(r, CommunityOffice(*snap, grid_id), now, "");
  StartStep(r, CaseStep::kAccept, *cat->policy, *snap->calendar, now);
  // The party the matrix names, shown to the dispatcher; dispatch asks the
  // matrix again so that a mended rule applies.
  Routing routing = Resolve(*snap, r.category_id, grid_id);
  r.routed_by = routing.routed_by;
  json::object detail{{"suggested_owner", OwnerLabel(*snap, routing.owner)},
                      {"routed_by", routing.routed_by},
                      {"deadline_at", *r.step_deadline_at}};
  if (!in.attachments.empty()) {
    json::array ids;
    for (int64_t a : in.attachments) ids.emplace_back(a);
    detail["attachments"] = std::move(ids);
  }
  p.event = {.at = now,
             .user_id = actor.user_id,
             .actor_name = r.reporter_name,
             .action = "report",
             .from_state = "",
             .to_state = "reported",
             .detail = json::serialize(detail)};
  p.audit = audit_.Entry(actor, "case.report", {"case", ""},
                         {{"source", r.source}, {"grid_id", grid_id}});
  p.community_code = community->code;
  p.attachments = std::move(in.attachments);
  return p;
}

Status CaseService::WriteBatch(store::Connection& c,
                               std::vector<PreparedCase*>& batch) {
  using store::CaseStore;
  const store::Dialect dialect = c.dialect();
  const size_t n = batch.size();
  // Numbers: one counter update per community and year in the batch.
  std::map<std::pair<int64_t, int>, std::vector<PreparedCase*>> by_counter;
  for (auto* p : batch)
    by_counter[{p->row.community_id, LocalYear(p->row.created_at)}].push_back(
        p);
  // First round trip: numbers, ids, the audit chain's head (locked) and
  // whether anybody subscribes to webhooks; none needs another's answer.
  static constexpr std::string_view kHooks =
      "SELECT COUNT(*) FROM webhooks WHERE active = 1";
  std::vector<CaseStore::NumberRequest> numbers;
  numbers.reserve(by_counter.size());
  for (const auto& [key, group] : by_counter)
    numbers.push_back(
        {key.first, key.second, static_cast<int64_t>(group.size())});
  std::vector<store::Statement> first =
      CaseStore::ReserveNumbersStatements(numbers);
  const size_t number_statements = first.size();
  first.push_back(
      CaseStore::ReserveIdsStatement(dialect, CaseStore::IdTable::kCases, n));
  first.push_back(
      CaseStore::ReserveIdsStatement(dialect, CaseStore::IdTable::kEvents, n));
  first.push_back({kHooks, {}});
  for (auto& st : store::AuditStore::HeadStatements(dialect))
    first.push_back(std::move(st));
  WG_ASSIGN(auto answers, c.QueryAll(first));

  std::vector<store::CaseRow> rows;
  std::vector<store::CaseEventRow> events;
  rows.reserve(n);
  events.reserve(n);
  std::map<PreparedCase*, size_t> index;
  WG_ASSIGN(auto firsts,
            CaseStore::FirstReservedNumbers(
                std::span(answers).first(number_statements), numbers));
  size_t at = number_statements, k = 0;
  for (const auto& [key, group] : by_counter) {
    int64_t number = firsts[k++];
    for (auto* p : group) {
      index[p] = rows.size();
      rows.push_back(p->row);
      rows.back().number = CaseNumber(p->community_code, key.second, number++);
      events.push_back(p->event);
    }
  }
  WG_ASSIGN(auto case_ids, CaseStore::ReservedIds(dialect, answers[at++], n));
  WG_ASSIGN(auto event_ids, CaseStore::ReservedIds(dialect, answers[at++], n));
  const int64_t hooks = answers[at].empty() ? 0 : answers[at].front().Int(0);
  // Each case's tracking number derives from its id, so it is written with
  // the row.
  for (size_t k = 0; k < n; ++k) {
    rows[k].id = case_ids[k];
    rows[k].tracking = tracking_.Encode(case_ids[k]);
    events[k].id = event_ids[k];
    events[k].case_id = case_ids[k];
  }
  std::vector<store::AuditEntry> audits;
  audits.reserve(n);
  for (auto* p : batch) {
    store::AuditEntry a = p->audit;
    a.target_id = std::to_string(rows[index[p]].id);
    audits.push_back(std::move(a));
  }
  store::AuditStore::Chain(audits, store::AuditStore::HeadHash(answers.back()));

  // Second round trip: the rows.
  auto second = CaseStore::InsertStatements(dialect, rows, events);
  for (auto& st : store::AuditStore::InsertStatements(dialect, audits))
    second.push_back(std::move(st));
  WG_TRY(c.QueryAll(second));
  for (auto* p : batch) {
    const size_t i = index[p];
    if (!p->attachments.empty())
      WG_TRY(CaseStore::LinkAttachments(c, rows[i].id, events[i].id,
                                        p->attachments, "before"));
  }
  if (hooks > 0) {
    for (const auto& row : rows)
      WG_TRY(WebhookService::Enqueue(c, "case.report",
                                     {{"case_id", row.id},
                                      {"number", row.number},
                                      {"action", "report"},
                                      {"to", "reported"},
                                      {"at", row.created_at}},
                                     row.created_at));
  }
  for (auto* p : batch) {
    const size_t i = index[p];
    p->row.id = rows[i].id;
    p->row.number = rows[i].number;
    p->row.tracking = rows[i].tracking;
  }
  return {};
}

void CaseService::Submit(PreparedCase prepared,
                         std::function<void(Result<store::CaseRow>)> done) {
  prepared.done = std::move(done);
  if (batcher_) {
    batcher_->Submit(std::make_unique<PreparedCase>(std::move(prepared)));
    return;
  }
  std::vector<PreparedCase*> one = {&prepared};
  auto r = db_.Write([&](store::Connection& c) { return WriteBatch(c, one); });
  if (r)
    prepared.done(prepared.row);
  else
    prepared.done(std::unexpected(r.error()));
}

Result<store::CaseRow> CaseService::SubmitAndWait(PreparedCase prepared) {
  std::promise<Result<store::CaseRow>> promise;
  auto future = promise.get_future();
  Submit(std::move(prepared), [&promise](Result<store::CaseRow> row) {
    promise.set_value(std::move(row));
  });
  return future.get();
}

void CaseService::ReportAsync(const Actor& actor, NewCase in,
                              std::function<void(Result<CaseView>)> done) {
  auto refuse = [&](const Error& e) {
    audit_.RecordRefusal(actor, "case.report", {"case", ""}, e);
    done(std::unexpected(e));
  };
  if (!IsStaffSource(in.source))
    return done(Invalid("case.source",
                        "source must be grid_staff, patrol, visit or hotline",
                        "source"));
  if (!in.attachments.empty()) {
    // Only photos the reporter uploaded or may already see can be linked.
    auto ok = db_.Read([&](store::Connection& c) {
      return AttachmentService::LookupForActor(c, actor, in.attachments);
    });
    if (!ok) return refuse(ok.error());
  }
  auto prepared = Prepare(actor, std::move(in), true);
  if (!prepared) return refuse(prepared.error());
  Submit(std::move(*prepared),
         [this, actor, done = std::move(done)](Result<store::CaseRow> row) {
           if (!row) return done(std::unexpected(row.error()));
           // A new case belongs to the community office, whose actions need
           // no organisation membership: the answer needs no query.
           done(BuildView(actor, {}, std::move(*row)));
         });
}

Result<CaseView> CaseService::Report(const Actor& actor, NewCase in) {
  std::promise<Result<CaseView>> promise;
  auto future = promise.get_future();
  ReportAsync(actor, std::move(in), [&promise](Result<CaseView> view) {
    promise.set_value(std::move(view));
  });
  return future.get();
}

Result<PublicReceipt> CaseService::ReportPublic(NewCase in,
                                                const std::string& origin) {
  Actor resident;
  resident.username = "resident";
  resident.role = Role::kPatrolMember;  // no rights; never used for checks
  resident.remote_addr = "public";
  in.source = "resident";
  if (in.description.empty())
    return Invalid("case.description", "describe the problem", "description");
  WG_ASSIGN(int64_t limit, db_.Read([](store::Connection& c) {
    return store::SettingsStore::GetInt(c, "public_reports_per_hour", 5);
  }));
  const Millis now = clock_.Now();
  WG_ASSIGN(int64_t recent, db_.Read([&](store::Connection& c) {
    return c.QueryInt(
        "SELECT COUNT(*) FROM cases WHERE "
        "reporter_origin = ? AND created_at >= ?",
        {origin, now - 3600000});
  }));
  if (recent >= limit)
    return Fail(ErrorCode::kRateLimited, "case.rate_limited",
                "too many reports from this address; try again later");
  if (!in.attachments.empty()) {
    // A resident links only their own fresh public uploads.
    WG_TRY(db_.Read([&](store::Connection& c) {
      return AttachmentService::LookupForOrigin(c, origin, in.attachments);
    }));
  }
  const std::string name = in.reporter_name;
  WG_ASSIGN(auto prepared, Prepare(resident, std::move(in), false));
  prepared.row.reporter_origin = origin;
  prepared.row.reporter_name = name.empty() ? "居民" : name;
  prepared.event.actor_name = "居民";
  WG_ASSIGN(auto row, SubmitAndWait(std::move(prepared)));
  return PublicReceipt{row.tracking, row.number, row.state, row.created_at};
}

Result<store::CaseRow> CaseService::ReportOpen311(NewCase in,
                                                  const std::string& client) {
  Actor system;
  system.username = "open311:" + client;
  system.role = Role::kPatrolMember;
  system.remote_addr = "open311";
  in.source = "open311";
  in.open311_client = client;
  WG_ASSIGN(auto prepared, Prepare(system, std::move(in), false));
  return SubmitAndWait(std::move(prepared));
}

std::string CaseService::OriginDigest(std::string_view remote_addr) const {
  // Keyed, so that the small IPv4 space cannot be searched for a match.
  return cipher_.BlindIndex("origin:" + std::string(remote_addr));
}

Result<std::vector<DuplicateHint>> CaseService::Duplicates(const Actor& actor,
                                                           int64_t category_id,
                                                           double lon,
                                                           double lat) {
  if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) > 180 ||
      std::abs(lat) > 90)
    return Invalid("case.location", "lon/lat are out of range", "lon");
  return db_.Read([&](store::Connection& c)
                      -> Result<std::vector<DuplicateHint>> {
    WG_ASSIGN(int64_t radius,
              store::SettingsStore::GetInt(c, "case_duplicate_radius_m", 50));
    WG_ASSIGN(int64_t days,
              store::SettingsStore::GetInt(c, "case_duplicate_window_days", 7));
    const double dlat = radius / 111320.0;
    const double dlon =
        radius /
        (111320.0 * std::max(0.01, std::cos(lat * std::numbers::pi / 180)));
    WG_ASSIGN(auto rows, store::CaseStore::OpenNear(
                             c, category_id, clock_.Now() - days * 86400000LL,
                             lon - dlon, lon + dlon, lat - dlat, lat + dlat));
    std::vector<DuplicateHint> out;
    // Hints name cases; only those the caller may see are offered.
    WG_ASSIGN(auto snap, catalog_.Current());
    std::vector<int64_t> orgs;
    if (actor.user_id) {
      WG_ASSIGN(orgs, store::TaxonomyStore::OrgsOfUser(c, *actor.user_id));
    }
    CaseAccess access{actor, *snap, orgs};
    for (auto& r : rows) {
      if (!r.lon || !r.lat || !access.Sees(r)) continue;
      const double d = DistanceM(lon, lat, *r.lon, *r.lat);
      if (d <= radius) out.push_back({std::move(r), d});
    }
    std::ranges::sort(out, {}, &DuplicateHint::distance_m);
    return out;
  });
}

Result<store::CaseRow> CaseService::GetByTracking(
    store::Connection& c, std::string_view tracking) const {
  const auto id = tracking_.Decode(tracking);
  if (!id)
    return NotFound("case.not_found", "no case with this tracking number");
  return store::CaseStore::GetByTracking(c, *id,
                                         TrackingCodec::Canonical(tracking));
}

Result<PublicStatus> CaseService::PublicLookup(const std::string& tracking) {
  return db_.Read([&](store::Connection& c) -> Result<PublicStatus> {
    WG_ASSIGN(auto row, GetByTracking(c, tracking));
    WG_ASSIGN(auto snap, catalog_.Current());
    PublicStatus s;
    s.tracking = row.tracking;
    if (const auto* cat = snap->Category(row.category_id))
      s.category_name = cat->row.name;
    s.state = row.state;
    s.address_text = row.address_text;
    s.created_at = row.created_at;
    s.updated_at = row.updated_at;
    s.closed_at = row.closed_at;
    s.satisfaction = row.satisfaction;
    WG_ASSIGN(auto events, store::CaseStore::Events(c, row.id));
    for (const auto& e : events) s.timeline.emplace_back(e.at, e.action);
    WG_ASSIGN(auto links, store::CaseStore::Links(c, row.id));
    for (const auto& l : links)
      if (l.kind == "before" || l.kind == "after")
        s.photos.push_back(l.attachment_id);
    return s;
  });
}

Result<PublicStatus> CaseService::PublicEvaluate(const std::string& tracking,
                                                 bool satisfied,
                                                 const std::string& comment) {
  if (comment.size() > 1000)
    return Invalid("case.comment", "comment is at most 1000 bytes", "comment");
  WG_ASSIGN(auto row, db_.Read([&](store::Connection& c) {
    return GetByTracking(c, tracking);
  }));
  if (row.state != "closed")
    return Conflict("case.not_closed",
                    "the case can be rated once it is closed");
  if (!row.satisfaction.empty())
    return Conflict("case.already_rated", "this case was rated already");
  Actor resident = Actor::Cli();  // the reporter holds the tracking number
  resident.username = "resident";
  resident.remote_addr = "public";
  CaseActionInput in{.action = CaseAction::kEvaluate,
                     .note = comment,
                     .satisfaction = satisfied ? "satisfied" : "unsatisfied"};
  WG_TRY(Act(resident, row.id, in));
  return PublicLookup(tracking);
}

}  // namespace wangge::service
