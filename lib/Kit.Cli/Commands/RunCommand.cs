using Kit.Experiments;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit run`: the README's main job — the motion-centric reconstruction-target table (MME Table 5) at the default scale
/// on the embedded synthetic motion dataset, written to runs/main/ (results.json and an offline report.html).
/// Stored rows are reused, so an interrupted run resumes.
/// </summary>
public sealed class RunCommand : ICommand
{
    public const string Table = "mme-t5";

    public string Name => "run";
    public string Summary => $"the main job: ablation {Table} (MME's reconstruction-target table) at the default scale; report in runs/main/";

    public CommandHelp Help => new(
        "[--scale smoke|default|paper] [--seeds N] [--out DIR]",
        [
            new("scale", "smoke|default|paper", "default", "run size", Sample: "smoke"),
            new("seeds", "N", "the scale's", "seeds per row", Sample: "2"),
            new("out", "DIR", "runs/main", "results.json and report.html", Sample: "runs/x"),
        ],
        ["./kit run --scale smoke"]);

    public int Run(Args args)
    {
        var scale = args.String("scale", "default");
        var seeds = args.Get("seeds");
        var outDir = args.String("out", Path.Combine(RepoRoot.Find(), "runs", "main"));
        args.RejectUnknown();
        Console.WriteLine($"kit run: ablation {Table} at the {scale} scale (a few minutes a row on 2 cores; interrupted runs resume)");
        var argv = new List<string> { Table, "--scale", scale, "--out", outDir };
        if (seeds is not null) argv.AddRange(["--seeds", seeds]);
        var code = new AblationCommand().Run(new Args(argv));
        if (code == 0) Console.WriteLine($"report: {Path.Combine(outDir, "report.html")} (open it in a browser; it works offline)");
        return code;
    }
}
