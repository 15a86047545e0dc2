// Creation, lifetime and properties of tensor handles.
#include <cstring>
#include <sstream>

#include "common.h"

KIT_API void kit_tensor_free(TH t) { delete t; }

KIT_API TH kit_empty(const int64_t* shape, int ndim, int dtype, int dev, int idx, int rg) {
  KIT_TRY
  return kit::made(at::empty(kit::dims(shape, ndim), kit::options(dtype, dev, idx)), rg);
  KIT_CATCH(nullptr)
}

KIT_API TH kit_zeros(const int64_t* shape, int ndim, int dtype, int dev, int idx, int rg) {
  KIT_TRY
  return kit::made(at::zeros(kit::dims(shape, ndim), kit::options(dtype, dev, idx)), rg);
  KIT_CATCH(nullptr)
}

KIT_API TH kit_ones(const int64_t* shape, int ndim, int dtype, int dev, int idx, int rg) {
  KIT_TRY
  return kit::made(at::ones(kit::dims(shape, ndim), kit::options(dtype, dev, idx)), rg);
  KIT_CATCH(nullptr)
}

KIT_API TH kit_full(const int64_t* shape, int ndim, double value, int dtype, int dev, int idx, int rg) {
  KIT_TRY
  auto o = kit::options(dtype, dev, idx);
  at::Scalar s = at::isIntegralType(o.dtype().toScalarType(), true) ? at::Scalar(static_cast<int64_t>(value))
                                                                     : at::Scalar(value);
  return kit::made(at::full(kit::dims(shape, ndim), s, o), rg);
  KIT_CATCH(nullptr)
}

KIT_API TH kit_arange(double start, double end, double step, int dtype, int dev, int idx, int rg) {
  KIT_TRY
  return kit::made(at::arange(start, end, step, kit::options(dtype, dev, idx)), rg);
  KIT_CATCH(nullptr)
}

KIT_API TH kit_linspace(double start, double end, int64_t steps, int dtype, int dev, int idx, int rg) {
  KIT_TRY
  return kit::made(at::linspace(start, end, steps, kit::options(dtype, dev, idx)), rg);
  KIT_CATCH(nullptr)
}

KIT_API TH kit_rand(const int64_t* shape, int ndim, int dtype, int dev, int idx, int rg) {
  KIT_TRY
  return kit::made(at::rand(kit::dims(shape, ndim), kit::options(dtype, dev, idx)), rg);
  KIT_CATCH(nullptr)
}

KIT_API TH kit_randn(const int64_t* shape, int ndim, int dtype, int dev, int idx, int rg) {
  KIT_TRY
  return kit::made(at::randn(kit::dims(shape, ndim), kit::options(dtype, dev, idx)), rg);
  KIT_CATCH(nullptr)
}

