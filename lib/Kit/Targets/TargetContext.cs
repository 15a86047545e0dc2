using Kit.Data;

namespace Kit.Targets;

/// <summary>What a target's dimension depends on besides its own settings: the token grid, colour channels and the temporal stride.</summary>
/// <param name="Grid">token grid of the clips the target will see.</param>
/// <param name="Channels">colour channels of the clip (3 for RGB).</param>
/// <param name="Stride">raw frames per sampled frame (ClipBatch.Stride).</param>
public sealed record TargetContext(TokenGrid Grid, int Channels = 3, int Stride = 2)
{
    /// <summary>Fails unless the batch matches this context.</summary>
    public void Check(ClipBatch batch, TokenGrid grid, string target)
    {
        if (grid != Grid) throw new ArgumentException($"target {target} was built for {Grid} but Compute got {grid}");
        if (batch.Stride != Stride) throw new ArgumentException($"target {target} was built for stride {Stride} but the batch has stride {batch.Stride}");
        if (batch.Clip.size(1) != Channels) throw new ArgumentException($"target {target} was built for {Channels} channels but the clip has {batch.Clip.size(1)}");
        Cubes.CheckClip(batch.Clip, grid);
    }

    /// <summary>HOG cells per patch side (the papers: 16x16 patches of 2x2 cells of 8x8); fails unless the patch splits evenly.</summary>
    public int CellSize(int cellsPerSide)
    {
        if (cellsPerSide < 1 || Grid.Patch % cellsPerSide != 0)
            throw new ArgumentException($"cells per patch side {cellsPerSide} must divide the patch size {Grid.Patch}");
        return Grid.Patch / cellsPerSide;
    }
}
