using Kit.Data;
using Kit.Masking;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit mask --strategy NAME [--ratio R] [--params JSON] [--frames 16 --size 224 | --clip CLIP.npy | --video PATH] [--flow FLOW.npy]
/// [--stride 2] [--tubelet 2 --patch 16] [--batch 1] [--seed 0] --out FILE.npy [--visible-out FILE.npy]`: writes a
/// mask ((N_tokens) bool, true = hidden; (B, N_tokens) for --batch above 1) and optionally the visible indices.
/// </summary>
public sealed class MaskCommand : ICommand
{
    public string Name => "mask";
    public string Summary => "generate a token mask with any strategy (random, tube, cube, frame, motion-guided) as .npy";

    public CommandHelp Help => new(
        "--strategy NAME --out FILE.npy [--ratio R] [--params JSON] [--video PATH | --clip CLIP.npy | --frames T --size PX] [--flow FLOW.npy] ...",
        [
            new("strategy", "NAME", null, $"{string.Join(", ", MaskRegistry.Entries.Select(e => e.Name))}", Sample: "tube"),
            new("ratio", "R", "the strategy's (0.9)", "fraction of tokens hidden", Sample: "0.75"),
            CommonOptions.Params with { Text = "mask settings as a JSON object, e.g. '{\"Flow\": \"Online\"}' or '{\"Variant\": \"Release\"}' for motion-guided" },
            new("video", "PATH", null, "decode the clip from a video (as `kit targets`); motion-guided computes its flow unless --flow gives it", Sample: "v.avi"),
            new("flow-method", "tvl1|farneback|dis", "tvl1", "with --video: flow estimator"),
            new("start", "N", "0", "with --video: first raw frame"),
            new("clip", "CLIP.npy", null, "a clip: (T, H, W, 3) or (3, T, H, W) uint8 0..255 or float 0..1", Sample: "c.npy"),
            new("flow", "FLOW.npy", null, "raw-rate flow (F, 2, H, W) from `kit flow`, at the clip's size or (with --video) the video's", Sample: "f.npy"),
            new("frames", "T", "16", "frames per clip (without --clip)"),
            new("size", "PX", "224", "square frame side (without --clip)"),
            new("height", "PX", "the size", "frame height without --clip", Sample: "32"),
            new("width", "PX", "the size", "frame width without --clip", Sample: "32"),
            new("stride", "S", "2", "raw frames between sampled frames (flow is raw-rate)"),
            new("tubelet", "N", "2", "frames per token"),
            new("patch", "PX", "16", "token side in pixels"),
            new("batch", "B", "1", "masks to draw (output (B, N_tokens) when above 1)"),
            new("seed", "S", "0", "random seed"),
            new("out", "FILE.npy", null, "(N_tokens) bool, true = hidden", Sample: "m.npy"),
            new("visible-out", "FILE.npy", null, "the visible tokens' indices", Sample: "v.npy"),
            CommonOptions.Device,
        ],
        [
            "./kit mask --strategy tube --ratio 0.9 --out mask.npy",
            "./kit mask --strategy motion-guided --video /usr/share/doc/opencv-doc/examples/data/vtest.avi --flow-method farneback --out mask.npy",
        ]);

    public int Run(Args args)
    {
        var strategy = args.Require("strategy");
        var settings = TargetsInput.Params(args, withRatio: true);
        var videoPath = args.Get("video");
        var clipPath = args.Get("clip");
        var flowPath = args.Get("flow");
        var flowMethod = args.String("flow-method", "tvl1");
        var start = args.Int("start", 0);
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
        if (stride < 1) throw new UsageException($"--stride must be at least 1, got {stride}");
        if (videoPath is not null && clipPath is not null) throw new UsageException("--video and --clip are alternatives: give one");
        var method = Enum.TryParse<FlowMethod>(flowMethod, ignoreCase: true, out var m) ? m : throw new UsageException($"--flow-method must be farneback, dis or tvl1, got '{flowMethod}'");

        manual_seed((ulong)seed);
        using var scope = NewDisposeScope();
        var generator = MaskRegistry.Create(new MaskSpec(strategy, settings));
        var needsFlow = generator.Needs.HasFlag(TargetNeeds.Flow);
        if (needsFlow && flowPath is null && videoPath is null)
            throw new UsageException($"{generator.Name} masking follows the clip's motion: give --flow FLOW.npy (from ./kit flow) with --clip or --frames/--size, "
                + "or --video PATH (its flow is computed), or estimate the flow from the frames with --params '{\"Flow\": \"Online\"}' and --clip or --video");
        if (flowPath is not null && !needsFlow)
            throw new UsageException($"--flow is not used by {generator.Name} masking{(generator is MotionGuidedMask ? " with online flow" : "")}: drop it");
        if (videoPath is null && clipPath is null && generator is MotionGuidedMask { Config.Flow: MaskFlowSource.Online })
            throw new UsageException("motion-guided masking with online flow estimates motion from the frames: pass --clip CLIP.npy or --video PATH");

        Tensor clip;
        Tensor? flow = null;
        if (videoPath is not null)
        {
            var videoGrid = new TokenGrid(frames, size, size, tubelet, patch);
            var decoded = TargetsInput.FromVideo(videoPath, videoGrid, stride, start, (frames - 1) * stride, new FlowConfig(Method: method),
                needsFlow ? TargetNeeds.Flow : TargetNeeds.None, device, flowPath);
            clip = decoded.Clip;
            flow = decoded.Flow;
        }
        else
        {
            clip = clipPath is null ? zeros([1, 3, frames, height, width], float32, device) : TargetsInput.LoadClip(clipPath, "clip", device);
            if (flowPath is not null) flow = TargetsInput.LoadFlowFor(flowPath, (int)(clip.size(2) - 1) * stride, clip.size(3), clip.size(4), device);
        }
        clip = clip.expand(batchSize, -1, -1, -1, -1).contiguous();
        flow = flow?.expand(batchSize, -1, -1, -1, -1).contiguous();
        var grid = new TokenGrid((int)clip.size(2), (int)clip.size(3), (int)clip.size(4), tubelet, patch);
        var r = generator.Generate(new ClipBatch(clip, null, flow, null, stride), grid);
        Npy.Save(outPath, batchSize == 1 ? r.Mask.squeeze(0) : r.Mask);
        if (visibleOut is not null) Npy.Save(visibleOut, batchSize == 1 ? r.Visible.squeeze(0) : r.Visible);
        Console.WriteLine($"wrote {outPath}: {generator.Name}, {r.Mask.sum().item<long>() / batchSize} of {grid.Tokens} tokens hidden per clip");
        return 0;
    }
}
