// OpenMP's wait settings as libgomp saw them when it loaded. libtorch's CPU ops run their parallel regions on
// libgomp's team; between regions an idle team thread polls for new work GOMP_SPINCOUNT times, then sleeps (futex).
// Measured on a 2-vCPU machine:
// - libgomp's default (a long spin) competes with the calling thread and the .NET runtime's threads: cpu-small
//   fine-tuned at 2.2 steps/s with 2 threads against 12.0 with 1 (`./kit bench train --preset cpu-small`).
// - OMP_WAIT_POLICY=PASSIVE (no spin) fixes that but every parallel region then wakes a sleeping thread: 100 adds of
//   100k floats took 4.1 ms against 0.8 ms on 1 thread, and the reconstruction targets, chains of mid-sized ops, ran
//   1.5-2x slower than with a short spin.
// - GOMP_SPINCOUNT=1000 made the targets and `./kit bench train` fast, but a real ablation row, where the data loader
//   and the thread computing the next batch's targets share the 2 cores with the training step, took 37-39 s per seed
//   against 30-35 s with PASSIVE (`./kit ablation mme-t8 --scale default`: 155 s against 128 s).
// - GOMP_SPINCOUNT=300 ran that table in 130 s (31-34 s per seed) and keeps most of the short spin's gain on the targets.
// The C# loader (NativeLoader.cs) sets GOMP_SPINCOUNT=300 before it opens this library, unless the user set
// OMP_WAIT_POLICY or GOMP_SPINCOUNT.
// libtorch's matrix products run on OpenBLAS (Debian's pthread build), whose idle threads poll 2^28 cycles (about
// 0.1 s) after each product before they sleep, taking the cores from the ops that follow: the trajectory target took
// 5.1-6.5 ms right after a training step against 2.9 ms before any training, and 3.4-4.3 ms with
// OPENBLAS_THREAD_TIMEOUT=14 or 20 (2^14 / 2^20 cycles). `./kit bench train --preset cpu-small --steps 60` pre-trained
// at 19.7-21.8 steps/s with 14 against 17.3-19.4 without, and `./kit ablation mme-t8 --scale default` took 120 s with
// 14, 122 s with 20, 125 s without. The loader sets OPENBLAS_THREAD_TIMEOUT=14 unless the user set it or
// GOTO_THREAD_TIMEOUT.
// This library's constructor runs after libgomp's and OpenBLAS's, so what it reads here is what they read.
#include "common.h"

#include <cstdlib>
#include <cstring>

namespace {
char policy[32] = "";
char spin_count[32] = "";
char blas_timeout[32] = "";

void copy_env(const char* name, char* out, size_t size) {
  const char* value = std::getenv(name);
  if (value != nullptr) std::strncpy(out, value, size - 1);
}

__attribute__((constructor)) void read_wait_settings() {
  copy_env("OMP_WAIT_POLICY", policy, sizeof(policy));
  copy_env("GOMP_SPINCOUNT", spin_count, sizeof(spin_count));
  copy_env("OPENBLAS_THREAD_TIMEOUT", blas_timeout, sizeof(blas_timeout));
}
}  // namespace

// OMP_WAIT_POLICY as it was when the library loaded ("" when unset).
KIT_API const char* kit_omp_wait_policy_at_load() { return policy; }

// GOMP_SPINCOUNT as it was when the library loaded ("" when unset).
KIT_API const char* kit_gomp_spin_count_at_load() { return spin_count; }

// OPENBLAS_THREAD_TIMEOUT as it was when the library loaded ("" when unset).
KIT_API const char* kit_openblas_thread_timeout_at_load() { return blas_timeout; }
