// Neural-network functions (the torch.nn.functional surface the kit needs).
#include "common.h"

KIT_API TH kit_softmax(TH t, int64_t dim, int log) {
  KIT_TRY
  return kit::wrap(log ? t->log_softmax(dim) : t->softmax(dim));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_layer_norm(TH x, const int64_t* shape, int n, TH w, TH b, double eps) {
  KIT_TRY
  return kit::wrap(at::layer_norm(*x, kit::dims(shape, n), kit::opt(w), kit::opt(b), eps));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_gelu(TH x, int tanh_approx) {
  KIT_TRY
  return kit::wrap(at::gelu(*x, tanh_approx ? "tanh" : "none"));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_dropout(TH x, double p, int train) {
  KIT_TRY
  return kit::wrap(at::dropout(*x, p, train != 0));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_linear(TH x, TH w, TH b) {
  KIT_TRY
  return kit::wrap(at::linear(*x, *w, kit::opt(b)));
  KIT_CATCH(nullptr)
}

// Convolution over 1, 2 or 3 spatial dims: stride/padding/dilation each hold `nd` values.
KIT_API TH kit_conv(TH x, TH w, TH b, const int64_t* stride, const int64_t* padding, const int64_t* dilation, int nd,
                    int64_t groups) {
  KIT_TRY
  auto s = kit::dims(stride, nd), p = kit::dims(padding, nd), d = kit::dims(dilation, nd);
  switch (nd) {
    case 1: return kit::wrap(at::conv1d(*x, *w, kit::opt(b), s, p, d, groups));
    case 2: return kit::wrap(at::conv2d(*x, *w, kit::opt(b), s, p, d, groups));
    case 3: return kit::wrap(at::conv3d(*x, *w, kit::opt(b), s, p, d, groups));
    default: TORCH_CHECK(false, "convolution supports 1, 2 or 3 spatial dims, got ", nd);
  }
  KIT_CATCH(nullptr)
}

// Pooling: is_max selects max pooling; nd is 2 or 3.
KIT_API TH kit_pool(TH x, const int64_t* kernel, const int64_t* stride, const int64_t* padding, int nd, int is_max,
                    int ceil_mode, int count_include_pad) {
  KIT_TRY
  auto k = kit::dims(kernel, nd), s = kit::dims(stride, nd), p = kit::dims(padding, nd);
  std::vector<int64_t> one(static_cast<size_t>(nd), 1);
  if (nd == 2)
    return kit::wrap(is_max ? at::max_pool2d(*x, k, s, p, one, ceil_mode != 0)
                            : at::avg_pool2d(*x, k, s, p, ceil_mode != 0, count_include_pad != 0));
  if (nd == 3)
    return kit::wrap(is_max ? at::max_pool3d(*x, k, s, p, one, ceil_mode != 0)
                            : at::avg_pool3d(*x, k, s, p, ceil_mode != 0, count_include_pad != 0));
  TORCH_CHECK(false, "pooling supports 2 or 3 spatial dims, got ", nd);
  KIT_CATCH(nullptr)
}

// F.unfold (im2col): (B, C, H, W) -> (B, C*kh*kw, L).
KIT_API TH kit_im2col(TH x, const int64_t* kernel, const int64_t* dilation, const int64_t* padding,
                      const int64_t* stride) {
  KIT_TRY
  return kit::wrap(at::im2col(*x, kit::dims(kernel, 2), kit::dims(dilation, 2), kit::dims(padding, 2),
                              kit::dims(stride, 2)));
  KIT_CATCH(nullptr)
}

// F.fold (col2im): (B, C*kh*kw, L) -> (B, C, H, W).
KIT_API TH kit_col2im(TH x, const int64_t* output_size, const int64_t* kernel, const int64_t* dilation,
                      const int64_t* padding, const int64_t* stride) {
  KIT_TRY
  return kit::wrap(at::col2im(*x, kit::dims(output_size, 2), kit::dims(kernel, 2), kit::dims(dilation, 2),
                              kit::dims(padding, 2), kit::dims(stride, 2)));
  KIT_CATCH(nullptr)
}

// Interpolation to an explicit output size. mode: 0 nearest, 1 linear (bilinear/trilinear by rank), 2 bicubic,
// 3 area. align_corners is ignored for nearest and area, as in PyTorch.
KIT_API TH kit_interpolate(TH x, const int64_t* size, int n, int mode, int align_corners) {
  KIT_TRY
  auto s = kit::dims(size, n);
  bool ac = align_corners != 0;
  int spatial = static_cast<int>(x->dim()) - 2;
  TORCH_CHECK(spatial == n, "interpolate: input has ", spatial, " spatial dims but size has ", n, " values");
  switch (mode) {
    case 0:
      if (n == 1) return kit::wrap(at::upsample_nearest1d(*x, s));
      if (n == 2) return kit::wrap(at::upsample_nearest2d(*x, s));
      if (n == 3) return kit::wrap(at::upsample_nearest3d(*x, s));
      break;
    case 1:
      if (n == 1) return kit::wrap(at::upsample_linear1d(*x, s, ac));
      if (n == 2) return kit::wrap(at::upsample_bilinear2d(*x, s, ac));
      if (n == 3) return kit::wrap(at::upsample_trilinear3d(*x, s, ac));
      break;
    case 2:
      if (n == 2) return kit::wrap(at::upsample_bicubic2d(*x, s, ac));
      break;
    case 3:
      if (n == 1) return kit::wrap(at::adaptive_avg_pool1d(*x, s));
      if (n == 2) return kit::wrap(at::adaptive_avg_pool2d(*x, s));
      if (n == 3) return kit::wrap(at::adaptive_avg_pool3d(*x, s));
      break;
  }
  TORCH_CHECK(false, "interpolate: mode ", mode, " is not available for ", n, " spatial dims");
  KIT_CATCH(nullptr)
}

// mode: 0 bilinear, 1 nearest, 2 bicubic; padding: 0 zeros, 1 border, 2 reflection.
KIT_API TH kit_grid_sample(TH x, TH grid, int mode, int padding, int align_corners) {
  KIT_TRY
  return kit::wrap(at::grid_sampler(*x, *grid, mode, padding, align_corners != 0));
  KIT_CATCH(nullptr)
}

// mode: 0 constant, 1 reflect, 2 replicate, 3 circular; pads as in F.pad (last dim first).
KIT_API TH kit_pad(TH x, const int64_t* pads, int n, int mode, double value) {
  KIT_TRY
  static const char* modes[] = {"constant", "reflect", "replicate", "circular"};
  TORCH_CHECK(mode >= 0 && mode < 4, "unknown pad mode ", mode);
  c10::optional<double> v;
  if (mode == 0) v = value;
  return kit::wrap(at::pad(*x, kit::dims(pads, n), modes[mode], v));
  KIT_CATCH(nullptr)
}

// reduction: 0 none, 1 mean, 2 sum (at::Reduction values).
KIT_API TH kit_cross_entropy(TH input, TH target, TH weight, int reduction, int64_t ignore_index,
                             double label_smoothing) {
  KIT_TRY
  return kit::wrap(at::cross_entropy_loss(*input, *target, kit::opt(weight), reduction, ignore_index,
                                          label_smoothing));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_nll_loss(TH input, TH target, int reduction) {
  KIT_TRY
  return kit::wrap(at::nll_loss(*input, *target, {}, reduction));
  KIT_CATCH(nullptr)
}

// kind: 0 mse, 1 l1, 2 smooth_l1 (beta).
KIT_API TH kit_regression_loss(int kind, TH input, TH target, int reduction, double beta) {
  KIT_TRY
  switch (kind) {
    case 0: return kit::wrap(at::mse_loss(*input, *target, reduction));
    case 1: return kit::wrap(at::l1_loss(*input, *target, reduction));
    case 2: return kit::wrap(at::smooth_l1_loss(*input, *target, reduction, beta));
    default: TORCH_CHECK(false, "unknown regression loss kind ", kind);
  }
  KIT_CATCH(nullptr)
}
