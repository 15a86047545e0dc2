// Error slot, option decoding and the process-wide entry points (threads, devices, seeds).
#include "common.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

namespace {
thread_local std::string last_error;
thread_local bool has_error = false;
}  // namespace

namespace kit {
void set_error(const std::string& message) {
  last_error = message;
  has_error = true;
}

at::TensorOptions options(int dtype, int device_type, int device_index) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(at::Device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index)));
}

std::vector<at::Tensor> list(const TH* handles, int n) {
  std::vector<at::Tensor> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(*handles[i]);
  return out;
}
}  // namespace kit

// Returns the message of the last failed call on this thread and clears it, or null when there was none.
KIT_API const char* kit_take_error() {
  if (!has_error) return nullptr;
  has_error = false;
  return last_error.c_str();
}

KIT_API int kit_has_error() { return has_error ? 1 : 0; }

KIT_API const char* kit_torch_version() {
  static std::string v = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                         std::to_string(TORCH_VERSION_PATCH);
  return v.c_str();
}

KIT_API int kit_set_num_threads(int n) {
  KIT_TRY
  at::set_num_threads(n);
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_get_num_threads() { return at::get_num_threads(); }

KIT_API int kit_cuda_is_available() {
  KIT_TRY
  return torch::cuda::is_available() ? 1 : 0;
  KIT_CATCH(0)
}

KIT_API int kit_cuda_device_count() {
  KIT_TRY
  return static_cast<int>(torch::cuda::device_count());
  KIT_CATCH(0)
}

KIT_API int kit_cuda_synchronize(int device) {
  KIT_TRY
  if (torch::cuda::is_available()) torch::cuda::synchronize(device);
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_manual_seed(uint64_t seed) {
  KIT_TRY
  at::manual_seed(seed);
  return 0;
  KIT_CATCH(-1)
}

// CPU generator state as a uint8 tensor (for checkpoints); set restores it.
KIT_API TH kit_get_rng_state() {
  KIT_TRY
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return kit::wrap(gen.get_state());
  KIT_CATCH(nullptr)
}

KIT_API int kit_set_rng_state(TH state) {
  KIT_TRY
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(*state);
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_is_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }

KIT_API void kit_set_grad_enabled(int enabled) { at::GradMode::set_enabled(enabled != 0); }
