// CPU kernels for MME's trajectory target, where its tensor-op form is dominated by passes over memory and per-op
// dispatch: a few thousand points per batch each read a small window, and ATen has no fused op for that. Each kernel
// computes what tensor-op code in lib/Kit/Targets computes (named below); that code stays the path on every other
// device (a GPU) and the tests check the two agree. Debian's libtorch has no CPU fuser (LLVM is off:
// torch._C._llvm_enabled() is False), which is why these exist by hand.
//   kit_track_points                = TrajectoryTracker.TrackWithTensorOps                      (TrajectoryTracker.cs)
//   kit_point_orientation_histograms = PointBoxSampler.SampleBinnedPlanes of Hog.PixelBinPlanes of Hog.Sobel of the
//                                      channel mean                                            (PointOrientation.cs)
// Both take float32 CPU tensors and return float32 CPU tensors.
#include "common.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace {

constexpr float kPi = 3.14159265358979323846f;

// kit_point_orientation_histograms keeps a point's histogram in registers of 16 or 32 floats
// (TargetKernels.MaxOrientationBins in C#)
constexpr int kMaxOrientationBins = 32;

// atan2 for floats without a branch, so that the pixel loop vectorises: Cephes' atanf on min/max(|x|, |y|) in [0, 1]
// (reduced above tan(pi/8) by atan(t) = pi/4 + atan((t - 1) / (t + 1))), then the octant and quadrant. Error about
// 1e-7 rad against ATen's atan2 (measured by the tests through the histograms); signs of zero as IEEE atan2.
inline float atan2_poly(float y, float x) {
  const float ax = std::fabs(x), ay = std::fabs(y);
  const float hi = std::max(ax, ay), lo = std::min(ax, ay);
  // t = lo / hi, or (t - 1) / (t + 1) = (lo - hi) / (lo + hi) above tan(pi/8): one division either way, its operands
  // picked by selects so that the loop if-converts
  const bool reduce = lo > 0.41421356237309503f * hi;
  const float num = reduce ? lo - hi : lo;
  const float den = reduce ? lo + hi : (hi > 0.f ? hi : 1.f);
  const float u = num / den;
  const float z = u * u;
  float a = (((8.05374449538e-2f * z - 1.38776856032e-1f) * z + 1.99777106478e-1f) * z - 3.33329491539e-1f) * z * u + u;
  a = reduce ? a + 0.25f * kPi : a;
  a = ay > ax ? 0.5f * kPi - a : a;
  a = std::signbit(x) ? kPi - a : a;
  return std::signbit(y) ? -a : a;
}

// floor for |v| < 2^31 by truncation, which vectorises without SSE4.1's round instruction (std::floor does not)
inline float floor_small(float v) {
  const float t = static_cast<float>(static_cast<int32_t>(v));
  return t > v ? t - 1.f : t;
}

// One row of kit_sobel_bin_planes' per-pixel maths, compiled for AVX-512 (x86-64-v4), AVX2 + FMA (v3) and the baseline;
// the loader picks the best the CPU has. Measured on 786k pixels, one thread: 0.48 ms (v4), 0.96 ms (v3), 1.2 ms (SSE2).
#if defined(__x86_64__)
#define KIT_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define KIT_VECTOR_CLONES
#endif

template <bool Soft>
inline void bin_row_impl(const float* gx, const float* gy, int64_t w, float fspan, float per_radian, float fbins,
                         float* lo_out, float* to_lo_out, float* to_hi_out) {
  for (int64_t i = 0; i < w; ++i) {
    const float magnitude = std::sqrt(gx[i] * gx[i] + gy[i] * gy[i]);
    float angle = atan2_poly(gy[i], gx[i]);
    angle = angle < 0.f ? angle + fspan : angle;
    const float position = angle * per_radian;
    if (Soft) {
      const float centred = position - 0.5f;
      const float lower = floor_small(centred);
      const float frac = centred - lower;
      lo_out[i] = lower < 0.f ? lower + fbins : (lower >= fbins ? lower - fbins : lower);
      to_lo_out[i] = (1.f - frac) * magnitude;
      to_hi_out[i] = frac * magnitude;
    } else {
      const float lower = floor_small(position);
      lo_out[i] = lower >= fbins ? lower - fbins : lower;
      to_lo_out[i] = magnitude;
      to_hi_out[i] = 0.f;
    }
  }
}

KIT_VECTOR_CLONES void bin_row_soft(const float* gx, const float* gy, int64_t w, float fspan, float per_radian,
                                    float fbins, float* lo, float* to_lo, float* to_hi) {
  bin_row_impl<true>(gx, gy, w, fspan, per_radian, fbins, lo, to_lo, to_hi);
}

KIT_VECTOR_CLONES void bin_row_hard(const float* gx, const float* gy, int64_t w, float fspan, float per_radian,
                                    float fbins, float* lo, float* to_lo, float* to_hi) {
  bin_row_impl<false>(gx, gy, w, fspan, per_radian, fbins, lo, to_lo, to_hi);
}

inline float med3(float a, float b, float c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }

inline int64_t reflect(int64_t i, int64_t n) { return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i); }

inline int64_t clamp_index(int64_t i, int64_t n) { return std::min(std::max(i, int64_t{0}), n - 1); }

// The median of the 3 x 3 windows (replicate padding) around the four pixels (x0, y0), (x0+1, y0), (x0, y0+1),
// (x0+1, y0+1), blended bilinearly with weights ax, ay, in both planes of a two-channel field (plane stride h * w, row
// stride w) at once: two independent chains, which ran 1.7x faster than one channel after the other. The median of a
// window is med3(max of its column minima, med3 of its column medians, min of its column maxima); each column triple
// is sorted once for the two windows that share it.
inline void median_bilinear2(const float* field, int64_t h, int64_t w, int64_t x0, int64_t y0, float ax, float ay,
                             float* out) {
  int64_t xs[4], ys[4];
  for (int j = 0; j < 4; ++j) {
    xs[j] = clamp_index(x0 - 1 + j, w);
    ys[j] = clamp_index(y0 - 1 + j, h);
  }
  float v[2][4][4];
  for (int ch = 0; ch < 2; ++ch)
    for (int r = 0; r < 4; ++r)
      for (int j = 0; j < 4; ++j) v[ch][r][j] = field[ch * h * w + ys[r] * w + xs[j]];
  float lo[2][2][4], md[2][2][4], hi[2][2][4];
  for (int top = 0; top < 2; ++top)
    for (int j = 0; j < 4; ++j)
      for (int ch = 0; ch < 2; ++ch) {
        const float a = v[ch][top][j], b = v[ch][top + 1][j], d = v[ch][top + 2][j];
        const float mn = std::min(a, b), mx = std::max(a, b);
        lo[ch][top][j] = std::min(mn, d);
        hi[ch][top][j] = std::max(mx, d);
        md[ch][top][j] = std::max(mn, std::min(mx, d));
      }
  const float weights[4] = {(1 - ax) * (1 - ay), ax * (1 - ay), (1 - ax) * ay, ax * ay};
  float sum[2] = {0.f, 0.f};
  for (int corner = 0; corner < 4; ++corner) {
    const int left = corner & 1, top = corner >> 1;
    for (int ch = 0; ch < 2; ++ch) {
      const float maxlo = std::max(std::max(lo[ch][top][left], lo[ch][top][left + 1]), lo[ch][top][left + 2]);
      const float medmd = med3(md[ch][top][left], md[ch][top][left + 1], md[ch][top][left + 2]);
      const float minhi = std::min(std::min(hi[ch][top][left], hi[ch][top][left + 1]), hi[ch][top][left + 2]);
      sum[ch] += med3(maxlo, medmd, minhi) * weights[corner];
    }
  }
  out[0] = sum[0];
  out[1] = sum[1];
}

