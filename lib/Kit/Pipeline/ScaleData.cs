using Kit.Data;
using Kit.Data.Synth;
using Kit.Experiments;

namespace Kit.Pipeline;

/// <summary>
/// The data each scale trains on. Smoke and default scales use the embedded synthetic motion dataset (generated once
/// into a cache folder: same seed, same bytes) and Farneback flow — TV-L1, the papers' choice, costs about 10 minutes
/// per 300 small videos on 2 cores, so the CPU scales use the MME release's default method; the paper scale uses TV-L1
/// on a real dataset's manifests.
/// </summary>
public static class ScaleData
{
    private static readonly Lock Gate = new();

    /// <summary>Cache root: KIT_DATA, else ~/.cache/mvm-kit.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("KIT_DATA") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mvm-kit");

    /// <summary>The synthetic dataset a scale uses (videos, size, frames).</summary>
    public static SynthConfig SynthFor(Scale scale) => scale.Name switch
    {
        "smoke" => new SynthConfig(Videos: 48, Size: 32, Frames: 24, Seed: 7),
        _ => new SynthConfig(Videos: 300, Size: 64, Frames: 32, Seed: 7),
    };

    /// <summary>
    /// The synthetic protocol of a scale: clips of the scale's size rendered on the fly (motion classes, camera motion
    /// and distractors as the written dataset), the scale's labelled and test set sizes, and the recipe's flow source
    /// (the generator's exact flow unless the recipe names an estimator).
    /// </summary>
    public static SynthProtocol ProtocolFor(Recipe recipe, Scale scale) => new SynthProtocol(
        new SynthStream(new SynthConfig(Size: recipe.Data.Size, CameraMotionChance: scale.CameraMotionChance, ExitChance: scale.ExitChance, MaxDistractors: scale.MaxDistractors, ObjectScale: scale.ObjectScale)),
        LabelledPerClass: scale.LabelledPerClass,
        ValPerClass: Math.Max(1, scale.TestPerClass / 2),
        TestPerClass: scale.TestPerClass,
        Flow: recipe.Data.Flow ?? "oracle").Validate();

    /// <summary>Flow method of a scale (see the class summary for why the CPU scales differ from the papers).</summary>
    public static FlowMethod FlowMethodFor(Scale scale) => scale.Name == "paper" ? FlowMethod.Tvl1 : FlowMethod.Farneback;

    /// <summary>Manifests of the scale's dataset, generating the synthetic one on first use.</summary>
    public static DatasetSplits Splits(Recipe recipe, Scale scale)
    {
        if (recipe.Data.Dataset == "synthetic-motion")
        {
            return SplitsFor(SynthFor(scale));
        }
        var manifest = recipe.Data.Manifest ?? throw new ArgumentException($"data.manifest: dataset '{recipe.Data.Dataset}' needs a manifest folder holding train.tsv, val.tsv and test.tsv");
        var folder = Directory.Exists(manifest) ? manifest : Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var splits = new DatasetSplits(Path.Combine(folder, "train.tsv"), Path.Combine(folder, "val.tsv"), Path.Combine(folder, "test.tsv"), FlowCacheDir: Path.Combine(folder, "flow-cache"));
        foreach (var p in new[] { splits.Train, splits.Val })
            if (!File.Exists(p)) throw new FileNotFoundException($"data.manifest: '{p}' does not exist (a manifest folder holds train.tsv, val.tsv and test.tsv)", p);
        return splits;
    }

    /// <summary>The synthetic dataset with these settings (generated once into the cache).</summary>
    public static DatasetSplits SplitsFor(SynthConfig config)
    {
        var dir = Path.Combine(CacheRoot, $"synthetic-{config.Variant.ToString().ToLowerInvariant()}-{config.Videos}v-{config.Size}px-{config.Frames}f-seed{config.Seed}");
        EnsureGenerated(dir, config);
        return new DatasetSplits(Path.Combine(dir, "train.tsv"), Path.Combine(dir, "val.tsv"), Path.Combine(dir, "test.tsv"), FlowCacheDir: Path.Combine(dir, "flow-cache"));
    }

    /// <summary>Generates into a temporary sibling folder and renames it into place, so an interrupted run never leaves half a dataset.</summary>
    private static void EnsureGenerated(string dir, SynthConfig config)
    {
        lock (Gate)
        {
            if (File.Exists(Path.Combine(dir, "synth.json"))) return;
            var tmp = dir + $".{Environment.ProcessId}.tmp";
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            Console.Error.WriteLine($"generating the synthetic dataset ({config.Videos} videos of {config.Size}x{config.Size}x{config.Frames}) into {dir} (first run only; KIT_DATA moves it)");
            SynthDataset.Generate(tmp, config);
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            Directory.Move(tmp, dir);
        }
    }
}
