using System.Text.Json.Nodes;
using Kit.Model;
using Kit.Targets;
using Kit.Torch;
using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>`kit eval --from DIR[/checkpoint.pt] --out DIR [--clips N] [--crops N] [--set data.name=...] [--device D]`.</summary>
public sealed class EvalCommand : ICommand
{
    public string Name => "eval";
    public string Summary => "multi-view top-1/top-5 and confusion matrix of a fine-tuned or probed checkpoint";

    public CommandHelp Help => new(
        "--from DIR|FILE.pt --out DIR [--clips N] [--crops N] [--batch B] [--set KEY=VALUE] [--device D]",
        [
            CommonOptions.From,
            new("out", "DIR", null, "summary.json and metrics.jsonl", Sample: "eval"),
            new("clips", "N", "1", "temporal views per video"),
            new("crops", "N", "1", "spatial crops per view"),
            new("batch", "B", "8", "clips per forward pass"),
            CommonOptions.Set with { Sample = "data.name=synthetic" },
            CommonOptions.Device,
            CommonOptions.Threads,
        ],
        ["./kit eval --from runs/ft --out runs/ft-eval --clips 2 --crops 3"],
        "Needs a finetune or probe checkpoint; reports multi-view top-1/top-5 and the confusion matrix.");

    public int Run(Args args)
    {
        var path = PretrainShared.CheckpointPath(args.Require("from"));
        var outDir = args.Require("out");
        var views = new ViewSpec(args.Int("clips", 1), args.Int("crops", 1));
        var batch = args.Int("batch", 8);
        var sets = args.All("set");
        var deviceOverride = args.Get("device");
        PretrainShared.ApplyThreads(args);
        args.RejectUnknown();
        PretrainShared.RequireCheckpoint(path);
        using var ck = Checkpoint.Load(path);
        if (ck.Kind is not ("finetune" or "probe")) throw new UsageException($"--from: '{path}' is a {ck.Kind} checkpoint; eval needs a finetune or probe checkpoint");
        var saved = ck.Config.DeepClone().AsObject();
        saved.Remove("resolvedModel");
        var config = ConfigJson.FromNode<FinetuneConfig>(saved);
        config = ConfigJson.Override(config, sets);
        if (deviceOverride is { } d) config = config with { Device = d };
        var model = ConfigJson.FromNode<ModelConfig>(ck.Config["resolvedModel"]!.AsObject());
        var device = Device.Parse(config.Device);
        using var source = Registries.Sources.Create(config.Data, new ClipSourceRequest("val", TargetNeeds.None, model.Grid, config.Seed, device, views, Labelled: true), "data");
        using var classifier = new VideoClassifier(model, source.Classes, config.HeadDropout, config.Probe);
        classifier.load_state_dict(ck.Section("model."));
        classifier.to(device);
        var r = Evaluator.Evaluate(classifier, source, views, batch, device);
        var files = new RunFiles(outDir);
        files.WriteSummary(new JsonObject
        {
            ["phase"] = "eval",
            ["from"] = path,
            ["top1"] = r.Top1,
            ["top5"] = r.Top5,
            ["videos"] = r.Videos,
            ["views"] = new JsonObject { ["clips"] = views.Clips, ["crops"] = views.Crops },
            ["confusion"] = new JsonArray(r.Confusion.Select(row => (JsonNode)new JsonArray(row.Select(v => (JsonNode)v).ToArray())).ToArray()),
            ["config"] = ConfigJson.ToNode(config),
            ["model"] = ConfigJson.ToNode(model),
        });
        if (File.Exists(files.Metrics)) File.Delete(files.Metrics);
        files.Log(new TrainProgress("eval", ck.Step, ck.Step, double.NaN, 0, 0, 0, 0, 0, new Dictionary<string, double> { ["top1"] = r.Top1, ["top5"] = r.Top5 }));
        Console.WriteLine($"eval: top-1 {r.Top1:P2}, top-5 {r.Top5:P2} over {r.Videos} videos x {views.Count} views ({views.Clips} clips x {views.Crops} crops)");
        return 0;
    }
}