// Bilinear sample (border clamp) of a plane with row stride w at (px, py), already clamped to the frame.
inline float bilinear(const float* plane, int64_t h, int64_t w, int64_t x0, int64_t y0, float ax, float ay) {
  const int64_t x1 = std::min(x0 + 1, w - 1), y1 = std::min(y0 + 1, h - 1);
  return (plane[y0 * w + x0] * (1 - ax) + plane[y0 * w + x1] * ax) * (1 - ay) +
         (plane[y1 * w + x0] * (1 - ax) + plane[y1 * w + x1] * ax) * ay;
}

// Sobel (reflect padding) and orientation bins of one grey frame (h x w, contiguous) into three planes (row stride out_stride): lo bin, the
// magnitude placed in lo, the magnitude placed in lo + 1 (as Hog.PixelBinPlanes). rows: 5 * (w + 2) floats of scratch.
KIT_VECTOR_CLONES void frame_bin_planes(const float* grey, int64_t h, int64_t w, bool soft, float fspan, float per_radian,
                                        float fbins, float* lo_plane, float* to_lo_plane, float* to_hi_plane,
                                        int64_t out_stride, float* rows) {
  float* down = rows;                     // [1, 2, 1] down the rows at this row, columns -1 .. w (reflected)
  float* across_up = down + (w + 2);      // [1, 2, 1] across the row above (reflected)
  float* across_down = across_up + (w + 2);
  float* gx = across_down + (w + 2);
  float* gy = gx + (w + 2);
  auto across = [&](const float* r, float* o) {
    for (int64_t i = 1; i < w - 1; ++i) o[i] = (r[i] * 2.f + r[i - 1]) + r[i + 1];
    o[0] = (r[0] * 2.f + r[1]) + r[1];
    o[w - 1] = (r[w - 1] * 2.f + r[w - 2]) + r[w - 2];
  };
  for (int64_t y = 0; y < h; ++y) {
    const float* up = grey + reflect(y - 1, h) * w;
    const float* mid = grey + y * w;
    const float* dn = grey + reflect(y + 1, h) * w;
    for (int64_t i = 0; i < w; ++i) down[i + 1] = (mid[i] * 2.f + up[i]) + dn[i];
    down[0] = down[2];
    down[w + 1] = down[w - 1];
    for (int64_t i = 0; i < w; ++i) gx[i] = down[i] - down[i + 2];
    across(up, across_up);
    across(dn, across_down);
    for (int64_t i = 0; i < w; ++i) gy[i] = across_up[i] - across_down[i];
    const int64_t at = y * out_stride;
    if (soft)
      bin_row_impl<true>(gx, gy, w, fspan, per_radian, fbins, lo_plane + at, to_lo_plane + at, to_hi_plane + at);
    else
      bin_row_impl<false>(gx, gy, w, fspan, per_radian, fbins, lo_plane + at, to_lo_plane + at, to_hi_plane + at);
  }
}

// The channel mean of one frame (channel stride sc, row stride sh, unit column stride) into grey (h x w), summed in
// channel order then divided, as the tensor path's mean.
KIT_VECTOR_CLONES void grey_frame(const float* base, int64_t c, int64_t sc, int64_t sh, int64_t h, int64_t w,
                                  float* grey) {
  for (int64_t y = 0; y < h; ++y) {
    float* g = grey + y * w;
    const float* r0 = base + y * sh;
    for (int64_t x = 0; x < w; ++x) g[x] = r0[x];
    for (int64_t ch = 1; ch < c; ++ch) {
      const float* r = base + ch * sc + y * sh;
      for (int64_t x = 0; x < w; ++x) g[x] += r[x];
    }
    if (c > 1)
      for (int64_t x = 0; x < w; ++x) g[x] /= static_cast<float>(c);
  }
}

void check_float_cpu(const at::Tensor& t, const char* name) {
  TORCH_CHECK(t.device().is_cpu(), name, " must be on the CPU, got ", t.device());
  TORCH_CHECK(t.scalar_type() == at::kFloat, name, " must be float32, got ", t.scalar_type());
}


// A flow field's (x, y) at a pixel as one 64-bit word, x in the low half: the flow kernels below read fields at
// data-dependent places, with gathers when vectorised, and a corner then costs one gathered element instead of two
// (flow inversion ran 1.5x faster than from planar x and y: 1.8 against 2.7 ms for 56 fields of 64 x 64, 5
// iterations, one thread, the interleaving included).
inline void split_pair(uint64_t v, float& x, float& y) {
  const uint32_t lo = static_cast<uint32_t>(v), hi = static_cast<uint32_t>(v >> 32);
  std::memcpy(&x, &lo, 4);
  std::memcpy(&y, &hi, 4);
}

// The planes x (count floats) and y of a field as pairs.
inline void interleave(const float* fx, const float* fy, int64_t count, uint64_t* xy) {
  for (int64_t i = 0; i < count; ++i) {
    uint32_t a, b;
    std::memcpy(&a, fx + i, 4);
    std::memcpy(&b, fy + i, 4);
    xy[i] = a | (static_cast<uint64_t>(b) << 32);
  }
}

// The field (pairs, w x h) sampled bilinearly at (px, py), border clamp: positions are clamped to [0, w-1] x [0, h-1]
// first, so truncation is the floor and 32-bit indices suffice, which lets the callers' pixel loops vectorise with
// gathers. Always inlined: called through a function the inversion loop ran 1.5x slower.
__attribute__((always_inline)) inline void sample_pair(const uint64_t* __restrict xy, int w, int h, float px, float py,
                                                       float& sx, float& sy) {
  px = std::min(std::max(px, 0.f), static_cast<float>(w - 1));
  py = std::min(std::max(py, 0.f), static_cast<float>(h - 1));
  const int x0 = static_cast<int>(px), y0 = static_cast<int>(py);
  const float ax = px - static_cast<float>(x0), ay = py - static_cast<float>(y0);
  const int x1 = std::min(x0 + 1, w - 1), y1 = std::min(y0 + 1, h - 1);
  float x00, y00, x01, y01, x10, y10, x11, y11;
  split_pair(xy[y0 * w + x0], x00, y00);
  split_pair(xy[y0 * w + x1], x01, y01);
  split_pair(xy[y1 * w + x0], x10, y10);
  split_pair(xy[y1 * w + x1], x11, y11);
  sx = (x00 * (1 - ax) + x01 * ax) * (1 - ay) + (x10 * (1 - ax) + x11 * ax) * ay;
  sy = (y00 * (1 - ax) + y01 * ax) * (1 - ay) + (y10 * (1 - ax) + y11 * ax) * ay;
}

// One row of flow composition: t(x) += next(x + t(x)) for both components, next (pairs) sampled as sample_pair does.
KIT_VECTOR_CLONES void warp_add_row(const uint64_t* __restrict next, int w, int h, int y, float* __restrict tx,
                                    float* __restrict ty) {
  for (int x = 0; x < w; ++x) {
    float sx, sy;
    sample_pair(next, w, h, static_cast<float>(x) + tx[x], static_cast<float>(y) + ty[x], sx, sy);
    tx[x] += sx;
    ty[x] += sy;
  }
}

// One row of flow inversion by fixed-point iteration, pixel by pixel: b = -f(x), then `iterations` times
// b = -f(x + b), f (pairs) sampled as sample_pair does (FlowOps.Invert). Each pixel's iterates depend only on itself,
// so the row is iterated whole, iteration by iteration, and the pixel loop vectorises with gathers.
KIT_VECTOR_CLONES void invert_row(const uint64_t* __restrict xy, int w, int h, int y, int iterations,
                                  float* __restrict bx, float* __restrict by) {
  for (int x = 0; x < w; ++x) {
    float fx, fy;
    split_pair(xy[y * w + x], fx, fy);
    bx[x] = -fx;
    by[x] = -fy;
  }
  for (int i = 0; i < iterations; ++i) {
    for (int x = 0; x < w; ++x) {
      float sx, sy;
      sample_pair(xy, w, h, static_cast<float>(x) + bx[x], static_cast<float>(y) + by[x], sx, sy);
      bx[x] = -sx;
      by[x] = -sy;
    }
  }
}

