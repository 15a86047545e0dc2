#!/usr/bin/python3
"""Writes tests/Kit.Tests/data/official/: checkpoints in the VideoMAE-family release layout and PyTorch's outputs.

A small video ViT is built here from the papers' description (VideoMAE: Conv3d cube embedding with kernel = stride,
fixed sinusoid positions over the flattened (slot, row, column) token order, pre-norm blocks with LayerNorm eps 1e-6,
qkv without bias plus separate q and v biases, GELU MLP of ratio 4; pre-training decoder = bias-free projection,
learnable mask token, its own sinusoid table, blocks, norm and a pixel head on the masked tokens; fine-tuning = mean
pool, fc_norm, head) and named as the public releases name their state_dict entries. Nothing is downloaded. Every
weight, LayerNorm scales and the q/v biases included, is random, so a wrong name or reshape changes the outputs.

Files (the C# tests in tests/Kit.Tests/Model/OfficialCheckpointTests.cs read them):
  pretrain.pth  {"model": pre-training state_dict, "epoch": 799, "args": argparse.Namespace(...)}  (release wrapping)
  finetune.pth  {"module": fine-tuned state_dict}
  expected.pth  {"clip": (2, 3, T, H, W) in 0..1, "visible": (2, N_vis) int64, "masked": (2, N_mask) int64,
                 "encoded": encoder output on the visible tokens, "pixels": decoder prediction at the masked tokens,
                 "logits": fine-tuned classifier output}
The model sees clip normalised with ImageNet's mean and std, as the releases' data pipelines feed it.
Run with Debian's python3-torch 1.13.1:  /usr/bin/python3 tools/reference/official_checkpoint_reference.py [OUT_DIR]

With --check-export PRETRAIN FINETUNE EXPECTED it instead loads the kit's exports strictly (every name, every shape)
into the same Python models and prints the largest difference of their outputs from EXPECTED's.
"""
import argparse
import math
import pathlib
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

# The tiny geometry shared with the C# test (ModelConfig "official-tiny" there).
FRAMES, SIZE, TUBELET, PATCH = 4, 16, 2, 8
DIM, DEPTH, HEADS = 32, 2, 2
DEC_DIM, DEC_DEPTH, DEC_HEADS = 16, 1, 2
CLASSES = 5
TOKENS = (FRAMES // TUBELET) * (SIZE // PATCH) ** 2
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1, 1)


def sinusoid(n, d):
    pos = torch.arange(n, dtype=torch.float64).unsqueeze(1)
    j = torch.arange(d, dtype=torch.float64)
    angle = pos / torch.pow(10000.0, 2 * torch.div(j, 2, rounding_mode="floor") / d)
    table = torch.where(j.long() % 2 == 0, torch.sin(angle), torch.cos(angle))
    return table.float().unsqueeze(0)


