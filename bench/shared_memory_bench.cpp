// Google Benchmark micro-benchmarks of the platform layer in one process: what creating, opening
// and writing into a named mapping cost, next to the same copy into private memory.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "harness/protocol/names.h"
#include "harness/platform/shared_memory.h"

namespace shmh {
namespace {

const std::string kRun = make_run_id();

void BM_CreateMapClose(benchmark::State& state) {
  const auto size = static_cast<std::uint64_t>(state.range(0));
  const std::string name = "Local\\" + kRun + "-bench-create";
  for (auto _ : state) {
    auto created = platform::create_mapping(name, size);
    if (!created) {
      state.SkipWithError(created.error().describe().c_str());
      break;
    }
    auto view = platform::map_view(created.value().mapping, platform::Access::write, 0, static_cast<std::size_t>(size));
    benchmark::DoNotOptimize(view.ok());
    // Ignored on purpose: a name left behind makes the next create fail, which skips with its error.
    (void)platform::unlink_mapping(name);
  }
}
BENCHMARK(BM_CreateMapClose)->Arg(4096)->Arg(1 << 20)->Arg(64 << 20);

void BM_Open(benchmark::State& state) {
  const std::string name = "Local\\" + kRun + "-bench-open";
  auto created = platform::create_mapping(name, 4096);
  for (auto _ : state) {
    auto opened = platform::open_mapping(name, platform::Access::read);
    benchmark::DoNotOptimize(opened.ok());
  }
  (void)platform::unlink_mapping(name);  // clean-up only: the benchmark's numbers are taken
}
BENCHMARK(BM_Open);

void BM_MemcpyIntoView(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const std::string name = "Local\\" + kRun + "-bench-view";
  auto created = platform::create_mapping(name, size);
  auto view = platform::map_view(created.value().mapping, platform::Access::write, 0, size);
  std::vector<std::byte> source(size, std::byte{7});
  std::memcpy(view.value().data(), source.data(), size);  // first touch outside the timing
  for (auto _ : state) {
    std::memcpy(view.value().data(), source.data(), size);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
  (void)platform::unlink_mapping(name);  // clean-up only: the benchmark's numbers are taken
}
BENCHMARK(BM_MemcpyIntoView)->Arg(4096)->Arg(64 << 10)->Arg(1 << 20)->Arg(64 << 20);

void BM_MemcpyIntoPrivate(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  std::vector<std::byte> destination(size), source(size, std::byte{7});
  for (auto _ : state) {
    std::memcpy(destination.data(), source.data(), size);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}
BENCHMARK(BM_MemcpyIntoPrivate)->Arg(4096)->Arg(64 << 10)->Arg(1 << 20)->Arg(64 << 20);

}  // namespace
}  // namespace shmh

BENCHMARK_MAIN();
