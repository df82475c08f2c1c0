#include "store/sqlite/wal_gathering_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>

#include "store/log_sync.h"

namespace wangge::store {

namespace {

// The unix VFS writes at most 128 KiB - 1 bytes per call (it masks larger
// sizes and then reports the short write as a full disk).
constexpr int kBufferBytes = (128 << 10) - 1;
constexpr char kName[] = "wangge-wal-gathering";
// The shared-memory lock a connection holds for the whole of a checkpoint
// (the WAL format's lock 1, after the writer lock 0).
constexpr int kCheckpointLock = 1;

// One open file: ours first, then the default VFS's file object in the
// same allocation (szOsFile covers both).
struct File {
  sqlite3_file base;
  sqlite3_file* real;
  // For a WAL: gathered bytes not yet written, which belong at `at`.
  bool is_wal;
  char* buffer;
  int used;
  sqlite3_int64 at;
  // For a database file: the WAL its connection has open, if any (SQLite
  // closes the WAL before its database file).
  File* wal;
  // For a WAL: its database file, to unlink on close.
  File* main;
  // For a WAL: a descriptor of its own for syncs deferred to another
  // thread (store/log_sync.h); null if it could not be opened.
  std::shared_ptr<LogFile>* log;
  // For a WAL: a new log header was written and not yet synced.
  bool header_unsynced;
  // For a database file: its connection is checkpointing.
  bool checkpointing;
};

std::atomic<int64_t> log_syncs_made{0};

File* Of(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
sqlite3_vfs* Real(sqlite3_vfs* vfs) {
  return static_cast<sqlite3_vfs*>(vfs->pAppData);
}
const sqlite3_io_methods* Methods(File* f) { return f->real->pMethods; }

// Writes what is gathered. The buffer is empty afterwards either way: a
// failed write is reported to SQLite, which treats it as any failed write.
int Flush(File* f) {
  if (f->used == 0) return SQLITE_OK;
  const int n = f->used;
  f->used = 0;
  return Methods(f)->xWrite(f->real, f->buffer, n, f->at);
}

int Close(sqlite3_file* file) {
  File* f = Of(file);
  const int flushed = Flush(f);
  if (f->main != nullptr) f->main->wal = nullptr;
  if (f->wal != nullptr) f->wal->main = nullptr;
  const int rc = Methods(f)->xClose(f->real);
  sqlite3_free(f->buffer);
  f->buffer = nullptr;
  delete f->log;
  f->log = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}

int Read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Methods(f)->xRead(f->real, out, amount, offset);
}

int Write(sqlite3_file* file, const void* data, int amount,
          sqlite3_int64 offset) {
  File* f = Of(file);
  if (!f->is_wal) return Methods(f)->xWrite(f->real, data, amount, offset);
  if (offset == 0) f->header_unsynced = true;
  if (f->used > 0 && offset == f->at + f->used &&
      f->used + amount <= kBufferBytes) {
    std::memcpy(f->buffer + f->used, data, amount);
    f->used += amount;
    return SQLITE_OK;
  }
  // Anything but a continuation (an overwritten frame, a new log from the
  // top) first puts what came before it in the file, in order.
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  if (amount >= kBufferBytes) {
    return Methods(f)->xWrite(f->real, data, amount, offset);
  }
  if (f->buffer == nullptr) {
    f->buffer = static_cast<char*>(sqlite3_malloc(kBufferBytes));
    if (f->buffer == nullptr) {
      return Methods(f)->xWrite(f->real, data, amount, offset);
    }
  }
  std::memcpy(f->buffer, data, amount);
  f->used = amount;
  f->at = offset;
  return SQLITE_OK;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Methods(f)->xTruncate(f->real, size);
}

// A commit's sync of the log may be left to another thread while a
// DeferredLogSync is active on this one; a new header's sync and a
// checkpoint's never are (store/log_sync.h).
bool MayDefer(const File* f) {
  return f->is_wal && f->log != nullptr && !f->header_unsynced &&
         f->main != nullptr && !f->main->checkpointing;
}

int Sync(sqlite3_file* file, int flags) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  if (MayDefer(f)) {
    if (DeferredLogSync* scope = DeferredLogSync::Current()) {
      try {
        scope->Defer(*f->log);
        return SQLITE_OK;
      } catch (const std::bad_alloc&) {
        // Out of memory for the note: sync here instead.
      }
    }
  }
  const int rc = Methods(f)->xSync(f->real, flags);
  if (rc == SQLITE_OK && f->is_wal) {
    f->header_unsynced = false;
    log_syncs_made.fetch_add(1, std::memory_order_relaxed);
  }
  return rc;
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Methods(f)->xFileSize(f->real, size);
}

int Lock(sqlite3_file* file, int level) {
  return Methods(Of(file))->xLock(Of(file)->real, level);
}
int Unlock(sqlite3_file* file, int level) {
  return Methods(Of(file))->xUnlock(Of(file)->real, level);
}
int CheckReservedLock(sqlite3_file* file, int* out) {
  return Methods(Of(file))->xCheckReservedLock(Of(file)->real, out);
}

int FileControl(sqlite3_file* file, int op, void* arg) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  if (op == SQLITE_FCNTL_VFSNAME && arg != nullptr) {
    // Report both layers, as SQLite's own shims do.
    const int rc = Methods(f)->xFileControl(f->real, op, arg);
    char** name = static_cast<char**>(arg);
    if (rc == SQLITE_OK) {
      char* both = sqlite3_mprintf("%s/%z", kName, *name);
      *name = both;
    } else {
      *name = sqlite3_mprintf("%s", kName);
    }
    return SQLITE_OK;
  }
  return Methods(f)->xFileControl(f->real, op, arg);
}

