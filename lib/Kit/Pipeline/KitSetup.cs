using System.Text.Json.Nodes;
using Kit.Data.Synth;
using Kit.Experiments;
using Kit.Masking;
using Kit.Targets;
using Kit.Training;

namespace Kit.Pipeline;

/// <summary>
/// Wires the layers together once per process: the trainer-backed row executor for the experiment runner, and the
/// target, mask and data-source registries the `kit pretrain/finetune/probe/eval` commands resolve by name.
/// The CLI calls it at start-up and notebooks in their first cell.
/// </summary>
public static class KitSetup
{
    private static int done;

    /// <summary>Folder of the executor's per-row run folders (checkpoints, metrics): KIT_DATA/rows.</summary>
    private const string FinetuneRecipeStream = Kit.Experiments.FinetuneRecipe.Stream;

    public static string RowsDir => Path.Combine(ScaleData.CacheRoot, "rows");

    /// <param name="device">"auto" (CUDA when available), "cpu" or "cuda".</param>
    public static void Register(string device = "auto")
    {
        if (Interlocked.Exchange(ref done, 1) == 1) return;
        RowExecutors.Register(new TrainerRowExecutor(RowsDir, device));
        SanityFigures.Root ??= Path.Combine(ScaleData.CacheRoot, "sanity");

        // Targets: every registered name, composite and preset. The stride of the data rides along as "Stride".
        var names = TargetRegistry.Entries.Select(e => e.Name).Concat(TargetRegistry.Presets.Keys)
            .Concat(["hog+flow", "hog+hof", "hog+mbh", "hog+trajectory", "trajectory+mbh+hof"]);
        foreach (var name in names)
            Registries.Targets.Register(name, (c, grid) =>
            {
                var p = c.Params?.DeepClone().AsObject();
                var stride = p?["Stride"]?.GetValue<int>() ?? 2;
                p?.Remove("Stride");
                return TargetRegistry.Create(new TargetSpec(name, p is { Count: > 0 } ? p : null), new TargetContext(grid, 3, stride));
            });
        foreach (var entry in MaskRegistry.Entries)
            Registries.Masks.Register(entry.Name, (c, _) => MaskRegistry.Create(new MaskSpec(entry.Name, c.Params)));

        // Data: the embedded synthetic dataset (generated on first use) or a folder of manifests.
        Registries.Sources.Register("synthetic", (c, request) =>
        {
            var p = c.Params ?? new JsonObject();
            var config = new SynthConfig(Videos: p["videos"]?.GetValue<int>() ?? 300, Size: p["size"]?.GetValue<int>() ?? 64, Frames: p["frames"]?.GetValue<int>() ?? 32, Seed: p["seed"]?.GetValue<ulong>() ?? 7);
            var stride = p["stride"]?.GetValue<int>() ?? 2;
            var splits = ScaleData.SplitsFor(config) with { Stride = stride, ExtraFlowFrames = request.ExtraFlowFrames(stride) };
            return new DatasetClipSource(splits, request);
        });
        // Data: the synthetic protocol's clips rendered in memory, no files or decoding, and the exact flow (trains
        // without the OpenCV vision library). "train" reads the unlimited stream (params.train = "labelled" for the
        // fixed labelled set); "val" and "test" the held-out sets.
        Registries.Sources.Register(SynthProtocol.DatasetName, (c, request) =>
        {
            var p = c.Params ?? new JsonObject();
            var stride = p["stride"]?.GetValue<int>() ?? 2;
            var protocol = new SynthProtocol(
                new SynthStream(new SynthConfig(Size: p["size"]?.GetValue<int>() ?? request.Grid.Height), Seed: p["seed"]?.GetValue<ulong>() ?? 7),
                LabelledPerClass: p["labelled"]?.GetValue<int>() ?? 60, TestPerClass: p["test"]?.GetValue<int>() ?? 30,
                Flow: p["flow"]?.GetValue<string>() ?? "oracle");
            var train = p["train"]?.GetValue<string>() ?? FinetuneRecipeStream;
            if (train is not (FinetuneRecipeStream or "labelled")) throw new ArgumentException($"data.params.train '{train}' is not one of stream, labelled");
            return new SynthStreamSource(protocol, request, trainOnStream: train == FinetuneRecipeStream, stride, request.ExtraFlowFrames(stride));
        });
        Registries.Sources.Register("manifest", (c, request) =>
        {
            var dir = c.Params?["dir"]?.GetValue<string>() ?? throw new ArgumentException("data.params.dir: the manifest source needs the folder holding train.tsv, val.tsv and test.tsv");
            var stride = c.Params?["stride"]?.GetValue<int>() ?? 2;
            var splits = new DatasetSplits(Path.Combine(dir, "train.tsv"), Path.Combine(dir, "val.tsv"), Path.Combine(dir, "test.tsv"), stride, Path.Combine(dir, "flow-cache"), ExtraFlowFrames: request.ExtraFlowFrames(stride));
            return new DatasetClipSource(splits, request);
        });
    }
}
