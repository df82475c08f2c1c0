#include "service/intake_batcher.h"

#include "service/case_service.h"

namespace wangge::service {

IntakeBatcher::IntakeBatcher(CaseService& cases, store::Database& db,
                             size_t max_batch)
    : cases_(cases), db_(db), max_batch_(max_batch) {
  ack_thread_ = std::thread([this] { Acknowledge(); });
  thread_ = std::thread([this] { Loop(); });
}

IntakeBatcher::~IntakeBatcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  // The writer drains the queue first; the acknowledger then drains what
  // the writer committed.
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(ack_mu_);
    ack_stopping_ = true;
  }
  ack_wake_.notify_all();
  if (ack_thread_.joinable()) ack_thread_.join();
}

void IntakeBatcher::Submit(std::unique_ptr<PreparedCase> prepared) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(prepared));
      prepared = nullptr;
    }
  }
  if (prepared) {
    prepared->done(Fail(ErrorCode::kUnavailable, "server.stopping",
                        "the server is shutting down"));
    return;
  }
  wake_.notify_one();
}

void IntakeBatcher::WriteOne(PreparedCase& p) {
  std::vector<PreparedCase*> one = {&p};
  auto r = db_.Write([&](store::Connection& c) -> Status {
    return cases_.WriteBatch(c, one);
  });
  if (r)
    p.done(p.row);
  else
    p.done(std::unexpected(r.error()));
}

void IntakeBatcher::Acknowledge() {
  std::unique_lock lock(ack_mu_);
  for (;;) {
    ack_wake_.wait(lock,
                   [this] { return ack_stopping_ || !committed_.empty(); });
    if (committed_.empty()) return;  // stopping, and nothing left
    std::deque<Committed> ready;
    ready.swap(committed_);
    lock.unlock();
    // One fsync makes every batch committed so far durable; each answer
    // follows it.
    store::PendingLogSyncs syncs;
    for (auto& c : ready) syncs.Merge(std::move(c.syncs));
    const Status durable = syncs.Complete();
    for (auto& c : ready) {
      for (auto& p : c.batch) {
        if (durable)
          p->done(p->row);
        else
          p->done(std::unexpected(durable.error()));
      }
    }
    lock.lock();
  }
}

void IntakeBatcher::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty() && stopping_) return;
    Batch batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    std::vector<PreparedCase*> cases;
    cases.reserve(batch.size());
    for (auto& p : batch) cases.push_back(p.get());
    store::PendingLogSyncs syncs;
    Status r;
    {
      store::DeferredLogSync defer;
      r = db_.Write([&](store::Connection& c) -> Status {
        return cases_.WriteBatch(c, cases);
      });
      syncs = defer.Take();
    }
    if (r) {
      {
        std::lock_guard ack(ack_mu_);
        committed_.push_back({std::move(batch), std::move(syncs)});
      }
      ack_wake_.notify_one();
    } else if (batch.size() == 1) {
      batch[0]->done(std::unexpected(r.error()));
    } else {
      // One bad case must not sink the others: write them one by one.
      for (auto& p : batch) {
        p->row.id = 0;
        p->row.number.clear();
        WriteOne(*p);
      }
    }
    lock.lock();
  }
}

}  // namespace wangge::service
