// Video decoding and encoding through OpenCV's FFmpeg backend. Frames cross the ABI as uint8 tensors (T, H, W, 3) in
// RGB order. Every failure names the file, so a bad video in a dataset of thousands can be found.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common.h"

namespace {

cv::VideoCapture open_capture(const char* path) {
  cv::VideoCapture cap;
  if (!cap.open(path, cv::CAP_FFMPEG))
    throw std::runtime_error(std::string("cannot open video '") + path + "' (missing, unreadable or not a video FFmpeg can decode)");
  return cap;
}

at::Tensor to_rgb_tensor(const cv::Mat& bgr) {
  cv::Mat rgb;
  if (bgr.channels() == 3) cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  else if (bgr.channels() == 1) cv::cvtColor(bgr, rgb, cv::COLOR_GRAY2RGB);
  else if (bgr.channels() == 4) cv::cvtColor(bgr, rgb, cv::COLOR_BGRA2RGB);
  else throw std::runtime_error("unsupported channel count " + std::to_string(bgr.channels()));
  if (rgb.depth() != CV_8U) throw std::runtime_error("decoded frames are not 8-bit");
  return at::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, at::kByte).clone();
}

}  // namespace

// Frame count, height, width (out[0..2]) and frames per second (*fps). exact != 0 counts frames by decoding the whole
// stream (the container's count can be wrong, e.g. tree.avi claims 444 frames and holds 68); exact == 0 trusts it.
KIT_API int kit_video_info(const char* path, int exact, int64_t* out, double* fps) {
  KIT_TRY
  auto cap = open_capture(path);
  out[1] = static_cast<int64_t>(cap.get(cv::CAP_PROP_FRAME_HEIGHT));
  out[2] = static_cast<int64_t>(cap.get(cv::CAP_PROP_FRAME_WIDTH));
  *fps = cap.get(cv::CAP_PROP_FPS);
  if (exact) {
    int64_t n = 0;
    while (cap.grab()) ++n;
    out[0] = n;
  } else {
    out[0] = static_cast<int64_t>(cap.get(cv::CAP_PROP_FRAME_COUNT));
  }
  if (out[1] <= 0 || out[2] <= 0) throw std::runtime_error(std::string("video '") + path + "' has no decodable video stream");
  if (exact && out[0] == 0) throw std::runtime_error(std::string("video '") + path + "' contains no decodable frames");
  return 0;
  KIT_CATCH(-1)
}

// Decodes the frames at `indices` (any order, repeats allowed) into (n, H, W, 3) uint8 RGB. Only the span up to the
// last requested frame is decoded; frames before the first requested one are skipped with grab() (no colour
// conversion) or, when the first index is far in, by seeking — FFmpeg seeks to the preceding key frame and decodes
// forward, so the position is exact for every container OpenCV reports as seekable; it is verified and the reader
// falls back to decoding from the start when the reported position disagrees.
KIT_API TH kit_video_read(const char* path, const int64_t* indices, int n) {
  KIT_TRY
  if (n <= 0) throw std::runtime_error(std::string("video '") + path + "': no frame indices requested");
  std::vector<int64_t> wanted(indices, indices + n);
  for (auto i : wanted)
    if (i < 0) throw std::runtime_error(std::string("video '") + path + "': negative frame index " + std::to_string(i));
  std::vector<int64_t> sorted = wanted;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());

  auto cap = open_capture(path);
  int64_t pos = 0;
  const int64_t seek_threshold = 48;
  if (sorted.front() >= seek_threshold) {
    if (cap.set(cv::CAP_PROP_POS_FRAMES, static_cast<double>(sorted.front())) &&
        static_cast<int64_t>(cap.get(cv::CAP_PROP_POS_FRAMES)) == sorted.front()) {
      pos = sorted.front();
    } else {
      cap.release();
      cap = open_capture(path);
    }
  }
  std::map<int64_t, at::Tensor> decoded;
  cv::Mat frame;
  for (auto target : sorted) {
    while (pos < target) {
      if (!cap.grab())
        throw std::runtime_error(std::string("video '") + path + "': frame " + std::to_string(target) +
                                 " requested but the stream ends after " + std::to_string(pos) + " frames");
      ++pos;
    }
    if (!cap.read(frame) || frame.empty())
      throw std::runtime_error(std::string("video '") + path + "': frame " + std::to_string(target) +
                               " could not be decoded (the stream ends or is corrupt after " + std::to_string(pos) + " frames)");
    ++pos;
    decoded[target] = to_rgb_tensor(frame);
  }
  std::vector<at::Tensor> out;
  out.reserve(wanted.size());
  for (auto i : wanted) out.push_back(decoded.at(i));
  return kit::wrap(at::stack(out));
  KIT_CATCH(nullptr)
}

// Writes (T, H, W, 3) uint8 RGB frames losslessly (FFV1 in AVI). The AVI muxer writes no timestamps or random ids, so
// the same frames give the same bytes — the synthetic dataset's determinism depends on it.
KIT_API int kit_video_write(const char* path, TH frames, double fps) {
  KIT_TRY
  auto f = frames->contiguous();
  if (f.dim() != 4 || f.size(3) != 3 || f.scalar_type() != at::kByte)
    throw std::runtime_error(std::string("video '") + path + "': frames must be (T, H, W, 3) uint8, got " + std::to_string(f.dim()) + "-d " +
                             std::string(c10::toString(f.scalar_type())));
  f = f.cpu();
  const int h = static_cast<int>(f.size(1)), w = static_cast<int>(f.size(2));
  cv::VideoWriter writer(path, cv::CAP_FFMPEG, cv::VideoWriter::fourcc('F', 'F', 'V', '1'), fps, cv::Size(w, h), true);
  if (!writer.isOpened()) throw std::runtime_error(std::string("cannot create video '") + path + "' (FFV1/AVI writer did not open)");
  cv::Mat bgr;
  for (int64_t t = 0; t < f.size(0); ++t) {
    auto ft = f[t];
    cv::Mat rgb(h, w, CV_8UC3, ft.data_ptr<uint8_t>());
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    writer.write(bgr);
  }
  writer.release();
  return 0;
  KIT_CATCH(-1)
}
