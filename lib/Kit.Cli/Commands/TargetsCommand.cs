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

    public CommandHelp Help => new(
        "--target NAME --out FILE.npy (--video PATH | --clip CLIP.npy [--raw RAW.npy] [--flow FLOW.npy]) [options] | --list",
        [
            new("list", null, null, "list the targets and presets"),
            new("target", "NAME", null, "a target or preset from --list", Sample: "pixel"),
            CommonOptions.Params with { Text = "target settings as a JSON object, e.g. '{\"Length\": 4}' for trajectory" },
            new("video", "PATH", null, "decode the clip from a video (short side resized, centre crop)", Sample: "v.avi"),
            new("frames", "T", "16", "with --video: frames per clip"),
            new("size", "PX", "224", "with --video: frame side"),
            new("start", "N", "0", "with --video: first raw frame"),
            new("flow-method", "tvl1|farneback|dis", "tvl1", "with --video: flow estimator"),
            new("compensate", null, null, "with --video: remove camera motion from the flow"),
            new("clip", "CLIP.npy", null, "a clip: (T, H, W, 3) or (3, T, H, W) uint8 0..255 or float 0..1", Sample: "c.npy"),
            new("raw", "RAW.npy", null, "every raw frame of the clip's span, same layout", Sample: "r.npy"),
            new("flow", "FLOW.npy", null, "raw-rate flow (F, 2, H, W) from `kit flow`; with --video at the video's size", Sample: "f.npy"),
            new("stride", "S", "2", "raw frames between sampled frames"),
            new("tubelet", "N", "2", "frames per token"),
            new("patch", "PX", "16", "token side in pixels"),
            new("out", "FILE.npy", null, "(N_tokens, D) float32", Sample: "t.npy"),
            new("mask-out", "FILE.npy", null, "(N_tokens) bool: tokens whose target is valid", Sample: "v.npy"),
            CommonOptions.Device,
        ],
        [
            "./kit targets --list",
            "./kit targets --video /usr/share/doc/opencv-doc/examples/data/vtest.avi --target trajectory --flow-method farneback --out traj.npy",
            "./kit targets --clip clip.npy --flow flow.npy --stride 2 --target trajectory --params '{\"Length\": 4}' --out traj.npy",
        ]);

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
        var clipPath = args.Get("clip");
        if (videoPath is not null && clipPath is not null) throw new UsageException("--video and --clip are alternatives: give one");
        if (videoPath is null && clipPath is null) throw new UsageException("missing the clip: give --video PATH or --clip CLIP.npy");
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
            if (rawPath is not null) throw new UsageException("--video decodes the clip's raw frames itself: drop --raw");
            grid = new TokenGrid(frames, size, size, tubelet, patch);
            target = TargetRegistry.Create(new TargetSpec(name, settings), new TargetContext(grid, 3, stride));
            var method = Enum.TryParse<FlowMethod>(flowMethod, ignoreCase: true, out var m) ? m : throw new UsageException($"--flow-method must be farneback, dis or tvl1, got '{flowMethod}'");
            batch = TargetsInput.FromVideo(videoPath, grid, stride, start, target.FlowFramesNeeded(grid, stride), new FlowConfig(Method: method, Compensate: compensate), target.Needs, device, flowPath);
        }
        else
        {
            var clip = TargetsInput.LoadClip(clipPath!, "clip", device);
            var raw = rawPath is null ? null : TargetsInput.LoadClip(rawPath, "raw", device);
            grid = new TokenGrid((int)clip.size(2), (int)clip.size(3), (int)clip.size(4), tubelet, patch);
            target = TargetRegistry.Create(new TargetSpec(name, settings), new TargetContext(grid, (int)clip.size(1), stride));
            if (target.Needs.HasFlag(TargetNeeds.Flow) && flowPath is null)
                throw new UsageException($"target {name} follows the clip's motion: give --flow FLOW.npy (raw-rate flow from ./kit flow, at least {target.FlowFramesNeeded(grid, stride)} frame pairs of the clip's size), or --video PATH to decode the clip and compute its flow");
            var flow = flowPath is null ? null : TargetsInput.LoadFlow(flowPath, device);
            if (flow is not null && (flow.size(3) != clip.size(3) || flow.size(4) != clip.size(4)))
                throw new UsageException($"--flow {flowPath}: its frames are {flow.size(4)}x{flow.size(3)} but the clip's are {clip.size(4)}x{clip.size(3)}; give flow of the clip's size, or --video with flow of the video's own size");
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
