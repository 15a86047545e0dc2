using Kit.Targets;
using Kit.Torch;
using Kit.Training;
using static Kit.Torch.torch;

namespace Kit.Data.Synth;

/// <summary>
/// Synthetic training clips rendered in memory, as an endless stream: no video files and no decoding, so it needs no
/// OpenCV (a build of the kit without the vision library trains on it). Batch b of epoch e holds scenes
/// (e x perEpoch + b) x batchSize + k of the config, k = 0..batchSize-1, each clip the first T x stride raw frames
/// at the model's size (no augmentation); so every batch is a function of (seed, epoch, batch index) and no scene
/// repeats. Evaluation renders <paramref name="evalVideos"/> scenes of a held-out seed (the config's seed + 1).
/// Targets that need flow get it estimated (DIS, the vision library); targets and masks without flow need nothing more.
/// </summary>
/// <param name="config">scene settings; Size and Frames must fit the request's grid and stride.</param>
/// <param name="videosPerEpoch">how many scenes make an "epoch" (only the epoch length: the stream never repeats).</param>
public sealed class SyntheticStreamSource(SynthConfig config, ClipSourceRequest request, int stride = 2, int videosPerEpoch = 300, int evalVideos = 64) : IClipSource
{
    private readonly SynthConfig config = Checked(config, request, stride);

    public int Classes => config.ClassNames.Count;

    public int BatchesPerEpoch(int batchSize) => videosPerEpoch / batchSize;

    public IEnumerable<ClipBatch> Epoch(int epoch, int batchSize, int skip = 0)
    {
        for (var b = skip; b < BatchesPerEpoch(batchSize); b++)
        {
            var first = ((long)epoch * BatchesPerEpoch(batchSize) + b) * batchSize;
            yield return Render(config, Enumerable.Range(0, batchSize).Select(k => checked((int)(first + k))).ToArray());
        }
    }

    public IEnumerable<ClipBatch> Evaluation(int batchSize)
    {
        var heldOut = config with { Seed = config.Seed + 1 };
        for (var start = 0; start < evalVideos; start += batchSize)
            yield return Render(heldOut, Enumerable.Range(start, Math.Min(batchSize, evalVideos - start)).ToArray());
    }

    /// <summary>Clips (B, C, T, H, W) float 0..1 of the given scenes, with their labels and what the request needs.</summary>
    private ClipBatch Render(SynthConfig scenes, int[] indices)
    {
        using var scope = NewDisposeScope();
        var span = request.Grid.Frames * stride;
        var frames = request.ExtraFlowFrames(stride) + span;
        var raws = new List<Tensor>();
        var flows = new List<Tensor>();
        foreach (var i in indices)
        {
            var video = SynthRenderer.Render(SynthGenerator.Scene(scenes, i), scenes.Size).narrow(0, 0, frames).contiguous(); // (F, H, W, C) uint8
            raws.Add(video.permute(3, 0, 1, 2).to(float32) / 255.0);
            if (request.Needs.HasFlag(TargetNeeds.Flow)) flows.Add(OpticalFlow.Compute(video, new FlowConfig(FlowMethod.Dis)).Flow);
        }
        var raw = stack(raws);                                                  // (B, C, F, H, W)
        var clip = raw.slice(2, 0, span, stride).contiguous();
        var batch = new ClipBatch(
            clip.DetachFromDisposeScope(),
            request.Needs.HasFlag(TargetNeeds.RawFrames) ? raw.DetachFromDisposeScope() : null,
            request.Needs.HasFlag(TargetNeeds.Flow) ? stack(flows).DetachFromDisposeScope() : null,
            tensor(indices.Select(i => (long)SynthGenerator.LabelOf(i, scenes)).ToArray()).DetachFromDisposeScope(),
            stride) { VideoIndices = indices };
        if (request.Device.Type == DeviceType.CPU) return batch;
        using (batch) return batch.To(request.Device);
    }

    private static SynthConfig Checked(SynthConfig config, ClipSourceRequest request, int stride)
    {
        config.Validate();
        var grid = request.Grid;
        if (grid.Height != config.Size || grid.Width != config.Size)
            throw new ArgumentException($"synthetic-stream: the scenes are rendered at {config.Size} px but the model takes {grid.Height}x{grid.Width} clips; set data.params.size={grid.Height}");
        var needed = grid.Frames * stride + request.ExtraFlowFrames(stride);
        if (config.Frames < needed)
            throw new ArgumentException($"synthetic-stream: {grid.Frames} frames at stride {stride} need {needed} rendered frames, but data.params.frames is {config.Frames}");
        return config;
    }

    public void Dispose()
    {
    }
}
