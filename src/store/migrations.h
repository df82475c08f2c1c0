// Numbered schema migrations, one list per backend, embedded from
// src/store/<backend>/migrations/NNNN_name.sql at build time.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace wangge::store {

struct Migration {
  int number;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& SqliteMigrations();
const std::vector<Migration>& PostgresMigrations();

class Connection;

// Applies, in order and each in its own transaction, every migration whose
// number is above the recorded schema version. Returns how many ran.
Result<int> ApplyMigrations(Connection& conn);
// The highest applied migration number (0 on an empty database).
Result<int> SchemaVersion(Connection& conn);

}  // namespace wangge::store
