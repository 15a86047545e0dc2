// CPU kernels for MME's trajectory target where its tensor-op form is dominated by passes over memory and per-op
// dispatch: a few thousand points per batch each read a small window, and ATen has no fused op for that. Each kernel
// computes exactly what a tensor-op function in lib/Kit/Targets does (named below); that function stays the path on
// every other device (a GPU) and the tests check the two agree. Debian's libtorch has no CPU fuser (LLVM is off:
// torch._C._llvm_enabled() is False), which is why these exist by hand.
//   kit_sobel_bin_planes      = Hog.PixelBinPlanes(Hog.Sobel(images))          (Hog.cs)
//   kit_box_histogram_points  = PointBoxSampler.SampleBinnedPlanes(...)         (PointBoxSampler.cs)
//   kit_median3x3_points      = FlowOps.SampleMedian3x3(...)                    (FlowOps.cs)
// All take float32 CPU tensors and return float32 CPU tensors.
#include "common.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace {

constexpr float kPi = 3.14159265358979323846f;

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

void check_float_cpu(const at::Tensor& t, const char* name) {
  TORCH_CHECK(t.device().is_cpu(), name, " must be on the CPU, got ", t.device());
  TORCH_CHECK(t.scalar_type() == at::kFloat, name, " must be float32, got ", t.scalar_type());
}

}  // namespace

// images (M, H, W): per pixel the Sobel gradient (reflect padding, gx = [1,0,-1] across of [1,2,1] down, gy the
// transpose), its magnitude and orientation bin position in [0, bins] (over 180 degrees, or 360 when is_signed), and
// the three planes of Hog.PixelBinPlanes: lo bin, the magnitude placed in lo, the magnitude placed in lo + 1 (soft:
// split linearly between the two nearest bin centres; hard: all in lo). Returns (3, margin + M*H*W + margin), zero
// margins.
KIT_API TH kit_sobel_bin_planes(TH images, int bins, int is_signed, int soft, int64_t margin) {
  KIT_TRY
  const at::Tensor& in = *images;
  check_float_cpu(in, "images");
  TORCH_CHECK(in.dim() == 3, "images must be (M, H, W), got ", in.sizes());
  TORCH_CHECK(bins >= 2, "bins must be at least 2, got ", bins);
  TORCH_CHECK(margin >= 0, "margin must not be negative, got ", margin);
  const int64_t m = in.size(0), h = in.size(1), w = in.size(2);
  TORCH_CHECK(h >= 2 && w >= 2, "reflect padding needs frames of at least 2 x 2, got ", h, " x ", w);
  const at::Tensor x = in.contiguous();
  const int64_t pixels = m * h * w;
  at::Tensor out = at::empty({3, margin + pixels + margin}, in.options());
  if (margin > 0) {
    out.narrow(1, 0, margin).zero_();
    out.narrow(1, margin + pixels, margin).zero_();
  }
  const float* src = x.data_ptr<float>();
  float* lo_plane = out.data_ptr<float>() + margin;
  float* to_lo_plane = lo_plane + pixels + 2 * margin;
  float* to_hi_plane = to_lo_plane + pixels + 2 * margin;
  const double span = is_signed ? 2 * M_PI : M_PI;
  const float fspan = static_cast<float>(span);
  const float per_radian = static_cast<float>(bins / span);
  const float fbins = static_cast<float>(bins);
  at::parallel_for(0, m * h, 16, [&](int64_t begin, int64_t end) {
    std::vector<float> buffers(5 * (w + 2));
    float* down = buffers.data();           // [1, 2, 1] down the rows at this row, columns -1 .. w (reflected)
    float* across_up = down + (w + 2);      // [1, 2, 1] across the row above (reflected)
    float* across_down = across_up + (w + 2);
    float* gx = across_down + (w + 2);
    float* gy = gx + (w + 2);
    for (int64_t row = begin; row < end; ++row) {
      const int64_t frame = row / h, y = row % h;
      const float* base = src + frame * h * w;
      const float* up = base + reflect(y - 1, h) * w;
      const float* mid = base + y * w;
      const float* dn = base + reflect(y + 1, h) * w;
      for (int64_t i = 0; i < w; ++i) down[i + 1] = (mid[i] * 2.f + up[i]) + dn[i];
      down[0] = down[2];
      down[w + 1] = down[w - 1];
      for (int64_t i = 0; i < w; ++i) gx[i] = down[i] - down[i + 2];
      auto across = [&](const float* r, float* o) {
        for (int64_t i = 1; i < w - 1; ++i) o[i] = (r[i] * 2.f + r[i - 1]) + r[i + 1];
        o[0] = (r[0] * 2.f + r[1]) + r[1];
        o[w - 1] = (r[w - 1] * 2.f + r[w - 2]) + r[w - 2];
      };
      across(up, across_up);
      across(dn, across_down);
      const int64_t at0 = row * w;
      for (int64_t i = 0; i < w; ++i) gy[i] = across_up[i] - across_down[i];
      (soft ? bin_row_soft : bin_row_hard)(gx, gy, w, fspan, per_radian, fbins, lo_plane + at0, to_lo_plane + at0,
                                           to_hi_plane + at0);
    }
  });
  return kit::wrap(std::move(out));
  KIT_CATCH(nullptr)
}

