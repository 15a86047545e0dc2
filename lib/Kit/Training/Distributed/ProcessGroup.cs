using Kit.Torch;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Training.Distributed;

/// <summary>
/// This process's membership of a data-parallel job, over libtorch's c10d (lib/native/src/distributed.cpp): a TCPStore
/// rendezvous at MASTER_ADDR:MASTER_PORT, then Gloo (CPU tensors) or NCCL (CUDA, where libtorch has it).
/// <see cref="Default"/> is the process's group, as torch.distributed's default group: the CLI joins it when the
/// environment describes a job, and <see cref="TrainLoop"/> then shards micro-batches, averages gradients and lets only
/// rank 0 write files.
/// </summary>
public sealed class ProcessGroup : IDisposable
{
    /// <summary>DDP's default bucket size: large enough to amortise each collective's latency, small enough to pipeline.</summary>
    public const long DefaultBucketBytes = 25L << 20;

    private IntPtr handle;

    private ProcessGroup(IntPtr handle, DistributedEnvironment env, string backend)
    {
        this.handle = handle;
        Environment = env;
        Backend = backend;
    }

    public DistributedEnvironment Environment { get; }
    public string Backend { get; }
    public int Rank => Environment.Rank;
    public int WorldSize => Environment.WorldSize;
    public bool IsMain => Rank == 0;

    /// <summary>The process's default group (null: a single process).</summary>
    public static ProcessGroup? Default { get; private set; }

    /// <summary>Whether this process writes run files: true unless it is a rank other than 0 of the default group.</summary>
    public static bool IsMainProcess => Default is null || Default.IsMain;

    /// <summary>Backends this build's libtorch can create.</summary>
    public static IReadOnlyList<string> AvailableBackends
    {
        get
        {
            var b = kit_dist_backends();
            var list = new List<string>();
            if ((b & 1) != 0) list.Add("gloo");
            if ((b & 2) != 0) list.Add("nccl");
            return list;
        }
    }

    /// <summary>Joins the job: blocks until all <see cref="DistributedEnvironment.WorldSize"/> ranks have connected or
    /// <paramref name="timeout"/> passes.</summary>
    /// <param name="backend">"gloo" (CPU tensors) or "nccl" (CUDA tensors).</param>
    public static ProcessGroup Init(DistributedEnvironment env, string backend = "gloo", TimeSpan? timeout = null)
    {
        env.Validate();
        if (!AvailableBackends.Contains(backend))
            throw new ArgumentException($"distributed backend '{backend}' is not in this libtorch build (it has: {string.Join(", ", AvailableBackends.DefaultIfEmpty("none"))})");
        var ms = (long)(timeout ?? TimeSpan.FromMinutes(5)).TotalMilliseconds;
        var h = kit_dist_init(env.MasterAddr, env.MasterPort, env.Rank, env.WorldSize, backend, ms);
        if (h == IntPtr.Zero) throw TorchException.FromNative($"joining the process group at {env.MasterAddr}:{env.MasterPort} as rank {env.Rank} of {env.WorldSize}");
        return new ProcessGroup(h, env, backend);
    }

    /// <summary>Joins the job as the process's default group.</summary>
    public static ProcessGroup InitDefault(DistributedEnvironment env, string backend = "gloo", TimeSpan? timeout = null)
    {
        if (Default is not null) throw new InvalidOperationException("this process already joined a process group");
        return Default = Init(env, backend, timeout);
    }

    /// <summary>The backend for tensors on <paramref name="device"/>: NCCL for CUDA when libtorch has it, else Gloo.</summary>
    public static string BackendFor(Device device) => device.Type == DeviceType.CUDA && AvailableBackends.Contains("nccl") ? "nccl" : "gloo";

    /// <summary>Replaces each tensor by its mean over the ranks, in place, in buckets of at most
    /// <paramref name="bucketBytes"/> whose all-reduces are all in flight together.</summary>
    public void AllReduceMean(IReadOnlyList<Tensor> tensors, long bucketBytes = DefaultBucketBytes)
    {
        var hs = tensors.Select(t => t.Handle).ToArray();
        TorchException.Check(kit_dist_allreduce_mean_(Live(), hs, hs.Length, bucketBytes), "all-reduce");
    }

    /// <summary>Copies rank <paramref name="root"/>'s values into every rank's tensors, in place.</summary>
    public void Broadcast(IReadOnlyList<Tensor> tensors, int root = 0)
    {
        var hs = tensors.Select(t => t.Handle).ToArray();
        TorchException.Check(kit_dist_broadcast_(Live(), hs, hs.Length, root), "broadcast");
    }

    /// <summary>Returns once every rank has called it.</summary>
    public void Barrier() => TorchException.Check(kit_dist_barrier(Live()), "barrier");

    private IntPtr Live() => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(ProcessGroup));

    internal IntPtr NativeHandle => Live();

    public void Dispose()
    {
        if (handle == IntPtr.Zero) return;
        kit_dist_free(handle);
        handle = IntPtr.Zero;
        if (ReferenceEquals(Default, this)) Default = null;
    }
}
