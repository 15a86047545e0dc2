#!/usr/bin/python3
"""Independent reference values for the kit's reconstruction targets (run with /usr/bin/python3, python3-torch).

Re-derives, from the papers and the released recipes (not from the kit's C#), the targets of one small synthetic clip
and writes inputs and expected outputs as .npy files that tests/Kit.Tests/Targets/ReferenceValueTests.cs compares with:
  pixel      VideoMAE: per cube and channel, (x - mean) / (unbiased std + 1e-6), '(t p p) c' order
  hog_mf     MaskFeat HOG (first frame of each cube): Sobel, reflect pad, hard 20-degree bins, summed per 8x8 cell, L2
  hog_mme    MME HOG (middle frame): soft bins between the two nearest centres, averaged per cell, no L2
  diff       MotionMAE temporal difference with gap 1, normalised like pixels
  traj       MME trajectory positions: K = 4 seeds at the cell centres, L = 3 raw-rate steps from the cube's first raw
             frame, 3x3 median-filtered flow sampled bilinearly (border clamp), displacements / 20, patch norm over the
             in-view trajectories; a per-point Python loop, deliberately unlike the kit's batched tensor code.
Usage: /usr/bin/python3 tools/targets/reference.py OUT_DIR
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

C, T, H, W, TUBE, P, STRIDE = 3, 4, 32, 32, 2, 16, 2
CELL, BINS = P // 2, 9


def smooth_noise(gen, shape, k):
    x = torch.randn(shape, generator=gen)
    return F.avg_pool2d(x.reshape(-1, 1, shape[-2], shape[-1]), k, 1, k // 2, count_include_pad=False).reshape(shape)


def tokens_of_cubes(x):
    """(C, T, H, W) -> (N, t*p*p, C) time-major tokens."""
    c = x.shape[0]
    x = x.reshape(c, T // TUBE, TUBE, H // P, P, W // P, P)
    return x.permute(1, 3, 5, 2, 4, 6, 0).reshape(-1, TUBE * P * P, c)


def normalise(cubes):
    return (cubes - cubes.mean(1, keepdim=True)) / (cubes.var(1, unbiased=True, keepdim=True).sqrt() + 1e-6)


def hog_frame(img, soft):
    """img (C, H, W) -> (H/8, W/8, C, 9) cells."""
    # Sobel as smoothing [1, 2, 1] across one axis times the difference [1, 0, -1] along the other, pixel by pixel with
    # reflected indices. Written out (not a 3x3 convolution, whose summation order leaves about 1e-7 of rounding
    # noise) so that the gradient across a reflected border is exactly 0, as it is mathematically: with noise, a border
    # pixel's hard bin would be decided by the sign of the rounding error.
    def at(i, n):
        return -i if i < 0 else (2 * (n - 1) - i if i >= n else i)

    rows = [[at(y + d, H) for y in range(H)] for d in (-1, 0, 1)]
    cols = [[at(x + d, W) for x in range(W)] for d in (-1, 0, 1)]
    up, mid, down = (img[:, r] for r in rows)
    left, centre, right = (img[:, :, c] for c in cols)
    smooth_y = up + 2 * mid + down  # (C, H, W), [1, 2, 1] down the rows
    smooth_x = left + 2 * centre + right
    gx = smooth_y[:, :, cols[0]] - smooth_y[:, :, cols[2]]
    gy = smooth_x[:, rows[0]] - smooth_x[:, rows[2]]
    mag = torch.sqrt(gx ** 2 + gy ** 2)
    ang = torch.remainder(torch.atan2(gy, gx), math.pi)
    hist = torch.zeros(C, BINS, H, W)
    pos = ang / math.pi * BINS
    if soft:
        c = pos - 0.5
        lo = torch.floor(c)
        frac = c - lo
        hist.scatter_add_(1, torch.remainder(lo, BINS).long()[:, None], (mag * (1 - frac))[:, None])
        hist.scatter_add_(1, torch.remainder(lo + 1, BINS).long()[:, None], (mag * frac)[:, None])
    else:
        hist.scatter_add_(1, torch.remainder(torch.floor(pos), BINS).long()[:, None], mag[:, None])
    cells = hist.unfold(2, CELL, CELL).unfold(3, CELL, CELL)
    cells = cells.mean((-1, -2)) if soft else cells.sum((-1, -2))
    if not soft:
        cells = F.normalize(cells, p=2, dim=1)
    return cells.permute(2, 3, 0, 1)  # (hc, wc, C, bins)


def hog_tokens(clip, offset, soft):
    out = []
    for s in range(T // TUBE):
        cells = hog_frame(clip[:, s * TUBE + offset], soft)
        for r in range(H // P):
            for c in range(W // P):
                out.append(cells[2 * r:2 * r + 2, 2 * c:2 * c + 2].reshape(-1))
    return torch.stack(out)


def median3(flow):
    """flow (2, H, W), replicate padding."""
    p = F.pad(flow[None], (1, 1, 1, 1), mode="replicate")[0]
    win = torch.stack([p[:, dy:dy + H, dx:dx + W] for dy in range(3) for dx in range(3)], 0)
    return win.median(0).values


def bilinear(field, x, y):
    x = min(max(x, 0.0), W - 1.0)
    y = min(max(y, 0.0), H - 1.0)
    x0, y0 = int(math.floor(x)), int(math.floor(y))
    x1, y1 = min(x0 + 1, W - 1), min(y0 + 1, H - 1)
    ax, ay = x - x0, y - y0
    return ((1 - ax) * (1 - ay) * field[:, y0, x0] + ax * (1 - ay) * field[:, y0, x1]
            + (1 - ax) * ay * field[:, y1, x0] + ax * ay * field[:, y1, x1])


def trajectories(flow, length):
    filtered = [median3(flow[i]) for i in range(flow.shape[0])]
    feats, valid = [], []
    for s in range(T // TUBE):
        start = s * TUBE * STRIDE
        for r in range(H // P):
            for c in range(W // P):
                disp = torch.zeros(4, length, 2)
                ok = torch.ones(4, dtype=torch.bool)
                for k, (oy, ox) in enumerate([(4, 4), (4, 12), (12, 4), (12, 12)]):
                    x, y = float(c * P + ox), float(r * P + oy)
                    for j in range(length):
                        d = bilinear(filtered[start + j], x, y)
                        disp[k, j] = d
                        x, y = x + float(d[0]), y + float(d[1])
                        if not (0 <= x <= W - 1 and 0 <= y <= H - 1):
                            ok[k] = False
                disp = disp / 20
                v = ok.float()[:, None, None]
                n = v.sum()
                mean = (disp * v).sum(0, keepdim=True) / max(n, 1)
                var = (((disp - mean) ** 2) * v).sum(0, keepdim=True) / max(n - 1, 1)
                normed = (disp - mean) / (var.sqrt() + 1e-6) * v
                feats.append(normed.permute(2, 1, 0).reshape(-1))  # (component, step, trajectory)
                valid.append(bool(ok.any()))
    return torch.stack(feats), torch.tensor(valid)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    gen = torch.Generator().manual_seed(1234)
    clip = (0.5 + 0.5 * smooth_noise(gen, (C, T, H, W), 3)).clamp(0, 1)
    length = 3
    frames = (T // TUBE - 1) * TUBE * STRIDE + length
    flow = smooth_noise(gen, (frames, 2, H, W), 7) * 3
    save = lambda name, t: np.save(os.path.join(out, name + ".npy"), np.ascontiguousarray(t.numpy()))
    save("clip", clip.float())
    save("flow", flow.float())
    save("pixel", normalise(tokens_of_cubes(clip)).reshape(-1, TUBE * P * P * C))
    save("hog_mf", hog_tokens(clip, 0, soft=False))
    save("hog_mme", hog_tokens(clip, TUBE // 2, soft=True))
    diff = torch.cat([(clip[:, 1:] - clip[:, :-1]).abs(), (clip[:, -1:] - clip[:, -2:-1]).abs()], 1)
    save("diff", normalise(tokens_of_cubes(diff)).reshape(-1, TUBE * P * P * C))
    traj, valid = trajectories(flow, length)
    save("traj", traj)
    save("traj_valid", valid)
    print(f"wrote reference targets to {out}")


if __name__ == "__main__":
    main()
