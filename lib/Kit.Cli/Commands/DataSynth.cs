using System.Globalization;
using Kit.Data.Synth;

namespace Kit.Cli.Commands;

/// <summary>`kit data synth --out DIR [--videos N] [--seed S] [--size PX] [--frames T] [--variant motion|appearance] ...`</summary>
public sealed class DataSynth : ICommand
{
    public string Name => "data synth";
    public string Summary => "generate the synthetic motion (or appearance) video dataset with train/val/test manifests";

    public int Run(Args args)
    {
        var defaults = new SynthConfig();
        var seedText = args.Get("seed");
        var config = new SynthConfig(
            Videos: args.Int("videos", defaults.Videos),
            Seed: seedText == null ? defaults.Seed : ulong.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : throw new UsageException($"--seed expects a non-negative integer, got '{seedText}'"),
            Size: args.Int("size", defaults.Size),
            Frames: args.Int("frames", defaults.Frames),
            Variant: args.String("variant", "motion").ToLowerInvariant() switch
            {
                "motion" => SynthVariant.Motion,
                "appearance" => SynthVariant.Appearance,
                var v => throw new UsageException($"--variant expects motion or appearance, got '{v}'"),
            },
            CameraMotionChance: args.Double("camera-motion", defaults.CameraMotionChance),
            ExitChance: args.Double("exit", defaults.ExitChance),
            MaxDistractors: args.Int("distractors", defaults.MaxDistractors),
            TrainFraction: args.Double("train-fraction", defaults.TrainFraction));
        var outDir = args.Require("out");
        var workers = args.Int("workers", 0);
        args.RejectUnknown();
        try { config.Validate(); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        var r = SynthDataset.Generate(outDir, config, workers);
        Console.WriteLine($"{r.Videos} videos ({config.Variant}, {config.ClassNames.Count} classes, {config.Size}x{config.Size}x{config.Frames}) in {r.Seconds:F1} s -> {Path.GetFullPath(outDir)}");
        Console.WriteLine($"manifests: {r.Train}, {r.Val}, {r.Test}");
        return 0;
    }
}