// One row of backward warping for kit_propagate_maps: dst(x) = src sampled bilinearly at (x + fx(x), y + fy(x)), each
// corner outside the frame counting 0, and hole(x) set where the sample lies wholly outside (px <= -1 or >= w, py
// likewise). Written without branches (corner weights zeroed, their indices clamped) so that it vectorises with
// gathers; positions are clamped to [-2, w + 1] x [-2, h + 1] first, which changes no sample (beyond -1 or w every
// corner is outside) and lets truncation of the position + 2 be the floor. The corners are added in the order 00, 01, 10, 11, as the tensor
// ops' grid_sample does.
KIT_VECTOR_CLONES void backward_warp_row(const float* __restrict src, const float* __restrict fx,
                                         const float* __restrict fy, int w, int h, int y, float* __restrict dst,
                                         uint8_t* __restrict hole) {
  const float fw = static_cast<float>(w), fh = static_cast<float>(h);
  for (int x = 0; x < w; ++x) {
    const float px = static_cast<float>(x) + fx[x], py = static_cast<float>(y) + fy[x];
    // bitwise | and & rather than || and &&, whose short-circuit branches stop the loop vectorising
    hole[x] = (px <= -1.f) | (px >= fw) | (py <= -1.f) | (py >= fh);
    // NaN clamps to -2: a zero sample, as every corner of a NaN position is outside
    const float qx = px > -2.f ? (px < fw + 1.f ? px : fw + 1.f) : -2.f;
    const float qy = py > -2.f ? (py < fh + 1.f ? py : fh + 1.f) : -2.f;
    // the floor as truncation of the (non-negative) shifted position: floor_small here kept GCC from vectorising
    const float x0f = static_cast<float>(static_cast<int>(qx + 2.f)) - 2.f, y0f = static_cast<float>(static_cast<int>(qy + 2.f)) - 2.f;
    const float ax = qx - x0f, ay = qy - y0f;
    const int x0 = static_cast<int>(x0f), y0 = static_cast<int>(y0f), x1 = x0 + 1, y1 = y0 + 1;
    const bool in_x0 = (x0 >= 0) & (x0 < w), in_x1 = (x1 >= 0) & (x1 < w), in_y0 = (y0 >= 0) & (y0 < h), in_y1 = (y1 >= 0) & (y1 < h);
    const int cx0 = std::min(std::max(x0, 0), w - 1), cx1 = std::min(std::max(x1, 0), w - 1);
    const int cy0 = std::min(std::max(y0, 0), h - 1), cy1 = std::min(std::max(y1, 0), h - 1);
    const float w00 = in_x0 & in_y0 ? (1 - ax) * (1 - ay) : 0.f, w01 = in_x1 & in_y0 ? ax * (1 - ay) : 0.f;
    const float w10 = in_x0 & in_y1 ? (1 - ax) * ay : 0.f, w11 = in_x1 & in_y1 ? ax * ay : 0.f;
    dst[x] = ((src[cy0 * w + cx0] * w00 + src[cy0 * w + cx1] * w01) + src[cy1 * w + cx0] * w10) + src[cy1 * w + cx1] * w11;
  }
}

// Weights of block pixels start .. start + k along one axis for a point at q in box-map coordinates (clamped to
// [0, limit - 1]): the bilinear blend of the box means at floor(q) and floor(q) + 1 (box o covers o - pad ..
// o - pad + k - 1, divided by its in-frame length), 0 outside the frame. Returns start = floor(q) - pad.
inline int64_t box_axis_weights(float q, float limit, int64_t size, int k, int pad, float* weights) {
  // NaN reads the first box with NaN weights, so that the histogram is NaN (as the tensor ops give) and no read strays
  const bool nan = std::isnan(q);
  q = nan ? 0.f : std::min(std::max(q, 0.f), limit - 1.f);
  const float o0 = std::floor(q);
  const float a = q - o0;
  const int64_t start = static_cast<int64_t>(o0) - pad;
  auto clampi = [&](int64_t v) { return std::min(std::max(v, int64_t{0}), size); };
  const float count0 = static_cast<float>(std::max<int64_t>(clampi(start + k) - clampi(start), 1));
  const float count1 = static_cast<float>(std::max<int64_t>(clampi(start + 1 + k) - clampi(start + 1), 1));
  const float share0 = (1.f - a) / count0, share1 = a / count1;
  for (int e = 0; e <= k; ++e) {
    const int64_t at = start + e;
    const float v = (e <= k - 1 ? share0 : 0.f) + (e >= 1 ? share1 : 0.f);
    weights[e] = nan ? std::numeric_limits<float>::quiet_NaN() : ((at >= 0 && at < size) ? v : 0.f);
  }
  return start;
}

// 16 floats as one value: GCC lowers its arithmetic to what each clone's instruction set has (one AVX-512 register,
// two AVX2 registers, four SSE registers). vec16u loads from any float address.
typedef float vec16 __attribute__((vector_size(64)));
typedef float vec16u __attribute__((vector_size(64), aligned(4), may_alias));
typedef float vec8 __attribute__((vector_size(32)));
typedef float vec4 __attribute__((vector_size(16)));

__attribute__((always_inline)) inline vec16 load16(const float* p) { return *reinterpret_cast<const vec16u*>(p); }

// The sum of the 16 lanes, halving the vector each time.
__attribute__((always_inline)) inline float sum_lanes(vec16 v) {
  const vec8 a = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
                 __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
  const vec4 b = __builtin_shufflevector(a, a, 0, 1, 2, 3) + __builtin_shufflevector(a, a, 4, 5, 6, 7);
  return (b[0] + b[2]) + (b[1] + b[3]);
}

// The orientation histograms of one frame's points (indices order[0 .. count)) from the frame's bin planes (row
// stride `stride`, with at least pad + 1 rows of zeros above and below and pad + 1 columns left and pad + 16 right, so
// that every read stays in them): each point's bilinear blend of k x k box means, written to out[idx * bins ...]. A
// row of the point's (k + 1) x (k + 1) pixels is read as vectors of 16 columns, its two shares weighted at once and
// added into each bin's vector where the pixel's lo bin is that bin (its lo + 1 share into the next bin's); the lanes
// are summed once per point. This keeps the histograms in registers: adding each pixel's shares into a histogram in
// memory chained the adds to one bin through the store before (0.80 ms for 12288 points of 8 x 8 boxes on two threads,
// against 0.43 ms this way). B > 0: bins known at compile time (the accumulators stay in registers); B = 0: bins at
// run time, up to kMaxOrientationBins.
template <int B>
__attribute__((always_inline)) inline void sample_points_impl(const float* lo_plane, const float* to_lo_plane,
                                                              const float* to_hi_plane, int64_t stride, int64_t h,
                                                              int64_t w, int k, int pad, int run_bins,
                                                              const int64_t* order, int64_t count, const float* pos,
                                                              float* out, float* scratch) {
  const int bins = B > 0 ? B : run_bins;
  const int chunks = (k + 16) / 16;
  float* wx = scratch;  // 16 * chunks, zero past k (the caller zeroes it once)
  float* wy = wx + 16 * chunks;
  const float oh = static_cast<float>(h + 2 * pad - k + 1), ow = static_cast<float>(w + 2 * pad - k + 1);
  const vec16 zero = {};
  for (int64_t o = 0; o < count; ++o) {
    const int64_t idx = order[o];
    const int64_t sx = box_axis_weights(pos[2 * idx], ow, w, k, pad, wx);
    const int64_t sy = box_axis_weights(pos[2 * idx + 1], oh, h, k, pad, wy);
    vec16 hist[B > 0 ? B : kMaxOrientationBins];
    for (int bin = 0; bin < bins; ++bin) hist[bin] = zero;
    for (int r = 0; r <= k; ++r) {
      if (wy[r] == 0.f) continue;
      const int64_t row = (sy + r) * stride + sx;
      for (int chunk = 0; chunk < chunks; ++chunk) {
        const int64_t at = row + 16 * chunk;
        const vec16 weight = wy[r] * load16(wx + 16 * chunk);
        const vec16 lo = load16(lo_plane + at);
        const vec16 to_lo = load16(to_lo_plane + at) * weight;
        const vec16 to_hi = load16(to_hi_plane + at) * weight;
        for (int bin = 0; bin < bins; ++bin) {
          const auto here = lo == (zero + static_cast<float>(bin));
          hist[bin] += here ? to_lo : zero;
          hist[bin + 1 == bins ? 0 : bin + 1] += here ? to_hi : zero;
        }
      }
    }
    float* o_ = out + idx * bins;
    for (int bin = 0; bin < bins; ++bin) o_[bin] = sum_lanes(hist[bin]);
  }
}

