// Data-parallel training over processes on libtorch's c10d: a TCPStore rendezvous (rank 0 hosts it), then a Gloo
// (CPU tensors) or NCCL (CUDA tensors, in libtorch builds that have it) process group, used for bucketed gradient
// all-reduce, parameter broadcast and barriers. The C# side (Kit.Training.Distributed) owns the handle.
#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>

#include "common.h"

// Gloo needs its own headers (Debian: libgloo-dev, which libtorch-dev does not pull in); CMake defines
// KIT_NO_GLOO_HEADERS when they are missing, and the build then has no Gloo backend rather than failing.
#if defined(USE_C10D_GLOO) && !defined(KIT_NO_GLOO_HEADERS)
#define KIT_GLOO 1
#endif

#ifdef USE_DISTRIBUTED
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#ifdef KIT_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace {
// The collectives the kit needs, bound to whichever backend was created (their classes differ between backends and
// between libtorch 1.13, where they derive from ProcessGroup, and 2.x, where they derive from Backend).
struct Group {
  int rank = 0;
  int world = 1;
  std::string backend;
  std::function<void(std::vector<std::vector<at::Tensor>>&)> allreduce_sum;  // one collective per inner vector, all in flight
  std::function<void(std::vector<at::Tensor>&, int)> broadcast;
  std::function<void()> barrier;
#ifdef USE_DISTRIBUTED
  c10::intrusive_ptr<c10d::Store> store;
#endif
};

#if defined(KIT_GLOO) || defined(USE_C10D_NCCL)
template <typename PG>
void bind(Group& g, const c10::intrusive_ptr<PG>& pg) {
  g.allreduce_sum = [pg](std::vector<std::vector<at::Tensor>>& buckets) {
    std::vector<c10::intrusive_ptr<c10d::Work>> pending;
    for (auto& b : buckets) pending.push_back(pg->allreduce(b));
    for (auto& w : pending) w->wait();
  };
  g.broadcast = [pg](std::vector<at::Tensor>& ts, int root) {
    c10d::BroadcastOptions o;
    o.rootRank = root;
    std::vector<c10::intrusive_ptr<c10d::Work>> pending;
    for (auto& t : ts) {
      std::vector<at::Tensor> one{t};
      pending.push_back(pg->broadcast(one, o));
    }
    for (auto& w : pending) w->wait();
  };
  g.barrier = [pg]() { pg->barrier()->wait(); };
}
#endif
}  // namespace

// Which backends this build can create: bit 0 Gloo, bit 1 NCCL.
KIT_API int kit_dist_backends() {
  int b = 0;
#ifdef KIT_GLOO
  b |= 1;
#endif
#ifdef USE_C10D_NCCL
  b |= 2;
#endif
  return b;
}