class CubeEmbed(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Conv3d(3, dim, (TUBELET, PATCH, PATCH), stride=(TUBELET, PATCH, PATCH))

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3, bias=False)
        self.q_bias = nn.Parameter(torch.zeros(dim))
        self.v_bias = nn.Parameter(torch.zeros(dim))
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, d = x.shape
        bias = torch.cat([self.q_bias, torch.zeros_like(self.v_bias), self.v_bias])
        qkv = F.linear(x, self.qkv.weight, bias).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * (d // self.heads) ** -0.5, qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)).softmax(-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, n, d))


class Mlp(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.fc1 = nn.Linear(dim, dim * 4)
        self.fc2 = nn.Linear(dim * 4, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class Encoder(nn.Module):
    """Pre-training encoder: runs on the visible tokens, ends with norm (its head is an identity)."""

    def __init__(self):
        super().__init__()
        self.patch_embed = CubeEmbed(DIM)
        self.pos_embed = sinusoid(TOKENS, DIM)  # a plain attribute: not in the state_dict, as in the releases
        self.blocks = nn.ModuleList([Block(DIM, HEADS) for _ in range(DEPTH)])
        self.norm = nn.LayerNorm(DIM, eps=1e-6)

    def forward(self, x, visible):
        x = self.patch_embed(x) + self.pos_embed
        x = torch.gather(x, 1, visible.unsqueeze(-1).expand(-1, -1, DIM))
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([Block(DEC_DIM, DEC_HEADS) for _ in range(DEC_DEPTH)])
        self.norm = nn.LayerNorm(DEC_DIM, eps=1e-6)
        self.head = nn.Linear(DEC_DIM, 3 * TUBELET * PATCH * PATCH)

    def forward(self, x, predicted):
        for blk in self.blocks:
            x = blk(x)
        return self.head(self.norm(x[:, -predicted:]))


class Pretrain(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.encoder_to_decoder = nn.Linear(DIM, DEC_DIM, bias=False)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, DEC_DIM))
        self.pos_embed = sinusoid(TOKENS, DEC_DIM)

    def forward(self, x, visible, masked):
        encoded = self.encoder(x, visible)
        b = x.shape[0]
        pos = self.pos_embed.expand(b, -1, -1)
        pos_vis = torch.gather(pos, 1, visible.unsqueeze(-1).expand(-1, -1, DEC_DIM))
        pos_mask = torch.gather(pos, 1, masked.unsqueeze(-1).expand(-1, -1, DEC_DIM))
        full = torch.cat([self.encoder_to_decoder(encoded) + pos_vis, self.mask_token + pos_mask], 1)
        return encoded, self.decoder(full, masked.shape[1])


class Finetune(nn.Module):
    """Fine-tuning layout with mean pooling: no final norm, fc_norm after pooling, then the head."""

    def __init__(self):
        super().__init__()
        self.patch_embed = CubeEmbed(DIM)
        self.pos_embed = sinusoid(TOKENS, DIM)
        self.blocks = nn.ModuleList([Block(DIM, HEADS) for _ in range(DEPTH)])
        self.fc_norm = nn.LayerNorm(DIM, eps=1e-6)
        self.head = nn.Linear(DIM, CLASSES)

    def forward(self, x):
        x = self.patch_embed(x) + self.pos_embed
        for blk in self.blocks:
            x = blk(x)
        return self.head(self.fc_norm(x.mean(1)))


def randomise(model, gen):
    with torch.no_grad():
        for name, p in model.named_parameters():
            scale = 1.0 / math.sqrt(p.shape[-1]) if p.dim() > 1 else 0.3
            p.copy_(torch.randn(p.shape, generator=gen) * scale + (1.0 if name.endswith("norm1.weight") else 0.0))


def check_export(pre_path, ft_path, expected_path):
    e = torch.load(expected_path)
    pre, ft = Pretrain().eval(), Finetune().eval()
    pre.load_state_dict(torch.load(pre_path), strict=True)
    ft.load_state_dict(torch.load(ft_path), strict=True)
    x = (e["clip"] - MEAN) / STD
    with torch.no_grad():
        encoded, pixels = pre(x, e["visible"], e["masked"])
        logits = ft(x)
    diffs = [(a - e[k]).abs().max().item() for a, k in ((encoded, "encoded"), (pixels, "pixels"), (logits, "logits"))]
    print(f"max-abs-diff encoded {diffs[0]:.3g} pixels {diffs[1]:.3g} logits {diffs[2]:.3g}")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--check-export":
        check_export(*sys.argv[2:])
        return
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else \
        pathlib.Path(__file__).resolve().parents[2] / "tests" / "Kit.Tests" / "data" / "official"
    out.mkdir(parents=True, exist_ok=True)
    gen = torch.Generator().manual_seed(2026)
    pre, ft = Pretrain().eval(), Finetune().eval()
    randomise(pre, gen)
    randomise(ft, gen)

    clip = torch.rand((2, 3, FRAMES, SIZE, SIZE), generator=gen)
    # Hidden tokens per clip (the same count in both clips), indices in increasing order like a boolean mask's.
    hidden = [[1, 2, 4, 7, 6], [0, 3, 4, 5, 6]]
    masked = torch.tensor([sorted(h) for h in hidden])
    visible = torch.tensor([[i for i in range(TOKENS) if i not in h] for h in hidden])
    x = (clip - MEAN) / STD
    with torch.no_grad():
        encoded, pixels = pre(x, visible, masked)
        logits = ft(x)

    args = argparse.Namespace(model="pretrain_videomae_tiny_patch8", mask_ratio=0.625, epochs=800, lr=1.5e-4)
    torch.save({"model": pre.state_dict(), "epoch": 799, "args": args}, out / "pretrain.pth")
    torch.save({"module": ft.state_dict()}, out / "finetune.pth")
    torch.save({"clip": clip, "visible": visible, "masked": masked, "encoded": encoded, "pixels": pixels,
                "logits": logits}, out / "expected.pth")
    print(f"wrote {out}: pretrain {len(pre.state_dict())} tensors, finetune {len(ft.state_dict())} tensors")


if __name__ == "__main__":
    main()
