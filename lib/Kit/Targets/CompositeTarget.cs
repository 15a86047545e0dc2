using Kit.Data;

namespace Kit.Targets;

/// <summary>
/// Several targets side by side (MME's HOG+HOF, HOG+MBH, HOG+Flow, Traj+MBH+HOF): each keeps its own part(s) and its
/// own normalisation, so the decoder has one head per part.
/// </summary>
public sealed class CompositeTarget : ITarget
{
    private readonly IReadOnlyList<ITarget> children;

    public CompositeTarget(IReadOnlyList<ITarget> children)
    {
        if (children.Count < 2) throw new ArgumentException($"a composite target needs at least two targets, got {children.Count}");
        var names = children.SelectMany(c => c.Parts).Select(p => p.Name).ToList();
        var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"composite target has two parts named \"{dup.Key}\"");
        this.children = children;
    }

    public IReadOnlyList<ITarget> Children => children;
    public string Name => string.Join("+", children.Select(c => c.Name));
    public IReadOnlyList<(string Name, int Dim)> Parts => children.SelectMany(c => c.Parts).ToList();
    public TargetNeeds Needs => children.Aggregate(TargetNeeds.None, (n, c) => n | c.Needs);

    public int FlowFramesNeeded(TokenGrid grid, int stride) => children.Max(c => c.FlowFramesNeeded(grid, stride));

    public IReadOnlyList<TargetPart> Compute(ClipBatch batch, TokenGrid grid)
    {
        var parts = new List<TargetPart>();
        try
        {
            foreach (var c in children) parts.AddRange(c.Compute(batch, grid));
            return parts;
        }
        catch
        {
            foreach (var p in parts) p.Dispose();
            throw;
        }
    }
}
