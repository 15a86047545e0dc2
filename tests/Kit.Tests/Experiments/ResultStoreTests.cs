using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class ResultStoreTests
{
    private static StoredResult Result(string key, int seed, double top1) => new("mme-t5", "Traj", key, seed,
        Scale.Smoke.Resolve(Recipes.MmeAblation), Scale.Smoke, "test", HardwareInfo.Current("fake"), DateTime.UtcNow,
        new RowMeasurement(top1, 90, 0.4, new RowTimings(1, 2, 3)), 6.5);

    [Fact]
    public void SavedResultsAreFoundWithEverythingTheyRecord()
    {
        using var dir = new TempDir();
        var store = new ResultStore(dir.Path);
        var path = store.Save(Result("abc", 1, 61.5));
        Assert.Equal(Path.Combine(dir.Path, "results", "mme-t5", "abc-seed1.json"), path);
        var found = store.Lookup("mme-t5", "abc", 1);
        Assert.Equal(LookupStatus.Found, found.Status);
        Assert.Equal(61.5, found.Result!.Measurement.Top1);
        Assert.Equal(6.0, found.Result.Measurement.Timings.TotalSeconds);
        Assert.Equal(Scale.Smoke.Resolve(Recipes.MmeAblation), found.Result.Recipe);
        Assert.Equal(Environment.ProcessorCount, found.Result.Hardware.Cores);
        Assert.Equal(LookupStatus.Missing, store.Lookup("mme-t5", "abc", 2).Status);
        Assert.Equal(LookupStatus.Missing, store.Lookup("mme-t5", "abd", 1).Status);
    }

    [Fact]
    public void ATruncatedTempFileFromAnInterruptedWriteIsIgnored()
    {
        using var dir = new TempDir();
        var store = new ResultStore(dir.Path);
        store.Save(Result("abc", 0, 60));
        var full = File.ReadAllText(store.PathOf("mme-t5", "abc", 0));
        // What a process killed during AtomicFile's write leaves: a partial sibling temp file.
        File.WriteAllText(Path.Combine(dir.Path, "results", "mme-t5", ".abc-seed1.json.999.0123.tmp"), full[..(full.Length / 2)]);
        File.WriteAllText(Path.Combine(dir.Path, "results", "mme-t5", ".abc-seed0.json.999.4567.tmp"), full[..10]);
        Assert.Equal(LookupStatus.Missing, store.Lookup("mme-t5", "abc", 1).Status);
        Assert.Equal(60, store.Lookup("mme-t5", "abc", 0).Result!.Measurement.Top1);
    }

    [Fact]
    public void ACorruptFileIsReportedByNameAndMovedAsideNotDeleted()
    {
        using var dir = new TempDir();
        var store = new ResultStore(dir.Path);
        store.Save(Result("abc", 0, 60));
        store.Save(Result("abc", 1, 61));
        var path = store.PathOf("mme-t5", "abc", 1);
        File.WriteAllText(path, File.ReadAllText(path)[..40]);
        var lookup = store.Lookup("mme-t5", "abc", 1);
        Assert.Equal(LookupStatus.Corrupt, lookup.Status);
        Assert.Contains("abc-seed1.json", lookup.Problem);
        Assert.False(File.Exists(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, "abc-seed1.json.corrupt-*"));
        Assert.Equal(60, store.Lookup("mme-t5", "abc", 0).Result!.Measurement.Top1); // the neighbour is untouched
        Assert.Equal(LookupStatus.Missing, store.Lookup("mme-t5", "abc", 1).Status);
    }

    [Fact]
    public void AFileRecordingAnotherKeyOrSeedIsNotTakenForThisOne()
    {
        using var dir = new TempDir();
        var store = new ResultStore(dir.Path);
        var wrong = store.Save(Result("abc", 0, 60));
        File.Move(wrong, store.PathOf("mme-t5", "abc", 3));
        var lookup = store.Lookup("mme-t5", "abc", 3);
        Assert.Equal(LookupStatus.Corrupt, lookup.Status);
        Assert.Contains("seed 0", lookup.Problem);
    }
}