KIT_API TH kit_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, int dtype, int dev, int idx) {
  KIT_TRY
  return kit::wrap(at::randint(low, high, kit::dims(shape, ndim), kit::options(dtype, dev, idx)));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_randperm(int64_t n, int dtype, int dev, int idx) {
  KIT_TRY
  return kit::wrap(at::randperm(n, kit::options(dtype, dev, idx)));
  KIT_CATCH(nullptr)
}

// Copies `data` (row-major, `dtype`) into a new tensor on the requested device: one copy on CPU.
KIT_API TH kit_from_data(const void* data, const int64_t* shape, int ndim, int dtype, int dev, int idx, int rg) {
  KIT_TRY
  auto cpu = at::empty(kit::dims(shape, ndim), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
  std::memcpy(cpu.data_ptr(), data, cpu.nbytes());
  auto t = cpu.to(at::Device(static_cast<at::DeviceType>(dev), static_cast<c10::DeviceIndex>(idx)));
  if (rg) t.requires_grad_(true);
  return kit::wrap(t);
  KIT_CATCH(nullptr)
}

// Copies the tensor's elements (any device, any layout) into `dst`, which must hold exactly nbytes.
KIT_API int kit_copy_out(TH t, void* dst, int64_t nbytes) {
  KIT_TRY
  auto c = t->detach().to(at::kCPU).contiguous();
  TORCH_CHECK(static_cast<int64_t>(c.nbytes()) == nbytes, "destination holds ", nbytes, " bytes but the tensor has ",
              c.nbytes());
  std::memcpy(dst, c.data_ptr(), c.nbytes());
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_tensor_dim(TH t) { return static_cast<int>(t->dim()); }

KIT_API void kit_tensor_sizes(TH t, int64_t* out) {
  auto s = t->sizes();
  for (size_t i = 0; i < s.size(); ++i) out[i] = s[i];
}

KIT_API void kit_tensor_strides(TH t, int64_t* out) {
  auto s = t->strides();
  for (size_t i = 0; i < s.size(); ++i) out[i] = s[i];
}

KIT_API int kit_tensor_dtype(TH t) { return static_cast<int>(t->scalar_type()); }
KIT_API int kit_tensor_device_type(TH t) { return static_cast<int>(t->device().type()); }
KIT_API int kit_tensor_device_index(TH t) { return static_cast<int>(t->device().index()); }
KIT_API int64_t kit_tensor_numel(TH t) { return t->numel(); }
KIT_API int kit_tensor_requires_grad(TH t) { return t->requires_grad() ? 1 : 0; }
KIT_API int kit_tensor_is_contiguous(TH t) { return t->is_contiguous() ? 1 : 0; }
KIT_API int kit_tensor_is_leaf(TH t) { return t->is_leaf() ? 1 : 0; }
KIT_API int64_t kit_tensor_element_size(TH t) { return static_cast<int64_t>(t->element_size()); }

// Raw pointer to CPU contiguous storage, for zero-copy spans; null with an error otherwise.
KIT_API void* kit_tensor_data_ptr(TH t) {
  KIT_TRY
  TORCH_CHECK(t->device().is_cpu(), "data_ptr needs a CPU tensor, got one on ", t->device());
  TORCH_CHECK(t->is_contiguous(), "data_ptr needs a contiguous tensor: call contiguous() first");
  return t->data_ptr();
  KIT_CATCH(nullptr)
}

KIT_API double kit_item_double(TH t) {
  KIT_TRY
  return t->item<double>();
  KIT_CATCH(0.0)
}

KIT_API int64_t kit_item_long(TH t) {
  KIT_TRY
  return t->item<int64_t>();
  KIT_CATCH(0)
}

KIT_API int kit_tensor_to_string(TH t, char* buf, int cap) {
  KIT_TRY
  std::ostringstream s;
  s << *t;
  auto str = s.str();
  int n = static_cast<int>(str.size());
  if (buf && cap > 0) {
    int m = std::min(n, cap - 1);
    std::memcpy(buf, str.data(), static_cast<size_t>(m));
    buf[m] = 0;
  }
  return n;
  KIT_CATCH(-1)
}

KIT_API TH kit_clone(TH t) {
  KIT_TRY
  return kit::wrap(t->clone());
  KIT_CATCH(nullptr)
}

KIT_API TH kit_detach(TH t) {
  KIT_TRY
  return kit::wrap(t->detach());
  KIT_CATCH(nullptr)
}

KIT_API TH kit_contiguous(TH t) {
  KIT_TRY
  return kit::wrap(t->contiguous());
  KIT_CATCH(nullptr)
}

KIT_API TH kit_to(TH t, int dtype, int dev, int idx, int copy) {
  KIT_TRY
  auto device = at::Device(static_cast<at::DeviceType>(dev), static_cast<c10::DeviceIndex>(idx));
  return kit::wrap(t->to(device, static_cast<at::ScalarType>(dtype), false, copy != 0));
  KIT_CATCH(nullptr)
}

KIT_API int kit_copy_(TH dst, TH src) {
  KIT_TRY
  at::NoGradGuard g;
  dst->copy_(*src);
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_requires_grad_(TH t, int value) {
  KIT_TRY
  t->requires_grad_(value != 0);
  return 0;
  KIT_CATCH(-1)
}

// In-place initialisers (no autograd record): used by nn.init.
KIT_API int kit_uniform_(TH t, double a, double b) {
  KIT_TRY
  at::NoGradGuard g;
  t->uniform_(a, b);
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_normal_(TH t, double mean, double std) {
  KIT_TRY
  at::NoGradGuard g;
  t->normal_(mean, std);
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_fill_(TH t, double value) {
  KIT_TRY
  at::NoGradGuard g;
  t->fill_(value);
  return 0;
  KIT_CATCH(-1)
}

KIT_API TH kit_bernoulli(TH p) {
  KIT_TRY
  return kit::wrap(at::bernoulli(*p));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_multinomial(TH p, int64_t n, int replacement) {
  KIT_TRY
  return kit::wrap(at::multinomial(*p, n, replacement != 0));
  KIT_CATCH(nullptr)
}

// A second handle to the same tensor (shares storage and autograd identity).
KIT_API TH kit_alias(TH t) {
  KIT_TRY
  return kit::wrap(*t);
  KIT_CATCH(nullptr)
}
