// A synthetic case history for benchmarks (`wangge synth-cases`, issue 5):
// cases spread over the grids already in the database (`wangge synth`
// makes a city), the 小类, sources and the days up to now, with realistic
// skew (busy grids, common categories, fewer cases at weekends, growth
// over the year). Old cases are mostly closed, a few voided or shelved,
// recent ones still on their way, with running steps, deadlines and the
// red marks the deadline job would have made. Only case rows are written
// (no timeline, audit records or notifications per case), through the same
// insert statements as intake, so the statistics counters come with them.
#pragma once

#include <cstdint>
#include <functional>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/error.h"
#include "store/database.h"

namespace wangge::demo {

struct SynthCasesOptions {
  int64_t cases = 100000;
  int64_t days = 365;  // the history ends now
  uint64_t seed = 1;
  // Cases per insert statement (PostgreSQL) and per progress report.
  int64_t batch = 20000;
};

struct SynthCasesSummary {
  int64_t cases = 0;
  int64_t closed = 0;
  int64_t voided = 0;
  int64_t open = 0;  // shelved ones included
  int64_t red = 0;   // open with a running step past its deadline
  int64_t grids = 0;
};

// Writes the history in one transaction (secondary indexes of `cases` are
// dropped first and built again at the end). Fails with kInvalidArgument
// when there is no grid or no active 小类. `progress` is called with the
// cases written so far.
Result<SynthCasesSummary> MakeSyntheticCases(
    store::Database& db, const Clock& clock, const FieldCipher& cipher,
    const SynthCasesOptions& options,
    const std::function<void(int64_t)>& progress = nullptr);

}  // namespace wangge::demo
