namespace Kit.Targets;

/// <summary>How many trajectories each patch contributes to MME's target (MME Table 9).</summary>
public enum TrajectoryDensity
{
    /// <summary>All K trajectories of the patch.</summary>
    Dense,

    /// <summary>One trajectory: the average of the patch's in-view trajectories.</summary>
    SparseMean,

    /// <summary>One trajectory: the most salient (largest path length) of the patch's in-view trajectories.</summary>
    SparseMax,
}

/// <summary>What MME's patch norm averages over (MME Sec. 3.2 and Table 8; the release departs from the paper).</summary>
public enum TrajectoryNorm
{
    /// <summary>The paper: each patch's concatenated values of a part (the K trajectories' 2 x L positions; their L x 9
    /// shape bins) are normalised to zero mean and unit variance, as MAE normalises a patch's pixels.</summary>
    Patch,

    /// <summary>The released code: positions only, for each (component, step) over the patch's K trajectories. A
    /// patch moving rigidly (every trajectory the same) becomes all zeros; the shape part is left as computed.</summary>
    Step,
}

/// <summary>Settings of MME's trajectory target (defaults: the paper's shaded rows).</summary>
/// <param name="PointsPerSide">trajectories per patch side: K = PointsPerSide^2 (1, 4, 16), seeded at the centres of a regular grid (the 8x8 cell centres for K = 4).</param>
/// <param name="Length">L steps tracked (0..8; the paper's default 6; 0 keeps only the appearance at the seed).</param>
/// <param name="Interpolate">true: track through raw-rate flow from the first raw frame the cube covers; false: through flow at the input stride.</param>
/// <param name="PatchNorm">normalise per patch (MME Table 8), as <paramref name="Norm"/> says; the sparse variants' one trajectory: positions over its steps.</param>
/// <param name="Density">dense, or one trajectory per patch (mean or most salient).</param>
/// <param name="Shape">add the shape part: HOG around the tracked point at each step (L x 9 per trajectory); false = "w/o shape".</param>
/// <param name="MedianFilter">3x3 median filter on flow before tracking (paper Eq. 6).</param>
/// <param name="DisplacementScale">displacements are divided by this (the release: 20, its flow bound).</param>
/// <param name="OutOfViewMask">exclude trajectories that leave the frame from the loss (a patch with none left is excluded).</param>
/// <param name="Camera">camera-motion removal applied to the flow before tracking.</param>
/// <param name="ShapeBins">orientation bins of the shape descriptor.</param>
/// <param name="Norm">with <paramref name="PatchNorm"/>: over each part's whole patch (the paper) or per (component, step) over the trajectories (the release).</param>
public sealed record TrajectoryConfig(
    int PointsPerSide = 2,
    int Length = 6,
    bool Interpolate = true,
    bool PatchNorm = true,
    TrajectoryDensity Density = TrajectoryDensity.Dense,
    bool Shape = true,
    bool MedianFilter = true,
    double DisplacementScale = 20,
    bool OutOfViewMask = true,
    CameraCompensation Camera = CameraCompensation.None,
    int ShapeBins = Hog.DefaultBins,
    TrajectoryNorm Norm = TrajectoryNorm.Patch)
{
    public int PointsPerPatch => PointsPerSide * PointsPerSide;
    public int TrajectoriesPerToken => Density == TrajectoryDensity.Dense ? PointsPerPatch : 1;
    public int ShapeSteps => Math.Max(Length, 1);
}
