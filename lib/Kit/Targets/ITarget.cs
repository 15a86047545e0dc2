using Kit.Data;
using Kit.Torch;

namespace Kit.Targets;

/// <summary>One part of a reconstruction target (e.g. MME's trajectory positions, or MotionMAE's motion).</summary>
/// <param name="Name">part name; the decoder has one head per part.</param>
/// <param name="Values">(B, N_tokens, D_part) float32.</param>
/// <param name="Valid">(B, N_tokens) bool, true = counts in the loss; null = all valid.</param>
/// <param name="FeatureValid">(B, N_tokens, D_part) bool, true = this feature counts in the loss (e.g. MME drops the
/// features of a trajectory that left the frame while its patch still counts); null = every feature of a valid token.</param>
public sealed record TargetPart(string Name, Tensor Values, Tensor? Valid, Tensor? FeatureValid = null) : IDisposable
{
    public void Dispose()
    {
        Values.Dispose();
        Valid?.Dispose();
        FeatureValid?.Dispose();
    }
}

/// <summary>
/// A reconstruction target: computed from a batch with tensor ops (on the batch's device), outside the model.
/// The trainer knows only this interface.
/// </summary>
public interface ITarget
{
    /// <summary>Registry name, e.g. "pixel", "hog", "trajectory".</summary>
    string Name { get; }

    /// <summary>Each part's name and feature dimension D_part, in the order Compute returns them.</summary>
    IReadOnlyList<(string Name, int Dim)> Parts { get; }

    /// <summary>What the batch must carry (raw frames, flow) for this target.</summary>
    TargetNeeds Needs { get; }

    IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid);

    /// <summary>
    /// Raw-rate flow frames the batch must carry (ClipBatch.Flow's second dimension): the clip's own T * stride - 1 unless
    /// the target looks past the clip (MME's trajectories of the last cube run L raw steps from its first raw frame).
    /// When the target also needs raw frames, RawClip must hold one more frame than this.
    /// </summary>
    int FlowFramesNeeded(TokenGrid grid, int stride) => grid.Frames * stride - 1;
}

/// <summary>Inputs a target or mask needs beyond the sampled clip.</summary>
[Flags]
public enum TargetNeeds
{
    None = 0,
    RawFrames = 1,
    Flow = 2,
}
