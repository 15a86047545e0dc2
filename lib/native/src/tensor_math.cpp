// Elementwise math, comparisons, reductions and linear algebra.
// Op codes are mirrored by the C# enums UnaryOp, BinaryOp and ReduceOp (lib/Kit/Torch/Native/OpCodes.cs).
#include "common.h"

namespace {
at::Tensor unary(int op, const at::Tensor& t) {
  switch (op) {
    case 0: return t.neg();
    case 1: return t.abs();
    case 2: return t.exp();
    case 3: return t.log();
    case 4: return t.sqrt();
    case 5: return t.rsqrt();
    case 6: return t.sin();
    case 7: return t.cos();
    case 8: return t.tanh();
    case 9: return t.sigmoid();
    case 10: return t.relu();
    case 11: return t.floor();
    case 12: return t.ceil();
    case 13: return t.round();
    case 14: return t.sign();
    case 15: return t.square();
    case 16: return t.log1p();
    case 17: return t.reciprocal();
    case 18: return t.isnan();
    case 19: return t.isfinite();
    case 20: return t.logical_not();
    case 21: return t.erf();
    case 22: return t.erfinv();
    case 23: return t.expm1();
    case 24: return t.log2();
    case 25: return t.trunc();
    case 26: return t.atan();
    case 27: return at::silu(t);
    case 28: return t.frac();
    default: TORCH_CHECK(false, "unknown unary op code ", op);
  }
}

void unary_(int op, at::Tensor& t) {
  switch (op) {
    case 0: t.neg_(); break;
    case 1: t.abs_(); break;
    case 2: t.exp_(); break;
    case 3: t.log_(); break;
    case 4: t.sqrt_(); break;
    case 5: t.rsqrt_(); break;
    case 8: t.tanh_(); break;
    case 9: t.sigmoid_(); break;
    case 10: t.relu_(); break;
    case 11: t.floor_(); break;
    case 12: t.ceil_(); break;
    case 13: t.round_(); break;
    case 15: t.square_(); break;
    case 17: t.reciprocal_(); break;
    case 22: t.erfinv_(); break;
    default: TORCH_CHECK(false, "unary op code ", op, " has no in-place form");
  }
}

at::Tensor binary(int op, const at::Tensor& a, const at::Tensor& b) {
  switch (op) {
    case 0: return a.add(b);
    case 1: return a.sub(b);
    case 2: return a.mul(b);
    case 3: return a.div(b);
    case 4: return a.pow(b);
    case 5: return at::maximum(a, b);
    case 6: return at::minimum(a, b);
    case 7: return a.remainder(b);
    case 8: return a.fmod(b);
    case 9: return at::atan2(a, b);
    case 10: return a.eq(b);
    case 11: return a.ne(b);
    case 12: return a.lt(b);
    case 13: return a.le(b);
    case 14: return a.gt(b);
    case 15: return a.ge(b);
    case 16: return a.logical_and(b);
    case 17: return a.logical_or(b);
    case 18: return a.logical_xor(b);
    case 19: return a.div(b, "floor");
    case 20: return a.bitwise_and(b);
    case 21: return a.bitwise_or(b);
    default: TORCH_CHECK(false, "unknown binary op code ", op);
  }
}

at::Tensor binary_scalar(int op, const at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case 0: return a.add(s);
    case 1: return a.sub(s);
    case 2: return a.mul(s);
    case 3: return a.div(s);
    case 4: return a.pow(s);
    case 7: return a.remainder(s);
    case 8: return a.fmod(s);
    case 10: return a.eq(s);
    case 11: return a.ne(s);
    case 12: return a.lt(s);
    case 13: return a.le(s);
    case 14: return a.gt(s);
    case 15: return a.ge(s);
    case 19: return a.div(s, "floor");
    default: return binary(op, a, at::scalar_tensor(s, a.options().requires_grad(false)));
  }
}

void binary_(int op, at::Tensor& a, const at::Tensor& b) {
  switch (op) {
    case 0: a.add_(b); break;
    case 1: a.sub_(b); break;
    case 2: a.mul_(b); break;
    case 3: a.div_(b); break;
    case 4: a.pow_(b); break;
    default: TORCH_CHECK(false, "binary op code ", op, " has no in-place form");
  }
}

void binary_scalar_(int op, at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case 0: a.add_(s); break;
    case 1: a.sub_(s); break;
    case 2: a.mul_(s); break;
    case 3: a.div_(s); break;
    case 4: a.pow_(s); break;
    default: TORCH_CHECK(false, "binary op code ", op, " has no in-place form");
  }
}

