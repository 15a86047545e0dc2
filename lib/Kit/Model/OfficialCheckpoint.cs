using System.Text;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>What a load of release weights did: how many tensors it copied, what it set aside and what it left as initialised.</summary>
/// <param name="Source">the layout the file follows.</param>
/// <param name="Loaded">kit names whose values came from the file.</param>
/// <param name="SetAside">release names not loaded, with the reason (the pre-training decoder when initialising an encoder...).</param>
/// <param name="Initialised">kit names the file does not provide and that keep their initial values (a new classifier head).</param>
public sealed record OfficialLoadReport(string Path, OfficialLayout Source, IReadOnlyList<string> Loaded, IReadOnlyList<string> SetAside, IReadOnlyList<string> Initialised)
{
    public string Summary =>
        $"{System.IO.Path.GetFileName(Path)} ({Source.ToString().ToLowerInvariant()} layout): {Loaded.Count} tensors loaded"
        + (SetAside.Count > 0 ? $", {SetAside.Count} set aside" : "")
        + (Initialised.Count > 0 ? $", kept initialised: {string.Join(", ", Initialised)}" : "");
}

/// <summary>
/// Loads VideoMAE-family release weights (.pth state_dicts of VideoMAE, VideoMAE v2, MGMAE and MME, ViT-S/B and other
/// widths; pre-trained or fine-tuned, bare or wrapped under "model"/"module") into the kit's models, and exports kit
/// weights in the same layout so the releases' Python code loads them with strict=True. Inputs are the same on both
/// sides: the kit's encoder normalises 0..1 clips with ImageNet's mean and std, which the releases do in their data
/// pipelines, and the position table is the same fixed sinusoid (not stored in the files).
/// </summary>
public static class OfficialCheckpoint
{
    /// <summary>
    /// Copies the file's weights into <paramref name="model"/> (a <see cref="VideoEncoder"/>, <see cref="VideoClassifier"/>
    /// or <see cref="MaskedVideoModel"/>). Nothing is copied unless every name and shape agrees; otherwise the error
    /// lists the missing, unexpected and mis-shaped names with the shapes the model expects.
    /// </summary>
    public static OfficialLoadReport Load(string path, nn.Module model)
    {
        using var file = PthFile.ReadStateDict(path);
        return Load(path, file.Tensors, model);
    }

    /// <summary><see cref="Load(string, nn.Module)"/> for a state_dict already in memory; <paramref name="path"/> names it in errors.</summary>
    public static OfficialLoadReport Load(string path, IReadOnlyDictionary<string, Tensor> stateDict, nn.Module model)
    {
        var target = OfficialNames.LayoutOf(model);
        var source = OfficialNames.LayoutOf(stateDict.Keys);
        var what = $"'{path}' ({source.ToString().ToLowerInvariant()} layout) into the kit's {model.GetType().Name}";
        if (target == OfficialLayout.Pretrain && source != OfficialLayout.Pretrain)
            throw new ArgumentException($"cannot load {what}: the file holds no pre-training decoder (no 'encoder.'/'decoder.' names); "
                + "load it into an encoder or classifier instead (kit finetune --init)");

        var setAside = new List<string>();
        var inFrame = new Dictionary<string, (string Release, Tensor Value)>();
        foreach (var (name, value) in stateDict)
        {
            var (framed, because) = OfficialNames.ToTargetFrame(name, source, target);
            if (framed is null) setAside.Add($"{name} ({because})");
            else inFrame[framed] = (name, value);
        }

        var own = model.state_dict();
        var map = OfficialNames.Map(model);
        var missing = new List<string>();
        var misShaped = new List<string>();
        var initialised = new List<string>();
        var copies = new List<(Tensor Target, Tensor Value, string Kit)>();
        var used = new HashSet<string>();
        foreach (var (kit, release) in map)
        {
            var expected = own[kit].shape;
            if (!inFrame.TryGetValue(release, out var found))
            {
                if (OfficialNames.MayStayInitialised(target, source, kit)) initialised.Add(kit);
                else missing.Add($"{release} {Tensor.ShapeString(expected)}");
                continue;
            }
            used.Add(release);
            if (!found.Value.shape.SequenceEqual(expected))
                misShaped.Add($"{found.Release} is {Tensor.ShapeString(found.Value.shape)}, the model expects {Tensor.ShapeString(expected)}");
            else copies.Add((own[kit], found.Value, kit));
        }

        var unexpected = new List<string>();
        foreach (var (framed, (release, value)) in inFrame)
        {
            if (used.Contains(framed)) continue;
            if (framed == "pos_embed" || framed.EndsWith(".pos_embed", StringComparison.Ordinal))
            {
                var problem = CheckSinusoid(value, model, framed);
                if (problem is null) setAside.Add($"{release} (the fixed sinusoid table the kit computes)");
                else misShaped.Add($"{release} {problem}");
                continue;
            }
            unexpected.Add($"{release} {Tensor.ShapeString(value.shape)}");
        }

        if (missing.Count + unexpected.Count + misShaped.Count > 0)
        {
            var sb = new StringBuilder($"cannot load {what}:");
            if (missing.Count > 0) sb.Append($"\n  missing from the file ({missing.Count}): {string.Join(", ", missing)}");
            if (unexpected.Count > 0) sb.Append($"\n  unexpected in the file ({unexpected.Count}): {string.Join(", ", unexpected)}");
            if (misShaped.Count > 0) sb.Append($"\n  mis-shaped ({misShaped.Count}): {string.Join("; ", misShaped)}");
            throw new ArgumentException(sb.ToString());
        }

        using (no_grad())
            foreach (var (t, v, _) in copies)
                using (var moved = v.to(t.device).to(t.dtype))
                    t.copy_(moved);
        return new OfficialLoadReport(path, source, copies.Select(c => c.Kit).ToList(), setAside, initialised);
    }

