using Kit.Experiments;
using Kit.Pipeline;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit run`: the README's main job — the motion-centric reconstruction-target table (MME Table 5) at the largest scale
/// that fits about 20 minutes on this machine (timed at start; `--scale` chooses instead), on the synthetic protocol,
/// written to runs/main/ (results.json and an offline report.html). Stored rows are reused, so an interrupted run resumes.
/// </summary>
public sealed class RunCommand : ICommand
{
    public const string Table = "mme-t5";

    /// <summary>What the main job aims to fit in when no scale is given.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMinutes(20);

    public string Name => "run";
    public string Summary => $"the main job: ablation {Table} (MME's reconstruction-target table) at the largest scale that fits ~{Budget.TotalMinutes:F0} min here (--scale to choose); report in runs/main/";

    public CommandHelp Help => new(
        "[--scale smoke|quick|cpu|gpu] [--device D] [--seeds N] [--out DIR]",
        [
            new("scale", "smoke|quick|cpu|gpu", $"the largest that fits ~{Budget.TotalMinutes:F0} min here", "run size (without it, the candidate scales are timed on this machine first)", Sample: "smoke"),
            new("device", "cpu|cuda|auto", "the scale's", "where to train", Sample: "cpu"),
            new("seeds", "N", "the scale's", "seeds per row", Sample: "2"),
            new("out", "DIR", "runs/main", "results.json and report.html", Sample: "runs/x"),
        ],
        ["./kit run", "./kit run --scale smoke"]);

    public int Run(Args args)
    {
        var scaleName = args.Get("scale");
        var seeds = args.Get("seeds");
        var device = args.Get("device");
        var outDir = args.String("out", Path.Combine(RepoRoot.Find(), "runs", "main"));
        args.RejectUnknown();
        if (scaleName is null)
        {
            Console.WriteLine($"kit run: timing the candidate scales on this machine to pick the largest that runs {Table} in about {Budget.TotalMinutes:F0} minutes:");
            var candidates = new List<Scale> { Scale.Quick, Scale.Cpu };
            if (Kit.Torch.torch.cuda.is_available()) candidates.Add(Scale.Gpu);
            if (device is not null) candidates = candidates.Select(s => s with { Device = device }).ToList();
            var (chosen, estimates) = ScaleChooser.Choose(Ablations.Get(Table), candidates, Budget, Console.WriteLine);
            scaleName = chosen.Name;
            var minutes = estimates.First(e => e.Scale.Name == chosen.Name).Minutes;
            Console.WriteLine(minutes <= Budget.TotalMinutes
                ? $"kit run: the {scaleName} scale fits (about {minutes:F0} min); larger scales: `./kit ablation {Table} --scale cpu|gpu`"
                : $"kit run: no scale fits {Budget.TotalMinutes:F0} minutes here; running the smallest, {scaleName} (about {minutes:F0} min)");
        }
        Console.WriteLine($"kit run: ablation {Table} at the {scaleName} scale (interrupted runs resume; the summary says first whether this scale learns)");
        var argv = new List<string> { Table, "--scale", scaleName, "--out", outDir };
        if (seeds is not null) argv.AddRange(["--seeds", seeds]);
        if (device is not null) argv.AddRange(["--device", device]);
        var code = new AblationCommand().Run(new Args(argv));
        if (code == 0) Console.WriteLine($"report: {Path.Combine(outDir, "report.html")} (open it in a browser; it works offline)");
        return code;
    }
}
