using System.Globalization;
using Kit.Data.Synth;

namespace Kit.Cli.Commands;

/// <summary>`kit data synth --out DIR [--videos N] [--seed S] [--size PX] [--frames T] [--variant motion|appearance] ...`</summary>
public sealed class DataSynth : ICommand
{
    public string Name => "data synth";
    public string Summary => "generate the synthetic motion (or appearance) video dataset with train/val/test manifests";

    public CommandHelp Help => new(
        "--out DIR [--videos N] [--seed S] [--size PX] [--frames T] [--variant motion|appearance] ...",
        [
            new("out", "DIR", null, "dataset folder (videos, train/val/test manifests)", Sample: "synth"),
            new("videos", "N", $"{new SynthConfig().Videos}", "number of videos"),
            new("seed", "S", $"{new SynthConfig().Seed}", "random seed (same seed, same bytes)"),
            new("size", "PX", $"{new SynthConfig().Size}", "frame side in pixels"),
            new("frames", "T", $"{new SynthConfig().Frames}", "frames per video"),
            new("variant", "motion|appearance", "motion", "classes told apart by motion, or by appearance"),
            new("camera-motion", "P", $"{new SynthConfig().CameraMotionChance}", "chance a video has camera motion"),
            new("exit", "P", $"{new SynthConfig().ExitChance}", "chance an object leaves the frame"),
            new("distractors", "N", $"{new SynthConfig().MaxDistractors}", "most distractor objects per video"),
            new("object-scale", "F", $"{new SynthConfig().ObjectScale}", "factor on the moving objects' radii (0.08-0.13 of the frame side at 1)"),
            new("train-fraction", "F", $"{new SynthConfig().TrainFraction}", "share of videos in the train split"),
            new("workers", "N", "one per core", "videos written at once", Sample: "1"),
        ],
        ["./kit data synth --out data/synth --videos 48 --size 32 --frames 24"]);

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
            TrainFraction: args.Double("train-fraction", defaults.TrainFraction),
            ObjectScale: args.Double("object-scale", defaults.ObjectScale));
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
