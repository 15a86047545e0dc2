using Kit.Data;
using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Masking;

/// <summary>
/// MGMAE's motion-guided masking: an initial visibility map at a base frame is warped along optical flow to every
/// other sampled frame, each cube's warped values are summed into a token score, and the highest-scoring tokens stay
/// visible (top-k per slot or over the clip), so the visible tokens follow the moving content and the hidden ones
/// cannot be copied from a neighbouring frame. Runs entirely on the batch's device.
/// </summary>
public sealed class MotionGuidedMask : IMaskGenerator
{
    private readonly OnlineFlow? online;

    public MotionGuidedMask(MotionGuidedConfig config)
    {
        Ratio = MaskRatio.Check(config.Ratio, "motion-guided");
        if (config.Rho is { } rho && !(rho >= 0 && rho <= 1)) throw new ArgumentOutOfRangeException(nameof(config), $"motion-guided Rho must be in [0, 1], got {rho}");
        if (config.Sigma is { } s && s <= 0) throw new ArgumentOutOfRangeException(nameof(config), $"motion-guided Sigma must be positive, got {s}");
        if (config.InvertIterations < 0) throw new ArgumentOutOfRangeException(nameof(config), $"InvertIterations must be >= 0, got {config.InvertIterations}");
        Config = config;
        if (config.Flow == MaskFlowSource.Online) online = new OnlineFlow(config.Online ?? MotionGuidedConfig.DefaultOnline);
    }

    private const string MissingFlow = "motion-guided masking with Flow = Offline needs the batch's optical flow (ClipBatch.Flow), which is null: request TargetNeeds.Flow from the data layer or use Flow = Online";

    public MotionGuidedConfig Config { get; }
    public string Name => "motion-guided";
    public double Ratio { get; }
    public TargetNeeds Needs => Config.Flow == MaskFlowSource.Offline ? TargetNeeds.Flow : TargetNeeds.None;

    /// <summary>Flows between adjacent sampled frames (forward and backward), computed by <see cref="Prepare"/>.</summary>
    public sealed record PreparedFlows(Tensor Forward, Tensor Backward) : IDisposable
    {
        public void Dispose()
        {
            Forward.Dispose();
            Backward.Dispose();
        }
    }

    public MaskResult Generate(ClipBatch batch, TokenGrid grid) => Generate(batch, grid, null);

    /// <summary>The flows between sampled frames: deterministic, so a trainer may compute them ahead.</summary>
    public IDisposable? Prepare(ClipBatch batch, TokenGrid grid)
    {
        Check(batch, grid);
        var (forward, backward) = Flows(batch, grid);
        return new PreparedFlows(forward, backward);
    }

    private void Check(ClipBatch batch, TokenGrid grid)
    {
        MaskRatio.CheckGrid(batch, grid);
        if (Config.Flow == MaskFlowSource.Offline && batch.Flow is null) throw new ArgumentException(MissingFlow);
        if (grid.Frames < 2) throw new ArgumentException($"motion-guided masking needs at least 2 frames, the grid has {grid.Frames}");
    }

    public MaskResult Generate(ClipBatch batch, TokenGrid grid, IDisposable? prepared)
    {
        Check(batch, grid);
        var visible = Config.VisiblePerSlot(grid.TokensPerSlot);
        var b = batch.BatchSize;
        var device = batch.Clip.device;
        using var scope = NewDisposeScope();
        var (forward, backward) = prepared switch
        {
            null => Flows(batch, grid),
            PreparedFlows f => (f.Forward, f.Backward),
            _ => throw new ArgumentException($"motion-guided masking: prepared must come from its own Prepare, got {prepared.GetType().Name}", nameof(prepared)),
        };
        var initial = InitialMaps.Create(Config.Initial, b, grid, visible, Ratio, Config.Sigma ?? grid.Patch, device, Config.Variant);
        var maps = MapWarp.Propagate(initial, forward, backward, BaseFrames(b, grid.Frames, device), Config.Warping, Config.Fill, Config.Rho ?? Ratio, Config.ReleaseDirectionBug);
        var scores = Scores(maps, grid);
        if (Config.Exposure) scores = Expose(scores, (double)grid.Tubelet * grid.Patch * grid.Patch);
        var r = Config.Sampling == VisibleSampling.FrameLevel
            ? MaskBuilder.TopKPerSlot(scores, visible)
            : MaskBuilder.TopK(scores.reshape(b, grid.Tokens), (long)visible * grid.Slots);
        return new MaskResult(scope.MoveToOuter(r.Mask), scope.MoveToOuter(r.Visible));
    }

