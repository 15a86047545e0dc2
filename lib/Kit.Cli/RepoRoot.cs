namespace Kit.Cli;

/// <summary>Finds the repository root (the folder holding Kit.sln) from KIT_ROOT, the working directory or the binary.</summary>
public static class RepoRoot
{
    public static string Find()
    {
        var env = Environment.GetEnvironmentVariable("KIT_ROOT");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "Kit.sln"))) return env;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Kit.sln"))) return d.FullName;
        }
        throw new InvalidOperationException("cannot find the kit's repository root (Kit.sln); set KIT_ROOT");
    }
}
