// OpenCV link check: the version string and a tiny end-to-end call (Farneback flow on a shifted square), so setup
// and tests prove the video layer's engine is linked and working before the video issue builds on it.
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include <cstring>

#include "common.h"

KIT_API const char* kit_opencv_version() { return CV_VERSION; }

// Mean horizontal flow of a bright square shifted right by `shift` pixels on a 64x64 frame (about `shift`).
KIT_API double kit_opencv_smoke(int shift) {
  KIT_TRY
  cv::Mat a = cv::Mat::zeros(64, 64, CV_8UC1), b = cv::Mat::zeros(64, 64, CV_8UC1);
  cv::rectangle(a, cv::Rect(20, 20, 16, 16), cv::Scalar(255), cv::FILLED);
  cv::rectangle(b, cv::Rect(20 + shift, 20, 16, 16), cv::Scalar(255), cv::FILLED);
  cv::GaussianBlur(a, a, cv::Size(5, 5), 1.5);
  cv::GaussianBlur(b, b, cv::Size(5, 5), 1.5);
  cv::Mat flow;
  cv::calcOpticalFlowFarneback(a, b, flow, 0.5, 3, 15, 3, 5, 1.2, 0);
  cv::Mat mask = cv::Mat::zeros(64, 64, CV_8UC1);
  cv::rectangle(mask, cv::Rect(24, 24, 8, 8), cv::Scalar(1), cv::FILLED);
  return cv::mean(flow, mask)[0];
  KIT_CATCH(-1e9)
}
