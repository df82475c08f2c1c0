#include "store/log_sync.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace wangge::store {

namespace {
thread_local DeferredLogSync* current = nullptr;
std::atomic<std::int64_t> completed{0};
}  // namespace

LogFile::~LogFile() { ::close(fd); }

void PendingLogSyncs::Add(std::shared_ptr<LogFile> file) {
  if (std::find(files_.begin(), files_.end(), file) == files_.end())
    files_.push_back(std::move(file));
}

void PendingLogSyncs::Merge(PendingLogSyncs&& other) {
  for (auto& file : other.files_) Add(std::move(file));
  other.files_.clear();
}

Status PendingLogSyncs::Complete() {
  for (const auto& file : files_) {
    if (file->failed) {
      return Fail(ErrorCode::kUnavailable, "db.sync",
                  "the log could not be made durable earlier; restart the "
                  "server");
    }
    int rc;
    do {
      rc = ::fdatasync(file->fd);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
      file->failed = true;
      return Fail(
          ErrorCode::kUnavailable, "db.sync",
          std::string("cannot make the log durable: ") + std::strerror(errno));
    }
    completed.fetch_add(1, std::memory_order_relaxed);
  }
  files_.clear();
  return {};
}

std::int64_t LogSyncsCompleted() {
  return completed.load(std::memory_order_relaxed);
}

DeferredLogSync::DeferredLogSync() : previous_(current) { current = this; }

DeferredLogSync::~DeferredLogSync() { current = previous_; }

DeferredLogSync* DeferredLogSync::Current() { return current; }

PendingLogSyncs DeferredLogSync::Take() { return std::exchange(pending_, {}); }

}  // namespace wangge::store
