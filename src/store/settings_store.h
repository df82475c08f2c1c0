// Deployment settings as key → text (JSON where structured).
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "store/sql.h"

namespace wangge::store {

class SettingsStore {
 public:
  static Result<std::optional<std::string>> Get(Connection& c,
                                                const std::string& key);
  // Returns the integer setting, or `fallback` when unset or not a number.
  static Result<int64_t> GetInt(Connection& c, const std::string& key,
                                int64_t fallback);
  static Status Set(Connection& c, const std::string& key,
                    const std::string& value, int64_t now);
};

}  // namespace wangge::store
