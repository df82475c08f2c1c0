// Peer baseline for the case intake benchmark (issue 4): a plain durable
// SQLite insert loop, one row per transaction. The connection is opened by
// wangge's own SqliteConnection::Open with a WalCheckpointer, as
// store::Database opens it, so it runs exactly the server's settings (WAL,
// synchronous=FULL, checkpoints on their own thread, ...), and each row is
// written with BEGIN IMMEDIATE / INSERT / COMMIT as Database::Write does. Rows
// are about the size of a case row (12 columns, ~300 bytes).
//
// Usage: sqlite_loop_bench [--seconds S] [--dir DIR]
// Prints "sqlite-loop: rows=N seconds=S rows_per_s=R p50_ms=A p99_ms=B".
// DIR (default: a fresh temporary directory) must be on the disk the server
// uses; the database file is deleted at the end.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_connection.h"

namespace {

using wangge::store::Connection;
using wangge::store::SqliteConnection;
using wangge::store::SqlValue;

int Fail(const std::string& what) {
  std::cerr << "sqlite_loop_bench: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 15;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (a == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else {
      std::cerr << "usage: sqlite_loop_bench [--seconds S] [--dir DIR]\n";
      return 2;
    }
  }
  namespace fs = std::filesystem;
  bool own_dir = false;
  if (dir.empty()) {
    std::string tmpl =
        (fs::temp_directory_path() / "wangge-sqlite-loop.XXXXXX").string();
    if (!mkdtemp(tmpl.data())) return Fail("mkdtemp failed");
    dir = tmpl;
    own_dir = true;
  }
  const std::string path = (fs::path(dir) / "loop.db").string();
  fs::remove(path);
  fs::remove(path + "-wal");
  fs::remove(path + "-shm");

  int status = 0;
  {
    auto opened = SqliteConnection::Open(
        path, std::make_shared<wangge::store::WalCheckpointer>(path));
    if (!opened) return Fail(opened.error().message);
    Connection& c = **opened;
    if (auto r = c.ExecScript(
            "CREATE TABLE loop_rows ("
            " id INTEGER PRIMARY KEY,"
            " number TEXT NOT NULL, tracking TEXT NOT NULL,"
            " category_id INTEGER NOT NULL, grid_id INTEGER NOT NULL,"
            " community_id INTEGER NOT NULL, state TEXT NOT NULL,"
            " title TEXT NOT NULL, description TEXT NOT NULL,"
            " lon REAL, lat REAL, created_at INTEGER NOT NULL,"
            " detail TEXT NOT NULL)");
        !r)
      return Fail(r.error().message);
    const std::string sql =
        "INSERT INTO loop_rows (number, tracking, category_id, grid_id, "
        "community_id, state, title, description, lon, lat, created_at, "
        "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    const std::string detail =
        R"({"suggested_owner":"东阳社区（社区办公室）","routed_by":"default",)"
        R"("deadline_at":1795577938120,"note":"one row per transaction"})";
    std::mt19937_64 rnd(1);
    std::vector<double> latencies_ms;
    latencies_ms.reserve(1 << 20);
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto stop = start + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(seconds));
    int64_t n = 0;
    for (auto now = start; now < stop;) {
      ++n;
      char number[64], tracking[32];
      std::snprintf(number, sizeof number, "320115003012-2026-%06lld",
                    static_cast<long long>(n));
      std::snprintf(tracking, sizeof tracking, "%016llx",
                    static_cast<unsigned long long>(rnd()));
      std::vector<SqlValue> params = {SqlValue(std::string(number)),
                                      SqlValue(std::string(tracking)),
                                      SqlValue(int64_t{31}),
                                      SqlValue(int64_t{4 + n % 12}),
                                      SqlValue(int64_t{3}),
                                      SqlValue(std::string("reported")),
                                      SqlValue(std::string("乱堆物料")),
                                      SqlValue(std::string("bench")),
                                      SqlValue(119.15 + (rnd() % 10000) * 1e-6),
                                      SqlValue(31.94 + (rnd() % 10000) * 1e-6),
                                      SqlValue(int64_t{1795574338120} + n),
                                      SqlValue(detail)};
      if (auto r = c.Begin(); !r) return Fail(r.error().message);
      if (auto r = c.Exec(sql, params); !r) {
        c.Rollback();
        return Fail(r.error().message);
      }
      if (auto r = c.Commit(); !r) return Fail(r.error().message);
      const auto after = Clock::now();
      latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(after - now).count());
      now = after;
    }
    const double elapsed =
        std::chrono::duration<double>(Clock::now() - start).count();
    std::ranges::sort(latencies_ms);
    auto pct = [&](double p) {
      if (latencies_ms.empty()) return 0.0;
      size_t i = static_cast<size_t>(p / 100 * (latencies_ms.size() - 1));
      return latencies_ms[i];
    };
    auto count = c.QueryInt("SELECT COUNT(*) FROM loop_rows");
    if (!count || *count != n) {
      status = Fail("row count does not match");
    }
    std::printf(
        "sqlite-loop: rows=%lld seconds=%.2f rows_per_s=%.1f p50_ms=%.3f "
        "p99_ms=%.3f\n",
        static_cast<long long>(n), elapsed, n / elapsed, pct(50), pct(99));
  }
  fs::remove(path);
  fs::remove(path + "-wal");
  fs::remove(path + "-shm");
  if (own_dir) fs::remove(dir);
  return status;
}
