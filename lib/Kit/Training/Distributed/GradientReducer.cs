using Kit.Torch;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Training.Distributed;

/// <summary>
/// Averages parameters' gradients over the ranks of a <see cref="ProcessGroup"/> while the backward pass runs
/// (lib/native/src/distributed.cpp): hooks on the parameters' gradient accumulators start each bucket's all-reduce
/// as soon as backward has produced all of its gradients, so communication of the last layers overlaps the backward
/// pass of the first. Buckets hold at most <see cref="ProcessGroup.DefaultBucketBytes"/>, in reverse parameter order,
/// and start in the same order on every rank (so a parameter that gets no gradient holds back the buckets after it
/// until <see cref="Finish"/>, which is still correct, only not overlapped). Use: <see cref="Prepare"/> before the step's last backward (earlier
/// micro-batches only accumulate), <see cref="Finish"/> after it; dispose to remove the hooks.
/// </summary>
public sealed class GradientReducer : IDisposable
{
    private IntPtr handle;

    /// <param name="parameters">leaves that require grad, in the same order on every rank.</param>
    public GradientReducer(ProcessGroup group, IReadOnlyList<Parameter> parameters, long bucketBytes = ProcessGroup.DefaultBucketBytes)
    {
        var hs = parameters.Select(p => p.Handle).ToArray();
        handle = kit_dist_reducer_new(group.NativeHandle, hs, hs.Length, bucketBytes);
        if (handle == IntPtr.Zero) throw TorchException.FromNative("gradient reducer");
    }

    /// <summary>Arms the hooks for the coming backward pass.</summary>
    public void Prepare() => TorchException.Check(kit_dist_reducer_prepare(Live()), "gradient reducer");

    /// <summary>Completes the all-reduces (starting any bucket backward left incomplete: parameters without a gradient
    /// here, or a backward that was skipped) and leaves each gradient as its mean over the ranks. Returns how many
    /// buckets the backward pass started itself (all of them when every parameter got a gradient).</summary>
    public int Finish()
    {
        var started = kit_dist_reducer_finish(Live());
        return started >= 0 ? started : throw TorchException.FromNative("gradient reducer");
    }

    /// <summary>Number of buckets the parameters were packed into.</summary>
    public int Buckets => kit_dist_reducer_buckets(Live());

    private IntPtr Live() => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(GradientReducer));

    public void Dispose()
    {
        if (handle == IntPtr.Zero) return;
        kit_dist_reducer_free(handle);
        handle = IntPtr.Zero;
    }
}