// Compiled per instruction set like the pixel rows: for MME's 9 bins, and for any count.
KIT_VECTOR_CLONES void sample_points9(const float* lo, const float* to_lo, const float* to_hi, int64_t stride, int64_t h,
                                      int64_t w, int k, int pad, const int64_t* order, int64_t count, const float* pos,
                                      float* out, float* scratch) {
  sample_points_impl<9>(lo, to_lo, to_hi, stride, h, w, k, pad, 9, order, count, pos, out, scratch);
}
KIT_VECTOR_CLONES void sample_points_any(const float* lo, const float* to_lo, const float* to_hi, int64_t stride,
                                         int64_t h, int64_t w, int k, int pad, int bins, const int64_t* order,
                                         int64_t count, const float* pos, float* out, float* scratch) {
  sample_points_impl<0>(lo, to_lo, to_hi, stride, h, w, k, pad, bins, order, count, pos, out, scratch);
}

}  // namespace

// Tracks points through flow fields: from each seed (P, 2) (x, y pixels) of each start s (S, flow indices) of each
// clip, L steps p <- p + F_{start + j}(p), F sampled bilinearly (border clamp) from the raw field or, with median, from
// its 3x3 median filter (replicate padding) taken at the four pixels around p. flows (B, F, 2, H, W), any strides over
// B and F. Returns positions (B, S, P, L + 1, 2) and, through displacements_out, the steps (B, S, P, L, 2), and through
// in_view_out whether every position of the trajectory lies in the frame (x in [0, W-1], y in [0, H-1]) (B, S, P) bool.
KIT_API TH kit_track_points(TH flows_h, TH starts_h, TH seeds_h, int length, int median, TH* displacements_out,
                            TH* in_view_out) {
  KIT_TRY
  at::Tensor flows = *flows_h;
  const at::Tensor& seeds = *seeds_h;
  check_float_cpu(flows, "flows");
  check_float_cpu(seeds, "seeds");
  TORCH_CHECK(flows.dim() == 5 && flows.size(2) == 2, "flows must be (B, F, 2, H, W), got ", flows.sizes());
  TORCH_CHECK(seeds.dim() == 2 && seeds.size(1) == 2, "seeds must be (P, 2), got ", seeds.sizes());
  TORCH_CHECK(length >= 0, "length must not be negative, got ", length);
  const int64_t b = flows.size(0), f = flows.size(1), h = flows.size(3), w = flows.size(4);
  if (flows.stride(4) != 1 || flows.stride(3) != w || flows.stride(2) != h * w) flows = flows.contiguous();
  const at::Tensor starts = starts_h->to(at::kLong).contiguous();
  TORCH_CHECK(starts.dim() == 1, "starts must be (S), got ", starts.sizes());
  const int64_t s = starts.size(0), p = seeds.size(0);
  const int64_t* start = starts.data_ptr<int64_t>();
  for (int64_t i = 0; i < s; ++i)
    TORCH_CHECK(start[i] >= 0 && start[i] + length <= f, "start ", start[i], " of ", length, " steps needs flow frames up to ",
                start[i] + length - 1, " but there are ", f);
  const at::Tensor sc = seeds.contiguous();
  at::Tensor positions = at::empty({b, s, p, length + 1, 2}, seeds.options());
  at::Tensor steps = at::empty({b, s, p, length, 2}, seeds.options());
  at::Tensor in_view = at::empty({b, s, p}, seeds.options().dtype(at::kBool));
  bool* view_out = in_view.data_ptr<bool>();
  const float* src = flows.data_ptr<float>();
  const int64_t clip_stride = flows.stride(0), frame_stride = flows.stride(1);
  const float* seed = sc.data_ptr<float>();
  float* pos_out = positions.data_ptr<float>();
  float* step_out = steps.data_ptr<float>();
  const float xmax = static_cast<float>(w - 1), ymax = static_cast<float>(h - 1);
  auto inside = [&](float x, float y) { return x >= 0.f && x <= xmax && y >= 0.f && y <= ymax; };
  // one (clip, slot) at a time, step by step, so that each step's field stays in cache for all the slot's points
  at::parallel_for(0, b * s, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> xy(2 * p);
    for (int64_t group = begin; group < end; ++group) {
      const int64_t slot = group % s, clip = group / s;
      for (int64_t point = 0; point < p; ++point) {
        xy[2 * point] = seed[2 * point];
        xy[2 * point + 1] = seed[2 * point + 1];
        float* po = pos_out + (group * p + point) * (length + 1) * 2;
        po[0] = xy[2 * point];
        po[1] = xy[2 * point + 1];
        view_out[group * p + point] = inside(po[0], po[1]);
      }
      for (int j = 0; j < length; ++j) {
        const float* field = src + clip * clip_stride + (start[slot] + j) * frame_stride;
        // the points read the field at data-dependent places: ask for all of it up front, in order, so it streams in
        // from memory instead of arriving one cache miss at a time (it is cold after a training step)
        for (int64_t at = 0; at < 2 * h * w; at += 16) __builtin_prefetch(field + at);
        for (int64_t point = 0; point < p; ++point) {
          float& x = xy[2 * point];
          float& y = xy[2 * point + 1];
          // written so that NaN samples pixel 0 (and stays NaN) instead of indexing anywhere
          const float px = x > 0.f ? std::min(x, xmax) : 0.f, py = y > 0.f ? std::min(y, ymax) : 0.f;
          const float fx = std::floor(px), fy = std::floor(py);
          const int64_t x0 = static_cast<int64_t>(fx), y0 = static_cast<int64_t>(fy);
          float d[2];
          if (median) {
            median_bilinear2(field, h, w, x0, y0, px - fx, py - fy, d);
          } else {
            for (int ch = 0; ch < 2; ++ch) d[ch] = bilinear(field + ch * h * w, h, w, x0, y0, px - fx, py - fy);
          }
          x += d[0];
          y += d[1];
          const int64_t idx = group * p + point;
          float* so = step_out + idx * length * 2;
          float* po = pos_out + idx * (length + 1) * 2;
          so[2 * j] = d[0];
          so[2 * j + 1] = d[1];
          po[2 * (j + 1)] = x;
          po[2 * (j + 1) + 1] = y;
          view_out[idx] = view_out[idx] && inside(x, y);
        }
      }
    }
  });
  *displacements_out = kit::wrap(std::move(steps));
  *in_view_out = kit::wrap(std::move(in_view));
  return kit::wrap(std::move(positions));
  KIT_CATCH(nullptr)
}