// Joins a process group: every rank connects to the TCPStore at master_addr:master_port (rank 0 serves it) and waits
// up to timeout_ms for all world_size ranks. backend: "gloo" or "nccl". Returns an opaque handle or null.
KIT_API void* kit_dist_init(const char* master_addr, int master_port, int rank, int world_size, const char* backend,
                            int64_t timeout_ms) {
  KIT_TRY
  TORCH_CHECK(world_size >= 1 && rank >= 0 && rank < world_size, "distributed: rank ", rank, " is outside world size ",
              world_size);
  TORCH_CHECK(master_port > 0 && master_port < 65536, "distributed: MASTER_PORT ", master_port, " is not a TCP port");
  std::string which(backend);
#ifdef USE_DISTRIBUTED
  auto timeout = std::chrono::milliseconds(timeout_ms);
  c10d::TCPStoreOptions so;
  so.port = static_cast<std::uint16_t>(master_port);
  so.isServer = rank == 0;
  so.numWorkers = static_cast<std::size_t>(world_size);
  so.waitWorkers = true;
  so.timeout = timeout;
  auto g = std::make_unique<Group>();
  g->rank = rank;
  g->world = world_size;
  g->backend = which;
  g->store = c10::make_intrusive<c10d::TCPStore>(std::string(master_addr), so);
  if (which == "gloo") {
#ifdef KIT_GLOO
    auto o = c10d::ProcessGroupGloo::Options::create(timeout);
    // GLOO_SOCKET_IFNAME picks the network interface (as in PyTorch); otherwise the address the host name resolves to.
    const char* ifname = std::getenv("GLOO_SOCKET_IFNAME");
    o->devices.push_back(ifname && *ifname ? c10d::ProcessGroupGloo::createDeviceForInterface(ifname)
                                           : c10d::ProcessGroupGloo::createDefaultDevice());
    o->threads = 2;
    bind(*g, c10::make_intrusive<c10d::ProcessGroupGloo>(g->store, rank, world_size, o));
#else
    TORCH_CHECK(false, "distributed: this build has no Gloo backend (its headers were missing when the kit was built: "
                "install libgloo-dev, or a libtorch that ships them, and rebuild)");
#endif
  } else if (which == "nccl") {
#ifdef USE_C10D_NCCL
    auto o = c10d::ProcessGroupNCCL::Options::create();
    bind(*g, c10::make_intrusive<c10d::ProcessGroupNCCL>(g->store, rank, world_size, o));
#else
    TORCH_CHECK(false, "distributed: this libtorch was built without NCCL; use backend gloo");
#endif
  } else {
    TORCH_CHECK(false, "distributed: unknown backend '", which, "' (gloo or nccl)");
  }
  return g.release();
#else
  TORCH_CHECK(false, "distributed: this libtorch was built without distributed support (USE_DISTRIBUTED); "
              "data-parallel training needs a libtorch with c10d");
  return nullptr;
#endif
  KIT_CATCH(nullptr)
}

KIT_API void kit_dist_free(void* group) { delete static_cast<Group*>(group); }

// Sums the tensors across ranks and divides by the world size, in place: tensors are packed into buckets of at most
// bucket_bytes (per dtype and device, in the order given), every bucket's all-reduce is put in flight before waiting
// on any, and the averaged values are copied back.
KIT_API int kit_dist_allreduce_mean_(void* group, const TH* tensors, int n, int64_t bucket_bytes) {
  KIT_TRY
  at::NoGradGuard ng;
  auto* g = static_cast<Group*>(group);
  if (n == 0) return 0;
  std::vector<std::vector<int>> members;
  std::vector<std::vector<at::Tensor>> buckets;
  int64_t filled = 0;
  for (int i = 0; i < n; ++i) {
    const at::Tensor& t = *tensors[i];
    bool fits = !members.empty() && filled + static_cast<int64_t>(t.nbytes()) <= bucket_bytes &&
                tensors[members.back().front()]->scalar_type() == t.scalar_type() &&
                tensors[members.back().front()]->device() == t.device();
    if (!fits) {
      members.emplace_back();
      filled = 0;
    }
    members.back().push_back(i);
    filled += static_cast<int64_t>(t.nbytes());
  }
  for (const auto& m : members) {
    std::vector<at::Tensor> flat;
    for (int i : m) flat.push_back(tensors[i]->reshape(-1));
    buckets.push_back({at::cat(flat)});
  }
  g->allreduce_sum(buckets);
  for (size_t b = 0; b < members.size(); ++b) {
    auto& flat = buckets[b][0];
    flat.div_(g->world);
    int64_t offset = 0;
    for (int i : members[b]) {
      auto numel = tensors[i]->numel();
      tensors[i]->copy_(flat.narrow(0, offset, numel).view_as(*tensors[i]));
      offset += numel;
    }
  }
  return 0;
  KIT_CATCH(-1)
}

// Copies root's values of the tensors into every rank's tensors, in place.
KIT_API int kit_dist_broadcast_(void* group, const TH* tensors, int n, int root) {
  KIT_TRY
  at::NoGradGuard ng;
  auto* g = static_cast<Group*>(group);
  auto ts = kit::list(tensors, n);
  g->broadcast(ts, root);
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_dist_barrier(void* group) {
  KIT_TRY
  static_cast<Group*>(group)->barrier();
  return 0;
  KIT_CATCH(-1)
}
