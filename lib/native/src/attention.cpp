// Scaled dot-product attention through libtorch's fused kernels (flash / memory-efficient / math, chosen by libtorch)
// where the libtorch has them (2.0 and later). The explicit form lives on the C# side (Kit.Torch.nn.functional), which
// is the fallback on 1.13 and the reference the tests compare against.
#include "common.h"

// 1 when this build can call libtorch's fused scaled_dot_product_attention.
KIT_API int kit_sdpa_available() {
#if KIT_TORCH_AT_LEAST(2, 0)
  return 1;
#else
  return 0;
#endif
}

// softmax(q k^T / sqrt(E)) v. q: (..., L, E), k: (..., S, E), v: (..., S, Ev) -> (..., L, Ev).
KIT_API TH kit_scaled_dot_product_attention(TH q, TH k, TH v) {
  KIT_TRY
#if KIT_TORCH_AT_LEAST(2, 0)
  return kit::wrap(at::scaled_dot_product_attention(*q, *k, *v));
#else
  TORCH_CHECK(false, "scaled_dot_product_attention needs libtorch 2.0 or later; this build has ", TORCH_VERSION_MAJOR,
              ".", TORCH_VERSION_MINOR, " (use the explicit form)");
  return nullptr;
#endif
  KIT_CATCH(nullptr)
}
