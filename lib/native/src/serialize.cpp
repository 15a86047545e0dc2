// Tensor archives in the format of Python's torch.save (a pickled dict in a zip file): {name: tensor, ...} plus an
// optional "__meta__" string entry holding JSON. Python reads them with torch.load(path); the kit with
// kit_archive_load. Bytes go through memory so the C# side can write files atomically (temp file + rename).
#include <torch/csrc/jit/serialization/pickle.h>

#include <cstdlib>
#include <cstring>

#include "common.h"

namespace {
struct Archive {
  std::vector<std::string> names;
  std::vector<at::Tensor> tensors;
  std::string meta;
};
}  // namespace

KIT_API int kit_archive_save(const char* const* names, const TH* tensors, int n, const char* meta, char** out,
                             int64_t* out_len) {
  KIT_TRY
  c10::impl::GenericDict dict(c10::StringType::get(), c10::AnyType::get());
  for (int i = 0; i < n; ++i) {
    // Save a CPU, contiguous, autograd-free copy so the file is device-neutral.
    dict.insert(std::string(names[i]), tensors[i]->detach().to(at::kCPU).contiguous());
  }
  if (meta) dict.insert(std::string("__meta__"), std::string(meta));
  std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(dict));
  *out = static_cast<char*>(std::malloc(bytes.size()));
  TORCH_CHECK(*out != nullptr, "out of memory writing a ", bytes.size(), "-byte archive");
  std::memcpy(*out, bytes.data(), bytes.size());
  *out_len = static_cast<int64_t>(bytes.size());
  return 0;
  KIT_CATCH(-1)
}

KIT_API void kit_buffer_free(char* p) { std::free(p); }

KIT_API void* kit_archive_load(const char* data, int64_t len) {
  KIT_TRY
  std::vector<char> bytes(data, data + len);
  c10::IValue v = torch::jit::pickle_load(bytes);
  TORCH_CHECK(v.isGenericDict(), "archive does not hold a dictionary of tensors (found ", v.tagKind(), ")");
  auto* a = new Archive();
  for (const auto& item : v.toGenericDict()) {
    TORCH_CHECK(item.key().isString(), "archive keys must be strings");
    const std::string& key = item.key().toStringRef();
    if (key == "__meta__" && item.value().isString()) {
      a->meta = item.value().toStringRef();
    } else if (item.value().isTensor()) {
      a->names.push_back(key);
      a->tensors.push_back(item.value().toTensor());
    } else {
      delete a;
      TORCH_CHECK(false, "archive entry '", key, "' is not a tensor");
    }
  }
  return a;
  KIT_CATCH(nullptr)
}

KIT_API int kit_archive_count(void* a) { return static_cast<int>(static_cast<Archive*>(a)->names.size()); }
KIT_API const char* kit_archive_name(void* a, int i) { return static_cast<Archive*>(a)->names[static_cast<size_t>(i)].c_str(); }
KIT_API TH kit_archive_tensor(void* a, int i) { return kit::wrap(static_cast<Archive*>(a)->tensors[static_cast<size_t>(i)]); }
KIT_API const char* kit_archive_meta(void* a) { return static_cast<Archive*>(a)->meta.c_str(); }
KIT_API void kit_archive_free(void* a) { delete static_cast<Archive*>(a); }
