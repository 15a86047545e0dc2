using Kit.Torch;

namespace Kit.Tests;

/// <summary>Assertion helpers shared by the test classes.</summary>
public static class TestUtil
{
    /// <summary>Registers the kit's targets, masks and data sources for a test, leaving the process's row executor and
    /// kept sanity figures as they were (KitSetup registers the real trainer and the user's cache for both).</summary>
    public static void RegisterKit(string device = "auto")
    {
        var executor = Kit.Experiments.RowExecutors.Registered;
        var sanity = Kit.Experiments.SanityFigures.Root;
        Kit.Pipeline.KitSetup.Register(device);
        Kit.Experiments.RowExecutors.Register(executor);
        Kit.Experiments.SanityFigures.Root = sanity;
    }

    public static void Close(double expected, double actual, double tol = 1e-5, string? what = null) =>
        Assert.True(Math.Abs(expected - actual) <= tol * Math.Max(1, Math.Abs(expected)), $"{what ?? "value"}: expected {expected}, got {actual} (tol {tol})");

    public static void Close(float[] expected, float[] actual, double tol = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Close(expected[i], actual[i], tol, $"element {i}");
    }

    public static void Close(double[] expected, double[] actual, double tol = 1e-9)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Close(expected[i], actual[i], tol, $"element {i}");
    }

    public static void Shape(Tensor t, params long[] expected) => Assert.Equal(expected, t.shape);

    /// <summary>Path of a file in tests/Kit.Tests/data (copied beside the test assembly).</summary>
    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    /// <summary>The repository root (holds Kit.sln).</summary>
    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Kit.sln"))) return d.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>A fact that runs only where libtorch sees a GPU, and says so when skipped.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available()) Skip = "needs CUDA: this libtorch sees no GPU";
    }
}
