// Time as UTC instants in milliseconds since the Unix epoch. Everything that
// depends on "now" takes a Clock so tests can fix and advance time exactly.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace wangge {

using Millis = int64_t;  // UTC milliseconds since 1970-01-01T00:00:00Z.

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Millis Now() const override;
};

// A clock that stands still until a test moves it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Millis start) : now_(start) {}
  Millis Now() const override { return now_.load(); }
  void Advance(Millis by) { now_ += by; }
  void Set(Millis to) { now_ = to; }

 private:
  std::atomic<Millis> now_;
};

// Formats as RFC 3339 in UTC, e.g. "2026-11-24T08:00:00Z" (whole seconds).
std::string FormatUtc(Millis at);

// Parses "YYYY-MM-DD" as a calendar date; returns days since 1970-01-01, or
// false when the text is not a valid date.
bool ParseDate(const std::string& text, int64_t* days_since_epoch);
std::string FormatDate(int64_t days_since_epoch);

}  // namespace wangge
