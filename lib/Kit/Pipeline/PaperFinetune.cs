using System.Globalization;
using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.Model;
using Kit.Training;

namespace Kit.Pipeline;

/// <summary>
/// A paper's fine-tuning recipe for <c>kit finetune --recipe NAME</c>: the recipe of <see cref="Recipes.Get"/> resolved
/// at the paper scale and mapped to fine-tuning settings exactly as the ablation runner trains it
/// (<see cref="TrainerRowExecutor.FinetuneFor"/>): its epochs (steps follow the training set's size), its base learning
/// rate per 256 clips, the trainer's layer decay, weight decay, warm-up, drop path, label smoothing, mixup and cutmix,
/// the paper scale's test views and the recipe's sampling stride. <see cref="NotApplied"/> lists what of the recipe the
/// fine-tuner cannot apply.
/// </summary>
/// <param name="Name">The name given (mme, videomae, mgmae, motionmae).</param>
/// <param name="Recipe">The recipe at the paper scale.</param>
/// <param name="Settings">The fine-tuning settings the ablation runner derives from it.</param>
public sealed record PaperFinetune(string Name, Recipe Recipe, FinetuneConfig Settings)
{
    /// <summary>The names <see cref="Get"/> takes.</summary>
    public static IReadOnlyList<string> Names => [.. Recipes.ByName.Keys];

    /// <summary>The recipe of that name; throws naming the choices when unknown.</summary>
    public static PaperFinetune Get(string name)
    {
        var recipe = Scale.Paper.Resolve(Recipes.Get(name));
        return new PaperFinetune(name, recipe, TrainerRowExecutor.FinetuneFor(recipe, Scale.Paper, probe: false));
    }

    /// <summary>
    /// <paramref name="config"/> with the recipe's fine-tuning settings: epochs, optimiser (learning rate, layer decay,
    /// weight decay, warm-up, schedule), drop path, head dropout, label smoothing, mixup/cutmix, test views, and the
    /// data's sampling stride (data.params.stride). The data source, the initial encoder, model, batch size, seed,
    /// device, precision and logging stay as given.
    /// </summary>
    public FinetuneConfig Apply(FinetuneConfig config)
    {
        var data = config.Data.Params?.DeepClone().AsObject() ?? new JsonObject();
        data["stride"] = Recipe.Data.Stride;
        return config with
        {
            Epochs = Settings.Epochs,
            Steps = Settings.Steps,
            Optim = Settings.Optim,
            Mixup = Settings.Mixup,
            LabelSmoothing = Settings.LabelSmoothing,
            DropPath = Settings.DropPath,
            HeadDropout = Settings.HeadDropout,
            EvalViews = Settings.EvalViews,
            Data = config.Data with { Params = data },
        };
    }

    /// <summary>
    /// What of the recipe a run of <paramref name="config"/> on <paramref name="model"/> does not apply, one line each:
    /// MME's dropping of input patches in fine-tuning (the fine-tuner feeds every patch), the recipe's dataset when
    /// the run reads other data, a clip geometry other than the recipe's.
    /// </summary>
    public IReadOnlyList<string> NotApplied(FinetuneConfig config, ModelConfig model)
    {
        var notes = new List<string>();
        if (Recipe.Data.InputPatchFraction < 1)
            notes.Add($"input-patch dropping: the recipe fine-tunes on {Recipe.Data.InputPatchFraction * 100:0.#}% of the input patches (a speed-up); the kit's fine-tuner feeds every patch");
        if (config.Data.Name != "manifest")
            notes.Add($"dataset: the recipe fine-tunes on {Recipe.Data.Dataset}; this run reads data '{config.Data.Name}' (give a converted dataset with --set data.name=manifest --set data.params.dir=DIR)");
        if (model.Frames != Recipe.Data.Frames || model.ImageSize != Recipe.Data.Size || model.Patch != Recipe.Model.PatchSize || model.Tubelet != Recipe.Model.TubeletSize)
            notes.Add($"clip geometry: the recipe's clips are {Recipe.Data.Frames} x {Recipe.Data.Size} x {Recipe.Data.Size} in {Recipe.Model.TubeletSize} x {Recipe.Model.PatchSize} x {Recipe.Model.PatchSize} cubes; "
                + $"the model's are {model.Frames} x {model.ImageSize} x {model.ImageSize} in {model.Tubelet} x {model.Patch} x {model.Patch}");
        return notes;
    }

    /// <summary>One line of the settings <paramref name="config"/> trains with (after any explicit overrides).</summary>
    public static string Describe(FinetuneConfig config)
    {
        var o = config.OptimOrDefault;
        var m = config.MixupOrDefault;
        var length = config.Epochs is { } e ? $"{e} epochs ({config.Steps} steps)" : $"{config.Steps} steps";
        var views = config.EvalViewsOrDefault;
        var stride = config.Data.Params?["stride"] is { } s ? $", data stride {s}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{length} of {config.BatchSize} clips; AdamW ({o.Beta1}, {o.Beta2}), base lr {o.BaseLr:G3} per 256 clips = peak {o.PeakLr(config.BatchSize):G3}, ")
            + string.Create(CultureInfo.InvariantCulture, $"weight decay {o.WeightDecay}, layer decay {o.LayerDecay}, warm-up {o.WarmupFraction * 100:0.#}% of the steps, cosine to {o.MinLr:G3}; ")
            + string.Create(CultureInfo.InvariantCulture, $"drop path {config.DropPath}, label smoothing {config.LabelSmoothing}, ")
            + (m.Enabled ? string.Create(CultureInfo.InvariantCulture, $"mixup {m.Mixup}, cutmix {m.Cutmix} (prob {m.Prob}, switch {m.SwitchProb})") : "no mixup or cutmix")
            + $"; test {views.Clips} clips x {views.Crops} crops{stride}";
    }
}