    /// <summary>Base frame of each clip.</summary>
    /// <returns>(B) int64</returns>
    public Tensor BaseFrames(long batch, int frames, Device device) => Config.Base switch
    {
        BaseFrame.First => zeros([batch], int64, device),
        BaseFrame.Middle => full([batch], frames / 2, int64, device),
        BaseFrame.Random => randint(0, frames, [batch], int64, device),
        _ => throw new ArgumentOutOfRangeException(nameof(Config), Config.Base, "unknown base frame"),
    };

    /// <summary>Flow between adjacent sampled frames in both directions.</summary>
    /// <returns>forward (B, T-1, 2, H, W): k -> k+1; backward (B, T-1, 2, H, W): k+1 -> k</returns>
    public (Tensor forward, Tensor backward) Flows(ClipBatch batch, TokenGrid grid)
    {
        var b = batch.BatchSize;
        var t = grid.Frames;
        var (h, w) = (grid.Height, grid.Width);
        using var scope = NewDisposeScope();
        Tensor fwd, bwd;
        if (online is not null)
        {
            var clip = batch.Clip.transpose(1, 2); // (B, T, C, H, W)
            var c = clip.size(2);
            var a = clip.narrow(1, 0, t - 1).reshape(b * (t - 1), c, h, w);
            var z = clip.narrow(1, 1, t - 1).reshape(b * (t - 1), c, h, w);
            fwd = online.Estimate(a, z);
            bwd = Config.EstimateBackward ? online.Estimate(z, a) : FlowOps.Invert(fwd, Config.InvertIterations);
        }
        else
        {
            var flow = batch.Flow ?? throw new ArgumentException(MissingFlow);
            if (flow.ndim != 5 || flow.size(2) != 2 || flow.size(3) != h || flow.size(4) != w)
                throw new ArgumentException($"motion-guided masking: flow must be (B, F, 2, {h}, {w}), got [{string.Join(", ", flow.shape)}]");
            var starts = Enumerable.Range(0, t - 1).Select(k => (long)k * batch.Stride).ToArray();
            fwd = FlowOps.Compose(flow, starts, batch.Stride).reshape(b * (t - 1), 2, h, w);
            bwd = FlowOps.Invert(fwd, Config.InvertIterations);
        }
        return (scope.MoveToOuter(fwd.reshape(b, t - 1, 2, h, w)), scope.MoveToOuter(bwd.reshape(b, t - 1, 2, h, w)));
    }

    /// <summary>Sum of the warped maps over each cube.</summary>
    /// <param name="maps">(B, T, H, W)</param>
    /// <returns>(B, S, N_slot)</returns>
    public static Tensor Scores(Tensor maps, TokenGrid grid)
    {
        var b = maps.size(0);
        using var scope = NewDisposeScope();
        var s = maps.reshape(b, grid.Slots, grid.Tubelet, grid.Rows, grid.Patch, grid.Cols, grid.Patch).sum([2L, 4L, 6L]);
        return scope.MoveToOuter(s.reshape(b, grid.Slots, grid.TokensPerSlot));
    }

    /// <summary>MGMAE's exposure: N(0, 1) noise on the token-level mask map (the cube's mean map value) of one random
    /// slot per clip. The scores are sums over a cube's <paramref name="cube"/> map values, so the noise is scaled by it;
    /// unscaled it would reorder no token.</summary>
    /// <param name="scores">(B, slots, tokens per slot) summed map values</param>
    private static Tensor Expose(Tensor scores, double cube)
    {
        var s = scores.shape;
        using var scope = NewDisposeScope();
        var slot = randint(0, s[1], [s[0]], int64, scores.device);
        var pick = nn.functional.one_hot(slot, s[1]).to(float32).unsqueeze(2);
        return scope.MoveToOuter(scores + pick * randn(s, float32, scores.device) * cube);
    }
}
