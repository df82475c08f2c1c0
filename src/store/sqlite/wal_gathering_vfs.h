// A SQLite VFS that hands the write-ahead log a few large writes per commit
// instead of two per page.
//
// SQLite writes each WAL frame as two writes, a 24-byte frame header and
// the page, so a group commit of 100 pages costs 200 pwrite calls before
// its fsync. On a virtual machine a system call costs several microseconds
// (bench/wal_write_bench: 100 frames as 200 writes 411 µs, in 128 KiB
// writes 21 µs; docs/PERFORMANCE.md), and the writer thread is the one
// every waiting request queues behind.
//
// This VFS wraps the default one. For files SQLite opens as a WAL, writes
// that continue the previous one are gathered in a buffer (up to 128 KiB,
// the most the unix VFS writes at once) and reach the file in one write
// when anything else happens to the file: a sync, a read, a size query or
// truncation, a file control, a write elsewhere, closing; or when the
// database file's shared-memory barrier or lock is used (SQLite publishes a
// commit through them, so no other connection can be told about a frame that is
// not in the file yet). With synchronous=FULL every commit syncs the WAL before
// it is published, so the order of writes, syncs and publication is exactly
// SQLite's own; durability is unchanged. Every other file, and every other
// call, goes to the default VFS untouched.
//
// It also carries out store/log_sync.h: while a DeferredLogSync is active
// on the committing thread, a commit's sync of the log is handed to it
// instead of being made, except the sync after a new log header and the
// syncs of a checkpoint (recognised by the checkpoint lock the connection
// holds), which SQLite needs for the log's own consistency.
#pragma once

#include <cstdint>

namespace wangge::store {

// The VFS's name for sqlite3_open_v2, registered on the first call (not as
// the default); nullptr (the default VFS) if it could not be registered.
const char* WalGatheringVfsName();

// WAL syncs made through this VFS in this process so far (for tests).
std::int64_t WalSyncsMade();

}  // namespace wangge::store
