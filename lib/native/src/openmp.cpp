// OpenMP's wait policy as libgomp saw it when it loaded. libtorch's CPU ops run their parallel regions on libgomp's
// team; by default an idle team thread spins for a while before it sleeps. On a 2-core machine that spin competes
// with the calling thread and the .NET runtime's own threads, and cpu-small's fine-tuning step ran 5x slower with 2
// threads than with 1 (`./kit bench train --preset cpu-small`: 2.2 vs 12.0 steps/s); with OMP_WAIT_POLICY=PASSIVE
// 2 threads ran 11.3 steps/s. The C# loader (NativeLoader.cs) sets PASSIVE before it opens this library, unless the
// user set OMP_WAIT_POLICY or GOMP_SPINCOUNT. This library's constructor runs after libgomp's, so what it reads
// here is what libgomp read.
#include "common.h"

#include <cstdlib>
#include <cstring>

namespace {
char policy[32] = "";

__attribute__((constructor)) void read_policy() {
  const char* value = std::getenv("OMP_WAIT_POLICY");
  if (value != nullptr) std::strncpy(policy, value, sizeof(policy) - 1);
}
}  // namespace

// OMP_WAIT_POLICY as it was when the library loaded ("" when unset).
KIT_API const char* kit_omp_wait_policy_at_load() { return policy; }