// The bilinear blend, at each point, of the k x k box means (box o covers o - pad .. o - pad + k - 1, divided by its
// in-frame length) of per-pixel histograms given as the planes of kit_sobel_bin_planes (margin `margin`): for each
// point of positions (N, P, 2) (x, y in the box map's coordinates, clamped to it) reading frame frames (N, P) (or 0)
// of clip n, whose frames lie back to back. Returns (N, bins, P).
KIT_API TH kit_box_histogram_points(TH planes_h, int64_t n, int bins, int64_t height, int64_t width, int k, int pad,
                                    int64_t margin, TH positions_h, TH frames_h) {
  KIT_TRY
  const at::Tensor& planes = *planes_h;
  const at::Tensor& positions = *positions_h;
  check_float_cpu(planes, "planes");
  check_float_cpu(positions, "positions");
  TORCH_CHECK(planes.dim() == 2 && planes.size(0) == 3, "planes must be (3, margin + pixels + margin), got ", planes.sizes());
  TORCH_CHECK(positions.dim() == 3 && positions.size(0) == n && positions.size(2) == 2, "positions must be (", n, ", P, 2), got ", positions.sizes());
  TORCH_CHECK(bins >= 2 && k >= 1 && pad >= 0 && height >= 1 && width >= 1, "bad histogram geometry");
  const int64_t p = positions.size(1);
  const int64_t pixels = planes.size(1) - 2 * margin;
  TORCH_CHECK(pixels >= 0 && pixels % n == 0, "planes hold ", pixels, " pixels, not a multiple of ", n, " clips");
  const int64_t rows = pixels / n;
  at::Tensor frames;
  if (frames_h != nullptr) {
    frames = frames_h->to(at::kLong).contiguous();
    TORCH_CHECK(frames.dim() == 2 && frames.size(0) == n && frames.size(1) == p, "frames must be (", n, ", ", p, "), got ", frames.sizes());
  }
  const int64_t per_clip = rows / (height * width);
  TORCH_CHECK(per_clip * height * width == rows, "planes hold ", rows, " pixels per clip, not whole ", height, " x ", width, " frames");
  std::atomic<bool> bad{false};
  std::atomic<int64_t> bad_frame{0};
  const at::Tensor pc = positions.contiguous();
  const at::Tensor pl = planes.contiguous();
  at::Tensor out = at::empty({n, p, bins}, planes.options());
  const float* pos = pc.data_ptr<float>();
  const int64_t* fr = frames.defined() ? frames.data_ptr<int64_t>() : nullptr;
  const int64_t stride = pl.size(1);
  const float* lo_plane = pl.data_ptr<float>() + margin;
  const float* to_lo_plane = lo_plane + stride;
  const float* to_hi_plane = to_lo_plane + stride;
  float* dst = out.data_ptr<float>();
  const float oh = static_cast<float>(height + 2 * pad - k + 1), ow = static_cast<float>(width + 2 * pad - k + 1);
  at::parallel_for(0, n * p, 64, [&](int64_t begin, int64_t end) {
    std::vector<float> wx(k + 1), wy(k + 1), hist(bins + 1);
    // weights of block pixels start .. start + k along one axis (0 outside the frame); returns start
    auto axis = [&](float q, float limit, int64_t size, std::vector<float>& wts) {
      q = std::min(std::max(q, 0.f), limit - 1.f);
      const float o0 = std::floor(q);
      const float a = q - o0;
      const int64_t start = static_cast<int64_t>(o0) - pad;
      auto clampi = [&](int64_t v) { return std::min(std::max(v, int64_t{0}), size); };
      const float count0 = static_cast<float>(std::max<int64_t>(clampi(start + k) - clampi(start), 1));
      const float count1 = static_cast<float>(std::max<int64_t>(clampi(start + 1 + k) - clampi(start + 1), 1));
      for (int s = 0; s <= k; ++s) {
        const int64_t c = start + s;
        const float first = s <= k - 1 ? (1.f - a) / count0 : 0.f;
        const float second = s >= 1 ? a / count1 : 0.f;
        wts[s] = (c >= 0 && c < size) ? first + second : 0.f;
      }
      return start;
    };
    for (int64_t idx = begin; idx < end; ++idx) {
      const int64_t clip = idx / p;
      const int64_t sx = axis(pos[2 * idx], ow, width, wx);
      const int64_t sy = axis(pos[2 * idx + 1], oh, height, wy);
      const int64_t frame = fr ? fr[idx] : 0;
      if (frame < 0 || frame >= per_clip) {
        bad_frame.store(frame);
        bad.store(true);
        continue;
      }
      const int64_t base = clip * rows + frame * height * width;
      std::fill(hist.begin(), hist.end(), 0.f);
      for (int r = 0; r <= k; ++r) {
        const int64_t y = sy + r;
        if (wy[r] == 0.f) continue;
        const int64_t row = base + y * width;
        for (int c = 0; c <= k; ++c) {
          const int64_t x = sx + c;
          if (wx[c] == 0.f) continue;
          const float weight = wy[r] * wx[c];
          const int64_t at = row + x;
          const int lo = static_cast<int>(lo_plane[at]);
          hist[lo] += to_lo_plane[at] * weight;
          hist[lo + 1] += to_hi_plane[at] * weight;
        }
      }
      hist[0] += hist[bins];
      std::copy(hist.begin(), hist.begin() + bins, dst + idx * bins);
    }
  });
  TORCH_CHECK(!bad.load(), "frames must index the ", per_clip, " frames of each clip, got ", bad_frame.load());
  return kit::wrap(out.permute({0, 2, 1}).contiguous());
  KIT_CATCH(nullptr)
}