int SectorSize(sqlite3_file* file) {
  return Methods(Of(file))->xSectorSize(Of(file)->real);
}
int DeviceCharacteristics(sqlite3_file* file) {
  return Methods(Of(file))->xDeviceCharacteristics(Of(file)->real);
}

int ShmMap(sqlite3_file* file, int page, int page_size, int extend,
           void volatile** out) {
  return Methods(Of(file))->xShmMap(Of(file)->real, page, page_size, extend,
                                    out);
}

// SQLite publishes a commit to other connections by writing the
// shared-memory header between two barriers, and ends a write transaction
// by releasing a shared-memory lock: the connection's gathered WAL bytes
// must be in the file before either. (With synchronous=FULL the commit's
// sync has already written them.)
int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
  File* f = Of(file);
  if (f->wal != nullptr) {
    if (int rc = Flush(f->wal); rc != SQLITE_OK) return rc;
  }
  const int rc = Methods(f)->xShmLock(f->real, offset, n, flags);
  if (rc == SQLITE_OK && offset <= kCheckpointLock &&
      kCheckpointLock < offset + n) {
    if ((flags & SQLITE_SHM_UNLOCK) != 0) {
      f->checkpointing = false;
    } else if ((flags & SQLITE_SHM_EXCLUSIVE) != 0) {
      f->checkpointing = true;
    }
  }
  return rc;
}
void ShmBarrier(sqlite3_file* file) {
  File* f = Of(file);
  // A failure here cannot be reported; it would have been by the sync
  // that comes before publication under synchronous=FULL or NORMAL.
  if (f->wal != nullptr) Flush(f->wal);
  Methods(f)->xShmBarrier(f->real);
}
int ShmUnmap(sqlite3_file* file, int delete_flag) {
  return Methods(Of(file))->xShmUnmap(Of(file)->real, delete_flag);
}
int Fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Methods(f)->xFetch(f->real, offset, amount, out);
}
int Unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return Methods(Of(file))->xUnfetch(Of(file)->real, offset, page);
}

// Files whose default-VFS methods are version 3 (every file of the unix
// VFS) keep shared memory and memory mapping; any other keeps version 1.
constexpr sqlite3_io_methods kMethodsV3 = {3,
                                           Close,
                                           Read,
                                           Write,
                                           Truncate,
                                           Sync,
                                           FileSize,
                                           Lock,
                                           Unlock,
                                           CheckReservedLock,
                                           FileControl,
                                           SectorSize,
                                           DeviceCharacteristics,
                                           ShmMap,
                                           ShmLock,
                                           ShmBarrier,
                                           ShmUnmap,
                                           Fetch,
                                           Unfetch};
constexpr sqlite3_io_methods VersionOne(sqlite3_io_methods m) {
  m.iVersion = 1;
  m.xShmMap = nullptr;
  m.xShmLock = nullptr;
  m.xShmBarrier = nullptr;
  m.xShmUnmap = nullptr;
  m.xFetch = nullptr;
  m.xUnfetch = nullptr;
  return m;
}
constexpr sqlite3_io_methods kMethodsV1 = VersionOne(kMethodsV3);

