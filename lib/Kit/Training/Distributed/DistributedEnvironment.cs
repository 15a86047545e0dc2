using System.Globalization;

namespace Kit.Training.Distributed;

/// <summary>
/// Where a process sits in a data-parallel job, from the environment every common launcher sets (torchrun, Slurm
/// scripts, Kubernetes jobs, `kit pretrain --nproc N`): MASTER_ADDR and MASTER_PORT (rank 0's TCPStore), RANK (0..N-1
/// over all machines), WORLD_SIZE (N) and LOCAL_RANK (the index on this machine, which picks the GPU).
/// </summary>
public sealed record DistributedEnvironment(string MasterAddr, int MasterPort, int Rank, int WorldSize, int LocalRank)
{
    public static readonly string[] Variables = ["MASTER_ADDR", "MASTER_PORT", "RANK", "WORLD_SIZE", "LOCAL_RANK"];

    /// <summary>The job described by the environment, or null when WORLD_SIZE is unset (a single process).</summary>
    public static DistributedEnvironment? FromEnvironment() => From(Environment.GetEnvironmentVariable);

    /// <summary>Reads the variables through <paramref name="get"/>; throws naming any that is missing or malformed.</summary>
    public static DistributedEnvironment? From(Func<string, string?> get)
    {
        if (string.IsNullOrEmpty(get("WORLD_SIZE"))) return null;
        int Int(string name, int? fallback = null)
        {
            var v = get(name);
            if (string.IsNullOrEmpty(v))
                return fallback ?? throw new ArgumentException($"distributed training: WORLD_SIZE is set but {name} is not (set {string.Join(", ", Variables)})");
            return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"distributed training: {name}='{v}' is not an integer");
        }
        var world = Int("WORLD_SIZE");
        var rank = Int("RANK");
        var addr = get("MASTER_ADDR");
        if (string.IsNullOrEmpty(addr)) throw new ArgumentException("distributed training: WORLD_SIZE is set but MASTER_ADDR is not (rank 0's host name or address)");
        var env = new DistributedEnvironment(addr, Int("MASTER_PORT"), rank, world, Int("LOCAL_RANK", rank));
        env.Validate();
        return env;
    }

    public void Validate()
    {
        if (WorldSize < 1) throw new ArgumentException($"distributed training: WORLD_SIZE must be at least 1, got {WorldSize}");
        if (Rank < 0 || Rank >= WorldSize) throw new ArgumentException($"distributed training: RANK {Rank} is outside 0..{WorldSize - 1}");
        if (LocalRank < 0) throw new ArgumentException($"distributed training: LOCAL_RANK must be >= 0, got {LocalRank}");
        if (MasterPort is < 1 or > 65535) throw new ArgumentException($"distributed training: MASTER_PORT {MasterPort} is not a TCP port");
    }

    /// <summary>The variables for a child process of a local launch.</summary>
    public IReadOnlyDictionary<string, string> ToVariables() => new Dictionary<string, string>
    {
        ["MASTER_ADDR"] = MasterAddr,
        ["MASTER_PORT"] = MasterPort.ToString(CultureInfo.InvariantCulture),
        ["RANK"] = Rank.ToString(CultureInfo.InvariantCulture),
        ["WORLD_SIZE"] = WorldSize.ToString(CultureInfo.InvariantCulture),
        ["LOCAL_RANK"] = LocalRank.ToString(CultureInfo.InvariantCulture),
    };
}