// Orientation histograms around points, in one pass per frame that keeps the frame's data in cache: the channel mean of
// frames (B, C, F, H, W) (any strides but along W), its Sobel gradient (reflect padding) binned by orientation (bins over
// 180 degrees, or 360 when is_signed; soft: split linearly between the two nearest bin centres), and at each point of
// positions (B, P, 2) reading frame frame_of (B, P) the bilinear blend of the k x k box means (box o covers
// o - pad .. o - pad + k - 1, divided by its in-frame length; positions in the box map's coordinates, clamped to it).
// Frames no point reads are never computed. Returns (B, P, bins).
KIT_API TH kit_point_orientation_histograms(TH frames_h, TH positions_h, TH frame_of_h, int k, int pad, int bins,
                                            int is_signed, int soft) {
  KIT_TRY
  at::Tensor frames = *frames_h;
  const at::Tensor& positions = *positions_h;
  check_float_cpu(frames, "frames");
  check_float_cpu(positions, "positions");
  TORCH_CHECK(frames.dim() == 5, "frames must be (B, C, F, H, W), got ", frames.sizes());
  const int64_t b = frames.size(0), c = frames.size(1), f = frames.size(2), h = frames.size(3), w = frames.size(4);
  TORCH_CHECK(c >= 1 && h >= 2 && w >= 2, "frames need a channel and at least 2 x 2 pixels, got ", frames.sizes());
  TORCH_CHECK(positions.dim() == 3 && positions.size(0) == b && positions.size(2) == 2, "positions must be (", b, ", P, 2), got ", positions.sizes());
  TORCH_CHECK(bins >= 2 && k >= 1 && pad >= 0, "bins must be at least 2, k at least 1 and pad not negative");
  TORCH_CHECK(bins <= kMaxOrientationBins, "the kernel takes at most ", kMaxOrientationBins, " bins, got ", bins);
  if (frames.stride(4) != 1) frames = frames.contiguous();
  const int64_t p = positions.size(1);
  const at::Tensor frame_of = frame_of_h->to(at::kLong).contiguous();
  TORCH_CHECK(frame_of.dim() == 2 && frame_of.size(0) == b && frame_of.size(1) == p, "frame_of must be (", b, ", ", p, "), got ", frame_of.sizes());
  // the points of each (clip, frame), by a counting sort
  const int64_t* fr = frame_of.data_ptr<int64_t>();
  std::vector<int64_t> first(b * f + 1, 0), order(b * p);
  for (int64_t i = 0; i < b * p; ++i) {
    TORCH_CHECK(fr[i] >= 0 && fr[i] < f, "frame_of must index the ", f, " frames of each clip, got ", fr[i]);
    ++first[(i / p) * f + fr[i] + 1];
  }
  for (int64_t i = 0; i < b * f; ++i) first[i + 1] += first[i];
  {
    std::vector<int64_t> next(first.begin(), first.end() - 1);
    for (int64_t i = 0; i < b * p; ++i) order[next[(i / p) * f + fr[i]]++] = i;
  }
  std::vector<int64_t> busy;
  for (int64_t i = 0; i < b * f; ++i)
    if (first[i + 1] > first[i]) busy.push_back(i);
  const at::Tensor pc = positions.contiguous();
  const float* pos = pc.data_ptr<float>();
  const float* src = frames.data_ptr<float>();
  const int64_t sb = frames.stride(0), sc = frames.stride(1), sf = frames.stride(2), sh = frames.stride(3);
  at::Tensor out = at::empty({b, p, bins}, positions.options());
  float* dst = out.data_ptr<float>();
  const double span = is_signed ? 2 * M_PI : M_PI;
  const float fspan = static_cast<float>(span), per_radian = static_cast<float>(bins / span), fbins = static_cast<float>(bins);
  // a point's pixels run from floor(q) - pad to floor(q) - pad + k, q in [0, size + 2 pad - k], read 16 columns at a
  // time: planes with pad + 1 rows of zeros above and below and pad + 1 columns left, pad + 16 right, keep every read
  // in them (zero votes)
  const int64_t top = pad + 1, left = pad + 1, stride = w + left + pad + 16, rows_all = h + 2 * top;
  const int chunks = (k + 16) / 16;
  at::parallel_for(0, static_cast<int64_t>(busy.size()), 1, [&](int64_t begin, int64_t end) {
    // zeroed once: each frame writes only its pixels
    std::vector<float> grey(h * w), planes(3 * rows_all * stride, 0.f), rows(5 * (w + 2)), scratch(32 * chunks, 0.f);
    float* lo_plane = planes.data() + top * stride + left;
    float* to_lo_plane = lo_plane + rows_all * stride;
    float* to_hi_plane = to_lo_plane + rows_all * stride;
    for (int64_t item = begin; item < end; ++item) {
      const int64_t clip = busy[item] / f, frame = busy[item] % f;
      grey_frame(src + clip * sb + frame * sf, c, sc, sh, h, w, grey.data());
      frame_bin_planes(grey.data(), h, w, soft != 0, fspan, per_radian, fbins, lo_plane, to_lo_plane, to_hi_plane, stride,
                       rows.data());
      const int64_t* points = order.data() + first[busy[item]];
      const int64_t count = first[busy[item] + 1] - first[busy[item]];
      if (bins == 9)
        sample_points9(lo_plane, to_lo_plane, to_hi_plane, stride, h, w, k, pad, points, count, pos, dst, scratch.data());
      else
        sample_points_any(lo_plane, to_lo_plane, to_hi_plane, stride, h, w, k, pad, bins, points, count, pos, dst,
                          scratch.data());
    }
  });
  return kit::wrap(std::move(out));
  KIT_CATCH(nullptr)
}

// Chains raw-rate flows into flows `stride` frames apart, as FlowOps.Compose: F = f_r, then F(x) += f_{r+j}(x + F(x))
// for j = 1 .. stride - 1, f sampled bilinearly with border clamp. flows (B, F, 2, H, W), any strides over B and F;
// starts (n) int64 raw frame of each composed flow's first frame. Returns (B, n, 2, H, W).
KIT_API TH kit_compose_flows(TH flows_h, TH starts_h, int stride) {
  KIT_TRY
  at::Tensor flows = *flows_h;
  check_float_cpu(flows, "flows");
  TORCH_CHECK(flows.dim() == 5 && flows.size(2) == 2, "flows must be (B, F, 2, H, W), got ", flows.sizes());
  TORCH_CHECK(stride >= 1, "stride must be at least 1, got ", stride);
  const int64_t b = flows.size(0), f = flows.size(1), h = flows.size(3), w = flows.size(4);
  if (flows.stride(4) != 1 || flows.stride(3) != w || flows.stride(2) != h * w) flows = flows.contiguous();
  const at::Tensor starts = starts_h->to(at::kLong).contiguous();
  TORCH_CHECK(starts.dim() == 1, "starts must be (n), got ", starts.sizes());
  const int64_t n = starts.size(0);
  const int64_t* start = starts.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i)
    TORCH_CHECK(start[i] >= 0 && start[i] + stride <= f, "composing flow from raw frame ", start[i], " over stride ", stride,
                " needs flow frames up to ", start[i] + stride - 1, ", but the batch carries ", f);
  at::Tensor out = at::empty({b, n, 2, h, w}, flows.options());
  const float* src = flows.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  const int64_t clip_stride = flows.stride(0), frame_stride = flows.stride(1), plane = h * w;
  TORCH_CHECK(plane < (int64_t{1} << 31), "flow frames of ", h, " x ", w, " are too large for 32-bit pixel indices");
  at::parallel_for(0, b * n, 1, [&](int64_t begin, int64_t end) {
    std::vector<uint64_t> pairs(std::max<int64_t>(stride - 1, 1) * plane);
    for (int64_t item = begin; item < end; ++item) {
      const int64_t flow = item % n, clip = item / n;
      const float* first = src + clip * clip_stride + start[flow] * frame_stride;
      for (int j = 1; j < stride; ++j) interleave(first + j * frame_stride, first + j * frame_stride + plane, plane, pairs.data() + (j - 1) * plane);
      float* tx = dst + item * 2 * plane;
      float* ty = tx + plane;
      std::copy(first, first + 2 * plane, tx);
      for (int64_t y = 0; y < h; ++y)
        for (int j = 1; j < stride; ++j)
          warp_add_row(pairs.data() + (j - 1) * plane, static_cast<int>(w), static_cast<int>(h), static_cast<int>(y), tx + y * w,
                       ty + y * w);
    }
  });
  return kit::wrap(std::move(out));
  KIT_CATCH(nullptr)
}