at::Scalar scalar_for(const at::Tensor& t, double v) {
  // Keep integer tensors integer when the scalar is a whole number (as Python ints do).
  if (at::isIntegralType(t.scalar_type(), true) && v == static_cast<double>(static_cast<int64_t>(v)))
    return at::Scalar(static_cast<int64_t>(v));
  return at::Scalar(v);
}
}  // namespace

KIT_API TH kit_unary(int op, TH t) {
  KIT_TRY
  return kit::wrap(unary(op, *t));
  KIT_CATCH(nullptr)
}

KIT_API int kit_unary_(int op, TH t) {
  KIT_TRY
  unary_(op, *t);
  return 0;
  KIT_CATCH(-1)
}

KIT_API TH kit_binary(int op, TH a, TH b) {
  KIT_TRY
  return kit::wrap(binary(op, *a, *b));
  KIT_CATCH(nullptr)
}

// reverse != 0 computes `s op a` (for 1 - t, 2 / t, 2 ** t).
KIT_API TH kit_binary_scalar(int op, TH a, double s, int reverse) {
  KIT_TRY
  auto sc = scalar_for(*a, s);
  if (!reverse) return kit::wrap(binary_scalar(op, *a, sc));
  auto st = at::scalar_tensor(sc, a->options().requires_grad(false));
  if (op == 4) return kit::wrap(at::pow(sc, *a));
  return kit::wrap(binary(op, st, *a));
  KIT_CATCH(nullptr)
}

