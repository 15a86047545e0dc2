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
