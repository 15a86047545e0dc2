using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Torch;

namespace Kit.Training;

/// <summary>
/// The files of a run folder: checkpoint.pt (latest, atomic), metrics.jsonl (one JSON object per logged step) and
/// summary.json (final metrics plus the full resolved config, atomic).
/// </summary>
public sealed class RunFiles(string dir)
{
    public string Dir { get; } = Path.GetFullPath(dir);
    public string Checkpoint => Path.Combine(Dir, "checkpoint.pt");
    public string Metrics => Path.Combine(Dir, "metrics.jsonl");
    public string Summary => Path.Combine(Dir, "summary.json");

    /// <summary>Appends one line to metrics.jsonl.</summary>
    public void Log(TrainProgress p)
    {
        Directory.CreateDirectory(Dir);
        var o = new JsonObject
        {
            ["phase"] = p.Phase, ["step"] = p.Step, ["total_steps"] = p.TotalSteps, ["loss"] = Number(p.Loss), ["lr"] = p.Lr,
            ["steps_per_s"] = p.StepsPerSecond, ["clips_per_s"] = p.ClipsPerSecond, ["elapsed_s"] = p.ElapsedSeconds, ["eta_s"] = p.EtaSeconds,
        };
        foreach (var (k, v) in p.Parts) o[k] = Number(v);
        File.AppendAllText(Metrics, o.ToJsonString() + "\n");
    }

    /// <summary>Drops metrics lines past <paramref name="step"/> (a resumed run rewrites them).</summary>
    public void TruncateMetrics(int step)
    {
        if (!File.Exists(Metrics)) return;
        var keep = File.ReadAllLines(Metrics).Where(l => l.Length > 0 && JsonNode.Parse(l)?["step"]?.GetValue<int>() <= step);
        AtomicFile.WriteAllText(Metrics, string.Concat(keep.Select(l => l + "\n")));
    }

    /// <summary>The training seconds summary.json records (a finished or interrupted earlier run of this folder), or 0.</summary>
    public double PriorSeconds()
    {
        if (!File.Exists(Summary)) return 0;
        try { return JsonNode.Parse(File.ReadAllText(Summary))?["seconds"]?.GetValue<double>() ?? 0; }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException) { return 0; }
    }

    /// <summary>A JSON number, or null for NaN and infinities (which JSON cannot hold).</summary>
    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>Writes summary.json (only on rank 0 of a data-parallel job: the other ranks share its results).</summary>
    public void WriteSummary(JsonObject summary)
    {
        if (!Distributed.ProcessGroup.IsMainProcess) return;
        AtomicFile.WriteAllText(Summary, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
