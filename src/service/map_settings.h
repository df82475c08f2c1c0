// How maps are drawn: an optional tile server (an intranet one, say) over
// the grid boundaries. Empty by default, since by default no request may
// leave the machine; administrators set it.
#pragma once

#include <string>

#include "core/error.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "store/database.h"

namespace wangge::service {

struct MapSettings {
  // {z}/{x}/{y} template, http(s) only; "" draws boundaries on a blank map.
  std::string tile_url;
  std::string attribution;
  int max_zoom = 19;
};

class MapSettingsService {
 public:
  MapSettingsService(store::Database& db, const Clock& clock,
                     const AuditService& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // Readable by anyone, residents included: it says only where tiles come
  // from.
  Result<MapSettings> Get() const;
  // System administrators only; audited. Rejects a tile URL that is not
  // http(s) with {z}, {x} and {y} (field "tile_url") and a zoom outside
  // 1..22 ("max_zoom").
  Result<MapSettings> Put(const Actor& actor, const MapSettings& in) const;

 private:
  store::Database& db_;
  const Clock& clock_;
  const AuditService& audit_;
};

}  // namespace wangge::service
