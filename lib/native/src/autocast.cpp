// Mixed precision: libtorch's autocast (per thread, per device type), TF32 for float32 matrix products on CUDA, and the
// gradient scaler's unscale-and-check step. Autocast state is thread-local in libtorch: the C# side enters and leaves
// it around a forward pass on the thread that runs it.
#include <ATen/autocast_mode.h>

#include "common.h"

namespace {
// Autocast has one switch per device type; the kit trains on CPU or CUDA.
c10::DeviceType autocast_device(int device_type) {
  auto d = static_cast<c10::DeviceType>(device_type);
  TORCH_CHECK(d == c10::DeviceType::CPU || d == c10::DeviceType::CUDA, "autocast: unsupported device type ",
              device_type, " (CPU and CUDA have autocast)");
  return d;
}

bool autocast_enabled(c10::DeviceType d) {
#if KIT_TORCH_AT_LEAST(2, 4)
  return at::autocast::is_autocast_enabled(d);
#else
  return d == c10::DeviceType::CUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
#endif
}

at::ScalarType autocast_dtype(c10::DeviceType d) {
#if KIT_TORCH_AT_LEAST(2, 4)
  return at::autocast::get_autocast_dtype(d);
#else
  return d == c10::DeviceType::CUDA ? at::autocast::get_autocast_gpu_dtype() : at::autocast::get_autocast_cpu_dtype();
#endif
}

void set_autocast(c10::DeviceType d, bool enabled, at::ScalarType dtype) {
#if KIT_TORCH_AT_LEAST(2, 4)
  at::autocast::set_autocast_dtype(d, dtype);
  at::autocast::set_autocast_enabled(d, enabled);
#else
  if (d == c10::DeviceType::CUDA) {
    at::autocast::set_autocast_gpu_dtype(dtype);
    at::autocast::set_enabled(enabled);
  } else {
    at::autocast::set_autocast_cpu_dtype(dtype);
    at::autocast::set_cpu_enabled(enabled);
  }
#endif
}
}  // namespace

// Reads this thread's autocast switch and dtype for a device type.
KIT_API int kit_autocast_get(int device_type, int* enabled, int* dtype) {
  KIT_TRY
  auto d = autocast_device(device_type);
  *enabled = autocast_enabled(d) ? 1 : 0;
  *dtype = static_cast<int>(autocast_dtype(d));
  return 0;
  KIT_CATCH(-1)
}

// Enters (enter = 1) or leaves (enter = 0) an autocast region on this thread: sets the switch and dtype, and keeps
// libtorch's nesting count, whose return to zero frees the cache of low-precision weight copies (the cache is valid
// only while the weights do not change, i.e. within one forward pass).
KIT_API int kit_autocast_set(int device_type, int enabled, int dtype, int enter) {
  KIT_TRY
  auto d = autocast_device(device_type);
  auto t = static_cast<at::ScalarType>(dtype);
  TORCH_CHECK(t == at::kBFloat16 || t == at::kHalf || t == at::kFloat, "autocast: dtype must be bfloat16, float16 or float32");
  set_autocast(d, enabled != 0, t);
  if (enter) {
    at::autocast::increment_nesting();
  } else if (at::autocast::decrement_nesting() == 0) {
    at::autocast::clear_cache();
  }
  return 0;
  KIT_CATCH(-1)
}

// TF32 tensor-core math for float32 matrix products and convolutions on CUDA (process-wide, as in PyTorch).
KIT_API int kit_set_allow_tf32(int allow) {
  KIT_TRY
  at::globalContext().setAllowTF32CuBLAS(allow != 0);
  at::globalContext().setAllowTF32CuDNN(allow != 0);
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_get_allow_tf32() {
  KIT_TRY
  return at::globalContext().allowTF32CuBLAS() ? 1 : 0;
  KIT_CATCH(-1)
}

// The gradient scaler's unscale: multiplies every gradient by inv_scale in place and reports whether any gradient
// holds an inf or NaN (1), none does (0), or the call failed (-1). One host synchronisation for all gradients.
KIT_API int kit_amp_unscale_(const TH* grads, int n, double inv_scale) {
  KIT_TRY
  at::NoGradGuard g;
  if (n == 0) return 0;
  std::vector<at::Tensor> bad;
  bad.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    grads[i]->mul_(inv_scale);
    bad.push_back(at::isfinite(*grads[i]).all().logical_not().to(grads[0]->device()));
  }
  return at::stack(bad).any().item<bool>() ? 1 : 0;
  KIT_CATCH(-1)
}
