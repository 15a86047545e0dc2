using System.Text.Json;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Data.Synth;

/// <summary>Where a generated dataset's manifests are.</summary>
public sealed record SynthOutput(string Directory, string Train, string Val, string Test, int Videos, double Seconds);

/// <summary>
/// Writes a synthetic dataset: videos/NNNNNN.avi (FFV1, lossless), train.tsv / val.tsv / test.tsv manifests, classes.txt
/// and synth.json (the settings). The same settings give the same bytes. The split is a seeded shuffle of the videos:
/// TrainFraction to train, the rest halved into val and test.
/// </summary>
public static class SynthDataset
{
    public static SynthOutput Generate(string directory, SynthConfig config, int workers = 0, Action<int, int>? progress = null)
    {
        config.Validate();
        var start = DateTime.UtcNow;
        Directory.CreateDirectory(Path.Combine(directory, "videos"));
        var entries = new ManifestEntry[config.Videos];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers > 0 ? workers : Environment.ProcessorCount };
        Parallel.For(0, config.Videos, options, i =>
        {
            using var scope = NewDisposeScope();
            var scene = SynthGenerator.Scene(config, i);
            var frames = SynthRenderer.Render(scene, config.Size);
            var rel = $"videos/{i:D6}.avi";
            VideoFile.Write(Path.Combine(directory, rel), frames, config.Fps);
            entries[i] = new ManifestEntry(rel, scene.Label, scene.LabelName, config.Frames);
            var n = Interlocked.Increment(ref done);
            progress?.Invoke(n, config.Videos);
        });

        var order = new SeededRandom(config.Seed ^ 0x5EEDF00DUL).Permutation(config.Videos);
        var nTrain = (int)Math.Round(config.TrainFraction * config.Videos);
        var nVal = (config.Videos - nTrain) / 2;
        var train = order.Take(nTrain).Order().Select(i => entries[i]);
        var val = order.Skip(nTrain).Take(nVal).Order().Select(i => entries[i]);
        var test = order.Skip(nTrain + nVal).Order().Select(i => entries[i]);
        var paths = (Path.Combine(directory, "train.tsv"), Path.Combine(directory, "val.tsv"), Path.Combine(directory, "test.tsv"));
        Manifest.Save(paths.Item1, train);
        Manifest.Save(paths.Item2, val);
        Manifest.Save(paths.Item3, test);
        File.WriteAllLines(Path.Combine(directory, "classes.txt"), config.ClassNames);
        File.WriteAllText(Path.Combine(directory, "synth.json"), JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
        return new SynthOutput(directory, paths.Item1, paths.Item2, paths.Item3, config.Videos, (DateTime.UtcNow - start).TotalSeconds);
    }
}
