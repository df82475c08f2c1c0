#include "service/open311_service.h"

#include <algorithm>

#include "core/crypto.h"
#include "service/responsibility.h"

namespace wangge::service {

namespace {

constexpr size_t kMaxKeyNameBytes = 100;
constexpr size_t kMaxIds = 1000;

// Only the public intake channels are readable without an account: staff
// cases (visits, patrols, hotline) may name households and disputes.
constexpr std::string_view kPublicSources = "source IN ('open311', 'resident')";

constexpr std::string_view kRequestColumns =
    "number, source, category_id, description, address_text, lon, lat, "
    "grid_id, state, owner_kind, owner_area_id, owner_org_id, owner_role, "
    "reason, review_on, step, step_deadline_at, created_at, updated_at";

// Keys are credentials: managing them is system administration, like
// accounts and webhooks (the CLI operator is a system administrator).
Status RequireKeyAdmin(const Actor& actor) {
  if (actor.role == Role::kSystemAdmin) return {};
  return Denied(std::string("role ") + RoleName(actor.role) +
                " may not manage Open311 keys");
}

Open311Key ReadKey(const store::Row& r) {
  Open311Key k;
  k.id = r.Int(0);
  k.name = r.Text(1);
  k.created_at = r.Int(2);
  k.revoked_at = r.OptInt(3);
  return k;
}

std::string StatusNotes(const store::Row& r) {
  const std::string& state = r.Text(8);
  if (state == "reported")
    return "已上报，待受理 (reported, awaiting acceptance)";
  if (state == "accepted")
    return "已受理，待派遣 (accepted, awaiting dispatch)";
  if (state == "dispatched") return "已派遣，处置中 (dispatched, in hand)";
  if (state == "handled")
    return "已处置，待核查 (handled, awaiting verification)";
  if (state == "shelved")
    return "挂账 until " + r.Text(14) + " (shelved until review)";
  if (state == "closed") return "已结案 (closed)";
  if (state == "voided") return "已作废 (voided): " + r.Text(13);
  return state;
}

// Splits the description into the text and the first media URL line.
void SplitMedia(const std::string& text, std::string* description,
                std::string* media_url) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (line.starts_with(kOpen311PhotoPrefix)) {
      if (media_url->empty())
        *media_url = std::string(line.substr(kOpen311PhotoPrefix.size()));
    } else {
      if (!out.empty()) out += '\n';
      out += line;
    }
    start = end + 1;
  }
  *description = std::move(out);
}

Open311Request ReadRequest(const store::Row& r,
                           const CaseCatalog::Snapshot& snap) {
  Open311Request q;
  q.service_request_id = r.Text(0);
  if (r.Text(1) == "open311")
    SplitMedia(r.Text(3), &q.description, &q.media_url);
  if (const CatalogCategory* c = snap.Category(r.Int(2))) {
    q.service_code = c->row.code;
    q.service_name = c->row.name;
  }
  q.address = r.Text(4);
  if (!r.IsNull(5) && !r.IsNull(6)) {
    q.lon = r.Real(5);
    q.lat = r.Real(6);
  }
  const std::string& state = r.Text(8);
  q.status = Open311Status(state);
  q.status_notes = StatusNotes(r);
  Owner owner{r.Text(9), r.OptInt(10), r.OptInt(11), r.Text(12)};
  q.agency_responsible = OwnerLabel(snap, owner);
  if (!r.Text(15).empty() && !r.IsNull(16)) q.expected_at = r.Int(16);
  q.requested_at = r.Int(17);
  q.updated_at = r.Int(18);
  return q;
}

