#include "service/intake_batcher.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "service/case_service.h"

namespace wangge::service {

namespace {
int EnvInt(const char* name, int dflt) {
  const char* v = std::getenv(name);
  return v ? std::atoi(v) : dflt;
}
std::unique_ptr<store::Database> OwnDb(store::Database& db) {
  if (!EnvInt("WG_OWN_DB", 0) || db.dialect() != store::Dialect::kSqlite) return nullptr;
  store::DatabaseOptions o;
  o.url = db.description();
  o.pool_size = 1;
  o.migrate = false;
  auto opened = store::Database::Open(o);
  if (!opened) return nullptr;
  return std::move(*opened);
}
}  // namespace

IntakeBatcher::IntakeBatcher(CaseService& cases, store::Database& db,
                             size_t max_batch)
    : cases_(cases), own_db_(OwnDb(db)), db_(own_db_ ? *own_db_ : db), max_batch_(max_batch) {
  thread_ = std::thread([this] { Loop(); });
  if (EnvInt("WG_ACKER", 1)) ack_thread_ = std::thread([this] { Acknowledge(); });
  if (EnvInt("WG_CKPT_MS", 0) > 0 && db_.dialect() == store::Dialect::kSqlite)
    ckpt_thread_ = std::thread([this] { Checkpoint(); });
}

IntakeBatcher::~IntakeBatcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(ack_mu_);
    ack_stopping_ = true;
  }
  ack_wake_.notify_all();
  if (ack_thread_.joinable()) ack_thread_.join();
  if (ckpt_thread_.joinable()) ckpt_thread_.join();
  if (getenv("WG_BATCH_STATS") && !tmp_stats_.empty()) {
    std::vector<double> us; double n = 0;
    for (auto& [b, t] : tmp_stats_) { us.push_back(t); n += b; }
    std::sort(us.begin(), us.end());
    std::fprintf(stderr, "batches=%zu mean_batch=%.1f write_us p50=%.0f p90=%.0f p99=%.0f max=%.0f\n", us.size(), n / us.size(), us[us.size()/2], us[us.size()*9/10], us[us.size()*99/100], us.back());
  }
}

Result<store::CaseRow> IntakeBatcher::Submit(PreparedCase prepared) {
  auto future = prepared.done.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_)
      return Fail(ErrorCode::kUnavailable, "server.stopping",
                  "the server is shutting down");
    queue_.push_back(&prepared);
  }
  wake_.notify_one();
  return future.get();
}

void IntakeBatcher::WriteOne(PreparedCase* p) {
  std::vector<PreparedCase*> one = {p};
  auto r = db_.Write([&](store::Connection& c) -> Status {
    return cases_.WriteBatch(c, one);
  });
  if (r)
    p->done.set_value(p->row);
  else
    p->done.set_value(std::unexpected(r.error()));
}

void IntakeBatcher::Acknowledge() {
  std::unique_lock lock(ack_mu_);
  for (;;) {
    ack_wake_.wait(lock, [this] { return ack_stopping_ || !committed_.empty(); });
    if (committed_.empty()) return;
    std::vector<PreparedCase*> batch = std::move(committed_.front());
    committed_.pop_front();
    lock.unlock();
    for (auto* p : batch) p->done.set_value(p->row);
    lock.lock();
  }
}

void IntakeBatcher::Checkpoint() {
  const int ms = EnvInt("WG_CKPT_MS", 0);
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; })) return;
    }
    (void)db_.Read([](store::Connection& c) {
      return c.ExecScript("PRAGMA wal_checkpoint(PASSIVE)");
    });
  }
}

void IntakeBatcher::Loop() {
  if (int n = EnvInt("WG_WRITER_NICE", 0))
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), n);
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty() && stopping_) return;
    std::vector<PreparedCase*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    auto t0 = std::chrono::steady_clock::now();
    auto r = db_.Write([&](store::Connection& c) -> Status {
      return cases_.WriteBatch(c, batch);
    });
    auto t1 = std::chrono::steady_clock::now();
    tmp_stats_.push_back({batch.size(), std::chrono::duration<double, std::micro>(t1 - t0).count()});
    if (r) {
      if (ack_thread_.joinable()) {
        {
          std::lock_guard ack(ack_mu_);
          committed_.push_back(std::move(batch));
        }
        ack_wake_.notify_one();
      } else {
        for (auto* p : batch) p->done.set_value(p->row);
      }
    } else if (batch.size() == 1) {
      batch[0]->done.set_value(std::unexpected(r.error()));
    } else {
      // One bad case must not sink the others: write them one by one.
      for (auto* p : batch) {
        p->row.id = 0;
        p->row.number.clear();
        WriteOne(p);
      }
    }
    lock.lock();
  }
}

}  // namespace wangge::service
