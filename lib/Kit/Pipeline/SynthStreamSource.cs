using Kit.Data;
using Kit.Data.Synth;
using Kit.Targets;
using Kit.Training;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Pipeline;

/// <summary>
/// The synthetic protocol as a clip source. Training reads either the unlimited stream (a fresh clip every sample,
/// clip <c>i</c> of the run seed's stream; nothing repeats, so nothing can be memorised) or the fixed labelled set
/// (reshuffled each epoch); "val" and "test" are the held-out sets. Every clip is rendered at exactly the raw frames
/// it spans (T x stride, plus the extra flow frames a trajectory target asks for), so its event lies inside it; no
/// augmentation is applied (left/right and up/down are labels). Deterministic by (seed, index), so a resumed run sees
/// the batches the uninterrupted run would have seen.
/// </summary>
public sealed class SynthStreamSource : IClipSource
{
    private readonly SynthProtocol protocol;
    private readonly ClipSourceRequest request;
    private readonly ulong generatorSeed;
    private readonly int? setSize;
    private readonly int extraFlowFrames;

    /// <param name="protocol">the stream and the sets.</param>
    /// <param name="request">split ("train", "val", "test"), needs, geometry, seed and device.</param>
    /// <param name="trainOnStream">for the "train" split: the unlimited stream (pre-training, stream-supervised
    /// training) rather than the labelled set.</param>
    /// <param name="stride">raw frames per sampled frame.</param>
    /// <param name="extraFlowFrames">raw frames past the clip's span the batch carries with their flow (trajectories).</param>
    public SynthStreamSource(SynthProtocol protocol, ClipSourceRequest request, bool trainOnStream, int stride = 2, int extraFlowFrames = 0)
    {
        if (stride < 1) throw new ArgumentException($"synthetic stream: stride must be at least 1, got {stride}");
        Stride = stride;
        this.protocol = protocol.Validate();
        this.request = request;
        if (request.Grid.Height != protocol.Stream.Scene.Size || request.Grid.Width != protocol.Stream.Scene.Size)
            throw new ArgumentException($"synthetic stream: the model takes {request.Grid.Height}x{request.Grid.Width} frames but the stream renders {protocol.Stream.Scene.Size}x{protocol.Stream.Scene.Size}");
        if (extraFlowFrames < 0) throw new ArgumentException($"synthetic stream: extra flow frames must be >= 0, got {extraFlowFrames}");
        this.extraFlowFrames = extraFlowFrames;
        var domain = request.Split switch
        {
            "train" => trainOnStream ? SynthDomain.Stream : SynthDomain.Labelled,
            "val" => SynthDomain.Val,
            "test" => SynthDomain.Test,
            _ => throw new ArgumentException($"data split '{request.Split}' is not one of train, val, test"),
        };
        Domain = domain;
        generatorSeed = protocol.Stream.DomainSeed(domain, request.Seed);
        setSize = domain == SynthDomain.Stream ? null : protocol.SetSize(domain);
    }

    /// <summary>Which part of the protocol this source reads.</summary>
    public SynthDomain Domain { get; }

    /// <summary>The generator seed of the clips this source renders.</summary>
    public ulong GeneratorSeed => generatorSeed;

    public int Classes => protocol.Stream.Classes;

    /// <summary>Clips this source holds; null for the unlimited stream.</summary>
    public int? Count => setSize;

    /// <summary>The stream's "epoch" is only a counter of batches: 2^31 clips at most, never repeated.</summary>
    public int BatchesPerEpoch(int batchSize) => setSize is { } n ? n / batchSize : int.MaxValue / batchSize - 1;

    public bool Unlimited => setSize is null;

