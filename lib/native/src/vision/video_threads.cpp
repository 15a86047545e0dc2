// OpenCV's own worker threads (used inside flow, resize, colour conversion). Loaders that already run one video per
// thread are faster with OpenCV single-threaded: nested thread pools on few cores mostly wait on each other.
#include <opencv2/core/utility.hpp>

#include "common.h"

KIT_API int kit_cv_get_num_threads() { return cv::getNumThreads(); }

KIT_API int kit_cv_set_num_threads(int n) {
  KIT_TRY
  cv::setNumThreads(n);
  return 0;
  KIT_CATCH(-1)
}