// The service of a 小类, or nullopt for a 大类 or an inactive one.
std::optional<Open311ServiceType> ServiceOf(const CaseCatalog::Snapshot& s,
                                            const CatalogCategory& c) {
  if (!c.row.parent_id || !c.row.active || !c.policy) return std::nullopt;
  const CatalogCategory* parent = s.Category(*c.row.parent_id);
  if (!parent || !parent->row.active) return std::nullopt;
  Open311ServiceType t;
  t.category_id = c.row.id;
  t.code = c.row.code;
  t.name = c.row.name;
  t.name_en = c.row.name_en;
  t.group = parent->row.name;
  // Not the acceptance criteria: they speak to staff (and ask for photos,
  // which Open311 requests need not carry).
  t.description = c.row.name_en.empty()
                      ? c.row.name
                      : c.row.name + " (" + c.row.name_en + ")";
  // "major" puts a case on the 重大问题督办清单, a decision for the staff
  // who accept it, not for a client; "ordinary" first as the default.
  for (const auto& level : c.policy->levels)
    if (level != "major") t.levels.push_back(level);
  std::stable_partition(t.levels.begin(), t.levels.end(),
                        [](const std::string& l) { return l == "ordinary"; });
  if (t.levels.empty()) return std::nullopt;
  return t;
}

}  // namespace

std::string Open311Status(std::string_view state) {
  return state == "closed" || state == "voided" ? "closed" : "open";
}

Result<Open311NewKey> Open311Service::CreateKey(const Actor& actor,
                                                const std::string& name) {
  WG_TRY(RequireKeyAdmin(actor));
  if (name.empty() || name.size() > kMaxKeyNameBytes)
    return Invalid("open311.key_name", "name must be 1 to 100 bytes", "name");
  Open311NewKey out;
  out.secret = RandomToken();
  out.key.name = name;
  out.key.created_at = clock_.Now();
  WG_ASSIGN(
      out.key.id,
      audit_.Write(actor, "open311.key_add", {"open311_key", ""},
                   [&](store::Connection& c) -> Result<int64_t> {
                     WG_ASSIGN(int64_t id,
                               c.Insert("INSERT INTO open311_keys (name, "
                                        "key_digest, created_at) VALUES "
                                        "(?, ?, ?)",
                                        {name, DigestHex(out.secret),
                                         out.key.created_at}));
                     WG_TRY(audit_.Record(c, actor, "open311.key_add",
                                          {"open311_key", std::to_string(id)},
                                          {{"name", name}}));
                     return id;
                   }));
  return out;
}

Result<std::vector<Open311Key>> Open311Service::ListKeys(const Actor& actor) {
  WG_TRY(RequireKeyAdmin(actor));
  return db_.Read([](store::Connection& c) -> Result<std::vector<Open311Key>> {
    WG_ASSIGN(auto rows, c.Query("SELECT id, name, created_at, revoked_at FROM "
                                 "open311_keys ORDER BY id"));
    std::vector<Open311Key> out;
    for (const auto& r : rows) out.push_back(ReadKey(r));
    return out;
  });
}

Status Open311Service::RevokeKey(const Actor& actor, int64_t id) {
  WG_TRY(RequireKeyAdmin(actor));
  const AuditTarget target{"open311_key", std::to_string(id)};
  return audit_.Write(
      actor, "open311.key_revoke", target, [&](store::Connection& c) -> Status {
        WG_ASSIGN(int64_t n,
                  c.Exec("UPDATE open311_keys SET revoked_at = ? WHERE id = ? "
                         "AND revoked_at IS NULL",
                         {clock_.Now(), id}));
        if (n == 0)
          return NotFound("open311.key_not_found",
                          "no unrevoked Open311 key " + std::to_string(id));
        return audit_.Record(c, actor, "open311.key_revoke", target);
      });
}

Result<Open311Key> Open311Service::Authenticate(std::string_view secret) {
  if (secret.empty())
    return Fail(ErrorCode::kPermissionDenied, "open311.api_key",
                "api_key is required");
  WG_ASSIGN(auto rows, db_.Read([&](store::Connection& c) {
    return c.Query(
        "SELECT id, name, created_at, revoked_at FROM open311_keys WHERE "
        "key_digest = ?",
        {DigestHex(secret)});
  }));
  if (rows.empty() || !rows[0].IsNull(3))
    return Fail(ErrorCode::kPermissionDenied, "open311.api_key",
                "api_key is not valid");
  return ReadKey(rows[0]);
}

Result<std::vector<Open311ServiceType>> Open311Service::Services() {
  WG_ASSIGN(auto snap, catalog_.Current());
  std::vector<Open311ServiceType> out;
  for (const auto& [id, c] : snap->categories)
    if (auto t = ServiceOf(*snap, c)) out.push_back(std::move(*t));
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.code < b.code; });
  return out;
}

