// Dense optical flow between video frames (Farneback, DIS, Dual TV-L1) with optional camera-motion compensation as in
// improved dense trajectories (Wang & Schmid 2013): match features between the two frames, fit a homography with
// RANSAC, warp the second frame onto the first and recompute the flow, so what remains is the motion of the scene
// relative to the camera. Flow crosses the ABI as (N, 2, H, W) float32 pixels (dx, dy) from frame i to frame i+s.
#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/optflow.hpp>
#include <opencv2/video/tracking.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "common.h"

namespace {

enum FlowMethod { kFarneback = 0, kDis = 1, kTvl1 = 2 };
enum Feature { kOrb = 0, kAkaze = 1 };

struct CompensationSettings {
  int feature;
  double ransac_threshold;
  int min_inliers;
};

class FlowEngine {
 public:
  explicit FlowEngine(int method) : method_(method) {
    if (method == kDis) dis_ = cv::DISOpticalFlow::create(cv::DISOpticalFlow::PRESET_MEDIUM);
    else if (method == kTvl1) tvl1_ = cv::optflow::DualTVL1OpticalFlow::create();
    else if (method != kFarneback) throw std::runtime_error("unknown flow method " + std::to_string(method) + " (0 farneback, 1 dis, 2 tvl1)");
  }

  cv::Mat compute(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat flow;
    if (method_ == kFarneback) cv::calcOpticalFlowFarneback(a, b, flow, 0.5, 3, 15, 3, 5, 1.2, 0);
    else if (method_ == kDis) dis_->calc(a, b, flow);
    else tvl1_->calc(a, b, flow);
    return flow;
  }

