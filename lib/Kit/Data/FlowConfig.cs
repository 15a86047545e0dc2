using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kit.Data;

/// <summary>Dense optical flow algorithm (OpenCV).</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum FlowMethod
{
    /// <summary>Farneback polynomial expansion: the MME release's default.</summary>
    Farneback = 0,
    /// <summary>Dense Inverse Search (medium preset): the fastest.</summary>
    Dis = 1,
    /// <summary>Dual TV-L1: what the papers use.</summary>
    Tvl1 = 2,
}

/// <summary>Keypoints matched for camera-motion estimation (SURF, used by iDT, is non-free and absent from OpenCV here).</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum FlowFeature
{
    Orb = 0,
    Akaze = 1,
}

/// <summary>How optical flow is computed; every field takes part in the flow cache's key.</summary>
/// <param name="Method">flow algorithm; the papers use TV-L1.</param>
/// <param name="Stride">s_flow: flow from frame i to frame i + Stride.</param>
/// <param name="Bound">displacements are clamped to [-Bound, Bound] pixels (MME: 20); 0 = no clamp.</param>
/// <param name="Compensate">remove camera motion (iDT): features + flow matches, RANSAC homography, warp, recompute.</param>
/// <param name="Feature">keypoints for compensation.</param>
/// <param name="RansacThreshold">RANSAC reprojection threshold in pixels.</param>
/// <param name="MinInliers">fewer inliers than this and the pair falls back to plain flow.</param>
public sealed record FlowConfig(
    FlowMethod Method = FlowMethod.Tvl1,
    int Stride = 1,
    double Bound = 20,
    bool Compensate = false,
    FlowFeature Feature = FlowFeature.Orb,
    double RansacThreshold = 1.0,
    int MinInliers = 12)
{
    /// <summary>Checks every field; throws naming the bad one.</summary>
    public FlowConfig Validate()
    {
        if (!Enum.IsDefined(Method)) throw new ArgumentException($"flow method {(int)Method} is not one of farneback, dis, tvl1");
        if (Stride < 1) throw new ArgumentException($"flow stride must be at least 1, got {Stride}");
        if (Bound < 0) throw new ArgumentException($"flow bound must be >= 0 (0 = unbounded), got {Bound}");
        if (RansacThreshold <= 0) throw new ArgumentException($"flow RANSAC threshold must be positive, got {RansacThreshold}");
        if (MinInliers < 4) throw new ArgumentException($"flow min inliers must be at least 4 (a homography needs 4 points), got {MinInliers}");
        return this;
    }

    /// <summary>Short stable hash of the settings: names the cache folder, so changing any setting invalidates the cache.</summary>
    public string Key()
    {
        var json = JsonSerializer.Serialize(this);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16].ToLowerInvariant();
    }

    /// <summary>Parses "tvl1", "farneback" or "dis" (case-insensitive).</summary>
    public static FlowMethod ParseMethod(string s) => s.ToLowerInvariant() switch
    {
        "tvl1" or "tv-l1" => FlowMethod.Tvl1,
        "farneback" => FlowMethod.Farneback,
        "dis" => FlowMethod.Dis,
        _ => throw new ArgumentException($"flow method '{s}' is not one of tvl1, farneback, dis"),
    };
}
