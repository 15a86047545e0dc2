using Kit.Targets;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data.Synth;

/// <summary>
/// Synthetic clips straight to a <see cref="ClipBatch"/>, without files, decoding or augmentation: a quick, deterministic
/// input for tests and notebooks of targets and masks (video i of the dataset the same config would write).
/// </summary>
public static class SynthClips
{
    /// <param name="config">scene settings (Size, Frames, Variant, Seed...); Frames must cover numFrames x stride.</param>
    /// <param name="batch">clips, videos 0..batch-1 of the config.</param>
    /// <param name="numFrames">T: frames in Clip.</param>
    /// <param name="stride">raw frames per sampled frame.</param>
    /// <param name="needs">extras to attach (raw frames, flow).</param>
    /// <param name="flow">flow settings when needs has Flow (default: DIS, fast).</param>
    public static ClipBatch Batch(SynthConfig config, int batch, int numFrames, int stride, TargetNeeds needs = TargetNeeds.None, FlowConfig? flow = null)
    {
        config.Validate();
        var span = numFrames * stride;
        if (span > config.Frames) throw new ArgumentException($"synthetic clips: {numFrames} frames x stride {stride} = {span} raw frames, but the videos have {config.Frames}");
        if (batch < 1) throw new ArgumentException($"synthetic clips: batch must be at least 1, got {batch}");
        var flowConfig = flow ?? new FlowConfig(FlowMethod.Dis);
        if (needs.HasFlag(TargetNeeds.Flow) && flowConfig.Validate().Stride != 1)
            throw new ArgumentException($"synthetic clips: the batch carries raw-rate flow, so the flow stride must be 1, got {flowConfig.Stride}");
        using var scope = NewDisposeScope();
        var raws = new List<Tensor>();
        var flows = new List<Tensor>();
        var labels = new long[batch];
        for (var i = 0; i < batch; i++)
        {
            var scene = SynthGenerator.Scene(config, i);
            labels[i] = scene.Label;
            var frames = SynthRenderer.Render(scene, config.Size).narrow(0, 0, span).contiguous();
            raws.Add(frames.permute(3, 0, 1, 2).to(float32) / 255.0);
            if (needs.HasFlag(TargetNeeds.Flow)) flows.Add(OpticalFlow.Compute(frames, flowConfig).Flow);
        }
        var raw = stack(raws);
        var clip = raw.slice(2, 0, span, stride).contiguous();
        return new ClipBatch(
            clip.DetachFromDisposeScope(),
            needs.HasFlag(TargetNeeds.RawFrames) ? raw.DetachFromDisposeScope() : null,
            needs.HasFlag(TargetNeeds.Flow) ? stack(flows).DetachFromDisposeScope() : null,
            tensor(labels).DetachFromDisposeScope(),
            stride)
        {
            VideoIndices = Enumerable.Range(0, batch).ToArray(),
        };
    }
}
