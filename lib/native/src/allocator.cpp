// glibc malloc settings for a training process. libtorch's CPU tensors come from malloc; by default glibc serves
// every block over its mmap threshold (128 KiB, rising to at most 32 MiB) with a fresh mmap and returns it with
// munmap on free, so each step of a training loop page-faults its activations in again: measured on the default
// scale, a pre-training step of cpu-small took 130-165 ms that way and 42-52 ms with the blocks kept in the heap
// (`./kit bench targets --scales default`). The settings are applied once when the library loads, unless the user
// set glibc's own MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_ / MALLOC_TOP_PAD_ or KIT_MALLOC=system.
#include "common.h"

#include <malloc.h>

#include <cstdlib>

namespace {
constexpr int kMmapThreshold = 32 << 20;   // blocks below 32 MiB (glibc's ceiling) come from the heap
constexpr int kTrimThreshold = 1 << 30;    // keep up to 1 GiB of freed heap for the next step
constexpr int kTopPad = 64 << 20;          // grow the heap in 64 MiB steps

bool tuned = false;

bool user_chose() {
  const char* kit = std::getenv("KIT_MALLOC");
  if (kit != nullptr && std::string(kit) == "system") return true;
  return std::getenv("MALLOC_MMAP_THRESHOLD_") != nullptr || std::getenv("MALLOC_TRIM_THRESHOLD_") != nullptr ||
         std::getenv("MALLOC_TOP_PAD_") != nullptr;
}

__attribute__((constructor)) void tune_malloc() {
  if (user_chose()) return;
  tuned = mallopt(M_MMAP_THRESHOLD, kMmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, kTrimThreshold) == 1 &&
          mallopt(M_TOP_PAD, kTopPad) == 1;
}
}  // namespace

// 1 when the library applied its malloc settings at load, 0 when the user's environment chose (or mallopt refused).
KIT_API int kit_malloc_tuned() { return tuned ? 1 : 0; }

// Number of blocks malloc currently serves with mmap (glibc's mallinfo2().hblks).
KIT_API long long kit_malloc_mmapped_blocks() { return static_cast<long long>(mallinfo2().hblks); }
