using Kit.Experiments.Tables;

namespace Kit.Experiments;

/// <summary>The registry of every ablation table the kit reproduces, by id ("mme-t5", "mmae-t8", "mg-t1a", ...).</summary>
public static class Ablations
{
    private static readonly Lazy<IReadOnlyList<AblationTable>> Tables = new(() =>
    {
        var all = new[] { SanityTable.Table() }.Concat(MmeTables.All()).Concat(MotionMaeTables.All()).Concat(MgmaeTables.All()).Append(FlowEstimatorTable.Table()).ToList();
        var duplicate = all.GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? all : throw new InvalidOperationException($"Ablation id '{duplicate.Key}' is defined twice.");
    });

    /// <summary>Every table, in teaching order (the sanity check, then MME, MotionMAE, MGMAE, then the kit's flow-estimator extension).</summary>
    public static IReadOnlyList<AblationTable> All => Tables.Value;

    /// <summary>A table by id; throws listing the ids when unknown.</summary>
    public static AblationTable Get(string id) =>
        All.FirstOrDefault(t => t.Id == id)
        ?? throw new KeyNotFoundException($"Unknown ablation '{id}'. Known ids: {string.Join(", ", All.Select(t => t.Id))}.");
}
