// What one group commit's WAL writes cost in system calls: SQLite writes
// each frame as a 24-byte header and a page (two pwrite calls per page);
// store/sqlite/wal_gathering_vfs.h hands the same bytes over in one call
// per 128 KiB. No fsync: this is the CPU of the writes alone, into the
// page cache of a file in the system's temporary directory.
// Usage: build/bench/wal_write_bench
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

constexpr int kPage = 4096;
constexpr int kHeader = 24;
constexpr int kFrames = 100;  // a city batch of ~25 cases writes ~98
constexpr int kGather = (128 << 10) - 1;

struct ScratchFile {
  ScratchFile() {
    path = (std::filesystem::temp_directory_path() / "wangge-wal-write.XXXXXX")
               .string();
    fd = mkstemp(path.data());
  }
  ~ScratchFile() {
    close(fd);
    unlink(path.c_str());
  }
  std::string path;
  int fd;
};

void BM_TwoWritesPerFrame(benchmark::State& state) {
  ScratchFile file;
  std::vector<char> page(kPage + kHeader, 'w');
  for (auto _ : state) {
    off_t at = 0;
    for (int f = 0; f < kFrames; ++f) {
      benchmark::DoNotOptimize(pwrite(file.fd, page.data(), kHeader, at));
      benchmark::DoNotOptimize(
          pwrite(file.fd, page.data() + kHeader, kPage, at + kHeader));
      at += kHeader + kPage;
    }
  }
  state.SetLabel("100 frames, 200 pwrite calls");
}
BENCHMARK(BM_TwoWritesPerFrame)->Unit(benchmark::kMicrosecond);

void BM_GatheredWrites(benchmark::State& state) {
  ScratchFile file;
  const size_t total = size_t{kFrames} * (kHeader + kPage);
  std::vector<char> frames(total, 'w');
  for (auto _ : state) {
    for (size_t at = 0; at < total; at += kGather) {
      const size_t n = std::min<size_t>(kGather, total - at);
      benchmark::DoNotOptimize(pwrite(file.fd, frames.data() + at, n, at));
    }
  }
  state.SetLabel("100 frames in 128 KiB writes (4 calls)");
}
BENCHMARK(BM_GatheredWrites)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
