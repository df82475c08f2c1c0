#include "service/locator_cache.h"

#include "geo/geometry_json.h"
#include "store/boundary_store.h"

namespace wangge::service {

void LocatorCache::Invalidate() {
  std::lock_guard lock(mu_);
  checked_at_ = 0;
  snapshot_.reset();
}

Result<std::shared_ptr<const LocatorCache::Snapshot>> LocatorCache::Build(
    int64_t version) {
  auto snap = std::make_shared<Snapshot>();
  snap->version = version;
  std::vector<geo::PointLocator::Entry> entries;
  WG_TRY(db_.Read([&](store::Connection& c) -> Status {
    std::map<int64_t, AreaLabel> upper;
    for (const char* level : {"district", "street", "community"}) {
      WG_ASSIGN(auto areas, store::BoundaryStore::Areas(c, level, ""));
      for (const auto& a : areas) upper[a.id] = {a.id, a.code, a.name};
    }
    WG_ASSIGN(auto grids, store::BoundaryStore::Areas(c, "grid", ""));
    for (const auto& g : grids) {
      if (g.geometry.empty()) continue;
      WG_ASSIGN(geo::MultiPolygon shape, geo::ParseGeometry(g.geometry));
      entries.push_back({g.id, std::move(shape)});
      GridPlace place;
      place.grid = {g.id, g.code, g.name};
      if (g.parent_id && upper.count(*g.parent_id)) {
        place.community = upper[*g.parent_id];
      }
      // Street and district from the materialised path "/d/s/c/g/".
      std::vector<int64_t> ids;
      for (size_t i = 1, j; (j = g.path.find('/', i)) != std::string::npos;
           i = j + 1)
        ids.push_back(std::stoll(g.path.substr(i, j - i)));
      if (ids.size() >= 4) {
        place.district = upper[ids[0]];
        place.street = upper[ids[1]];
      }
      snap->places[g.id] = std::move(place);
    }
    return {};
  }));
  snap->locator = std::make_unique<geo::PointLocator>(std::move(entries));
  return std::shared_ptr<const Snapshot>(std::move(snap));
}

Result<std::shared_ptr<const LocatorCache::Snapshot>> LocatorCache::Current() {
  std::lock_guard lock(mu_);
  const Millis now = clock_.Now();
  if (snapshot_ && now - checked_at_ < recheck_ms_) return snapshot_;
  WG_ASSIGN(int64_t version, db_.Read([](store::Connection& c) {
    return store::BoundaryStore::Version(c);
  }));
  checked_at_ = now;
  if (!snapshot_ || snapshot_->version != version) {
    // Built under the lock: concurrent callers wait for one build rather
    // than each building their own.
    WG_ASSIGN(snapshot_, Build(version));
  }
  return snapshot_;
}

Result<GridPlace> LocatorCache::Locate(geo::LonLat p) {
  WG_ASSIGN(auto snap, Current());
  auto id = snap->locator->Locate(p);
  if (!id)
    return Fail(ErrorCode::kNotFound, "locate.outside",
                "the point lies in no grid");
  return snap->places.at(*id);
}

}  // namespace wangge::service
