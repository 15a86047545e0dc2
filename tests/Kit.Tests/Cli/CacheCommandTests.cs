using Kit.Cli;
using Kit.Cli.Commands;

namespace Kit.Tests.Cli;

/// <summary>`kit cache` and `kit cache clean` (CacheCommand.cs, CacheClean.cs, CacheLayout.cs) on a cache root made in
/// the test and pointed at by KIT_DATA.</summary>
public class CacheCommandTests
{
    private static string MakeCache()
    {
        var root = Directory.CreateTempSubdirectory("kit-cache").FullName;
        void File(string rel, int bytes)
        {
            var path = Path.Combine(root, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllBytes(path, new byte[bytes]);
        }
        File("rows/mme-t5/row.json", 1000);
        File("synthetic-motion-48v/videos/a.avi", 2000);
        File("synthetic-motion-48v/flow-cache/abc/a.npy", 500);
        File("synthetic-motion-300v.77.tmp/videos/b.avi", 300);
        File("mine/notes.txt", 10);
        return root;
    }

    private static T WithCache<T>(string root, Func<T> run)
    {
        var before = Environment.GetEnvironmentVariable("KIT_DATA");
        Environment.SetEnvironmentVariable("KIT_DATA", root);
        try { return run(); }
        finally { Environment.SetEnvironmentVariable("KIT_DATA", before); }
    }

    [Fact]
    public void ShowsEachFolderWithItsSize()
    {
        var root = MakeCache();
        try
        {
            var output = new StringWriter();
            Assert.Equal(0, WithCache(root, () => new CacheCommand(output).Run(new Args([]))));
            var text = output.ToString();
            Assert.Contains($"cache root: {root} (from KIT_DATA)", text);
            Assert.Contains("1000 B  rows       rows", text);
            Assert.Contains("2.0 KB  dataset    synthetic-motion-48v", text);
            Assert.Contains("500 B  flow       synthetic-motion-48v/flow-cache", text);
            Assert.Contains("300 B  partial    synthetic-motion-300v.77.tmp", text);
            Assert.Contains("3.7 KB  total", text);
            Assert.DoesNotContain("mine", text);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void CleanDeletesOnlyWhatWasAskedAndNeverForeignFolders()
    {
        var root = MakeCache();
        try
        {
            var output = new StringWriter();
            Assert.Equal(0, WithCache(root, () => new CacheClean(output).Run(new Args(["--what", "all", "--dry-run"]))));
            Assert.True(Directory.Exists(Path.Combine(root, "rows")), "a dry run deletes nothing");
            Assert.Contains("would free 3.7 KB", output.ToString());

            Assert.Equal(0, WithCache(root, () => new CacheClean(new StringWriter()).Run(new Args(["--what", "flow"]))));
            Assert.False(Directory.Exists(Path.Combine(root, "synthetic-motion-48v", "flow-cache")));
            Assert.True(File.Exists(Path.Combine(root, "synthetic-motion-48v", "videos", "a.avi")));
            Assert.True(Directory.Exists(Path.Combine(root, "rows")));

            Assert.Equal(0, WithCache(root, () => new CacheClean(new StringWriter()).Run(new Args(["--what", "rows"]))));
            Assert.False(Directory.Exists(Path.Combine(root, "rows")));
            Assert.True(Directory.Exists(Path.Combine(root, "synthetic-motion-48v")));

            Assert.Equal(0, WithCache(root, () => new CacheClean(new StringWriter()).Run(new Args([]))));
            Assert.Equal(new[] { "mine" }, Directory.GetDirectories(root).Select(d => Path.GetFileName(d)!).ToArray());
            Assert.Throws<UsageException>(() => WithCache(root, () => new CacheClean(new StringWriter()).Run(new Args(["--what", "everything"]))));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
