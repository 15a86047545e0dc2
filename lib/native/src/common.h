// Shared helpers for the C ABI: handle wrapping, error capture, option decoding.
// Every exported function catches every C++ exception and records its message in a thread-local slot;
// the C# side reads it with kit_last_error() and raises a TorchException. Nothing may escape to abort the process.
#pragma once
#include <ATen/ATen.h>
// NoGradGuard and GradMode: ATen.h brings them in with libtorch 1.13 but not with 2.x.
#include <ATen/core/grad_mode.h>
#include <torch/version.h>
#include <cstdint>
#include <string>
#include <vector>

#define KIT_API extern "C" __attribute__((visibility("default")))
// C++ helpers of the core that the vision library (libkitvision, over OpenCV) links against.
#define KIT_SHARED __attribute__((visibility("default")))

// True when the libtorch compiled against is at least major.minor. Every call into an API newer than 1.13 sits inside
// `#if KIT_TORCH_AT_LEAST(...)`; lib/native/cmake/check_gates.cmake fails the build when one does not (the list of
// such names is lib/native/gated_symbols.txt).
#define KIT_TORCH_AT_LEAST(major, minor) \
  (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

typedef at::Tensor* TH;

namespace kit {
KIT_SHARED void set_error(const std::string& message);
inline TH wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }
inline at::IntArrayRef dims(const int64_t* p, int n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }
// ATen factories ignore requires_grad in TensorOptions, so creation goes through made(), which sets it afterwards.
KIT_SHARED at::TensorOptions options(int dtype, int device_type, int device_index);
inline TH made(at::Tensor t, int requires_grad) {
  if (requires_grad) t.requires_grad_(true);
  return wrap(std::move(t));
}
KIT_SHARED std::vector<at::Tensor> list(const TH* handles, int n);
inline c10::optional<at::Tensor> opt(TH h) { return h ? c10::optional<at::Tensor>(*h) : c10::nullopt; }
}  // namespace kit

#define KIT_TRY try {
#define KIT_CATCH(ret)                                                     \
  }                                                                        \
  catch (const c10::Error& e) {                                            \
    kit::set_error(e.what_without_backtrace());                            \
    return ret;                                                            \
  }                                                                        \
  catch (const std::exception& e) {                                        \
    kit::set_error(e.what());                                              \
    return ret;                                                            \
  }                                                                        \
  catch (...) {                                                            \
    kit::set_error("unknown native error");                                \
    return ret;                                                            \
  }
