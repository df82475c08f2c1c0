#include "store/settings_store.h"

#include <charconv>

namespace wangge::store {

Result<std::optional<std::string>> SettingsStore::Get(Connection& c,
                                                      const std::string& key) {
  WG_ASSIGN(Rows rows,
            c.Query("SELECT value FROM settings WHERE key = ?", {key}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows.front().Text(0));
}

Result<int64_t> SettingsStore::GetInt(Connection& c, const std::string& key,
                                      int64_t fallback) {
  WG_ASSIGN(auto value, Get(c, key));
  if (!value) return fallback;
  int64_t v = 0;
  auto [p, ec] =
      std::from_chars(value->data(), value->data() + value->size(), v);
  if (ec != std::errc() || p != value->data() + value->size()) return fallback;
  return v;
}

Status SettingsStore::Set(Connection& c, const std::string& key,
                          const std::string& value, int64_t now) {
  WG_ASSIGN(int64_t n, c.Exec("UPDATE settings SET value = ?, updated_at = ? "
                              "WHERE key = ?",
                              {value, now, key}));
  if (n == 0)
    WG_TRY(
        c.Exec("INSERT INTO settings (key, value, updated_at) VALUES (?, "
               "?, ?)",
               {key, value, now}));
  return {};
}

}  // namespace wangge::store
