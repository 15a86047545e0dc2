using Kit.Data;
using Kit.Masking;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit mask --strategy NAME [--ratio R] [--params JSON] [--frames 16 --size 224 | --clip CLIP.npy] [--flow FLOW.npy]
/// [--stride 2] [--tubelet 2 --patch 16] [--batch 1] [--seed 0] --out FILE.npy [--visible-out FILE.npy]`: writes a
/// mask ((N_tokens) bool, true = hidden; (B, N_tokens) for --batch above 1) and optionally the visible indices.
/// </summary>
public sealed class MaskCommand : ICommand
{
    public string Name => "mask";
    public string Summary => "generate a token mask with any strategy (random, tube, cube, frame, motion-guided) as .npy";

    public int Run(Args args)
    {
        var strategy = args.Require("strategy");
        var settings = TargetsInput.Params(args, withRatio: true);
        var clipPath = args.Get("clip");
        var flowPath = args.Get("flow");
        var frames = args.Int("frames", 16);
        var size = args.Int("size", 224);
        var height = args.Int("height", size);
        var width = args.Int("width", size);
        var stride = args.Int("stride", 2);
        var tubelet = args.Int("tubelet", 2);
        var patch = args.Int("patch", 16);
        var batchSize = args.Int("batch", 1);
        var seed = args.Int("seed", 0);
        var outPath = args.Require("out");
        var visibleOut = args.Get("visible-out");
        var device = TargetsInput.ParseDevice(args.String("device", "auto"));
        args.RejectUnknown();
        if (batchSize < 1) throw new UsageException($"--batch must be at least 1, got {batchSize}");

        manual_seed((ulong)seed);
        using var scope = NewDisposeScope();
        var generator = MaskRegistry.Create(new MaskSpec(strategy, settings));
        var clip = clipPath is null
            ? zeros([batchSize, 3, frames, height, width], float32, device)
            : TargetsInput.LoadClip(clipPath, "clip", device).expand(batchSize, -1, -1, -1, -1).contiguous();
        if (clipPath is null && generator is MotionGuidedMask { Config.Flow: MaskFlowSource.Online })
            throw new UsageException("motion-guided masking with online flow estimates motion from the frames: pass --clip");
        var flow = flowPath is null ? null : TargetsInput.LoadFlow(flowPath, device).expand(batchSize, -1, -1, -1, -1).contiguous();
        var grid = new TokenGrid((int)clip.size(2), (int)clip.size(3), (int)clip.size(4), tubelet, patch);
        var r = generator.Generate(new ClipBatch(clip, null, flow, null, stride), grid);
        Npy.Save(outPath, batchSize == 1 ? r.Mask.squeeze(0) : r.Mask);
        if (visibleOut is not null) Npy.Save(visibleOut, batchSize == 1 ? r.Visible.squeeze(0) : r.Visible);
        Console.WriteLine($"wrote {outPath}: {generator.Name}, {r.Mask.sum().item<long>() / batchSize} of {grid.Tokens} tokens hidden per clip");
        return 0;
    }
}