Result<Open311ServiceType> Open311Service::Service(std::string_view code) {
  WG_ASSIGN(auto snap, catalog_.Current());
  for (const auto& [id, c] : snap->categories) {
    if (c.row.code != code) continue;
    if (auto t = ServiceOf(*snap, c)) return *t;
    break;
  }
  return NotFound("open311.service_code",
                  "service_code " + std::string(code) + " is not a service");
}

Result<std::vector<int64_t>> Open311Service::CategoryIds(
    const std::vector<std::string>& codes) {
  WG_ASSIGN(auto snap, catalog_.Current());
  std::vector<int64_t> out;
  for (const auto& code : codes) {
    auto it = std::find_if(
        snap->categories.begin(), snap->categories.end(), [&](const auto& kv) {
          return kv.second.row.parent_id && kv.second.row.code == code;
        });
    if (it == snap->categories.end())
      return Invalid("open311.service_code",
                     "service_code " + code + " is not a service",
                     "service_code");
    out.push_back(it->first);
  }
  return out;
}

Result<Open311Request> Open311Service::Get(
    const std::string& service_request_id) {
  Open311Query q;
  q.ids = {service_request_id};
  WG_ASSIGN(auto found, Find(q));
  if (found.empty())
    return NotFound("open311.request_not_found",
                    "no service request " + service_request_id);
  return std::move(found.front());
}

Result<std::string> Open311Service::IdForToken(const std::string& token) {
  const auto id = tracking_.Decode(token);
  if (!id)
    return NotFound("open311.token_not_found", "no request has this token");
  WG_ASSIGN(auto rows, db_.Read([&](store::Connection& c) {
    return c.Query(
        "SELECT number FROM cases WHERE id = ? AND tracking = ? "
        "AND " +
            std::string(kPublicSources),
        {*id, TrackingCodec::Canonical(token)});
  }));
  if (rows.empty())
    return NotFound("open311.token_not_found", "no request has this token");
  return rows[0].Text(0);
}

Result<std::vector<Open311Request>> Open311Service::Find(
    const Open311Query& q) {
  std::string sql = "SELECT " + std::string(kRequestColumns) +
                    " FROM cases WHERE " + std::string(kPublicSources);
  std::vector<store::SqlValue> params;
  auto in_list = [&](std::string_view column, const auto& values) {
    sql += " AND " + std::string(column) + " IN (";
    for (size_t i = 0; i < values.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back(values[i]);
    }
    sql += ")";
  };
  if (!q.ids.empty()) {
    if (q.ids.size() > kMaxIds)
      return Invalid("open311.too_many_ids",
                     "at most 1000 service_request_id values",
                     "service_request_id");
    in_list("number", q.ids);
  } else {
    if (!q.category_ids.empty()) in_list("category_id", q.category_ids);
    if (q.start) {
      sql += " AND created_at >= ?";
      params.emplace_back(*q.start);
    }
    if (q.end) {
      sql += " AND created_at <= ?";
      params.emplace_back(*q.end);
    }
    const bool open = std::ranges::count(q.statuses, "open") > 0;
    const bool closed = std::ranges::count(q.statuses, "closed") > 0;
    if (open != closed)
      sql += open ? " AND state NOT IN ('closed', 'voided')"
                  : " AND state IN ('closed', 'voided')";
  }
  // Inlined (a clamped integer) rather than bound: PostgreSQL would have to
  // guess the type of a LIMIT parameter.
  sql += " ORDER BY created_at DESC, id DESC LIMIT " +
         std::to_string(std::clamp<int64_t>(q.limit, 1, kMaxIds));
  WG_ASSIGN(auto rows, db_.Read([&](store::Connection& c) {
    return c.Query(sql, params);
  }));
  WG_ASSIGN(auto snap, catalog_.Current());
  // Owner labels name areas; a grid created since the snapshot was built
  // needs a fresher one.
  for (const auto& r : rows) {
    if (!snap->Area(r.Int(7))) {
      WG_ASSIGN(snap, catalog_.WithArea(r.Int(7)));
    }
  }
  std::vector<Open311Request> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ReadRequest(r, *snap));
  return out;
}

}  // namespace wangge::service