    /// <summary>
    /// Writes the model's weights in the release layout (a flat dict of tensors, as torch.save writes a state_dict):
    /// a classifier without the final norm it does not use, a pre-training model with its single pixel head as
    /// decoder.head. Python: <c>model.load_state_dict(torch.load(path), strict=True)</c>.
    /// </summary>
    public static void Export(string path, nn.Module model)
    {
        var layout = OfficialNames.LayoutOf(model);
        var own = model.state_dict();
        var entries = OfficialNames.Map(model)
            .Where(kv => !(layout == OfficialLayout.Finetune && kv.Key.StartsWith("encoder.norm.", StringComparison.Ordinal)))
            .Select(kv => new KeyValuePair<string, Tensor>(kv.Value, own[kv.Key]))
            .ToList();
        TensorArchive.Save(path, entries);
    }

    /// <summary>
    /// The kit model config for a release file: its width, depth, channels, tubelet, patch and MLP ratio read from
    /// the tensor shapes. Heads, frames and crop size are not stored in the file: they come from <paramref name="given"/>
    /// (checked against the file) or from the kit preset with the same width and depth (vit-s, vit-b).
    /// </summary>
    public static ModelConfig InferModel(string path, ModelConfig? given = null) => InferModel(path, PthFile.ReadShapes(path), given);

    /// <param name="path">the file, named in errors.</param>
    /// <param name="shapes">release name -> tensor shape.</param>
    /// <param name="given">the model to check against the shapes, or null to pick a preset.</param>
    public static ModelConfig InferModel(string path, IReadOnlyDictionary<string, long[]> shapes, ModelConfig? given = null)
    {
        var prefix = OfficialNames.LayoutOf(shapes.Keys) == OfficialLayout.Pretrain ? "encoder." : "";
        var patch = shapes.TryGetValue(prefix + "patch_embed.proj.weight", out var w) ? w
            : throw new ArgumentException($"'{path}' has no {prefix}patch_embed.proj.weight: not a VideoMAE-family video ViT state_dict");
        if (patch.Length != 5 || patch[3] != patch[4])
            throw new ArgumentException($"'{path}': {prefix}patch_embed.proj.weight is {Tensor.ShapeString(patch)}, expected a Conv3d cube embedding (D, C, tubelet, patch, patch)");
        var blockIndex = shapes.Keys
            .Where(k => k.StartsWith(prefix + "blocks.", StringComparison.Ordinal))
            .Select(k => int.Parse(k[(prefix.Length + "blocks.".Length)..].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        if (blockIndex.Count == 0) throw new ArgumentException($"'{path}' has no {prefix}blocks.N entries");
        var hidden = shapes.TryGetValue(prefix + "blocks.0.mlp.fc1.weight", out var fc1) ? fc1[0]
            : throw new ArgumentException($"'{path}' has no {prefix}blocks.0.mlp.fc1.weight");
        var (dim, channels, tubelet, size, depth) = ((int)patch[0], (int)patch[1], (int)patch[2], (int)patch[3], blockIndex.Max() + 1);
        var ratio = (double)hidden / dim;

        string Describe(ModelConfig c) => $"width {c.Dim}, depth {c.Depth}, {c.Channels} channels, tubelet {c.Tubelet}, patch {c.Patch}, MLP ratio {c.MlpRatio}";
        bool Fits(ModelConfig c) => c.Dim == dim && c.Depth == depth && c.Channels == channels && c.Tubelet == tubelet && c.Patch == size && Math.Abs(c.MlpRatio - ratio) < 1e-9;
        var fileShape = new ModelConfig("file", Dim: dim, Depth: depth, Channels: channels, Tubelet: tubelet, Patch: size, MlpRatio: ratio);
        if (given is not null)
            return Fits(given) ? given
                : throw new ArgumentException($"'{path}' holds a ViT with {Describe(fileShape)}, but model '{given.Name}' has {Describe(given)}");
        return ModelPresets.All.Values.FirstOrDefault(Fits)
            ?? throw new ArgumentException($"'{path}' holds a ViT with {Describe(fileShape)}; no kit preset has that shape "
                + $"({string.Join(", ", ModelPresets.All.Keys)}): give the model (heads, frames, crop size) with --preset or --config");
    }

    /// <summary>Null when a stored position table equals the kit's fixed sinusoid table for this model; else what differs.</summary>
    private static string? CheckSinusoid(Tensor stored, nn.Module model, string name)
    {
        var (tokens, dim) = model switch
        {
            MaskedVideoModel m when !name.StartsWith("encoder.", StringComparison.Ordinal) => (m.Config.Grid.Tokens, m.Decoder.Config.Dim),
            MaskedVideoModel m => (m.Config.Grid.Tokens, m.Config.Dim),
            VideoClassifier c => (c.Encoder.Config.Grid.Tokens, c.Encoder.Config.Dim),
            VideoEncoder e => (e.Config.Grid.Tokens, e.Config.Dim),
            _ => (0, 0),
        };
        long[] expected = [1, tokens, dim];
        if (!stored.shape.SequenceEqual(expected))
            return $"is {Tensor.ShapeString(stored.shape)}, the model's fixed sinusoid table is {Tensor.ShapeString(expected)} (a different clip size or token count)";
        using var table = SinusoidTable.Create(tokens, dim);
        using var s = stored.to(ScalarType.Float32);
        using var diff = (s - table).abs().max();
        var d = diff.item<float>();
        return d <= 1e-4 ? null : $"is a learned position embedding (differs from the fixed sinusoid table by up to {d:G3}); the kit uses the fixed table";
    }
}
