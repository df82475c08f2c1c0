// A city-scale synthetic dataset for benchmarks (`wangge synth`): one
// district of streets, communities and grids with households and residents
// whose personal numbers are encrypted exactly as real ones are.
#pragma once

#include <cstdint>
#include <functional>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/error.h"
#include "store/database.h"

namespace wangge::demo {

struct SynthOptions {
  int64_t households = 100000;
  int64_t grids = 120;
  uint64_t seed = 1;
  // District code (GB/T 2260 style) under which the city is built.
  std::string district_code = "320199";
};

struct SynthSummary {
  int64_t streets = 0;
  int64_t communities = 0;
  int64_t grids = 0;
  int64_t households = 0;
  int64_t residents = 0;
};

// Writes the dataset in batched transactions. Fails with kConflict when the
// district code is already taken. `progress` is called with households
// written so far.
Result<SynthSummary> MakeSyntheticCity(
    store::Database& db, const Clock& clock, const FieldCipher& cipher,
    const SynthOptions& options,
    const std::function<void(int64_t)>& progress = nullptr);

}  // namespace wangge::demo
