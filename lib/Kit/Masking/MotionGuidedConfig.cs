namespace Kit.Masking;

/// <summary>Which sampled frame carries MGMAE's initial mask map.</summary>
public enum BaseFrame { First, Middle, Random }

/// <summary>MGMAE's initial visibility map at the base frame (Table 1d).</summary>
public enum InitialMap
{
    /// <summary>N_vis random tokens set to 1, every other pixel 1e-8.</summary>
    TokenRandom,

    /// <summary>The top (1 - ratio) fraction of random normal pixels set to 1, others 1e-8.</summary>
    PixelRandom,

    /// <summary>N_vis Gaussians at random patch centres: the paper's sum of N(c, s^2) densities exp(-(dx^2 + dy^2) / 2s^2);
    /// in the release variant exp(-((dx/s)^2 + (dy/s)^2)) combined by pixel-wise max. Divided by the clip's maximum.</summary>
    MixedGaussian,
}

/// <summary>Which MGMAE follows where the paper and the released code differ.</summary>
public enum MgmaeVariant
{
    /// <summary>The paper: floor((1 - rho) h w) visible tokens per frame; the mixed-Gaussian map sums N(c, 16^2).</summary>
    Paper,

    /// <summary>The released code: N - round(rho N) visible tokens per frame (20 instead of 19 at 224 px, rho 0.9); the
    /// mixed-Gaussian map is the pixel-wise maximum of exp(-((dx/16)^2 + (dy/16)^2)). The release's warping-direction bug
    /// is separate (<see cref="MotionGuidedConfig.ReleaseDirectionBug"/>).</summary>
    Release,
}

/// <summary>How the map follows the motion (Table 1b).</summary>
public enum MapWarping
{
    /// <summary>out(x) = M(x + F_{target->source}(x)) by bilinear sampling; holes = pixels sampled from outside the frame.</summary>
    Backward,

    /// <summary>Bilinear splatting of M along F_{source->target}; holes = pixels nothing lands on.</summary>
    Forward,
}

/// <summary>What the holes of a warped map get (Table 1e).</summary>
public enum HoleFill
{
    /// <summary>0: hidden.</summary>
    Invisible,

    /// <summary>1: visible.</summary>
    Visible,

    /// <summary>Hidden with probability rho, else visible.</summary>
    Random,

    /// <summary>The map being warped, at the same pixel.</summary>
    Previous,

    /// <summary>The base frame's initial map at the same pixel (the release's default).</summary>
    Tube,
}

/// <summary>How visible tokens are picked from the scores (Table 1c).</summary>
public enum VisibleSampling
{
    /// <summary>Top-k in each temporal slot.</summary>
    FrameLevel,

    /// <summary>Top k * slots over the whole clip.</summary>
    ClipLevel,
}

/// <summary>Where the flow between adjacent sampled frames comes from (Table 1f).</summary>
public enum MaskFlowSource
{
    /// <summary>The batch's cached raw-rate flow (offline TV-L1), composed to the input stride.</summary>
    Offline,

    /// <summary>Estimated on the tensor device from the clip itself (<see cref="OnlineFlow"/>).</summary>
    Online,
}

/// <summary>Settings of MGMAE's motion-guided masking (defaults: the paper's shaded rows).</summary>
/// <param name="Ratio">fraction hidden in every slot (MGMAE: 0.9); exact per slot.</param>
/// <param name="Base">base frame: first, middle (T/2) or random per clip.</param>
/// <param name="Initial">initial map at the base frame.</param>
/// <param name="Sigma">Gaussian width in pixels for MixedGaussian; null = the patch size (16 in the paper).</param>
/// <param name="Warping">backward (sampling) or forward (splatting).</param>
/// <param name="Fill">hole filling.</param>
/// <param name="Rho">probability a hole pixel is hidden for HoleFill.Random; null = Ratio.</param>
/// <param name="Sampling">frame-level or clip-level top-k.</param>
/// <param name="Exposure">add N(0, 1) noise to one random slot's token-level mask map (MGMAE's "exposure of masked objects").</param>
/// <param name="Flow">offline (batch flow) or online (estimated on the device).</param>
/// <param name="Online">settings of the online estimator; null = <see cref="MotionGuidedConfig.DefaultOnline"/>.</param>
/// <param name="InvertIterations">fixed-point iterations used to invert offline forward flow into backward flow.</param>
/// <param name="EstimateBackward">online flow: estimate the backward flow too (twice the cost) instead of inverting the forward flow.</param>
/// <param name="Variant">paper (default) or release: the visible-token count and the mixed-Gaussian map (<see cref="MgmaeVariant"/>).</param>
/// <param name="ReleaseDirectionBug">reproduce the MGMAE release: frames before the base are warped with the flow of the
/// wrong direction (so the map drifts against the motion there). Off by default; on only to measure what the bug costs.</param>
public sealed record MotionGuidedConfig(
    double Ratio = 0.9,
    BaseFrame Base = BaseFrame.Middle,
    InitialMap Initial = InitialMap.MixedGaussian,
    double? Sigma = null,
    MapWarping Warping = MapWarping.Backward,
    HoleFill Fill = HoleFill.Tube,
    double? Rho = null,
    VisibleSampling Sampling = VisibleSampling.FrameLevel,
    bool Exposure = false,
    MaskFlowSource Flow = MaskFlowSource.Offline,
    OnlineFlowConfig? Online = null,
    int InvertIterations = 5,
    bool EstimateBackward = false,
    bool ReleaseDirectionBug = false,
    MgmaeVariant Variant = MgmaeVariant.Paper)
{
    /// <summary>
    /// The online estimator masking uses unless <see cref="Online"/> says otherwise: <see cref="OnlineFlowConfig"/>'s
    /// defaults, a six-level pyramid that follows motion up to 16 px per frame (see its remarks for the measured error).
    /// </summary>
    public static OnlineFlowConfig DefaultOnline { get; } = new();

    /// <summary>Visible tokens per temporal slot of <paramref name="tokensPerSlot"/>: floor((1 - Ratio) N) in the
    /// paper, N - round(Ratio N) in the release. At least one token is hidden and one visible: on a grid too small for
    /// the ratio (16 tokens per slot at 95 %, the kit's CPU scales) the paper's floor would keep none, so one stays
    /// visible, as the release's rounding also gives there.</summary>
    public int VisiblePerSlot(int tokensPerSlot)
    {
        if (Variant == MgmaeVariant.Release) return MaskRatio.Visible(tokensPerSlot, Ratio, "motion-guided", "tokens per slot");
        // the small epsilon keeps (1 - 0.75) * 16 = 4 at 4 despite binary rounding; it never lifts a true fraction
        var visible = (int)Math.Floor((1 - Ratio) * tokensPerSlot + 1e-9);
        if (visible < 1 && Ratio < 1) visible = 1;
        if (visible < 1 || visible >= tokensPerSlot)
            throw new ArgumentException($"motion-guided masking ratio {Ratio} keeps floor((1 - {Ratio}) x {tokensPerSlot}) = {visible} of {tokensPerSlot} tokens per slot visible: it must keep at least one and hide at least one");
        return visible;
    }
}
