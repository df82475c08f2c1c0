#include "service/case_feed.h"

#include <boost/json.hpp>
#include <vector>

#include "service/permissions.h"
#include "store/case_store.h"

namespace wangge::service {

namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;

namespace {

std::string EventText(const store::CaseStore::FeedRow& row,
                      const CaseCatalog::Snapshot* snap) {
  const auto& e = row.event;
  const AreaNode* grid = snap ? snap->Area(row.grid_id) : nullptr;
  json::object data{{"id", e.id},
                    {"case_id", e.case_id},
                    {"number", row.number},
                    {"title", row.title},
                    {"grid_id", row.grid_id},
                    {"grid_name", grid ? grid->name : ""},
                    {"action", e.action},
                    {"from", e.from_state},
                    {"to", e.to_state},
                    {"actor", e.actor_name},
                    {"at", e.at}};
  return "id: " + std::to_string(e.id) +
         "\nevent: case\ndata: " + json::serialize(data) + "\n\n";
}

}  // namespace

CaseFeed::CaseFeed(store::Database& db, CaseCatalog& catalog,
                   CaseFeedOptions options)
    : db_(db), catalog_(catalog), options_(options) {}

CaseFeed::~CaseFeed() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    subscribers_.clear();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<CaseFeed::Scope> CaseFeed::ScopeOf(const Actor& actor) {
  WG_ASSIGN(auto grids, db_.Read([&](store::Connection& c) {
    return ScopedGridIds(c, actor);
  }));
  if (!grids) return Scope();
  return Scope(std::set<int64_t>(grids->begin(), grids->end()));
}

Result<int64_t> CaseFeed::Subscribe(Scope scope, Sink sink) {
  Subscriber s;
  s.grids = std::move(scope);
  // The greeting tells the client the stream is live (EventSource fires
  // `open` only on the first bytes) and how soon to come back after a
  // break.
  if (!sink("retry: 3000\n: connected\n\n"))
    return Fail(ErrorCode::kUnavailable, "feed.gone", "the client left");
  s.sink = std::move(sink);
  s.last_write = SteadyClock::now();
  std::lock_guard lock(mu_);
  if (stopping_)
    return Fail(ErrorCode::kUnavailable, "server.stopping",
                "the server is shutting down");
  const int64_t id = next_id_++;
  subscribers_.emplace(id, std::move(s));
  EnsureStarted();
  return id;
}

void CaseFeed::Unsubscribe(int64_t id) {
  Sink dropped;
  {
    std::lock_guard lock(mu_);
    auto it = subscribers_.find(id);
    if (it == subscribers_.end()) return;
    // Destroyed outside the lock: the sink may own its connection.
    dropped = std::move(it->second.sink);
    subscribers_.erase(it);
  }
}

size_t CaseFeed::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

void CaseFeed::EnsureStarted() {
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
}

void CaseFeed::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    (void)PollOnce();  // a failed poll is retried at the next tick
    lock.lock();
    wake_.wait_for(lock, options_.poll, [this] { return stopping_; });
  }
}

Status CaseFeed::PollOnce() {
  std::optional<int64_t> after;
  {
    std::lock_guard lock(mu_);
    if (subscribers_.empty() && last_event_id_) return {};
    after = last_event_id_;
  }
  std::vector<store::CaseStore::FeedRow> rows;
  if (!after) {
    // First look: start from now, not from the beginning of history.
    WG_ASSIGN(int64_t last, db_.Read([](store::Connection& c) {
      return store::CaseStore::LastEventId(c);
    }));
    std::lock_guard lock(mu_);
    if (!last_event_id_) last_event_id_ = last;
    return {};
  }
  WG_ASSIGN(rows, db_.Read([&](store::Connection& c) {
    return store::CaseStore::EventsAfter(c, *after, options_.batch);
  }));
  std::shared_ptr<const CaseCatalog::Snapshot> snap;
  if (!rows.empty()) {
    auto current = catalog_.Current();
    if (current) snap = *current;
  }
  std::vector<std::string> text_of(rows.size());
  for (size_t i = 0; i < rows.size(); ++i)
    text_of[i] = EventText(rows[i], snap.get());

  std::vector<Sink> gone;
  {
    std::lock_guard lock(mu_);
    if (!rows.empty()) last_event_id_ = rows.back().event.id;
    const auto now = SteadyClock::now();
    for (auto it = subscribers_.begin(); it != subscribers_.end();) {
      Subscriber& s = it->second;
      std::string out;
      for (size_t i = 0; i < rows.size(); ++i)
        if (!s.grids || s.grids->count(rows[i].grid_id)) out += text_of[i];
      if (out.empty() && now - s.last_write >= options_.heartbeat)
        out = ": ping\n\n";
      bool alive = true;
      if (!out.empty()) {
        alive = s.sink(std::move(out));
        s.last_write = now;
      }
      if (alive) {
        ++it;
      } else {
        gone.push_back(std::move(s.sink));
        it = subscribers_.erase(it);
      }
    }
  }
  return {};
}

}  // namespace wangge::service