// The 3x3-median-filtered field (replicate padding) sampled bilinearly (border clamp) at positions (N, P, 2) (x, y in
// pixels): the median is taken only at the four pixels around each point. field (N, C, H, W); returns (N, C, P).
KIT_API TH kit_median3x3_points(TH field_h, TH positions_h) {
  KIT_TRY
  const at::Tensor& field = *field_h;
  const at::Tensor& positions = *positions_h;
  check_float_cpu(field, "field");
  check_float_cpu(positions, "positions");
  TORCH_CHECK(field.dim() == 4, "field must be (N, C, H, W), got ", field.sizes());
  const int64_t n = field.size(0), c = field.size(1), h = field.size(2), w = field.size(3);
  TORCH_CHECK(positions.dim() == 3 && positions.size(0) == n && positions.size(2) == 2, "positions must be (", n, ", P, 2), got ", positions.sizes());
  const int64_t p = positions.size(1);
  const at::Tensor fc = field.contiguous();
  const at::Tensor pc = positions.contiguous();
  at::Tensor out = at::empty({n, c, p}, field.options());
  const float* src = fc.data_ptr<float>();
  const float* pos = pc.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  at::parallel_for(0, n * p, 64, [&](int64_t begin, int64_t end) {
    for (int64_t idx = begin; idx < end; ++idx) {
      const int64_t clip = idx / p, point = idx % p;
      const float px = std::min(std::max(pos[2 * idx], 0.f), static_cast<float>(w - 1));
      const float py = std::min(std::max(pos[2 * idx + 1], 0.f), static_cast<float>(h - 1));
      const float fx = std::floor(px), fy = std::floor(py);
      const float ax = px - fx, ay = py - fy;
      const int64_t x0 = static_cast<int64_t>(fx), y0 = static_cast<int64_t>(fy);
      // the four windows (corners (x0, y0), (x0+1, y0), (x0, y0+1), (x0+1, y0+1)) lie in the 4 x 4 block from
      // (x0 - 1, y0 - 1), replicate-clamped; a corner outside the frame has weight 0
      int64_t xs[4], ys[4];
      for (int j = 0; j < 4; ++j) {
        xs[j] = std::min(std::max(x0 - 1 + j, int64_t{0}), w - 1);
        ys[j] = std::min(std::max(y0 - 1 + j, int64_t{0}), h - 1);
      }
      const float weights[4] = {(1 - ax) * (1 - ay), ax * (1 - ay), (1 - ax) * ay, ax * ay};
      for (int64_t ch = 0; ch < c; ++ch) {
        const float* plane = src + (clip * c + ch) * h * w;
        float v[4][4];
        for (int r = 0; r < 4; ++r)
          for (int j = 0; j < 4; ++j) v[r][j] = plane[ys[r] * w + xs[j]];
        // the median of a 3 x 3 window is med3(max of its column minima, med3 of its column medians, min of its column
        // maxima); columns sorted once per pair of windows that share them
        float lo[2][4], md[2][4], hi[2][4];
        for (int top = 0; top < 2; ++top)
          for (int j = 0; j < 4; ++j) {
            const float a = v[top][j], b = v[top + 1][j], d = v[top + 2][j];
            const float mn = std::min(a, b), mx = std::max(a, b);
            lo[top][j] = std::min(mn, d);
            hi[top][j] = std::max(mx, d);
            md[top][j] = std::max(mn, std::min(mx, d));
          }
        float sum = 0.f;
        for (int corner = 0; corner < 4; ++corner) {
          const int left = corner & 1, top = corner >> 1;
          const float maxlo = std::max(std::max(lo[top][left], lo[top][left + 1]), lo[top][left + 2]);
          const float medmd = med3(md[top][left], md[top][left + 1], md[top][left + 2]);
          const float minhi = std::min(std::min(hi[top][left], hi[top][left + 1]), hi[top][left + 2]);
          sum += med3(maxlo, medmd, minhi) * weights[corner];
        }
        dst[(clip * c + ch) * p + point] = sum;
      }
    }
  });
  return kit::wrap(std::move(out));
  KIT_CATCH(nullptr)
}