KIT_API int kit_binary_(int op, TH a, TH b) {
  KIT_TRY
  binary_(op, *a, *b);
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_binary_scalar_(int op, TH a, double s) {
  KIT_TRY
  binary_scalar_(op, *a, scalar_for(*a, s));
  return 0;
  KIT_CATCH(-1)
}

KIT_API TH kit_clamp(TH t, double lo, int has_lo, double hi, int has_hi) {
  KIT_TRY
  c10::optional<at::Scalar> l, h;
  if (has_lo) l = scalar_for(*t, lo);
  if (has_hi) h = scalar_for(*t, hi);
  return kit::wrap(at::clamp(*t, l, h));
  KIT_CATCH(nullptr)
}

KIT_API int kit_clamp_(TH t, double lo, int has_lo, double hi, int has_hi) {
  KIT_TRY
  c10::optional<at::Scalar> l, h;
  if (has_lo) l = scalar_for(*t, lo);
  if (has_hi) h = scalar_for(*t, hi);
  at::clamp_(*t, l, h);
  return 0;
  KIT_CATCH(-1)
}

KIT_API TH kit_lerp(TH a, TH b, double w) {
  KIT_TRY
  return kit::wrap(a->lerp(*b, w));
  KIT_CATCH(nullptr)
}

// Reductions. n == 0 reduces over every dimension. dtype < 0 keeps the default result type.
KIT_API TH kit_reduce(int op, TH t, const int64_t* d, int n, int keepdim, int dtype) {
  KIT_TRY
  bool kd = keepdim != 0;
  c10::optional<at::ScalarType> dt;
  if (dtype >= 0) dt = static_cast<at::ScalarType>(dtype);
  std::vector<int64_t> all_dims;
  if (n == 0) {
    for (int64_t i = 0; i < t->dim(); ++i) all_dims.push_back(i);
  } else {
    all_dims.assign(d, d + n);
  }
  at::IntArrayRef dims(all_dims);
  switch (op) {
    case 0: return kit::wrap(n == 0 && !kd ? t->sum(dt) : t->sum(dims, kd, dt));
    case 1: return kit::wrap(n == 0 && !kd ? t->mean(dt) : t->mean(dims, kd, dt));
    case 2: {
      at::Tensor r = *t;
      if (n == 0 && !kd) return kit::wrap(t->prod(dt));
      std::vector<int64_t> s(all_dims);
      std::sort(s.rbegin(), s.rend());
      for (auto x : s) r = r.prod(x, kd, dt);
      return kit::wrap(r);
    }
    case 3: return kit::wrap(n == 0 && !kd ? t->max() : t->amax(dims, kd));
    case 4: return kit::wrap(n == 0 && !kd ? t->min() : t->amin(dims, kd));
    case 5:
    case 6: {
      if (n == 0 && !kd) return kit::wrap(op == 5 ? t->all() : t->any());
      at::Tensor r = *t;
      std::vector<int64_t> s(all_dims);
      for (auto& x : s) x = c10::maybe_wrap_dim(x, t->dim());
      std::sort(s.rbegin(), s.rend());
      for (auto x : s) r = op == 5 ? r.all(x, kd) : r.any(x, kd);
      return kit::wrap(r);
    }
    case 7: return kit::wrap(t->logsumexp(dims, kd));
    default: TORCH_CHECK(false, "unknown reduction op code ", op);
  }
  KIT_CATCH(nullptr)
}

KIT_API TH kit_var_std(TH t, const int64_t* d, int n, int unbiased, int keepdim, int is_std) {
  KIT_TRY
  if (n == 0 && !keepdim) return kit::wrap(is_std ? t->std(unbiased != 0) : t->var(unbiased != 0));
  std::vector<int64_t> all_dims;
  if (n == 0) {
    for (int64_t i = 0; i < t->dim(); ++i) all_dims.push_back(i);
  } else {
    all_dims.assign(d, d + n);
  }
  return kit::wrap(is_std ? t->std(all_dims, unbiased != 0, keepdim != 0)
                          : t->var(all_dims, unbiased != 0, keepdim != 0));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_norm(TH t, double p, const int64_t* d, int n, int keepdim) {
  KIT_TRY
  if (n == 0 && !keepdim) return kit::wrap(t->norm(p));
  std::vector<int64_t> all_dims;
  if (n == 0) {
    for (int64_t i = 0; i < t->dim(); ++i) all_dims.push_back(i);
  } else {
    all_dims.assign(d, d + n);
  }
  return kit::wrap(t->norm(p, all_dims, keepdim != 0));
  KIT_CATCH(nullptr)
}

// max/min along a dimension with their indices (is_min selects min).
KIT_API int kit_max_dim(TH t, int64_t dim, int keepdim, int is_min, TH* values, TH* indices) {
  KIT_TRY
  auto r = is_min ? t->min(dim, keepdim != 0) : t->max(dim, keepdim != 0);
  *values = kit::wrap(std::get<0>(r));
  *indices = kit::wrap(std::get<1>(r));
  return 0;
  KIT_CATCH(-1)
}

KIT_API TH kit_argmax(TH t, int64_t dim, int has_dim, int keepdim, int is_min) {
  KIT_TRY
  c10::optional<int64_t> d;
  if (has_dim) d = dim;
  return kit::wrap(is_min ? t->argmin(d, keepdim != 0) : t->argmax(d, keepdim != 0));
  KIT_CATCH(nullptr)
}

KIT_API int kit_topk(TH t, int64_t k, int64_t dim, int largest, int sorted, TH* values, TH* indices) {
  KIT_TRY
  auto r = t->topk(k, dim, largest != 0, sorted != 0);
  *values = kit::wrap(std::get<0>(r));
  *indices = kit::wrap(std::get<1>(r));
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_sort(TH t, int64_t dim, int descending, int stable, TH* values, TH* indices) {
  KIT_TRY
  auto r = t->sort(stable != 0, dim, descending != 0);
  *values = kit::wrap(std::get<0>(r));
  *indices = kit::wrap(std::get<1>(r));
  return 0;
  KIT_CATCH(-1)
}

KIT_API TH kit_median(TH t) {
  KIT_TRY
  return kit::wrap(t->median());
  KIT_CATCH(nullptr)
}

KIT_API int kit_median_dim(TH t, int64_t dim, int keepdim, TH* values, TH* indices) {
  KIT_TRY
  auto r = t->median(dim, keepdim != 0);
  *values = kit::wrap(std::get<0>(r));
  *indices = kit::wrap(std::get<1>(r));
  return 0;
  KIT_CATCH(-1)
}

KIT_API TH kit_cumsum(TH t, int64_t dim) {
  KIT_TRY
  return kit::wrap(t->cumsum(dim));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_matmul(TH a, TH b) {
  KIT_TRY
  return kit::wrap(a->matmul(*b));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_mm(TH a, TH b) {
  KIT_TRY
  return kit::wrap(a->mm(*b));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_bmm(TH a, TH b) {
  KIT_TRY
  return kit::wrap(a->bmm(*b));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_einsum(const char* equation, const TH* ts, int n) {
  KIT_TRY
  return kit::wrap(at::einsum(equation, kit::list(ts, n)));
  KIT_CATCH(nullptr)
}

KIT_API int kit_allclose(TH a, TH b, double rtol, double atol) {
  KIT_TRY
  return at::allclose(*a, *b, rtol, atol) ? 1 : 0;
  KIT_CATCH(-1)
}
