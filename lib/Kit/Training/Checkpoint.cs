using System.Text.Json.Nodes;
using Kit.Torch;
using Kit.Torch.Optim;
using static Kit.Torch.torch;

namespace Kit.Training;

/// <summary>
/// A training checkpoint: model ("model.*"), optimiser state ("optim.*"), the CPU generator state ("rng.torch"), and
/// JSON metadata holding the kind of run, the step reached and the full config. Written atomically (temp + rename) in
/// torch.save's format, so Python's torch.load opens it.
/// </summary>
public static class Checkpoint
{
    public static void Save(string path, string kind, int step, JsonObject config, nn.Module model, Optimizer? optimizer)
    {
        using var scope = NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (k, v) in model.state_dict()) tensors.Add(new("model." + k, v));
        string? optimJson = null;
        if (optimizer is not null)
        {
            var (ot, oj) = optimizer.state_dict();
            foreach (var (k, v) in ot) tensors.Add(new("optim." + k, v));
            optimJson = oj;
        }
        tensors.Add(new("rng.torch", random.get_rng_state()));
        var meta = new JsonObject
        {
            ["kind"] = kind,
            ["step"] = step,
            ["config"] = config.DeepClone(),
            ["optimizer"] = optimJson,
            ["torch_version"] = version,
        };
        TensorArchive.Save(path, tensors, meta.ToJsonString());
    }

    /// <summary>Opens a checkpoint (dispose to free its tensors).</summary>
    public static Loaded Load(string path)
    {
        var archive = TensorArchive.Load(path);
        var meta = archive.Meta is null ? null : JsonNode.Parse(archive.Meta) as JsonObject;
        if (meta?["kind"] is null) { archive.Dispose(); throw new InvalidDataException($"'{path}' is a tensor archive but not a kit training checkpoint (no kind/step metadata)"); }
        return new Loaded(path, archive, meta);
    }

    public sealed class Loaded(string path, LoadedArchive archive, JsonObject meta) : IDisposable
    {
        public string Path => path;
        public string Kind => meta["kind"]!.GetValue<string>();
        public int Step => meta["step"]!.GetValue<int>();
        public JsonObject Config => meta["config"]!.AsObject();

        /// <summary>Tensors under a prefix, with the prefix removed ("model.", "model.encoder.", "optim.").</summary>
        public Dictionary<string, Tensor> Section(string prefix) =>
            archive.Tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

        /// <summary>Restores model, optimiser and generator state for an exact resume.</summary>
        public void Restore(nn.Module model, Optimizer optimizer)
        {
            model.load_state_dict(Section("model."));
            var json = meta["optimizer"]?.GetValue<string>() ?? throw new InvalidDataException($"checkpoint '{path}' has no optimiser state to resume from");
            optimizer.load_state_dict(Section("optim."), json);
            random.set_rng_state(archive.Tensors["rng.torch"]);
        }

        public void Dispose() => archive.Dispose();
    }
}
