using Kit.Data;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Targets;

/// <summary>
/// MME's trajectory target. Parts: "position" (per-step displacements, D = 2 * L * K', ordered (component, step,
/// trajectory)) and, unless "w/o shape", "shape" (HOG around the tracked point at each step, D = bins * L * K', ordered
/// (bin, step, trajectory)); K' = K for dense, 1 for the sparse variants. Trajectories that leave the frame are zeroed
/// and flagged in FeatureValid; a patch with none left is flagged in Valid.
/// </summary>
public sealed class TrajectoryTarget : ITarget
{
    private readonly TargetContext context;

    public TrajectoryTarget(TrajectoryConfig config, TargetContext context)
    {
        if (config.Length < 0 || config.Length > 8)
            throw new ArgumentOutOfRangeException(nameof(config), $"trajectory Length must be in [0, 8] (the papers' range), got {config.Length}");
        if (config.Length == 0 && !config.Shape)
            throw new ArgumentException("trajectory Length 0 without Shape leaves no target: set Length >= 1 or Shape = true");
        if (config.DisplacementScale <= 0) throw new ArgumentOutOfRangeException(nameof(config), $"DisplacementScale must be positive, got {config.DisplacementScale}");
        if (config.PointsPerSide < 1 || context.Grid.Patch % config.PointsPerSide != 0)
            throw new ArgumentException($"trajectory PointsPerSide {config.PointsPerSide} must divide the patch size {context.Grid.Patch} (K = PointsPerSide^2 trajectories per patch)");
        if (config.ShapeBins < 2) throw new ArgumentOutOfRangeException(nameof(config), $"trajectory ShapeBins must be at least 2, got {config.ShapeBins}");
        Config = config;
        this.context = context;
    }

    public TrajectoryConfig Config { get; }
    public string Name => "trajectory";

    /// <summary>Raw-rate flow frames the batch must carry (more than the clip's T*stride - 1 when the last cube's trajectories run past the clip).</summary>
    public int RequiredFlowFrames => TrajectoryTracker.RequiredFlowFrames(context.Grid, context.Stride, Config.Length, Config.Interpolate);

    public IReadOnlyList<(string Name, int Dim)> Parts
    {
        get
        {
            var parts = new List<(string, int)>();
            if (Config.Length > 0) parts.Add(("position", 2 * Config.Length * Config.TrajectoriesPerToken));
            if (Config.Shape) parts.Add(("shape", Config.ShapeBins * Config.ShapeSteps * Config.TrajectoriesPerToken));
            return parts;
        }
    }

    public int FlowFramesNeeded(TokenGrid grid, int stride) =>
        Math.Max(grid.Frames * stride - 1, TrajectoryTracker.RequiredFlowFrames(grid, stride, Config.Length, Config.Interpolate));

    public TargetNeeds Needs => TargetNeeds.Flow | (Config.Shape ? TargetNeeds.RawFrames : TargetNeeds.None);