 private:
  int method_;
  cv::Ptr<cv::DISOpticalFlow> dis_;
  cv::Ptr<cv::optflow::DualTVL1OpticalFlow> tvl1_;
};

cv::Mat gray_of(const at::Tensor& frame) {
  // frame: (H, W, 3) uint8 RGB or (H, W) uint8, contiguous, CPU
  if (frame.dim() == 2) return cv::Mat(static_cast<int>(frame.size(0)), static_cast<int>(frame.size(1)), CV_8UC1, frame.data_ptr<uint8_t>()).clone();
  cv::Mat rgb(static_cast<int>(frame.size(0)), static_cast<int>(frame.size(1)), CV_8UC3, frame.data_ptr<uint8_t>());
  cv::Mat gray;
  cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
  return gray;
}

// Point correspondences a -> b from binary feature descriptors (ratio test) and from the plain flow at corners, as
// iDT combines SURF matches with flow matches; RANSAC later rejects those on independently moving objects.
void correspondences(const cv::Mat& a, const cv::Mat& b, const cv::Mat& flow, const CompensationSettings& s,
                     std::vector<cv::Point2f>& pa, std::vector<cv::Point2f>& pb) {
  const int side = std::min(a.rows, a.cols);
  cv::Ptr<cv::Feature2D> detector;
  if (s.feature == kAkaze) {
    detector = cv::AKAZE::create();
  } else if (s.feature == kOrb) {
    // Small frames: shrink the border and patch so keypoints exist at all on 64x64 clips.
    const int patch = std::max(7, std::min(31, side / 4));
    detector = cv::ORB::create(1000, 1.2f, side >= 128 ? 4 : 2, patch, 0, 2, cv::ORB::HARRIS_SCORE, patch, 10);
  } else {
    throw std::runtime_error("unknown feature type " + std::to_string(s.feature) + " (0 orb, 1 akaze)");
  }
  std::vector<cv::KeyPoint> ka, kb;
  cv::Mat da, db;
  detector->detectAndCompute(a, cv::noArray(), ka, da);
  detector->detectAndCompute(b, cv::noArray(), kb, db);
  if (!da.empty() && !db.empty() && ka.size() >= 2 && kb.size() >= 2) {
    cv::BFMatcher matcher(cv::NORM_HAMMING);
    std::vector<std::vector<cv::DMatch>> knn;
    matcher.knnMatch(da, db, knn, 2);
    for (const auto& m : knn) {
      if (m.size() < 2 || m[0].distance >= 0.75f * m[1].distance) continue;
      pa.push_back(ka[m[0].queryIdx].pt);
      pb.push_back(kb[m[0].trainIdx].pt);
    }
  }
  std::vector<cv::Point2f> corners;
  cv::goodFeaturesToTrack(a, corners, 200, 0.001, std::max(3.0, side / 32.0));
  for (const auto& p : corners) {
    const auto& f = flow.at<cv::Vec2f>(cvRound(p.y), cvRound(p.x));
    pa.push_back(p);
    pb.push_back(cv::Point2f(p.x + f[0], p.y + f[1]));
  }
}

// Flow a -> b with the camera's motion removed; *inliers = RANSAC inlier count, or -1 when too few matches were found
// and the plain flow is returned unchanged.
cv::Mat compensated(FlowEngine& engine, const cv::Mat& a, const cv::Mat& b, const cv::Mat& plain, const CompensationSettings& s,
                    int64_t* inliers) {
  std::vector<cv::Point2f> pa, pb;
  correspondences(a, b, plain, s, pa, pb);
  *inliers = -1;
  if (static_cast<int>(pa.size()) < std::max(4, s.min_inliers)) return plain;
  std::vector<unsigned char> mask;
  cv::Mat h = cv::findHomography(pa, pb, cv::RANSAC, s.ransac_threshold, mask, 2000, 0.995);
  if (h.empty()) return plain;
  const int count = cv::countNonZero(mask);
  if (count < s.min_inliers) return plain;
  *inliers = count;
  // h maps points of a to points of b; sampling b at h(x) puts b in a's coordinates.
  cv::Mat warped;
  cv::warpPerspective(b, warped, h, b.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
  return engine.compute(a, warped);
}

}  // namespace

// frames: (T, H, W, 3) uint8 RGB (or (T, H, W) grey). Returns (T - stride, 2, H, W) float32: flow from frame i to
// frame i + stride, clamped to [-bound, bound] when bound > 0. With compensate != 0, *inliers_out receives a
// (T - stride) int64 tensor of RANSAC inlier counts (-1 = fell back to plain flow for that pair).
KIT_API TH kit_flow(TH frames, int method, int stride, double bound, int compensate, int feature, double ransac_threshold,
                    int min_inliers, TH* inliers_out) {
  KIT_TRY
  auto f = frames->contiguous().cpu();
  if ((f.dim() != 4 || f.size(3) != 3) && f.dim() != 3)
    throw std::runtime_error("flow: frames must be (T, H, W, 3) or (T, H, W) uint8");
  if (f.scalar_type() != at::kByte) throw std::runtime_error("flow: frames must be uint8, got " + std::string(c10::toString(f.scalar_type())));
  if (stride < 1) throw std::runtime_error("flow: stride must be at least 1, got " + std::to_string(stride));
  const int64_t t = f.size(0), h = f.size(1), w = f.size(2);
  if (t <= stride) throw std::runtime_error("flow: need more than stride=" + std::to_string(stride) + " frames, got " + std::to_string(t));
  FlowEngine engine(method);
  CompensationSettings settings{feature, ransac_threshold, min_inliers};
  std::vector<cv::Mat> grey(static_cast<size_t>(t));
  for (int64_t i = 0; i < t; ++i) grey[static_cast<size_t>(i)] = gray_of(f[i]);
  auto out = at::empty({t - stride, 2, h, w}, at::kFloat);
  auto inl = at::full({t - stride}, -1, at::kLong);
  auto inl_p = inl.data_ptr<int64_t>();
  for (int64_t i = 0; i + stride < t; ++i) {
    const auto& a = grey[static_cast<size_t>(i)];
    const auto& b = grey[static_cast<size_t>(i + stride)];
    cv::Mat flow = engine.compute(a, b);
    if (compensate) flow = compensated(engine, a, b, flow, settings, &inl_p[i]);
    std::vector<cv::Mat> parts(2);
    cv::split(flow, parts);
    for (int c = 0; c < 2; ++c) {
      cv::Mat dst(static_cast<int>(h), static_cast<int>(w), CV_32FC1, out[i][c].data_ptr<float>());
      cv::Mat part = parts[static_cast<size_t>(c)];
      if (bound > 0) {
        cv::Mat lower = cv::max(part, -bound);
        cv::Mat clamped = cv::min(lower, bound);
        clamped.copyTo(dst);
      } else {
        part.copyTo(dst);
      }
    }
  }
  if (inliers_out) *inliers_out = kit::wrap(inl);
  return kit::wrap(out);
  KIT_CATCH(nullptr)
}
