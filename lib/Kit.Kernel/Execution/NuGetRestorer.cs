using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Kit.Kernel.Execution;

/// <summary>
/// Restores a <see cref="NuGetDirective"/> with the dotnet CLI against the configured sources (the nuget.config nearest
/// to the notebook, else the user's) into a small project under the kernel cache, and returns the runtime assemblies
/// of the package and its dependencies for the running framework, read from project.assets.json. This is the only
/// place the kernel touches the network, and only because a cell asked for it.
/// </summary>
internal sealed class NuGetRestorer(string cacheRoot)
{
    /// <summary>The default cache: $KIT_KERNEL_CACHE, else ~/.cache/kit-kernel.</summary>
    public static string DefaultCacheRoot =>
        Environment.GetEnvironmentVariable("KIT_KERNEL_CACHE") is { Length: > 0 } root ? root
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kit-kernel");

    private static string TargetFramework => $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    /// <summary>Restores the package; throws <see cref="NuGetRestoreException"/> with the CLI's errors when it fails.</summary>
    public IReadOnlyList<string> Restore(NuGetDirective package, string notebookDirectory, CancellationToken cancellation)
    {
        var folder = Path.Combine(cacheRoot, "nuget", $"{package.Name}-{package.Version ?? "latest"}".ToLowerInvariant());
        Directory.CreateDirectory(folder);
        var version = package.Version is null ? "*" : $"[{package.Version}]";
        File.WriteAllText(Path.Combine(folder, "restore.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>{TargetFramework}</TargetFramework></PropertyGroup>
              <ItemGroup><PackageReference Include="{package.Name}" Version="{version}" /></ItemGroup>
            </Project>
            """);
        // Keep the repository's or anyone's Directory.Build.* files out of this throwaway project.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />");
        RunRestore(folder, FindNuGetConfig(notebookDirectory), package, cancellation);
        return RuntimeAssemblies(Path.Combine(folder, "obj", "project.assets.json"));
    }

    private static string? FindNuGetConfig(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
            foreach (var name in new[] { "nuget.config", "NuGet.Config", "NuGet.config" })
                if (File.Exists(Path.Combine(dir.FullName, name))) return Path.Combine(dir.FullName, name);
        return null;
    }

    private static void RunRestore(string folder, string? config, NuGetDirective package, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "restore", "restore.csproj", "--nologo", "-v", "q" }) start.ArgumentList.Add(arg);
        if (config is not null) { start.ArgumentList.Add("--configfile"); start.ArgumentList.Add(config); }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new NuGetRestoreException($"Could not start dotnet to restore {package}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (!process.WaitForExit(100))
            if (cancellation.IsCancellationRequested) { process.Kill(entireProcessTree: true); cancellation.ThrowIfCancellationRequested(); }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var errors = output.ToString().Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                .Select(l => l.Trim()).Distinct().ToList();
            throw new NuGetRestoreException($"Could not restore NuGet package {package}:\n" +
                string.Join('\n', errors.Count > 0 ? errors : [output.ToString().Trim()]));
        }
    }

    /// <summary>Runtime assemblies (lib/... *.dll) of every package in the restore graph for the running framework.</summary>
    private static IReadOnlyList<string> RuntimeAssemblies(string assetsPath)
    {
        var assets = JsonNode.Parse(File.ReadAllText(assetsPath))!;
        var packageFolder = assets["packageFolders"]!.AsObject().First().Key;
        var target = assets["targets"]!.AsObject().First(t => !t.Key.Contains('/')).Value!.AsObject();
        var libraries = assets["libraries"]!.AsObject();
        var paths = new List<string>();
        foreach (var (id, entry) in target)
        {
            if (entry!["type"]?.GetValue<string>() != "package" || entry["runtime"] is not JsonObject runtime) continue;
            var libraryPath = libraries[id]!["path"]!.GetValue<string>();
            paths.AddRange(runtime.Select(r => r.Key).Where(k => k.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .Select(k => Path.Combine(packageFolder, libraryPath, k)));
        }
        return paths;
    }
}
