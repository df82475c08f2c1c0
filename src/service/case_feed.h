// The live feed of case events for the command centre (指挥中心) and any
// page that follows cases as they move. One poller per process reads the
// events committed since its last look from the database, so events written
// by any server process reach every subscriber, and hands each subscriber
// the events of its scope as server-sent-event text.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "core/error.h"
#include "service/actor.h"
#include "service/case_catalog.h"
#include "store/database.h"

namespace wangge::service {

struct CaseFeedOptions {
  // How often the database is asked for new events.
  std::chrono::milliseconds poll{500};
  // A comment line sent when nothing happened for this long, so that
  // proxies keep the connection and a vanished client is noticed.
  std::chrono::seconds heartbeat{15};
  // Events handed out per poll at most; the rest wait for the next one.
  int64_t batch = 500;
};

class CaseFeed {
 public:
  // Writes one piece of a subscriber's stream; false once it is gone.
  using Sink = std::function<bool(std::string)>;

  CaseFeed(store::Database& db, CaseCatalog& catalog,
           CaseFeedOptions options = {});
  // Stops the poller; subscribers are dropped without another write.
  ~CaseFeed();
  CaseFeed(const CaseFeed&) = delete;
  CaseFeed& operator=(const CaseFeed&) = delete;

  // The grids whose events `actor` may follow (nullopt: every grid). A
  // database read, so callers resolve it before they subscribe.
  using Scope = std::optional<std::set<int64_t>>;
  Result<Scope> ScopeOf(const Actor& actor);

  // Sends `sink` a greeting, then every event committed from now on in
  // `scope`. Returns the subscription's id. Starts the poller on first
  // use. Never touches the database.
  Result<int64_t> Subscribe(Scope scope, Sink sink);
  void Unsubscribe(int64_t id);

  // One poll: new events to their subscribers, heartbeats where due. The
  // poller thread calls this; tests call it directly.
  Status PollOnce();

  size_t subscribers() const;

 private:
  struct Subscriber {
    Sink sink;
    std::optional<std::set<int64_t>> grids;  // nullopt: every grid
    std::chrono::steady_clock::time_point last_write;
  };
  void Loop();
  void EnsureStarted();  // with mu_ held

  store::Database& db_;
  CaseCatalog& catalog_;
  const CaseFeedOptions options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::map<int64_t, Subscriber> subscribers_;
  int64_t next_id_ = 1;
  std::optional<int64_t> last_event_id_;  // unknown until the first poll
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wangge::service
