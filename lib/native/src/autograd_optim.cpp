// Autograd entry points and fused optimiser updates that follow PyTorch 1.13's single-tensor formulas exactly.
#include <cmath>

#include "common.h"

KIT_API int kit_backward(TH t, TH grad, int retain_graph) {
  KIT_TRY
  t->backward(grad ? *grad : at::Tensor(), retain_graph != 0);
  return 0;
  KIT_CATCH(-1)
}

// The gradient accumulated on a leaf, or null (with no error) when there is none yet.
KIT_API TH kit_grad(TH t) {
  KIT_TRY
  const auto& g = t->grad();
  if (!g.defined()) return nullptr;
  return kit::wrap(g);
  KIT_CATCH(nullptr)
}

// zero_grad(set_to_none): drops the gradient tensor.
KIT_API int kit_clear_grad(TH t) {
  KIT_TRY
  t->mutable_grad() = at::Tensor();
  return 0;
  KIT_CATCH(-1)
}

// torch.optim.AdamW step for one parameter (PyTorch 1.13 _single_tensor_adamw, amsgrad off, maximize off).
KIT_API int kit_adamw_step(TH param, TH grad, TH exp_avg, TH exp_avg_sq, double lr, double beta1, double beta2,
                           double eps, double weight_decay, int64_t step) {
  KIT_TRY
  at::NoGradGuard g;
  param->mul_(1.0 - lr * weight_decay);
  exp_avg->mul_(beta1).add_(*grad, 1.0 - beta1);
  exp_avg_sq->mul_(beta2).addcmul_(*grad, *grad, 1.0 - beta2);
  double bias_correction1 = 1.0 - std::pow(beta1, static_cast<double>(step));
  double bias_correction2 = 1.0 - std::pow(beta2, static_cast<double>(step));
  double step_size = lr / bias_correction1;
  double bias_correction2_sqrt = std::sqrt(bias_correction2);
  auto denom = (exp_avg_sq->sqrt() / bias_correction2_sqrt).add_(eps);
  param->addcdiv_(*exp_avg, denom, -step_size);
  return 0;
  KIT_CATCH(-1)
}

// torch.optim.SGD step for one parameter. `buf` is the momentum buffer (null when momentum is 0); on the first step
// it is overwritten with the gradient, as PyTorch does when the buffer is created.
KIT_API int kit_sgd_step(TH param, TH grad, TH buf, double lr, double momentum, double dampening, double weight_decay,
                         int nesterov, int first_step) {
  KIT_TRY
  at::NoGradGuard g;
  at::Tensor d_p = *grad;
  if (weight_decay != 0) d_p = d_p.add(*param, weight_decay);
  if (momentum != 0) {
    TORCH_CHECK(buf != nullptr, "SGD with momentum needs a momentum buffer");
    if (first_step) {
      buf->copy_(d_p);
    } else {
      buf->mul_(momentum).add_(d_p, 1.0 - dampening);
    }
    d_p = nesterov ? d_p.add(*buf, momentum) : *buf;
  }
  param->add_(d_p, -lr);
  return 0;
  KIT_CATCH(-1)
}

// torch.nn.utils.clip_grad_norm_: scales every gradient in place so their joint norm is at most max_norm.
// Returns the total norm before clipping (-1 with an error on failure).
KIT_API double kit_clip_grad_norm(const TH* grads, int n, double max_norm, double norm_type) {
  KIT_TRY
  at::NoGradGuard g;
  if (n == 0) return 0.0;
  std::vector<at::Tensor> norms;
  norms.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) norms.push_back(grads[i]->norm(norm_type));
  at::Tensor total = at::stack(norms).norm(norm_type);
  at::Tensor coef = (max_norm / (total + 1e-6)).clamp_max(1.0);
  for (int i = 0; i < n; ++i) grads[i]->mul_(coef.to(grads[i]->device()));
  return total.item<double>();
  KIT_CATCH(-1.0)
}

// Replaces the tensor's data in place, keeping its identity (Parameter moves between devices/dtypes).
KIT_API int kit_set_data(TH t, TH data) {
  KIT_TRY
  t->set_data(*data);
  return 0;
  KIT_CATCH(-1)
}

// AdamW over a list of parameters at once: libtorch's fused kernel (one CUDA launch for all, libtorch >= 2.0, CUDA
// float parameters) or its multi-tensor _foreach ops (one launch per op for all tensors on CUDA; per tensor on CPU),
// each with the same formula as kit_adamw_step. steps[i] is parameter i's step count, already incremented.
// Returns 1 when the fused kernel ran, 0 for the _foreach form, -1 on error.
KIT_API int kit_adamw_multi_step(const TH* params, const TH* grads, const TH* exp_avgs, const TH* exp_avg_sqs,
                                 const int64_t* steps, int n, double lr, double beta1, double beta2, double eps,
                                 double weight_decay, int allow_fused) {
  KIT_TRY
  at::NoGradGuard g;
  if (n == 0) return 0;
  auto p = kit::list(params, n), gr = kit::list(grads, n), m = kit::list(exp_avgs, n), v = kit::list(exp_avg_sqs, n);
#if KIT_TORCH_AT_LEAST(2, 0)
  bool fused = allow_fused != 0;
  for (const auto& t : p) fused = fused && t.is_cuda() && t.scalar_type() == at::kFloat;
  if (fused) {
    // The kernel reads each step from a float tensor on the parameter's device (PyTorch's fused AdamW keeps them so).
    std::vector<at::Tensor> step_tensors;
    step_tensors.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) step_tensors.push_back(at::full({}, static_cast<double>(steps[i]), p[i].options()));
    at::_fused_adamw_(p, gr, m, v, {}, step_tensors, lr, beta1, beta2, weight_decay, eps, false, false);
    return 1;
  }
#endif
  std::vector<at::Scalar> neg_step_size, bias_correction2_sqrt;
  for (int i = 0; i < n; ++i) {
    double bc1 = 1.0 - std::pow(beta1, static_cast<double>(steps[i]));
    double bc2 = 1.0 - std::pow(beta2, static_cast<double>(steps[i]));
    neg_step_size.emplace_back(-lr / bc1);
    bias_correction2_sqrt.emplace_back(std::sqrt(bc2));
  }
  at::_foreach_mul_(p, 1.0 - lr * weight_decay);
  at::_foreach_mul_(m, beta1);
  at::_foreach_add_(m, gr, 1.0 - beta1);
  at::_foreach_mul_(v, beta2);
  at::_foreach_addcmul_(v, gr, gr, 1.0 - beta2);
  auto denom = at::_foreach_sqrt(v);
  at::_foreach_div_(denom, bias_correction2_sqrt);
  at::_foreach_add_(denom, eps);
  at::_foreach_addcdiv_(p, m, denom, neg_step_size);
  return 0;
  KIT_CATCH(-1)
}
