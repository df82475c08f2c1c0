// Small generated PNG pictures that stand in for site photos in the demo
// (a case's before / after photo), so that the demo's closed cases satisfy
// their categories' photo rules without shipping image files.
#pragma once

#include <cstdint>
#include <string>

namespace wangge::demo {

// A w×h PNG: a vertical gradient from `top` to `bottom` (0xRRGGBB) with a
// diagonal band, stored uncompressed (valid PNG, no zlib needed).
std::string DemoPhotoPng(uint32_t top, uint32_t bottom, int w = 96, int h = 72);

}  // namespace wangge::demo
