// Peer comparison (issue 3): our PointLocator against PostGIS's best
// single-threaded point-in-polygon join, on the same 1,200-grid city and
// 1,000,000 random points as bench/locate_bench.cc. Not a Google Benchmark:
// a plain program, run through bench/locate_vs_postgis.sh, which provides a
// throwaway PostgreSQL server in WANGGE_TEST_PG_URL.
//
// PostGIS gets every advantage we know of: a GiST index on the table each
// plan probes, VACUUM ANALYZE, JIT off, and two plan shapes, each timed as
// the best of two runs of fetching all rows with COPY (query) TO STDOUT:
//   point-driven:   each point probes the grid index (ST_Intersects);
//   polygon-driven: each grid probes the point index, so PostGIS keeps the
//                   grid's prepared geometry cached across its points
//                   (ST_Intersects and ST_Covers, the faster one counts).
// Parallel workers are off: the comparison is one core against one core.
// Ours is timed as the best of three passes over all points, before and
// again after PostGIS runs (the load on a shared machine moves; each side
// gets its best time).
// Every point PostGIS assigns to exactly one grid must get that grid from
// us; points it assigns to none must get none; points it assigns to several
// (only possible on a shared boundary) must get one of those.
//
// Prints the rates and a last line "locate: OK ratio=NN.Nx" (exit 0) or
// "locate: FAIL ..." (exit 1). Usage: postgis_compare_bench [POINTS]
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "geo/city_maker.h"
#include "geo/locator.h"

namespace wangge::geo {
namespace {

// Keep in step with bench/locate_bench.cc.
constexpr int kGrids = 1200;
constexpr double kWidthKm = 30, kHeightKm = 30;
constexpr int kMinVertices = 20, kMaxVertices = 60;
constexpr uint64_t kCitySeed = 20240603;
constexpr uint64_t kPointSeed = 7;
constexpr size_t kPoints = 1000000;
constexpr LonLat kOrigin{120.10, 29.15};  // Near Dongyang, Zhejiang.
constexpr double kRequiredRatio = 50;

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// Best wall time of `runs` calls of fn.
double BestOf(int runs, const std::function<void()>& fn) {
  double best = 1e300;
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    best = std::min(best, Seconds(std::chrono::steady_clock::now() - start));
  }
  return best;
}

void AppendDouble(std::string& out, double v) {
  char buf[32];
  // Shortest text that reads back as the same double: PostgreSQL and
  // PostGIS parse it to exactly our coordinates.
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// grids.csv: id,"SRID=4326;MULTIPOLYGON(((lon lat,...)))"
void WriteGrids(const std::vector<PointLocator::Entry>& city,
                const std::filesystem::path& path) {
  std::string out;
  for (const auto& e : city) {
    out += std::to_string(e.id);
    out += ",\"SRID=4326;MULTIPOLYGON(";
    for (size_t k = 0; k < e.shape.size(); ++k) {
      if (k) out += ',';
      out += '(';
      std::vector<const Ring*> rings = {&e.shape[k].outer};
      for (const Ring& hole : e.shape[k].holes) rings.push_back(&hole);
      for (size_t r = 0; r < rings.size(); ++r) {
        if (r) out += ',';
        out += '(';
        for (size_t v = 0; v < rings[r]->size(); ++v) {
          if (v) out += ',';
          AppendDouble(out, (*rings[r])[v].lon);
          out += ' ';
          AppendDouble(out, (*rings[r])[v].lat);
        }
        out += ')';
      }
      out += ')';
    }
    out += ")\"\n";
  }
  std::ofstream(path, std::ios::binary) << out;
}

// points.csv: id,lon,lat (ids are indices into `points`).
void WritePoints(const std::vector<LonLat>& points,
                 const std::filesystem::path& path) {
  std::string out;
  out.reserve(points.size() * 44);
  for (size_t i = 0; i < points.size(); ++i) {
    out += std::to_string(i);
    out += ',';
    AppendDouble(out, points[i].lon);
    out += ',';
    AppendDouble(out, points[i].lat);
    out += '\n';
  }
  std::ofstream(path, std::ios::binary) << out;
}

class Db {
 public:
  explicit Db(const char* url) : conn_(PQconnectdb(url)) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw std::runtime_error(std::string("connect: ") +
                               PQerrorMessage(conn_));
    }
  }
  ~Db() { PQfinish(conn_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void Exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const auto status = PQresultStatus(r);
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    const std::string error = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    if (!ok) throw std::runtime_error(sql + ": " + error);
  }

  // The first column of every row.
  std::vector<std::string> Column(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      const std::string error = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error(sql + ": " + error);
    }
    std::vector<std::string> out;
    for (int i = 0; i < PQntuples(r); ++i) out.push_back(PQgetvalue(r, i, 0));
    PQclear(r);
    return out;
  }