// Orientation histograms per square cell, as Hog.CellHistograms before its normalisation: every pixel's magnitude
// (sqrt(gx^2 + gy^2)) summed into its orientation bin(s) (bins over 180 degrees, or 360 when is_signed; soft: split
// linearly between the two nearest bin centres) of its cell. gradient: images (N, C, H, W), (gx, gy) the Sobel gradient
// of each channel (reflect padding); otherwise images (N, 2, H, W) hold gx and gy themselves (a flow field). normalize:
// 0 the sums, 1 their mean over the cell (MME), 2 each cell's bins divided by their L2 norm (at least 1e-12; MaskFeat).
// Returns (N, C or 1, bins, H/cell, W/cell).
KIT_API TH kit_cell_orientation_histograms(TH images_h, int cell, int bins, int is_signed, int soft, int gradient,
                                           int normalize) {
  KIT_TRY
  const at::Tensor images = images_h->contiguous();
  check_float_cpu(images, "images");
  TORCH_CHECK(images.dim() == 4, "images must be (N, C, H, W), got ", images.sizes());
  const int64_t n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
  TORCH_CHECK(gradient || c == 2, "without gradients the images must hold (x, y) in 2 channels, got ", c);
  TORCH_CHECK(h >= 2 && w >= 2, "frames need at least 2 x 2 pixels, got ", h, " x ", w);
  TORCH_CHECK(bins >= 2, "bins must be at least 2, got ", bins);
  TORCH_CHECK(normalize >= 0 && normalize <= 2, "normalize must be 0, 1 or 2, got ", normalize);
  TORCH_CHECK(cell >= 1 && h % cell == 0 && w % cell == 0, "HOG cell size ", cell, " must divide the frame size ", h, " x ", w);
  const int64_t maps = gradient ? n * c : n, hc = h / cell, wc = w / cell;
  at::Tensor out = at::empty({maps, bins, hc, wc}, images.options());
  const float* src = images.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  const double span = is_signed ? 2 * M_PI : M_PI;
  const float fspan = static_cast<float>(span), per_radian = static_cast<float>(bins / span), fbins = static_cast<float>(bins);
  at::parallel_for(0, maps, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> planes(3 * h * w), rows(5 * (w + 2));
    std::vector<int64_t> cellOfColumn(w);
    for (int64_t x = 0; x < w; ++x) cellOfColumn[x] = x / cell;
    std::vector<float> partials(4 * bins * hc * wc);
    float* lo_plane = planes.data();
    float* to_lo_plane = lo_plane + h * w;
    float* to_hi_plane = to_lo_plane + h * w;
    for (int64_t map = begin; map < end; ++map) {
      if (gradient) {
        frame_bin_planes(src + map * h * w, h, w, soft != 0, fspan, per_radian, fbins, lo_plane, to_lo_plane, to_hi_plane, w,
                         rows.data());
      } else {
        const float* gx = src + map * 2 * h * w;
        for (int64_t y = 0; y < h; ++y)
          (soft ? bin_row_soft : bin_row_hard)(gx + y * w, gx + h * w + y * w, w, fspan, per_radian, fbins,
                                               lo_plane + y * w, to_lo_plane + y * w, to_hi_plane + y * w);
      }
      // four partial histograms by column mod 4: the pixels of a cell row often share a bin, and one array would
      // chain each add through the last store to it
      std::fill(partials.begin(), partials.end(), 0.f);
      const int64_t cells = hc * wc;
      for (int64_t y = 0; y < h; ++y) {
        const int64_t rowCells = (y / cell) * wc;
        for (int64_t x = 0; x < w; ++x) {
          const int64_t at = y * w + x, cellIndex = rowCells + cellOfColumn[x];
          float* part = partials.data() + (x & 3) * bins * cells;
          const int lo = static_cast<int>(lo_plane[at]);
          const int hi = lo + 1 == bins ? 0 : lo + 1;
          part[lo * cells + cellIndex] += to_lo_plane[at];
          part[hi * cells + cellIndex] += to_hi_plane[at];
        }
      }
      float* hist = dst + map * bins * cells;
      for (int64_t i = 0; i < bins * cells; ++i)
        hist[i] = (partials[i] + partials[bins * cells + i]) + (partials[2 * bins * cells + i] + partials[3 * bins * cells + i]);
      if (normalize == 1) {
        const float area = static_cast<float>(cell * cell);
        for (int64_t i = 0; i < bins * cells; ++i) hist[i] /= area;
      } else if (normalize == 2) {
        for (int64_t at = 0; at < cells; ++at) {
          float squares = 0.f;
          for (int bin = 0; bin < bins; ++bin) squares += hist[bin * cells + at] * hist[bin * cells + at];
          const float norm = std::max(std::sqrt(squares), 1e-12f);
          for (int bin = 0; bin < bins; ++bin) hist[bin * cells + at] /= norm;
        }
      }
    }
  });
  return kit::wrap(out.reshape({n, gradient ? c : 1, bins, hc, wc}));
  KIT_CATCH(nullptr)
}

// Inverts flow fields (N, 2, H, W) from frame i -> i+1 to i+1 -> i by fixed-point iteration, as FlowOps.Invert:
// b(x) = -f(x + b(x)), starting from b = -f, `iterations` times. Returns (N, 2, H, W).
KIT_API TH kit_invert_flows(TH flows_h, int iterations) {
  KIT_TRY
  const at::Tensor flows = flows_h->contiguous();
  check_float_cpu(flows, "flows");
  TORCH_CHECK(flows.dim() == 4 && flows.size(1) == 2, "flows must be (N, 2, H, W), got ", flows.sizes());
  TORCH_CHECK(iterations >= 0, "iterations must not be negative, got ", iterations);
  const int64_t n = flows.size(0), h = flows.size(2), w = flows.size(3), plane = h * w;
  TORCH_CHECK(plane < (int64_t{1} << 31), "flow frames of ", h, " x ", w, " are too large for 32-bit pixel indices");
  at::Tensor out = at::empty_like(flows);
  const float* src = flows.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  at::parallel_for(0, n, 1, [&](int64_t begin, int64_t end) {
    std::vector<uint64_t> xy(plane);
    for (int64_t field = begin; field < end; ++field) {
      const float* f = src + field * 2 * plane;
      interleave(f, f + plane, plane, xy.data());
      for (int64_t y = 0; y < h; ++y) {
        float* b = dst + field * 2 * plane + y * w;
        invert_row(xy.data(), static_cast<int>(w), static_cast<int>(h), static_cast<int>(y), iterations, b, b + plane);
      }
    }
  });
  return kit::wrap(std::move(out));
  KIT_CATCH(nullptr)
}

