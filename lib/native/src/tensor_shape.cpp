// Shape, layout, joining and indexing operations.
#include <climits>

#include "common.h"

using at::indexing::Slice;
using at::indexing::TensorIndex;

#define KIT_UNARY_SHAPE(name, expr)    \
  KIT_API TH name(TH t) {              \
    KIT_TRY                            \
    return kit::wrap(expr);            \
    KIT_CATCH(nullptr)                 \
  }

KIT_API TH kit_reshape(TH t, const int64_t* shape, int n) {
  KIT_TRY
  return kit::wrap(t->reshape(kit::dims(shape, n)));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_view(TH t, const int64_t* shape, int n) {
  KIT_TRY
  return kit::wrap(t->view(kit::dims(shape, n)));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_permute(TH t, const int64_t* order, int n) {
  KIT_TRY
  return kit::wrap(t->permute(kit::dims(order, n)));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_transpose(TH t, int64_t d0, int64_t d1) {
  KIT_TRY
  return kit::wrap(t->transpose(d0, d1));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_flatten(TH t, int64_t start, int64_t end) {
  KIT_TRY
  return kit::wrap(t->flatten(start, end));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_unsqueeze(TH t, int64_t d) {
  KIT_TRY
  return kit::wrap(t->unsqueeze(d));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_squeeze(TH t, int64_t d, int all) {
  KIT_TRY
  return kit::wrap(all ? t->squeeze() : t->squeeze(d));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_expand(TH t, const int64_t* shape, int n) {
  KIT_TRY
  return kit::wrap(t->expand(kit::dims(shape, n)));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_repeat(TH t, const int64_t* reps, int n) {
  KIT_TRY
  return kit::wrap(t->repeat(kit::dims(reps, n)));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_flip(TH t, const int64_t* d, int n) {
  KIT_TRY
  return kit::wrap(t->flip(kit::dims(d, n)));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_roll(TH t, const int64_t* shifts, const int64_t* d, int n) {
  KIT_TRY
  return kit::wrap(t->roll(kit::dims(shifts, n), kit::dims(d, n)));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_cat(const TH* ts, int n, int64_t dim) {
  KIT_TRY
  return kit::wrap(at::cat(kit::list(ts, n), dim));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_stack(const TH* ts, int n, int64_t dim) {
  KIT_TRY
  return kit::wrap(at::stack(kit::list(ts, n), dim));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_narrow(TH t, int64_t dim, int64_t start, int64_t length) {
  KIT_TRY
  return kit::wrap(t->narrow(dim, start, length));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_select(TH t, int64_t dim, int64_t index) {
  KIT_TRY
  return kit::wrap(t->select(dim, index));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_slice(TH t, int64_t dim, int64_t start, int64_t end, int64_t step) {
  KIT_TRY
  return kit::wrap(t->slice(dim, start, end, step));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_unfold(TH t, int64_t dim, int64_t size, int64_t step) {
  KIT_TRY
  return kit::wrap(t->unfold(dim, size, step));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_index_select(TH t, int64_t dim, TH index) {
  KIT_TRY
  return kit::wrap(t->index_select(dim, *index));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_gather(TH t, int64_t dim, TH index) {
  KIT_TRY
  return kit::wrap(t->gather(dim, *index));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_scatter(TH t, int64_t dim, TH index, TH src) {
  KIT_TRY
  return kit::wrap(t->scatter(dim, *index, *src));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_scatter_value(TH t, int64_t dim, TH index, double value) {
  KIT_TRY
  return kit::wrap(t->scatter(dim, *index, value));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_scatter_add(TH t, int64_t dim, TH index, TH src) {
  KIT_TRY
  return kit::wrap(t->scatter_add(dim, *index, *src));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_index_add(TH t, int64_t dim, TH index, TH src) {
  KIT_TRY
  return kit::wrap(t->index_add(dim, *index, *src));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_masked_select(TH t, TH mask) {
  KIT_TRY
  return kit::wrap(t->masked_select(*mask));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_masked_fill(TH t, TH mask, double value) {
  KIT_TRY
  return kit::wrap(t->masked_fill(*mask, value));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_masked_fill_tensor(TH t, TH mask, TH value) {
  KIT_TRY
  return kit::wrap(t->masked_fill(*mask, *value));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_where(TH cond, TH a, TH b) {
  KIT_TRY
  return kit::wrap(at::where(*cond, *a, *b));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_where_scalar(TH cond, TH a, double b) {
  KIT_TRY
  return kit::wrap(at::where(*cond, *a, at::Scalar(b)));
  KIT_CATCH(nullptr)
}

KIT_UNARY_SHAPE(kit_nonzero, t->nonzero())

KIT_API TH kit_one_hot(TH t, int64_t num_classes) {
  KIT_TRY
  return kit::wrap(at::one_hot(*t, num_classes));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_tril(TH t, int64_t k) {
  KIT_TRY
  return kit::wrap(t->tril(k));
  KIT_CATCH(nullptr)
}

KIT_API TH kit_triu(TH t, int64_t k) {
  KIT_TRY
  return kit::wrap(t->triu(k));
  KIT_CATCH(nullptr)
}

namespace {
// Index specs from C#: kind 0 = integer (a[3i]), 1 = slice (a[3i..3i+2] = start, stop, step; LLONG_MIN = omitted),
// 2 = ellipsis, 3 = None (new axis), 4 = tensor (tensors[i]), 5 = boolean (a[3i]).
std::vector<TensorIndex> indices(const int* kinds, const int64_t* a, const TH* tensors, int n) {
  std::vector<TensorIndex> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const int64_t* v = a + 3 * i;
    switch (kinds[i]) {
      case 0: out.emplace_back(v[0]); break;
      case 1: {
        c10::optional<int64_t> s0, s1, s2;
        if (v[0] != LLONG_MIN) s0 = v[0];
        if (v[1] != LLONG_MIN) s1 = v[1];
        if (v[2] != LLONG_MIN) s2 = v[2];
        out.emplace_back(Slice(s0, s1, s2));
        break;
      }
      case 2: out.emplace_back(at::indexing::Ellipsis); break;
      case 3: out.emplace_back(at::indexing::None); break;
      case 4: out.emplace_back(*tensors[i]); break;
      case 5: out.emplace_back(v[0] != 0); break;
      default: TORCH_CHECK(false, "unknown index kind ", kinds[i]);
    }
  }
  return out;
}
}  // namespace

KIT_API TH kit_index(TH t, const int* kinds, const int64_t* a, const TH* tensors, int n) {
  KIT_TRY
  return kit::wrap(t->index(indices(kinds, a, tensors, n)));
  KIT_CATCH(nullptr)
}

KIT_API int kit_index_put_(TH t, const int* kinds, const int64_t* a, const TH* tensors, int n, TH value) {
  KIT_TRY
  t->index_put_(indices(kinds, a, tensors, n), *value);
  return 0;
  KIT_CATCH(-1)
}

KIT_API int kit_index_put_scalar_(TH t, const int* kinds, const int64_t* a, const TH* tensors, int n, double value) {
  KIT_TRY
  t->index_put_(indices(kinds, a, tensors, n), value);
  return 0;
  KIT_CATCH(-1)
}