    public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid)
    {
        context.Check(batch, grid, Name);
        var flow = batch.Flow ?? throw new ArgumentException("target trajectory needs optical flow (ClipBatch.Flow), which is null: request TargetNeeds.Flow from the data layer");
        if (flow.size(1) < RequiredFlowFrames)
            throw new ArgumentException($"trajectory Length {Config.Length} ({(Config.Interpolate ? "interpolated" : "input-stride")}) needs {RequiredFlowFrames} raw flow frames for the last cube of a {grid.Frames}-frame clip at stride {batch.Stride}, but the flow carries {flow.size(1)}: {Shorter(flow.size(1), grid, batch.Stride)}supply flow for at least {RequiredFlowFrames} frame pairs");
        using var scope = NewDisposeScope();
        var (fields, starts) = Fields(flow, grid, batch.Stride);
        using var tracks = TrajectoryTracker.Track(fields, starts, grid, Config.PointsPerSide, Config.Length, Config.MedianFilter);
        var shape = Config.Shape ? ShapeFeatures(batch, grid, tracks.Positions) : null; // (B, N, K, L', bins)
        var parts = Config.Density == TrajectoryDensity.Dense
            ? TrajectoryParts.Pack(tracks.Displacements, shape, Config.OutOfViewMask ? tracks.InView : null, Config.DisplacementScale,
                Config.PatchNorm && Config.Norm == TrajectoryNorm.Step && Config.Length > 0)
            : Sparse(tracks, shape);
        if (Config.PatchNorm && Config.Norm == TrajectoryNorm.Patch)
            parts = parts.Select(p => p.Name == "position" && Config.Density != TrajectoryDensity.Dense ? p
                : p with { Values = NormalizeOverPatch(p.Values, p.FeatureValid) }).ToList();
        return parts.Select(p => new TargetPart(p.Name, scope.MoveToOuter(p.Values), p.Valid is null ? null : scope.MoveToOuter(p.Valid), p.FeatureValid is null ? null : scope.MoveToOuter(p.FeatureValid))).ToList();
    }

    /// <summary>The sparse variants' parts: one trajectory per patch, normalised over its steps.</summary>
    private List<TargetPart> Sparse(Trajectories tracks, Tensor? shape)
    {
        var inView = Config.OutOfViewMask ? tracks.InView : ones_like(tracks.InView).@bool();
        var (disp, reduced, valid) = Reduce(tracks.Displacements / Config.DisplacementScale, shape, inView, tracks.Displacements);
        var v = valid.to(float32).unsqueeze(-1).unsqueeze(-1);
        if (Config.PatchNorm && Config.Length > 0) disp = NormalizeOverSteps(disp);
        var parts = new List<TargetPart>();
        var tokenValid = Config.OutOfViewMask ? valid.any(2) : null;
        if (Config.Length > 0) parts.Add(TrajectoryParts.Part("position", disp * v, valid, tokenValid));
        if (reduced is not null) parts.Add(TrajectoryParts.Part("shape", reduced * v, valid, tokenValid));
        return parts;
    }

    /// <summary>"lower Length to at most N, or " when some Length fits the flow, else nothing.</summary>
    private string Shorter(long flowFrames, TokenGrid grid, int stride)
    {
        var l = MaxLength(flowFrames, grid, stride, Config.Interpolate);
        return l > 0 ? $"lower Length to at most {l}, or " : "";
    }

    /// <summary>The longest trajectory (in this mode: interpolated or input-stride) that <paramref name="flowFrames"/> flow frames cover.</summary>
    private static int MaxLength(long flowFrames, TokenGrid grid, int stride, bool interpolate)
    {
        var l = 0;
        while (TrajectoryTracker.RequiredFlowFrames(grid, stride, l + 1, interpolate) <= flowFrames) l++;
        return l;
    }

    /// <summary>The flow fields tracked through (camera motion removed) and each slot's first index into them.</summary>
    private (Tensor fields, long[] starts) Fields(Tensor flow, TokenGrid grid, int stride)
    {
        Tensor fields;
        long[] starts;
        if (Config.Interpolate)
        {
            var used = RequiredFlowFrames;
            fields = flow.narrow(1, 0, used);
            starts = Enumerable.Range(0, grid.Slots).Select(s => (long)s * grid.Tubelet * stride).ToArray();
        }
        else
        {
            var count = (grid.Slots - 1) * grid.Tubelet + Config.Length;
            fields = FlowOps.Compose(flow, Enumerable.Range(0, count).Select(k => (long)k * stride).ToArray(), stride);
            starts = Enumerable.Range(0, grid.Slots).Select(s => (long)s * grid.Tubelet).ToArray();
        }
        if (Config.Camera == CameraCompensation.None) return (fields, starts);
        var sh = fields.shape;
        // camera motion comes out first; the median filter is applied where the tracker samples (TrajectoryTracker.Track)
        var flat = CameraMotion.Remove(fields.reshape(sh[0] * sh[1], 2, sh[3], sh[4]), Config.Camera);
        return (flat.reshape(sh), starts);
    }

    /// <summary>Appearance along the track: a soft 9-bin gradient-orientation histogram of the grey frame over a cell-sized window centred on the point, at each step's frame.</summary>
    /// <param name="positions">(B, N, K, L+1, 2)</param>
    /// <returns>(B, N, K, L', bins)</returns>
    private Tensor ShapeFeatures(ClipBatch batch, TokenGrid grid, Tensor positions)
    {
        var (frames, index) = ShapeFrames(batch, grid);
        var (b, h, w) = (frames.size(0), frames.size(3), frames.size(4));
        var cell = grid.Patch / 2;
        var pad = cell / 2;
        var centreShift = pad - (cell - 1) / 2.0;
        var k = Config.PointsPerSide;
        // every frame any (slot, step) reads, once: 9-bin soft histograms of the grey (channel-mean) frame
        var used = Enumerable.Range(0, grid.Slots).SelectMany(s => Enumerable.Range(0, Config.ShapeSteps).Select(j => index(s, j))).Distinct().Order().ToArray();
        var slotOf = used.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => (long)x.i);
        // a run of consecutive frames is a view
        var contiguousRun = used[^1] - used[0] == used.Length - 1;
        var picked = contiguousRun ? frames.narrow(2, used[0], used.Length) : frames.index_select(2, tensor(used, device: frames.device));
        var steps = Config.ShapeSteps;
        var kk = (long)k * k;
        // every point of every step at once, in the output's order (B, N, K, L'), shifted onto the box map's grid, and
        // the frame each reads: that of its token's slot at its step
        var points = (positions.narrow(3, 0, steps) + centreShift).reshape(b, grid.Tokens * kk * steps, 2);
        var table = Enumerable.Range(0, grid.Slots).SelectMany(s => Enumerable.Range(0, steps).Select(j => slotOf[index(s, j)])).ToArray();
        var frameOf = tensor(table, device: frames.device).reshape(1, grid.Slots, 1, steps)
            .expand(b, grid.Slots, grid.TokensPerSlot * kk, steps).reshape(b, grid.Tokens * kk * steps);
        // soft 9-bin gradient-orientation histograms of the grey (channel-mean) frames around every point
        var sampled = PointOrientation.Histograms(picked, points, frameOf, cell, pad, Config.ShapeBins, signed: false, soft: true); // (B, N*K*L', bins)
        return sampled.reshape(b, grid.Tokens, kk, steps, Config.ShapeBins);
    }

    /// <summary>Frames the shape descriptor reads and the frame index of (slot, step).</summary>
    private (Tensor frames, Func<int, int, long> index) ShapeFrames(ClipBatch batch, TokenGrid grid)
    {
        var stride = batch.Stride;
        if (batch.RawClip is { } raw)
        {
            Func<int, int, long> idx = Config.Interpolate ? (s, j) => (long)s * grid.Tubelet * stride + j : (s, j) => ((long)s * grid.Tubelet + j) * stride;
            var last = idx(grid.Slots - 1, Config.ShapeSteps - 1);
            if (last >= raw.size(2))
                throw new ArgumentException($"trajectory shape features of Length {Config.Length} need raw frame {last}, but RawClip has {raw.size(2)} frames: lower Length or supply more raw frames");
            return (raw, idx);
        }
        if (Config.Interpolate)
            throw new ArgumentException("trajectory shape features with interpolation need the raw frames (ClipBatch.RawClip), which is null: request TargetNeeds.RawFrames or set Shape = false");
        Func<int, int, long> sampled = (s, j) => (long)s * grid.Tubelet + j;
        var lastSampled = sampled(grid.Slots - 1, Config.ShapeSteps - 1);
        if (lastSampled >= batch.Clip.size(2))
            throw new ArgumentException($"trajectory shape features of Length {Config.Length} need sampled frame {lastSampled} but the clip has {batch.Clip.size(2)}: supply RawClip or lower Length");
        return (batch.Clip, sampled);
    }

    /// <summary>Sparse variants: one trajectory per patch from its in-view ones.</summary>
    private (Tensor disp, Tensor? shape, Tensor valid) Reduce(Tensor disp, Tensor? shape, Tensor inView, Tensor rawDisp)
    {
        var any = inView.any(2, keepdim: true); // (B, N, 1)
        var v = inView.to(float32).unsqueeze(-1).unsqueeze(-1);
        if (Config.Density == TrajectoryDensity.SparseMean)
        {
            var count = v.sum(2, keepdim: true).clamp_min(1);
            return ((disp * v).sum(2, keepdim: true) / count, shape is null ? null : (shape * v).sum(2, keepdim: true) / count, any);
        }
        // path length of each trajectory; out-of-view ones can never win
        var length = rawDisp.norm(2, [4]).sum(3).masked_fill(!inView, -1); // (B, N, K)
        var best = length.argmax(2, keepdim: true); // (B, N, 1)
        Tensor Pick(Tensor x) => x.gather(2, best.unsqueeze(-1).unsqueeze(-1).expand(x.size(0), x.size(1), 1, x.size(3), x.size(4)));
        return (Pick(disp), shape is null ? null : Pick(shape), any);
    }

    /// <summary>The paper's patch norm: each token's values (its part's concatenated features) less their mean, over their
    /// (unbiased) std + 1e-6, counting only valid values; invalid values and tokens with fewer than two valid values are 0.</summary>
    /// <param name="x">(B, N, D)</param>
    /// <param name="valid">(B, N, D) bool, or null: every value counts</param>
    public static Tensor NormalizeOverPatch(Tensor x, Tensor? valid)
    {
        using var scope = NewDisposeScope();
        var v = valid is null ? ones_like(x) : valid.to(x.dtype);
        var count = v.sum(2, keepdim: true);
        var mean = (x * v).sum(2, keepdim: true) / count.clamp_min(1);
        var variance = ((x - mean).square() * v).sum(2, keepdim: true) / (count - 1).clamp_min(1);
        var enough = (count >= 2).to(x.dtype);
        return scope.MoveToOuter((x - mean) / (variance.sqrt() + 1e-6) * v * enough);
    }

    /// <summary>For each (step, component): subtract the mean over the patch's in-view trajectories, divide by their (unbiased) std + 1e-6.</summary>
    /// <param name="x">(B, N, K, L, 2)</param>
    /// <param name="v">(B, N, K, 1, 1) 1 = in view</param>
    public static Tensor NormalizeOverTrajectories(Tensor x, Tensor v)
    {
        using var scope = NewDisposeScope();
        var count = v.sum(2, keepdim: true);
        var mean = (x * v).sum(2, keepdim: true) / count.clamp_min(1);
        var variance = ((x - mean).square() * v).sum(2, keepdim: true) / (count - 1).clamp_min(1);
        return scope.MoveToOuter((x - mean) / (variance.sqrt() + 1e-6));
    }

    /// <summary>Single-trajectory patches: normalise each component over the steps.</summary>
    /// <param name="x">(B, N, 1, L, 2)</param>
    public static Tensor NormalizeOverSteps(Tensor x)
    {
        using var scope = NewDisposeScope();
        if (x.size(3) < 2) return scope.MoveToOuter(zeros_like(x));
        var mean = x.mean(3, keepdim: true);
        var std = x.std(3, unbiased: true, keepdim: true);
        return scope.MoveToOuter((x - mean) / (std + 1e-6));
    }
}