// Without the descriptor (or the memory for it) the log's syncs are simply
// never deferred.
void OpenLogDescriptor(File* f, const char* name) {
  const int fd = ::open(name, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  auto* holder = new (std::nothrow) std::shared_ptr<LogFile>();
  if (holder == nullptr) {
    ::close(fd);
    return;
  }
  try {
    *holder = std::make_shared<LogFile>(fd);
    f->log = holder;
  } catch (const std::bad_alloc&) {
    delete holder;
    ::close(fd);
  }
}

int Open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags,
         int* out_flags) {
  File* f = Of(file);
  std::memset(f, 0, sizeof(File));
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  const int rc = Real(vfs)->xOpen(Real(vfs), name, f->real, flags, out_flags);
  if (rc != SQLITE_OK || f->real->pMethods == nullptr) {
    // SQLite calls xClose only when pMethods is set.
    f->base.pMethods = nullptr;
    return rc;
  }
  f->base.pMethods =
      f->real->pMethods->iVersion >= 3 ? &kMethodsV3 : &kMethodsV1;
  if ((flags & SQLITE_OPEN_WAL) != 0 && name != nullptr) {
    f->is_wal = true;
    OpenLogDescriptor(f, name);
    // The database file this WAL belongs to was opened through this VFS
    // too (the WAL is opened by its database's pager).
    sqlite3_file* db_file = sqlite3_database_file_object(name);
    if (db_file != nullptr && db_file->pMethods != nullptr &&
        (db_file->pMethods == &kMethodsV3 ||
         db_file->pMethods == &kMethodsV1)) {
      f->main = Of(db_file);
      f->main->wal = f;
    }
  }
  return SQLITE_OK;
}

int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return Real(vfs)->xDelete(Real(vfs), name, sync_dir);
}
int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return Real(vfs)->xAccess(Real(vfs), name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return Real(vfs)->xFullPathname(Real(vfs), name, size, out);
}
void* DlOpen(sqlite3_vfs* vfs, const char* path) {
  return Real(vfs)->xDlOpen(Real(vfs), path);
}
void DlError(sqlite3_vfs* vfs, int size, char* out) {
  Real(vfs)->xDlError(Real(vfs), size, out);
}
void (*DlSym(sqlite3_vfs* vfs, void* lib, const char* symbol))(void) {
  return Real(vfs)->xDlSym(Real(vfs), lib, symbol);
}
void DlClose(sqlite3_vfs* vfs, void* lib) {
  Real(vfs)->xDlClose(Real(vfs), lib);
}
int Randomness(sqlite3_vfs* vfs, int size, char* out) {
  return Real(vfs)->xRandomness(Real(vfs), size, out);
}
int Sleep(sqlite3_vfs* vfs, int micros) {
  return Real(vfs)->xSleep(Real(vfs), micros);
}
int CurrentTime(sqlite3_vfs* vfs, double* out) {
  return Real(vfs)->xCurrentTime(Real(vfs), out);
}
int GetLastError(sqlite3_vfs* vfs, int size, char* out) {
  return Real(vfs)->xGetLastError(Real(vfs), size, out);
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return Real(vfs)->xCurrentTimeInt64(Real(vfs), out);
}

sqlite3_vfs* Register() {
  sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
  if (real == nullptr || real->iVersion < 2) return nullptr;
  static sqlite3_vfs vfs;
  vfs.iVersion = 2;
  vfs.szOsFile = static_cast<int>(sizeof(File)) + real->szOsFile;
  vfs.mxPathname = real->mxPathname;
  vfs.zName = kName;
  vfs.pAppData = real;
  vfs.xOpen = Open;
  vfs.xDelete = Delete;
  vfs.xAccess = Access;
  vfs.xFullPathname = FullPathname;
  vfs.xDlOpen = DlOpen;
  vfs.xDlError = DlError;
  vfs.xDlSym = DlSym;
  vfs.xDlClose = DlClose;
  vfs.xRandomness = Randomness;
  vfs.xSleep = Sleep;
  vfs.xCurrentTime = CurrentTime;
  vfs.xGetLastError = GetLastError;
  vfs.xCurrentTimeInt64 = CurrentTimeInt64;
  return sqlite3_vfs_register(&vfs, 0) == SQLITE_OK ? &vfs : nullptr;
}

}  // namespace

std::int64_t WalSyncsMade() {
  return log_syncs_made.load(std::memory_order_relaxed);
}

const char* WalGatheringVfsName() {
  static std::once_flag once;
  static sqlite3_vfs* vfs = nullptr;
  std::call_once(once, [] { vfs = Register(); });
  return vfs != nullptr ? vfs->zName : nullptr;
}

}  // namespace wangge::store
