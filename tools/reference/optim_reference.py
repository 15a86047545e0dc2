#!/usr/bin/python3
"""Writes tests/Kit.Tests/data/optim_reference.json: AdamW and SGD trajectories computed by Python PyTorch.

The C# tests (tests/Kit.Tests/Torch/OptimizerTests.cs) replay the same initial parameters and per-step gradients
through the kit's optimisers and compare every parameter after every step. Gradients are stored explicitly, so the
reference does not depend on either side's random numbers. Run with Debian's python3-torch 1.13.1:
    /usr/bin/python3 tools/reference/optim_reference.py
"""
import json
import pathlib

import torch

torch.manual_seed(1234)
STEPS = 5
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "Kit.Tests" / "data" / "optim_reference.json"


def case(name, make_opt):
    p1 = torch.randn(3, 4, dtype=torch.float64)
    p2 = torch.randn(5, dtype=torch.float64)
    params = [torch.nn.Parameter(p1.clone()), torch.nn.Parameter(p2.clone())]
    grads = [[torch.randn_like(p) for p in params] for _ in range(STEPS)]
    opt = make_opt(params)
    history = []
    for step in range(STEPS):
        for p, g in zip(params, grads[step]):
            p.grad = g.clone()
        opt.step()
        history.append([p.detach().flatten().tolist() for p in params])
    return {
        "name": name,
        "shapes": [list(p1.shape), list(p2.shape)],
        "initial": [p1.flatten().tolist(), p2.flatten().tolist()],
        "grads": [[g.flatten().tolist() for g in gs] for gs in grads],
        "after_step": history,
    }


cases = [
    case("adamw_groups", lambda ps: torch.optim.AdamW(
        [{"params": [ps[0]], "lr": 1e-2, "weight_decay": 0.05}, {"params": [ps[1]], "lr": 3e-3, "weight_decay": 0.0}],
        betas=(0.9, 0.95), eps=1e-8)),
    case("adamw_default", lambda ps: torch.optim.AdamW(ps, lr=1e-3)),
    case("sgd_momentum", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=1e-4)),
    case("sgd_nesterov", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True)),
    case("sgd_plain", lambda ps: torch.optim.SGD(ps, lr=0.1)),
]
OUT.write_text(json.dumps({"torch": torch.__version__, "steps": STEPS, "cases": cases}, indent=1))
print(f"wrote {OUT}")
