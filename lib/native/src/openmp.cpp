// OpenMP's wait settings as libgomp saw them when it loaded. libtorch's CPU ops run their parallel regions on
// libgomp's team; between regions an idle team thread polls for new work GOMP_SPINCOUNT times, then sleeps (futex).
// Measured on a 2-vCPU machine (`./kit bench train --preset cpu-small`, 2 threads; `./kit bench targets`):
// - libgomp's default (a long spin) competes with the calling thread and the .NET runtime's threads: cpu-small
//   fine-tuned at 2.2 steps/s with 2 threads against 12.0 with 1.
// - OMP_WAIT_POLICY=PASSIVE (no spin) fixes that (11.3 steps/s) but every parallel region then wakes a sleeping
//   thread: 100 adds of 100k floats took 4.1 ms against 0.8 ms on 1 thread, and the reconstruction targets, chains of
//   many mid-sized ops, ran 1.5-2x slower than with a short spin.
// - GOMP_SPINCOUNT=1000 keeps both: fine-tuning and pre-training at least as fast as PASSIVE, the 100 adds in 0.47 ms.
// The C# loader (NativeLoader.cs) sets GOMP_SPINCOUNT=1000 before it opens this library, unless the user set
// OMP_WAIT_POLICY or GOMP_SPINCOUNT. This library's constructor runs after libgomp's, so what it reads here is what
// libgomp read.
#include "common.h"

#include <cstdlib>
#include <cstring>

namespace {
char policy[32] = "";
char spin_count[32] = "";

void copy_env(const char* name, char* out, size_t size) {
  const char* value = std::getenv(name);
  if (value != nullptr) std::strncpy(out, value, size - 1);
}

__attribute__((constructor)) void read_wait_settings() {
  copy_env("OMP_WAIT_POLICY", policy, sizeof(policy));
  copy_env("GOMP_SPINCOUNT", spin_count, sizeof(spin_count));
}
}  // namespace

// OMP_WAIT_POLICY as it was when the library loaded ("" when unset).
KIT_API const char* kit_omp_wait_policy_at_load() { return policy; }

// GOMP_SPINCOUNT as it was when the library loaded ("" when unset).
KIT_API const char* kit_gomp_spin_count_at_load() { return spin_count; }