// MGMAE's visibility maps for every sampled frame, as MapWarp.Propagate: each clip's initial map (B, H, W) sits at its
// base frame (B) and is carried outward in both directions, frame by frame. After the base, target k+1 comes from
// source k with flow index k; before it, target k-1 from source k with flow index k-1. after_flows and before_flows
// (B, T-1, 2, H, W) are the flows each direction uses (the caller picks them for the warping and the release's
// direction bug). Backward warping (warping 0) samples the source bilinearly at x + flow(x) with zeros outside; a hole
// is a pixel whose sample lies wholly outside the frame. Forward warping (1) splats each source pixel bilinearly at
// x + flow(x) and divides by the splatted weight; a hole is a pixel nothing lands on (weight <= 1e-6). Holes are filled
// (fill) with 0 (invisible), 1 (visible), 1 where uniform (B, T, H, W) < 1 - rho else 0 (random), the source map
// (previous) or the initial map (tube). Returns (B, T, H, W).
KIT_API TH kit_propagate_maps(TH initial_h, TH after_h, TH before_h, TH base_h, int warping, int fill, TH uniform_h,
                              double rho) {
  KIT_TRY
  const at::Tensor initial = initial_h->contiguous();
  const at::Tensor after = after_h->contiguous();
  const at::Tensor before = before_h->contiguous();
  check_float_cpu(initial, "initial");
  check_float_cpu(after, "after_flows");
  check_float_cpu(before, "before_flows");
  TORCH_CHECK(initial.dim() == 3, "initial must be (B, H, W), got ", initial.sizes());
  const int64_t b = initial.size(0), h = initial.size(1), w = initial.size(2), plane = h * w;
  TORCH_CHECK(plane < (int64_t{1} << 31), "maps of ", h, " x ", w, " are too large for 32-bit pixel indices");
  TORCH_CHECK(after.dim() == 5 && after.size(0) == b && after.size(2) == 2 && after.size(3) == h && after.size(4) == w,
              "after_flows must be (", b, ", T-1, 2, ", h, ", ", w, "), got ", after.sizes());
  TORCH_CHECK(before.sizes() == after.sizes(), "before_flows must match after_flows ", after.sizes(), ", got ", before.sizes());
  const int64_t t = after.size(1) + 1;
  TORCH_CHECK(warping == 0 || warping == 1, "warping must be 0 (backward) or 1 (forward), got ", warping);
  TORCH_CHECK(fill >= 0 && fill <= 4, "fill must be 0..4 (invisible, visible, random, previous, tube), got ", fill);
  const at::Tensor bases = base_h->to(at::kLong).contiguous();
  TORCH_CHECK(bases.dim() == 1 && bases.size(0) == b, "base frames must be (", b, "), got ", bases.sizes());
  at::Tensor uniform;
  if (fill == 2) {
    TORCH_CHECK(uniform_h != nullptr, "random hole filling needs uniform draws (B, T, H, W)");
    uniform = uniform_h->contiguous();
    check_float_cpu(uniform, "uniform");
    TORCH_CHECK(uniform.dim() == 4 && uniform.size(0) == b && uniform.size(1) == t && uniform.size(2) == h && uniform.size(3) == w,
                "uniform must be (", b, ", ", t, ", ", h, ", ", w, "), got ", uniform.sizes());
  }
  const int64_t* base = bases.data_ptr<int64_t>();
  for (int64_t i = 0; i < b; ++i) TORCH_CHECK(base[i] >= 0 && base[i] < t, "base frame ", base[i], " is outside the ", t, " frames");
  at::Tensor out = at::zeros({b, t, h, w}, initial.options());
  const float* init = initial.data_ptr<float>();
  const float* fa = after.data_ptr<float>();
  const float* fb = before.data_ptr<float>();
  const float* u = uniform.defined() ? uniform.data_ptr<float>() : nullptr;
  float* maps = out.data_ptr<float>();
  const float keep = static_cast<float>(1 - rho);
  at::parallel_for(0, b, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> acc(plane), weight(plane);
    std::vector<uint8_t> hole(plane);
    for (int64_t clip = begin; clip < end; ++clip) {
      float* clip_maps = maps + clip * t * plane;
      const float* start = init + clip * plane;
      std::copy(start, start + plane, clip_maps + base[clip] * plane);
      auto step = [&](int64_t target, int64_t source, int64_t k, const float* flows) {
        const float* src = clip_maps + source * plane;
        const float* fx = flows + ((clip * (t - 1) + k) * 2) * plane;
        const float* fy = fx + plane;
        float* dst = clip_maps + target * plane;
        if (warping == 0) {
          for (int64_t y = 0; y < h; ++y)
            backward_warp_row(src, fx + y * w, fy + y * w, static_cast<int>(w), static_cast<int>(h), static_cast<int>(y),
                              dst + y * w, hole.data() + y * w);
        } else {
          std::fill(acc.begin(), acc.end(), 0.f);
          std::fill(weight.begin(), weight.end(), 0.f);
          for (int64_t y = 0; y < h; ++y)
            for (int64_t x = 0; x < w; ++x) {
              const int64_t at = y * w + x;
              const float qx = static_cast<float>(x) + fx[at], qy = static_cast<float>(y) + fy[at];
              const float x0f = std::floor(qx), y0f = std::floor(qy);
              for (int corner = 0; corner < 4; ++corner) {
                const float cxf = x0f + (corner & 1), cyf = y0f + (corner >> 1);
                if (cxf < 0 || cxf > static_cast<float>(w - 1) || cyf < 0 || cyf > static_cast<float>(h - 1)) continue;
                const float wgt = (1 - std::fabs(qx - cxf)) * (1 - std::fabs(qy - cyf));
                const int64_t to = static_cast<int64_t>(cyf) * w + static_cast<int64_t>(cxf);
                acc[to] += src[at] * wgt;
                weight[to] += wgt;
              }
            }
          for (int64_t at = 0; at < plane; ++at) {
            hole[at] = weight[at] <= 1e-6f;
            dst[at] = hole[at] ? 0.f : acc[at] / std::max(weight[at], 1e-6f);
          }
        }
        const float* draws = u ? u + (clip * t + target) * plane : nullptr;
        for (int64_t at = 0; at < plane; ++at) {
          if (!hole[at]) continue;
          switch (fill) {
            case 0: dst[at] = 0.f; break;
            case 1: dst[at] = 1.f; break;
            case 2: dst[at] = draws[at] < keep ? 1.f : 0.f; break;
            case 3: dst[at] = src[at]; break;
            default: dst[at] = start[at]; break;
          }
        }
      };
      for (int64_t d = 1; d < t; ++d) {
        const int64_t later = base[clip] + d, earlier = base[clip] - d;
        if (later <= t - 1) step(later, later - 1, later - 1, fa);
        if (earlier >= 0) step(earlier, earlier + 1, earlier, fb);
      }
    }
  });
  return kit::wrap(std::move(out));
  KIT_CATCH(nullptr)
}

// VideoMAE's pixel target in one pass, as PixelTarget.Values: the clip (B, C, T, H, W) (any strides, unit along W) cut
// into t x p x p cubes (tokens time-major: slot, row, column), each cube's values ordered (frame, row, column, channel),
// and with normalize each (cube, channel) set to (x - mean) / (sqrt(unbiased variance) + eps), the variance summed
// over the centred values. gap > 0 cuts MotionMAE's frame differences instead, as PixelTarget.Values of
// FrameDifferenceTarget.Differences: frame f of the clip read as |x[f + gap] - x[f]|, or |x[f] - x[f - gap]| for the
// last gap frames, without building the difference clip. Returns (B, N, t*p*p*C).
KIT_API TH kit_pixel_cubes(TH clip_h, int tubelet, int patch, int normalize, double eps, int gap) {
  KIT_TRY
  at::Tensor clip = *clip_h;
  check_float_cpu(clip, "clip");
  TORCH_CHECK(clip.dim() == 5, "clip must be (B, C, T, H, W), got ", clip.sizes());
  if (clip.stride(4) != 1) clip = clip.contiguous();
  const int64_t b = clip.size(0), c = clip.size(1), t = clip.size(2), h = clip.size(3), w = clip.size(4);
  TORCH_CHECK(tubelet >= 1 && patch >= 1 && t % tubelet == 0 && h % patch == 0 && w % patch == 0,
              "cubes of ", tubelet, " x ", patch, " x ", patch, " must tile the clip's ", t, " x ", h, " x ", w);
  TORCH_CHECK(gap >= 0 && 2 * gap <= t, "the frame difference's gap must be in [0, ", t / 2, "] (half the clip), got ", gap);
  const int64_t slots = t / tubelet, rows = h / patch, cols = w / patch, tokens = slots * rows * cols;
  const int64_t per = static_cast<int64_t>(tubelet) * patch * patch;
  TORCH_CHECK(!normalize || per >= 2, "normalising a cube needs at least 2 values per channel, got ", per);
  at::Tensor out = at::empty({b, tokens, per * c}, clip.options());
  const float* src = clip.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  const int64_t sb = clip.stride(0), sc = clip.stride(1), st = clip.stride(2), sh = clip.stride(3);
  const float feps = static_cast<float>(eps);
  at::parallel_for(0, b * tokens, 8, [&](int64_t begin, int64_t end) {
    std::vector<float> values(per);
    for (int64_t item = begin; item < end; ++item) {
      const int64_t token = item % tokens, clip_index = item / tokens;
      const int64_t slot = token / (rows * cols), row = (token / cols) % rows, col = token % cols;
      float* o = dst + item * per * c;
      for (int64_t ch = 0; ch < c; ++ch) {
        const float* base = src + clip_index * sb + ch * sc + row * patch * sh + col * patch;
        int64_t e = 0;
        for (int f = 0; f < tubelet; ++f) {
          const int64_t frame = slot * tubelet + f;
          if (gap == 0) {
            for (int y = 0; y < patch; ++y) {
              const float* r = base + frame * st + y * sh;
              for (int x = 0; x < patch; ++x) values[e++] = r[x];
            }
          } else {
            const int64_t first = frame + gap < t ? frame : frame - gap;
            for (int y = 0; y < patch; ++y) {
              const float* a = base + first * st + y * sh;
              const float* z = a + gap * st;
              for (int x = 0; x < patch; ++x) values[e++] = std::fabs(z[x] - a[x]);
            }
          }
        }
        if (normalize) {
          float sum = 0.f;
          for (int64_t i = 0; i < per; ++i) sum += values[i];
          const float mean = sum / static_cast<float>(per);
          float squares = 0.f;
          for (int64_t i = 0; i < per; ++i) squares += (values[i] - mean) * (values[i] - mean);
          const float scale = 1.f / (std::sqrt(squares / static_cast<float>(per - 1)) + feps);
          for (int64_t i = 0; i < per; ++i) o[i * c + ch] = (values[i] - mean) * scale;
        } else {
          for (int64_t i = 0; i < per; ++i) o[i * c + ch] = values[i];
        }
      }
    }
  });
  return kit::wrap(std::move(out));
  KIT_CATCH(nullptr)
}

