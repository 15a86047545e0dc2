// Data-parallel training over processes on libtorch's c10d: a TCPStore rendezvous (rank 0 hosts it), then a Gloo
// (CPU tensors) or NCCL (CUDA tensors, in libtorch builds that have it) process group, used for bucketed gradient
// all-reduce, parameter broadcast and barriers. The C# side (Kit.Training.Distributed) owns the handle.
#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>

#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/utils/lambda_post_hook.h>
#include <torch/csrc/autograd/variable.h>

#include <mutex>

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
  std::function<std::function<void()>(std::vector<at::Tensor>&)> allreduce_start;  // starts a sum; returns its wait
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
  g.allreduce_start = [pg](std::vector<at::Tensor>& b) -> std::function<void()> {
    auto work = pg->allreduce(b);
    return [work]() { work->wait(); };
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

// ---- gradient all-reduce overlapping the backward pass -------------------------------------------------------------
// A hook after each parameter's gradient accumulation (its AccumulateGrad node) counts the parameter ready; when every
// parameter of a bucket is ready, that bucket's gradients are packed and its all-reduce started, while backward goes on
// with the earlier layers. Buckets are formed in reverse parameter order (the order backward reaches them) and started
// strictly in bucket order, so every rank issues the same collectives in the same order. Armed only for the last
// micro-batch of a step: earlier micro-batches only accumulate.
namespace {
struct Reducer {
  Group* group;
  std::vector<at::Tensor> params;
  std::vector<std::shared_ptr<torch::autograd::Node>> accumulators;  // kept alive so the hooks stay on them
  std::vector<uintptr_t> hook_keys;
  std::vector<std::vector<int>> buckets;  // parameter indices per bucket
  std::vector<int> bucket_of;
  // Shared with the hooks, which may outlive the reducer on nodes someone else still holds.
  struct State {
    std::mutex mutex;
    bool armed = false;
    bool alive = true;
    std::vector<int> pending;
    size_t next_launch = 0;
    std::vector<at::Tensor> flat;
    std::vector<std::function<void()>> wait;
  };
  std::shared_ptr<State> state = std::make_shared<State>();

  // Packs bucket b's gradients (zeros for a parameter without one) and starts its sum. Called with the mutex held.
  void launch(size_t b) {
    std::vector<at::Tensor> parts;
    for (int i : buckets[b]) {
      const auto& g = params[i].grad();
      parts.push_back(g.defined() ? g.reshape(-1) : at::zeros({params[i].numel()}, params[i].options()));
    }
    auto& st = *state;
    st.flat[b] = at::cat(parts);
    std::vector<at::Tensor> one{st.flat[b]};
    st.wait[b] = group->allreduce_start(one);
  }

  void ready(int i) {
    at::NoGradGuard ng;
    std::lock_guard<std::mutex> lock(state->mutex);
    auto& st = *state;
    if (!st.armed || !st.alive) return;
    if (--st.pending[bucket_of[i]] != 0) return;
    while (st.next_launch < buckets.size() && st.pending[st.next_launch] == 0) launch(st.next_launch++);
  }
};
}  // namespace

// Registers the hooks on params (leaves that require grad) and forms buckets of at most bucket_bytes.
KIT_API void* kit_dist_reducer_new(void* group, const TH* params, int n, int64_t bucket_bytes) {
  KIT_TRY
  auto r = std::make_unique<Reducer>();
  r->group = static_cast<Group*>(group);
  TORCH_CHECK(r->group->allreduce_start, "distributed: this process group cannot start an all-reduce");
  r->params = kit::list(params, n);
  r->bucket_of.assign(static_cast<size_t>(n), -1);
  int64_t filled = 0;
  for (int i = n - 1; i >= 0; --i) {
    const auto& t = r->params[i];
    TORCH_CHECK(t.requires_grad() && t.is_leaf(), "distributed: parameter ", i, " is not a leaf that requires grad");
    bool fits = !r->buckets.empty() && filled + static_cast<int64_t>(t.nbytes()) <= bucket_bytes &&
                r->params[r->buckets.back().front()].scalar_type() == t.scalar_type() &&
                r->params[r->buckets.back().front()].device() == t.device();
    if (!fits) {
      r->buckets.emplace_back();
      filled = 0;
    }
    r->buckets.back().push_back(i);
    r->bucket_of[i] = static_cast<int>(r->buckets.size()) - 1;
    filled += static_cast<int64_t>(t.nbytes());
  }
  r->state->flat.resize(r->buckets.size());
  r->state->wait.resize(r->buckets.size());
  Reducer* self = r.get();
  std::weak_ptr<Reducer::State> weak = r->state;
  for (int i = 0; i < n; ++i) {
    auto acc = torch::autograd::impl::grad_accumulator(r->params[i]);
    TORCH_CHECK(acc, "distributed: no gradient accumulator for parameter ", i);
    r->hook_keys.push_back(acc->add_post_hook(std::make_unique<torch::autograd::utils::LambdaPostHook>(
        [self, weak, i](const torch::autograd::variable_list& outputs, const torch::autograd::variable_list&) {
          if (auto st = weak.lock()) {
            if (st->alive) self->ready(i);
          }
          return outputs;
        })));
    r->accumulators.push_back(std::move(acc));
  }
  return r.release();
  KIT_CATCH(nullptr)
}

// Arms the hooks for the coming backward pass (the step's last micro-batch).
KIT_API int kit_dist_reducer_prepare(void* reducer) {
  KIT_TRY
  auto* r = static_cast<Reducer*>(reducer);
  std::lock_guard<std::mutex> lock(r->state->mutex);
  auto& st = *r->state;
  st.pending.clear();
  for (const auto& b : r->buckets) st.pending.push_back(static_cast<int>(b.size()));
  st.next_launch = 0;
  for (auto& w : st.wait) w = nullptr;
  st.armed = true;
  return 0;
  KIT_CATCH(-1)
}

// After backward: starts the buckets backward did not complete (parameters without a gradient on this rank), waits
// for every bucket, and writes the mean over ranks into each parameter's gradient. Returns how many buckets the
// backward pass itself started (-1 on error).
KIT_API int kit_dist_reducer_finish(void* reducer) {
  KIT_TRY
  at::NoGradGuard ng;
  auto* r = static_cast<Reducer*>(reducer);
  std::lock_guard<std::mutex> lock(r->state->mutex);
  auto& st = *r->state;
  TORCH_CHECK(st.armed, "distributed: finish without prepare");
  st.armed = false;
  const int started_in_backward = static_cast<int>(st.next_launch);
  while (st.next_launch < r->buckets.size()) r->launch(st.next_launch++);
  for (size_t b = 0; b < r->buckets.size(); ++b) {
    st.wait[b]();
    st.flat[b].div_(r->group->world);
    int64_t offset = 0;
    for (int i : r->buckets[b]) {
      auto& p = r->params[i];
      auto values = st.flat[b].narrow(0, offset, p.numel()).view_as(p);
      if (p.grad().defined()) {
        p.mutable_grad().copy_(values);
      } else {
        p.mutable_grad() = values.clone();
      }
      offset += p.numel();
    }
    st.flat[b] = at::Tensor();
  }
  return started_in_backward;
  KIT_CATCH(-1)
}

KIT_API int kit_dist_reducer_buckets(void* reducer) { return static_cast<int>(static_cast<Reducer*>(reducer)->buckets.size()); }

KIT_API void kit_dist_reducer_free(void* reducer) {
  auto* r = static_cast<Reducer*>(reducer);
  {
    std::lock_guard<std::mutex> lock(r->state->mutex);
    r->state->alive = false;
  }
  for (size_t i = 0; i < r->accumulators.size(); ++i) r->accumulators[i]->del_post_hook(r->hook_keys[i]);
  delete r;
}