    public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip = 0) => Epoch(epoch, batchSize, skip, 1);

    /// <summary>Batches skip, skip + stride, ... of the epoch, rendering only those (a data-parallel rank's share).</summary>
    public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip, int stride)
    {
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "stride must be at least 1");
        var perEpoch = BatchesPerEpoch(batchSize);
        // The labelled set is reshuffled each epoch; the stream is read in order.
        var order = setSize is { } n ? SeededRandom.For(request.Seed ^ 0x4F52444552UL, (ulong)epoch).Permutation(n) : null;
        long[] Indices(int b) => Enumerable.Range(0, batchSize).Select(i => order is null ? (long)b * batchSize + i : order[b * batchSize + i]).ToArray();
        if (setSize is null && epoch != 0) throw new ArgumentException("synthetic stream: the stream has one endless epoch (epoch 0)");
        return SourceBatches.Prefetched(protocol.Workers, request.Device,
            Enumerable.Range(skip, Math.Max(0, perEpoch - skip)).Where(b => (b - skip) % stride == 0).Select(b => (Func<ClipBatch>)(() => Build(Indices(b)))));
    }

    public IEnumerable<ClipBatch> Evaluation(int batchSize)
    {
        if (setSize is not { } n) throw new InvalidOperationException("synthetic stream: evaluation reads a fixed set (val, test or the labelled set), not the stream");
        if (request.Views.Count != 1) throw new ArgumentException($"synthetic stream: each clip holds a whole event, so evaluation takes one view per clip, got {request.Views.Clips} x {request.Views.Crops}");
        var batches = (n + batchSize - 1) / batchSize;
        return SourceBatches.Prefetched(protocol.Workers, request.Device, Enumerable.Range(0, batches)
            .Select(b => (Func<ClipBatch>)(() => Build(Enumerable.Range(b * batchSize, Math.Min(batchSize, n - b * batchSize)).Select(i => (long)i).ToArray()))));
    }

    /// <summary>Every clip of a fixed set once, in index order, without views (feature extraction, k-NN).</summary>
    public IEnumerable<ClipBatch> All(int batchSize) => Evaluation(batchSize);

    /// <summary>Renders the clips of a batch on the CPU.</summary>
    private ClipBatch Build(long[] indices)
    {
        using var scope = NewDisposeScope();
        var grid = request.Grid;
        var stride = Stride;
        var span = grid.Frames * stride;
        var needsFlow = request.Needs.HasFlag(TargetNeeds.Flow);
        var rendered = span + (needsFlow || request.Needs.HasFlag(TargetNeeds.RawFrames) ? extraFlowFrames : 0);
        // Without raw-rate frames or flow, only the sampled frames are rendered (the scene still spans the raw frames).
        var rawRate = needsFlow || request.Needs.HasFlag(TargetNeeds.RawFrames);
        var raws = new List<Tensor>(indices.Length);
        var flows = needsFlow ? new List<Tensor>(indices.Length) : null;
        var labels = new long[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var scene = protocol.Stream.SceneOf(generatorSeed, indices[i], rendered);
            labels[i] = scene.Label;
            var size = protocol.Stream.Scene.Size;
            Tensor frames; // (F, H, W, 3) uint8
            if (flows is not null && protocol.OracleFlow)
            {
                // One pass: the renderer's layers also give the exact flow.
                var (f, flow) = SynthFlow.RenderWithOracle(scene, size);
                frames = f;
                flows.Add(flow);
            }
            else
            {
                frames = SynthRenderer.Render(rawRate ? scene : SynthStream.EveryNth(scene, stride), size);
                if (flows is not null) flows.Add(OpticalFlow.Compute(frames, protocol.EstimatedFlow).Flow);
            }
            raws.Add(frames.permute(3, 0, 1, 2).to(float32) / 255.0);
        }
        var raw = stack(raws); // (B, 3, F, H, W)
        var clip = rawRate ? raw.slice(2, 0, span, stride).contiguous() : raw;
        return new ClipBatch(
            clip.DetachFromDisposeScope(),
            request.Needs.HasFlag(TargetNeeds.RawFrames) ? raw.DetachFromDisposeScope() : null,
            flows is null ? null : stack(flows).DetachFromDisposeScope(),
            tensor(labels).DetachFromDisposeScope(), // the generator always knows the label
            stride)
        {
            VideoIndices = indices.Select(i => (int)i).ToArray(),
        };
    }

    /// <summary>Temporal stride between sampled frames (raw frames per encoder frame).</summary>
    public int Stride { get; }

    public void Dispose()
    {
    }
}