// MME's dense trajectory target packed into its parts, as TrajectoryParts.PackWithTensorOps: displacements
// (B, N, K, L, 2) divided by scale and, with patch_norm, normalised per (token, step, component) over the token's
// in-view trajectories ((x - mean) / (sqrt(unbiased variance) + 1e-6), the count floored at 1 and its less-one at 1);
// each out-of-view trajectory zeroed; ordered (component, step, trajectory). Returns the positions (B, N, 2 L K) (null
// for L = 0). shape_h (B, N, K, L', bins) or null: zeroed the same way, ordered (bin, step, trajectory), through
// shape_out (B, N, bins L' K). in_view_h (B, N, K) bool, or null when every trajectory counts (no out-of-view mask):
// then the validity outputs are null; else token_valid_out (B, N) (any trajectory in view) and the per-value validity
// of each part through position_valid_out and shape_valid_out.
KIT_API TH kit_trajectory_parts(TH displacements_h, TH shape_h, TH in_view_h, double scale, int patch_norm, TH* shape_out,
                                TH* token_valid_out, TH* position_valid_out, TH* shape_valid_out) {
  KIT_TRY
  const at::Tensor disp = displacements_h->contiguous();
  check_float_cpu(disp, "displacements");
  TORCH_CHECK(disp.dim() == 5 && disp.size(4) == 2, "displacements must be (B, N, K, L, 2), got ", disp.sizes());
  TORCH_CHECK(scale > 0, "scale must be positive, got ", scale);
  const int64_t b = disp.size(0), n = disp.size(1), k = disp.size(2), l = disp.size(3), tokens = b * n;
  at::Tensor shape;
  int64_t ls = 0, bins = 0;
  if (shape_h) {
    shape = shape_h->contiguous();
    check_float_cpu(shape, "shape");
    TORCH_CHECK(shape.dim() == 5 && shape.size(0) == b && shape.size(1) == n && shape.size(2) == k,
                "shape must be (", b, ", ", n, ", ", k, ", L', bins), got ", shape.sizes());
    ls = shape.size(3);
    bins = shape.size(4);
  }
  at::Tensor in_view;
  if (in_view_h) {
    in_view = in_view_h->contiguous();
    TORCH_CHECK(in_view.scalar_type() == at::kBool && in_view.dim() == 3 && in_view.size(0) == b && in_view.size(1) == n &&
                    in_view.size(2) == k,
                "in_view must be bool (", b, ", ", n, ", ", k, "), got ", in_view.scalar_type(), " ", in_view.sizes());
  }
  const auto opts = disp.options();
  at::Tensor positions = at::empty({b, n, 2 * l * k}, opts);
  at::Tensor shape_values = shape_h ? at::empty({b, n, bins * ls * k}, opts) : at::Tensor();
  at::Tensor token_valid, position_valid, shape_valid;
  if (in_view_h) {
    token_valid = at::empty({b, n}, opts.dtype(at::kBool));
    position_valid = at::empty({b, n, 2 * l * k}, opts.dtype(at::kBool));
    if (shape_h) shape_valid = at::empty({b, n, bins * ls * k}, opts.dtype(at::kBool));
  }
  const float* d = disp.data_ptr<float>();
  const float* sh = shape_h ? shape.data_ptr<float>() : nullptr;
  const bool* iv = in_view_h ? in_view.data_ptr<bool>() : nullptr;
  float* po = positions.data_ptr<float>();
  float* so = shape_h ? shape_values.data_ptr<float>() : nullptr;
  bool* tv = in_view_h ? token_valid.data_ptr<bool>() : nullptr;
  bool* pv = in_view_h ? position_valid.data_ptr<bool>() : nullptr;
  bool* sv = in_view_h && shape_h ? shape_valid.data_ptr<bool>() : nullptr;
  const float fscale = static_cast<float>(scale);
  at::parallel_for(0, tokens, 16, [&](int64_t begin, int64_t end) {
    std::vector<float> v(k), x(k);
    for (int64_t token = begin; token < end; ++token) {
      float count = 0.f;
      for (int64_t j = 0; j < k; ++j) {
        v[j] = iv ? static_cast<float>(iv[token * k + j]) : 1.f;
        count += v[j];
      }
      if (tv) tv[token] = count > 0.f;
      for (int comp = 0; comp < 2; ++comp)
        for (int64_t step = 0; step < l; ++step) {
          for (int64_t j = 0; j < k; ++j) x[j] = d[((token * k + j) * l + step) * 2 + comp] / fscale;
          if (patch_norm) {
            float sum = 0.f;
            for (int64_t j = 0; j < k; ++j) sum += x[j] * v[j];
            const float mean = sum / std::max(count, 1.f);
            float squares = 0.f;
            for (int64_t j = 0; j < k; ++j) squares += (x[j] - mean) * (x[j] - mean) * v[j];
            const float deviation = std::sqrt(squares / std::max(count - 1.f, 1.f)) + 1e-6f;
            for (int64_t j = 0; j < k; ++j) x[j] = (x[j] - mean) / deviation;
          }
          const int64_t at = token * 2 * l * k + (comp * l + step) * k;
          for (int64_t j = 0; j < k; ++j) {
            po[at + j] = x[j] * v[j];
            if (pv) pv[at + j] = v[j] > 0.f;
          }
        }
      if (so)
        for (int64_t bin = 0; bin < bins; ++bin)
          for (int64_t step = 0; step < ls; ++step) {
            const int64_t at = token * bins * ls * k + (bin * ls + step) * k;
            for (int64_t j = 0; j < k; ++j) {
              so[at + j] = sh[((token * k + j) * ls + step) * bins + bin] * v[j];
              if (sv) sv[at + j] = v[j] > 0.f;
            }
          }
    }
  });
  *shape_out = shape_h ? kit::wrap(std::move(shape_values)) : nullptr;
  *token_valid_out = in_view_h ? kit::wrap(std::move(token_valid)) : nullptr;
  *position_valid_out = in_view_h ? kit::wrap(std::move(position_valid)) : nullptr;
  *shape_valid_out = in_view_h && shape_h ? kit::wrap(std::move(shape_valid)) : nullptr;
  return kit::wrap(std::move(positions));
  KIT_CATCH(nullptr)
}
