using Kit.Data;
using Kit.Training;
using Kit.Torch;

namespace Kit.Pipeline;

/// <summary>Where a <see cref="DatasetClipSource"/> reads its splits, and how it samples them.</summary>
/// <param name="Train">manifest of the training split.</param>
/// <param name="Val">manifest used for evaluation when the trainer asks for "val".</param>
/// <param name="Test">manifest used for evaluation when the trainer asks for "test".</param>
/// <param name="Stride">temporal stride between sampled frames.</param>
/// <param name="FlowCacheDir">where whole-video flow is cached (targets and masks that need flow).</param>
/// <param name="Flow">how flow is computed (TV-L1 by default, as the papers).</param>
/// <param name="Flip">horizontal flip in training (off for motion-defined classes: left/right is the label).</param>
/// <param name="Workers">background threads preparing batches.</param>
/// <param name="ExtraFlowFrames">flow pairs past the clip's span (trajectories of the last cube, see VideoDatasetConfig).</param>
public sealed record DatasetSplits(string Train, string Val, string Test, int Stride = 2, string? FlowCacheDir = null, FlowConfig? Flow = null, bool Flip = false, int Workers = 1, int ExtraFlowFrames = 0);

/// <summary>
/// The data layer as the trainers see it: a manifest per split read through <see cref="VideoDataset"/> and
/// <see cref="ClipLoader"/> (decode, sample, augment, flow from the cache), batches moved to the requested device.
/// Training clips are random (multi-scale crop); evaluation takes every test view (clips x crops).
/// </summary>
public sealed class DatasetClipSource : IClipSource
{
    private readonly ClipSourceRequest request;
    private readonly VideoDataset dataset;
    private readonly int workers;

    public DatasetClipSource(DatasetSplits splits, ClipSourceRequest request)
    {
        this.request = request;
        workers = splits.Workers;
        var manifestPath = request.Split switch
        {
            "train" => splits.Train,
            "val" => splits.Val,
            "test" => splits.Test,
            _ => throw new ArgumentException($"data split '{request.Split}' is not one of train, val, test"),
        };
        var train = request.Split == "train";
        var grid = request.Grid;
        if (grid.Height != grid.Width) throw new ArgumentException($"clips must be square, got {grid.Height}x{grid.Width}");
        var sampling = new SamplingConfig(NumFrames: grid.Frames, Stride: splits.Stride, Mode: train ? SamplingMode.Random : SamplingMode.Uniform, Clips: train ? 1 : request.Views.Clips);
        var augment = new AugmentConfig(Size: grid.Height, Mode: train ? CropMode.MultiScale : CropMode.Test, Flip: train && splits.Flip, Crops: train ? 1 : request.Views.Crops);
        dataset = new VideoDataset(Manifest.Load(manifestPath), new VideoDatasetConfig(sampling, augment, Train: train, Needs: request.Needs, Flow: splits.Flow, FlowCacheDir: splits.FlowCacheDir, ExtraFlowFrames: splits.ExtraFlowFrames));
        Classes = dataset.Manifest.NumClasses;
    }

    public int Classes { get; }

    public int BatchesPerEpoch(int batchSize) => dataset.Count / batchSize;

    public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip = 0) => Epoch(epoch, batchSize, skip, 1);

    /// <summary>Batches skip, skip + stride, ... of the epoch, building only those (a data-parallel rank's share).</summary>
    public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip, int stride)
    {
        var loader = new ClipLoader(dataset, new LoaderConfig(batchSize, Workers: 0, Shuffle: true, DropLast: true, Seed: request.Seed));
        var order = loader.Order(epoch);
        var share = Enumerable.Range(skip, Math.Max(0, loader.BatchesPerEpoch - skip)).Where(b => (b - skip) % stride == 0);
        return SourceBatches.Prefetched(workers, request.Device, share.Select(b => (Func<ClipBatch>)(() => loader.Build(order, epoch, b))));
    }

    public IEnumerable<ClipBatch> Evaluation(int batchSize)
    {
        // The loader's batches hold whole items; an item here is one view, so a batch of videos x views is built
        // from consecutive items (the dataset orders the views of a video together).
        var views = dataset.ClipsPerVideo * dataset.CropsPerClip;
        var loader = new ClipLoader(dataset, new LoaderConfig(batchSize * views, Workers: 0, Shuffle: false, DropLast: false, Seed: request.Seed));
        var order = loader.Order(0);
        return SourceBatches.Prefetched(workers, request.Device, Enumerable.Range(0, loader.BatchesPerEpoch).Select(b => (Func<ClipBatch>)(() => loader.Build(order, 0, b))));
    }

    public void Dispose()
    {
    }
}
