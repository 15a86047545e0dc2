#!/usr/bin/python3
"""Can a supervised model learn the synthetic motion classes at all, and how fast? A diagnostic outside the kit.

Decodes a kit dataset folder (train.tsv / val.tsv, FFV1 videos) with ffmpeg, samples FRAMES frames evenly, and trains
either a small 3D CNN or a ViT of the kit's cpu-small/cpu-tiny shape (Python PyTorch on the same libtorch) from
scratch, printing the training loss and validation top-1 five times. Used to tell whether the default scale's
near-chance accuracy is the data (unlearnable) or the compute budget (a ViT needs far more steps than a CNN).

  /usr/bin/python3 tools/diagnostics/learnability.py DATASET_DIR --model cnn|vit --steps 800
      [--frames 8] [--patch 16] [--dim 192] [--downsample] [--classes N] [--lr 1e-3]
"""
import argparse, json, os, subprocess, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F


def load(root, split, frames):
    size = json.load(open(os.path.join(root, 'synth.json')))['Size']
    rows = [l.rstrip('\n').split('\t') for l in open(os.path.join(root, f'{split}.tsv'))
            if not l.startswith('#') and not l.startswith('path\t')]
    xs, ys = [], []
    for path, label, _name, _n in rows:
        raw = subprocess.run(['ffmpeg', '-v', 'error', '-i', os.path.join(root, path), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
                             capture_output=True, check=True).stdout
        video = np.frombuffer(raw, np.uint8).reshape(-1, size, size, 3)
        idx = np.linspace(0, len(video) - 1, frames).round().astype(int)
        xs.append(video[idx]); ys.append(int(label))
    x = torch.tensor(np.stack(xs)).float().permute(0, 4, 1, 2, 3) / 255.0   # (N, C, T, H, W)
    return (x - 0.45) / 0.25, torch.tensor(ys)


class ViT(nn.Module):
    def __init__(self, classes, tokens, patch, dim, depth, heads):
        super().__init__()
        self.embed = nn.Conv3d(3, dim, (2, patch, patch), (2, patch, patch))
        self.pos = nn.Parameter(torch.randn(1, tokens, dim) * 0.02)
        layer = nn.TransformerEncoderLayer(dim, heads, dim * 4, 0.0, activation='gelu', batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, depth)
        self.norm, self.head = nn.LayerNorm(dim), nn.Linear(dim, classes)

    def forward(self, x):
        x = self.embed(x).flatten(2).transpose(1, 2) + self.pos
        return self.head(self.norm(self.blocks(x).mean(1)))


def cnn(classes):
    return nn.Sequential(
        nn.Conv3d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool3d((1, 2, 2)),
        nn.Conv3d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool3d(2),
        nn.Conv3d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool3d(2),
        nn.Conv3d(128, 128, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool3d(1), nn.Flatten(), nn.Linear(128, classes))


def main():
    a = argparse.ArgumentParser()
    a.add_argument('dataset'); a.add_argument('--model', choices=['cnn', 'vit'], default='vit')
    a.add_argument('--steps', type=int, default=800); a.add_argument('--frames', type=int, default=8)
    a.add_argument('--patch', type=int, default=16); a.add_argument('--dim', type=int, default=192)
    a.add_argument('--depth', type=int, default=4); a.add_argument('--heads', type=int, default=3)
    a.add_argument('--lr', type=float, default=1e-3); a.add_argument('--batch', type=int, default=8)
    a.add_argument('--downsample', action='store_true', help='halve the frame size (64 px -> 32 px)')
    a.add_argument('--classes', type=int, default=0, help='keep only labels below N (0 = all)')
    args = a.parse_args()
    torch.set_num_threads(os.cpu_count()); torch.manual_seed(0)
    (xtr, ytr), (xva, yva) = load(args.dataset, 'train', args.frames), load(args.dataset, 'val', args.frames)
    if args.downsample: xtr, xva = F.avg_pool3d(xtr, (1, 2, 2)), F.avg_pool3d(xva, (1, 2, 2))
    if args.classes:
        keep_tr, keep_va = ytr < args.classes, yva < args.classes
        xtr, ytr, xva, yva = xtr[keep_tr], ytr[keep_tr], xva[keep_va], yva[keep_va]
    classes = int(max(ytr.max(), yva.max())) + 1
    side = xtr.shape[-1]
    model = cnn(classes) if args.model == 'cnn' else ViT(classes, args.frames // 2 * (side // args.patch) ** 2, args.patch, args.dim, args.depth, args.heads)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, args.lr, total_steps=args.steps, pct_start=0.1)
    print(f'{args.model}: {len(xtr)} train / {len(xva)} val videos, {classes} classes (chance {100 / classes:.1f} %), {tuple(xtr.shape[1:])} clips')

    def top1():
        model.eval()
        with torch.no_grad():
            pred = torch.cat([model(xva[i:i + 32]).argmax(1) for i in range(0, len(xva), 32)])
        model.train()
        return (pred == yva).float().mean().item() * 100

    losses, start = [], time.time()
    for step in range(1, args.steps + 1):
        idx = torch.randint(0, len(xtr), (args.batch,))
        loss = F.cross_entropy(model(xtr[idx]), ytr[idx])
        opt.zero_grad(); loss.backward(); opt.step(); sched.step(); losses.append(loss.item())
        if step % max(1, args.steps // 5) == 0:
            print(f'step {step}: train loss {np.mean(losses[-50:]):.3f}, val top-1 {top1():.1f} %, {time.time() - start:.0f} s', flush=True)


if __name__ == '__main__':
    main()
