namespace Kit.Kernel.Execution;

/// <summary>
/// Where the kit's library build is, so a notebook anywhere on disk can write <c>#r "Kit.dll"</c> instead of a path
/// relative to the checkout: the kernel runs from CHECKOUT/lib/Kit.Kernel/bin/CONFIG/net10.0, and the library is built
/// to CHECKOUT/lib/Kit/bin/CONFIG/net10.0. <c>KIT_ROOT</c> (set by the kernelspec) names the checkout explicitly.
/// </summary>
internal static class KitBuild
{
    /// <summary>The folder holding Kit.dll, or null when neither KIT_ROOT nor the kernel's own location leads to one.</summary>
    public static string? Directory { get; } = Find(Environment.GetEnvironmentVariable("KIT_ROOT"), AppContext.BaseDirectory);

    /// <param name="root">The checkout named by KIT_ROOT, or null.</param>
    /// <param name="kernelDirectory">The kernel's own folder: .../lib/Kit.Kernel/bin/CONFIG/TFM/.</param>
    public static string? Find(string? root, string kernelDirectory)
    {
        var kernel = new DirectoryInfo(kernelDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (kernel.Name, kernel.Parent?.Name ?? "Release");
        var fromKernel = kernel.Parent?.Parent?.Parent?.Parent is { } lib
            ? Path.Combine(lib.FullName, "Kit", "bin", configuration, framework)
            : null;
        var fromRoot = string.IsNullOrEmpty(root) ? null : Path.Combine(root, "lib", "Kit", "bin", configuration, framework);
        return new[] { fromRoot, fromKernel }.FirstOrDefault(d => d is not null && File.Exists(Path.Combine(d, "Kit.dll")));
    }
}
