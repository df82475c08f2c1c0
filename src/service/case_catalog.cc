#include "service/case_catalog.h"

#include <charconv>

#include "store/settings_store.h"

namespace wangge::service {

namespace {
constexpr std::string_view kVersionKey = "case_catalog_version";

// "08:30-12:00,13:30-17:30" → minute pairs; nullopt when malformed.
std::optional<std::vector<std::pair<int, int>>> ParsePeriods(
    std::string_view text) {
  std::vector<std::pair<int, int>> out;
  auto minute = [](std::string_view hhmm) -> std::optional<int> {
    if (hhmm.size() != 5 || hhmm[2] != ':') return std::nullopt;
    int h = 0, m = 0;
    if (std::from_chars(hhmm.data(), hhmm.data() + 2, h).ec != std::errc() ||
        std::from_chars(hhmm.data() + 3, hhmm.data() + 5, m).ec !=
            std::errc() ||
        h > 24 || m > 59)
      return std::nullopt;
    return h * 60 + m;
  };
  while (!text.empty()) {
    auto comma = text.find(',');
    auto part = text.substr(0, comma);
    text = comma == std::string_view::npos ? "" : text.substr(comma + 1);
    auto dash = part.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto from = minute(part.substr(0, dash));
    auto to = minute(part.substr(dash + 1));
    if (!from || !to || *from >= *to) return std::nullopt;
    if (!out.empty() && out.back().second > *from) return std::nullopt;
    out.emplace_back(*from, *to);
  }
  if (out.empty()) return std::nullopt;
  return out;
}
}  // namespace

const CatalogCategory* CaseCatalog::Snapshot::Category(int64_t id) const {
  auto it = categories.find(id);
  return it == categories.end() ? nullptr : &it->second;
}

const AreaNode* CaseCatalog::Snapshot::Area(int64_t id) const {
  auto it = areas.find(id);
  return it == areas.end() ? nullptr : &it->second;
}

const AreaNode* CaseCatalog::Snapshot::Ancestor(int64_t area_id,
                                                std::string_view level) const {
  const AreaNode* a = Area(area_id);
  while (a && a->level != level)
    a = a->parent_id ? Area(*a->parent_id) : nullptr;
  return a;
}

Result<WorkingCalendar> LoadWorkingCalendar(store::Connection& c) {
  CalendarOptions options;
  WG_ASSIGN(auto periods,
            store::SettingsStore::Get(c, "calendar_work_periods"));
  if (periods) {
    if (auto parsed = ParsePeriods(*periods)) options.work_periods = *parsed;
  }
  WG_ASSIGN(int64_t offset, store::SettingsStore::GetInt(
                                c, "calendar_utc_offset_minutes", 480));
  options.utc_offset_minutes = static_cast<int>(offset);
  WorkingCalendar calendar(options);
  WG_ASSIGN(auto days, store::TaxonomyStore::ListCalendarDays(c));
  for (const auto& d : days) {
    int64_t day = 0;
    if (!ParseDate(d.day, &day)) continue;
    if (d.kind == "holiday")
      calendar.AddHoliday(day);
    else
      calendar.AddMakeupWorkday(day);
  }
  return calendar;
}

bool ValidWorkPeriods(std::string_view text) {
  return ParsePeriods(text).has_value();
}

Status CaseCatalog::Touch(store::Connection& c, Millis now) {
  WG_ASSIGN(int64_t v,
            store::SettingsStore::GetInt(c, std::string(kVersionKey), 0));
  return store::SettingsStore::Set(c, std::string(kVersionKey),
                                   std::to_string(v + 1), now);
}

void CaseCatalog::Invalidate() {
  std::lock_guard lock(mu_);
  checked_at_ = 0;
  if (snapshot_) {
    auto copy = std::make_shared<Snapshot>(*snapshot_);
    copy->version = -2;  // forces a rebuild
    snapshot_ = copy;
  }
}

Result<std::shared_ptr<const CaseCatalog::Snapshot>> CaseCatalog::Current() {
  // The mutex is never held while the database is read: callers often hold
  // a pooled connection already, and a thread waiting for a connection
  // while others wait for this mutex could stall the pool. One thread
  // refreshes; the others keep using the snapshot they have meanwhile.
  std::shared_ptr<const Snapshot> current;
  {
    std::lock_guard lock(mu_);
    const Millis now = clock_.Now();
    current = snapshot_;
    const bool fresh = current && current->version >= 0 &&
                       now - checked_at_ < recheck_ms_ && now >= checked_at_;
    if (fresh) return current;
    if (current && refreshing_) return current;
    refreshing_ = true;
  }
  auto refreshed = [&]() -> Result<std::shared_ptr<const Snapshot>> {
    WG_ASSIGN(int64_t version, db_.Read([](store::Connection& c) {
      return store::SettingsStore::GetInt(c, std::string(kVersionKey), 0);
    }));
    if (current && current->version == version) return current;
    return Build(version);
  }();
  std::lock_guard lock(mu_);
  refreshing_ = false;
  if (!refreshed) return std::unexpected(refreshed.error());
  checked_at_ = clock_.Now();
  snapshot_ = *refreshed;
  return snapshot_;
}

Result<std::shared_ptr<const CaseCatalog::Snapshot>> CaseCatalog::WithArea(
    int64_t area_id) {
  WG_ASSIGN(auto snap, Current());
  if (snap->Area(area_id)) return snap;
  // A grid made since the snapshot (division, new area): rebuild once,
  // outside the mutex for the same reason as above.
  WG_ASSIGN(auto rebuilt, Build(std::max<int64_t>(snap->version, 0)));
  std::lock_guard lock(mu_);
  snapshot_ = rebuilt;
  return rebuilt;
}

Result<std::shared_ptr<const CasePolicy>> CaseCatalog::Policy(
    int64_t policy_id) {
  WG_ASSIGN(auto snap, Current());
  for (const auto& [id, cat] : snap->categories)
    if (cat.policy_id == policy_id) return cat.policy;
  {
    std::lock_guard lock(mu_);
    if (auto it = old_policies_.find(policy_id); it != old_policies_.end())
      return it->second;
  }
  WG_ASSIGN(auto row, db_.Read([&](store::Connection& c) {
    return store::TaxonomyStore::GetPolicy(c, policy_id);
  }));
  WG_ASSIGN(auto parsed, ParseCasePolicyText(row.policy));
  auto shared = std::make_shared<const CasePolicy>(std::move(parsed));
  std::lock_guard lock(mu_);
  old_policies_[policy_id] = shared;
  return shared;
}

Result<std::shared_ptr<const CaseCatalog::Snapshot>> CaseCatalog::Build(
    int64_t version) {
  auto snap = std::make_shared<Snapshot>();
  snap->version = version;
  WG_TRY(db_.Read([&](store::Connection& c) -> Status {
    WG_ASSIGN(auto categories, store::TaxonomyStore::ListCategories(c));
    for (auto& row : categories) snap->categories[row.id].row = std::move(row);
    WG_ASSIGN(auto policies, store::TaxonomyStore::CurrentPolicies(c));
    for (const auto& p : policies) {
      auto it = snap->categories.find(p.category_id);
      if (it == snap->categories.end()) continue;
      auto parsed = ParseCasePolicyText(p.policy);
      if (!parsed) continue;  // a stored policy is validated when written
      it->second.policy_id = p.id;
      it->second.policy_version = p.version;
      it->second.policy =
          std::make_shared<const CasePolicy>(std::move(*parsed));
    }
    WG_ASSIGN(auto orgs, store::TaxonomyStore::ListOrgUnits(c));
    for (auto& o : orgs) snap->orgs[o.id] = std::move(o);
    WG_ASSIGN(snap->rules, store::TaxonomyStore::ListRules(c));
    WG_ASSIGN(auto areas, c.Query("SELECT id, parent_id, level, code, name, "
                                  "path FROM areas"));
    for (const auto& r : areas)
      snap->areas[r.Int(0)] = {r.Int(0),  r.OptInt(1), r.Text(2),
                               r.Text(3), r.Text(4),   r.Text(5)};
    WG_ASSIGN(auto calendar, LoadWorkingCalendar(c));
    snap->calendar =
        std::make_shared<const WorkingCalendar>(std::move(calendar));
    return {};
  }));
  return std::shared_ptr<const Snapshot>(std::move(snap));
}

}  // namespace wangge::service
