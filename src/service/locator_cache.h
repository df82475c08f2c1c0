// The process's in-memory point locator over grid boundaries, rebuilt when
// the stored boundary version moves. A change made by this process is seen
// at once (it invalidates); a change made by another process sharing the
// database is seen within `recheck_ms`.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "geo/locator.h"
#include "store/database.h"

namespace wangge::service {

struct AreaLabel {
  int64_t id = 0;
  std::string code;
  std::string name;
};

// A grid's place in the hierarchy, as the locate answer shows it.
struct GridPlace {
  AreaLabel grid, community, street, district;
};

class LocatorCache {
 public:
  LocatorCache(store::Database& db, const Clock& clock,
               int64_t recheck_ms = 1000)
      : db_(db), clock_(clock), recheck_ms_(recheck_ms) {}

  // Returns the grid containing `p` with its community, street and district;
  // kNotFound (key "locate.outside") when no grid contains it.
  Result<GridPlace> Locate(geo::LonLat p);
  // Forces a rebuild on the next call (after a local boundary change).
  void Invalidate();

 private:
  struct Snapshot {
    int64_t version = -1;
    std::unique_ptr<geo::PointLocator> locator;
    std::map<int64_t, GridPlace> places;
  };
  Result<std::shared_ptr<const Snapshot>> Current();
  Result<std::shared_ptr<const Snapshot>> Build(int64_t version);

  store::Database& db_;
  const Clock& clock_;
  const int64_t recheck_ms_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;
  Millis checked_at_ = 0;
};

}  // namespace wangge::service
