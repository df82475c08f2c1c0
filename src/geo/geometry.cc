#include "geo/geometry.h"

namespace wangge::geo {

bool IsClosed(const Ring& ring) {
  return ring.size() >= 4 && ring.front() == ring.back();
}

}  // namespace wangge::geo