  // COPY ... FROM STDIN with the file's bytes.
  void CopyIn(const std::string& sql, const std::filesystem::path& file) {
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN) {
      const std::string error = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error(sql + ": " + error);
    }
    PQclear(r);
    std::ifstream in(file, std::ios::binary);
    std::vector<char> buf(1 << 20);
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      if (in.gcount() > 0 &&
          PQputCopyData(conn_, buf.data(), static_cast<int>(in.gcount())) !=
              1) {
        throw std::runtime_error("COPY: " + std::string(PQerrorMessage(conn_)));
      }
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) {
      throw std::runtime_error("COPY end: " +
                               std::string(PQerrorMessage(conn_)));
    }
    Drain(sql);
  }

  // COPY (query) TO STDOUT, calling on_row(a, b) for each "a\tb" row.
  void CopyOut(const std::string& query,
               const std::function<void(int64_t, int64_t)>& on_row) {
    const std::string sql = "COPY (" + query + ") TO STDOUT";
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_COPY_OUT) {
      const std::string error = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error(sql + ": " + error);
    }
    PQclear(r);
    char* line = nullptr;
    int n;
    while ((n = PQgetCopyData(conn_, &line, 0)) > 0) {
      const char* end = line + n;
      int64_t a = 0, b = 0;
      const auto first = std::from_chars(line, end, a);
      std::from_chars(first.ptr + 1, end, b);
      on_row(a, b);
      PQfreemem(line);
    }
    if (n == -2) {
      throw std::runtime_error("COPY out: " +
                               std::string(PQerrorMessage(conn_)));
    }
    Drain(sql);
  }

 private:
  void Drain(const std::string& sql) {
    std::string error;
    while (PGresult* r = PQgetResult(conn_)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        error = PQresultErrorMessage(r);
      }
      PQclear(r);
    }
    if (!error.empty()) throw std::runtime_error(sql + ": " + error);
  }

  PGconn* conn_;
};

// What PostGIS said about each point: how many grids, and which.
struct Answers {
  explicit Answers(size_t n) : count(n, 0), grid(n, 0) {}
  std::vector<uint8_t> count;
  std::vector<int64_t> grid;             // The first grid seen.
  std::multimap<int64_t, int64_t> more;  // Point -> further grids.
  void Add(int64_t point, int64_t id) {
    if (point < 0 || static_cast<size_t>(point) >= count.size()) {
      throw std::runtime_error("unknown point id " + std::to_string(point));
    }
    if (count[point]++ == 0) {
      grid[point] = id;
    } else {
      more.emplace(point, id);
    }
  }
};

struct Check {
  size_t none = 0, several = 0, disagree = 0;
  std::string first_disagreement;
};

// Compares our answers (0 = none) with PostGIS's.
Check Compare(const std::vector<int64_t>& ours, const Answers& pg) {
  Check c;
  for (size_t i = 0; i < ours.size(); ++i) {
    bool agree;
    if (pg.count[i] == 0) {
      ++c.none;
      agree = ours[i] == 0;
    } else if (pg.count[i] == 1) {
      agree = ours[i] == pg.grid[i];
    } else {
      ++c.several;
      agree = ours[i] == pg.grid[i];
      auto [lo, hi] = pg.more.equal_range(static_cast<int64_t>(i));
      for (auto it = lo; it != hi; ++it) agree = agree || ours[i] == it->second;
    }
    if (!agree && c.disagree++ == 0) {
      c.first_disagreement = "point " + std::to_string(i) + ": ours " +
                             std::to_string(ours[i]) + ", PostGIS " +
                             std::to_string(pg.grid[i]) + " (" +
                             std::to_string(pg.count[i]) + " rows)";
    }
  }
  return c;
}

