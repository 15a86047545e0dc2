using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit targets --clip CLIP.npy [--raw RAW.npy] [--flow FLOW.npy] --stride 2 --target NAME [--params JSON]
/// [--tubelet 2 --patch 16] --out FILE.npy [--mask-out FILE.npy] [--device auto]`: writes one clip's (N_tokens, D)
/// target (parts side by side, in the order printed) and optionally its (N_tokens) validity mask.
/// </summary>
public sealed class TargetsCommand : ICommand
{
    public string Name => "targets";
    public string Summary => "compute a reconstruction target for one clip (--video PATH or .npy in, .npy out); --list shows the registry";

    public int Run(Args args)
    {
        if (args.Flag("list"))
        {
            args.RejectUnknown();
            foreach (var e in TargetRegistry.Entries) Console.WriteLine($"{e.Name,-14} {e.Description}");
            foreach (var (preset, (spec, description)) in TargetRegistry.Presets) Console.WriteLine($"{preset,-24} {description}  [{spec.Name}{(spec.Params is null ? "" : " " + spec.Params.ToJsonString())}]");
            return 0;
        }
        var videoPath = args.Get("video");
        var clipPath = videoPath is null ? args.Require("clip") : null;
        var rawPath = args.Get("raw");
        var flowPath = args.Get("flow");
        var stride = args.Int("stride", 2);
        var frames = args.Int("frames", 16);
        var size = args.Int("size", 224);
        var start = args.Int("start", 0);
        var flowMethod = args.String("flow-method", "tvl1");
        var compensate = args.Flag("compensate");
        var name = args.Require("target");
        var settings = TargetsInput.Params(args, withRatio: false);
        var tubelet = args.Int("tubelet", 2);
        var patch = args.Int("patch", 16);
        var outPath = args.Require("out");
        var maskOut = args.Get("mask-out");
        var device = TargetsInput.ParseDevice(args.String("device", "auto"));
        args.RejectUnknown();
        if (stride < 1) throw new UsageException($"--stride must be at least 1, got {stride}");

        using var scope = NewDisposeScope();
        ClipBatch batch;
        TokenGrid grid;
        ITarget target;
        if (videoPath is not null)
        {
            if (rawPath is not null || flowPath is not null) throw new UsageException("--video decodes the clip and computes its flow: drop --raw and --flow");
            grid = new TokenGrid(frames, size, size, tubelet, patch);
            target = TargetRegistry.Create(new TargetSpec(name, settings), new TargetContext(grid, 3, stride));
            var method = Enum.TryParse<FlowMethod>(flowMethod, ignoreCase: true, out var m) ? m : throw new UsageException($"--flow-method must be farneback, dis or tvl1, got '{flowMethod}'");
            batch = TargetsInput.FromVideo(videoPath, grid, stride, start, target.FlowFramesNeeded(grid, stride), new FlowConfig(Method: method, Compensate: compensate), target.Needs, device);
        }
        else
        {
            var clip = TargetsInput.LoadClip(clipPath!, "clip", device);
            var raw = rawPath is null ? null : TargetsInput.LoadClip(rawPath, "raw", device);
            var flow = flowPath is null ? null : TargetsInput.LoadFlow(flowPath, device);
            grid = new TokenGrid((int)clip.size(2), (int)clip.size(3), (int)clip.size(4), tubelet, patch);
            target = TargetRegistry.Create(new TargetSpec(name, settings), new TargetContext(grid, (int)clip.size(1), stride));
            batch = new ClipBatch(clip, raw, flow, null, stride);
        }
        var parts = target.Compute(batch, grid);
        var values = cat(parts.Select(p => p.Values).ToList(), 2).squeeze(0);
        Npy.Save(outPath, values);
        foreach (var p in parts) Console.WriteLine($"{p.Name}: {p.Values.size(2)}");
        Console.WriteLine($"wrote {outPath}: [{string.Join(", ", values.shape)}]");
        if (maskOut is not null)
        {
            var valid = ones([grid.Tokens], @bool, device);
            foreach (var p in parts)
                if (p.Valid is { } v) valid = valid & v.squeeze(0);
            Npy.Save(maskOut, valid);
            Console.WriteLine($"wrote {maskOut}: {valid.sum().item<long>()} of {grid.Tokens} tokens valid");
        }
        return 0;
    }
}