int Run(size_t n_points) {
  const char* url = std::getenv("WANGGE_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    std::fprintf(stderr,
                 "WANGGE_TEST_PG_URL is not set; run bench/locate_vs_postgis.sh"
                 "\n");
    return 2;
  }
  double load[3] = {0, 0, 0};
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) {
      load[0] = load[1] = load[2] = 0;
    }
    std::fclose(f);
  }
  std::printf("machine: %u cores; load %.2f %.2f %.2f\n",
              std::thread::hardware_concurrency(), load[0], load[1], load[2]);

  const auto city = MakeJitteredCity(kGrids, kWidthKm, kHeightKm, kMinVertices,
                                     kMaxVertices, kCitySeed, kOrigin);
  const auto points = RandomPoints(n_points, BoundsOf(city), kPointSeed);
  size_t vertices = 0;
  for (const auto& e : city) vertices += e.shape[0].outer.size() - 1;
  std::printf("city: %d grids, %zu vertices, %.0f x %.0f km; %zu points\n",
              kGrids, vertices, kWidthKm, kHeightKm, points.size());

  // Ours, single thread.
  std::optional<PointLocator> locator;
  // Best of 3 builds; the copy of the city is not part of a build.
  double build_best = 1e300;
  for (int r = 0; r < 3; ++r) {
    auto entries = city;
    const auto start = std::chrono::steady_clock::now();
    locator.emplace(std::move(entries));
    build_best =
        std::min(build_best, Seconds(std::chrono::steady_clock::now() - start));
  }
  std::vector<int64_t> ours(points.size());
  const auto locate_all = [&] {
    for (size_t i = 0; i < points.size(); ++i) {
      ours[i] = locator->Locate(points[i]).value_or(0);
    }
  };
  const double ours_s = BestOf(3, locate_all);
  const auto stats = locator->GetStats();
  std::printf(
      "ours: build %.1f ms, %.1f MiB; locate %.3f s = %.2f M points/s "
      "(best of 3)\n",
      build_best * 1e3, stats.memory_bytes / 1048576.0, ours_s,
      points.size() / ours_s / 1e6);

  // Files for PostgreSQL.
  char dir_template[] = "/tmp/wangge-locate.XXXXXX";
  const char* tmp_dir = mkdtemp(dir_template);
  if (tmp_dir == nullptr) throw std::runtime_error("mkdtemp failed");
  const std::filesystem::path dir(tmp_dir);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  WriteGrids(city, dir / "grids.csv");
  WritePoints(points, dir / "points.csv");

  Db db(url);
  db.Exec("SET client_min_messages = warning");
  db.Exec("CREATE EXTENSION IF NOT EXISTS postgis");
  std::printf("postgres: %s; postgis %s\n",
              db.Column("SHOW server_version")[0].c_str(),
              db.Column("SELECT postgis_lib_version()")[0].c_str());
  const auto load_start = std::chrono::steady_clock::now();
  db.Exec(
      "DROP TABLE IF EXISTS locate_grids, locate_points, locate_points_raw");
  db.Exec(
      "CREATE TABLE locate_grids (id bigint PRIMARY KEY, "
      "geom geometry(MultiPolygon, 4326) NOT NULL)");
  db.Exec("CREATE TABLE locate_points_raw (id bigint, lon float8, lat float8)");
  db.CopyIn("COPY locate_grids (id, geom) FROM STDIN WITH (FORMAT csv)",
            dir / "grids.csv");
  db.CopyIn("COPY locate_points_raw FROM STDIN WITH (FORMAT csv)",
            dir / "points.csv");
  db.Exec(
      "CREATE TABLE locate_points AS SELECT id, "
      "ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geometry(Point, 4326) AS "
      "geom FROM locate_points_raw");
  db.Exec("DROP TABLE locate_points_raw");
  db.Exec("ALTER TABLE locate_points ADD PRIMARY KEY (id)");
  db.Exec("CREATE INDEX locate_grids_geom ON locate_grids USING gist (geom)");
  db.Exec("VACUUM ANALYZE locate_grids");
  db.Exec("VACUUM ANALYZE locate_points");
  std::printf("postgres: loaded in %.1f s\n",
              Seconds(std::chrono::steady_clock::now() - load_start));

  db.Exec("SET max_parallel_workers_per_gather = 0");
  db.Exec("SET jit = off");

  struct Plan {
    std::string name;
    std::string query;
    // The index the plan must probe: the grid index when the points drive,
    // the point index when the grids do.
    std::string probes;
    double seconds = 0;
    Check check;
  };
  auto time_plan = [&](Plan& plan, bool point_first) {
    const auto explain = db.Column("EXPLAIN " + plan.query);
    std::printf("%s plan:\n", plan.name.c_str());
    bool probes = false;
    for (const auto& line : explain) {
      std::printf("    %s\n", line.c_str());
      probes =
          probes ||
          line.find("Index Scan using " + plan.probes) != std::string::npos ||
          line.find("Index Scan on " + plan.probes) != std::string::npos;
    }
    if (!probes) {
      throw std::runtime_error(plan.name + ": the plan does not probe " +
                               plan.probes);
    }
    std::optional<Answers> answers;
    plan.seconds = BestOf(2, [&] {
      answers.emplace(points.size());
      db.CopyOut(plan.query, [&](int64_t a, int64_t b) {
        if (point_first) {
          answers->Add(a, b);
        } else {
          answers->Add(b, a);
        }
      });
    });
    plan.check = Compare(ours, *answers);
    std::printf(
        "%s: %.3f s = %.3f M points/s (best of 2); PostGIS rows: %zu points "
        "in no grid, %zu in several; disagreements: %zu\n",
        plan.name.c_str(), plan.seconds, points.size() / plan.seconds / 1e6,
        plan.check.none, plan.check.several, plan.check.disagree);
    if (plan.check.disagree) {
      std::printf("    first: %s\n", plan.check.first_disagreement.c_str());
    }
  };

  // Point-driven: with no index on the points yet, the only indexed plan is
  // a nested loop over the points probing the grid index.
  std::vector<Plan> plans;
  plans.push_back({"postgis point-driven (ST_Intersects)",
                   "SELECT p.id, g.id FROM locate_points p JOIN locate_grids g "
                   "ON ST_Intersects(g.geom, p.geom)",
                   "locate_grids_geom"});
  time_plan(plans.back(), true);

  // Polygon-driven: the grids, read once (a materialized CTE cannot be
  // probed, so they must be the outer side), each probe the point index;
  // the grid stays the same across its points, so PostGIS's
  // prepared-geometry cache hits.
  db.Exec("CREATE INDEX locate_points_geom ON locate_points USING gist (geom)");
  db.Exec("ANALYZE locate_points");
  for (const char* predicate : {"ST_Intersects", "ST_Covers"}) {
    plans.push_back({std::string("postgis polygon-driven (") + predicate + ")",
                     std::string("WITH g AS MATERIALIZED (SELECT id, geom FROM "
                                 "locate_grids) SELECT g.id, p.id FROM g JOIN "
                                 "locate_points p ON ") +
                         predicate + "(g.geom, p.geom)",
                     "locate_points_geom"});
    time_plan(plans.back(), false);
  }
  db.Exec("DROP TABLE locate_grids, locate_points");

  // Ours again, now that PostGIS has run: the load on a shared machine
  // moves, and both sides get their best time.
  const double ours_again_s = BestOf(3, locate_all);
  std::printf("ours (again): locate %.3f s = %.2f M points/s (best of 3)\n",
              ours_again_s, points.size() / ours_again_s / 1e6);
  const double ours_rate = points.size() / std::min(ours_s, ours_again_s);

  const Plan* best = &plans[0];
  size_t disagreements = 0;
  for (const Plan& plan : plans) {
    if (plan.seconds < best->seconds) best = &plan;
    disagreements += plan.check.disagree;
  }
  const double best_rate = points.size() / best->seconds;
  const double ratio = ours_rate / best_rate;
  std::printf("best PostGIS: %s, %.3f M points/s\n", best->name.c_str(),
              best_rate / 1e6);
  std::printf("ours: %.2f M points/s\n", ours_rate / 1e6);
  std::printf("ratio ours / best PostGIS: %.1fx (required %.0fx)\n", ratio,
              kRequiredRatio);
  if (disagreements > 0) {
    std::printf("locate: FAIL %zu disagreements with PostGIS\n", disagreements);
    return 1;
  }
  if (ratio < kRequiredRatio) {
    std::printf("locate: FAIL ratio=%.1fx below %.0fx\n", ratio,
                kRequiredRatio);
    return 1;
  }
  std::printf("locate: OK ratio=%.1fx\n", ratio);
  return 0;
}

}  // namespace
}  // namespace wangge::geo

int main(int argc, char** argv) {
  size_t points = wangge::geo::kPoints;
  if (argc > 1) points = std::strtoull(argv[1], nullptr, 10);
  try {
    return wangge::geo::Run(points);
  } catch (const std::exception& e) {
    std::printf("locate: FAIL %s\n", e.what());
    return 1;
  }
}
