namespace Kit.Experiments;

/// <summary>
/// Runs one ablation row at one seed: pre-training, then fine-tuning and evaluation, the linear probe, or nothing
/// more (loss-only rows), as <see cref="Recipe.Evaluation"/> says. The runner knows only this interface; the trainer
/// implements it. Implementations must be deterministic given the recipe and seed, honour the cancellation token
/// (throw <see cref="OperationCanceledException"/>), and report progress as they go.
/// </summary>
public interface IRowExecutor
{
    /// <summary>Name of the device the executor trains on ("cpu", "cuda:0"), recorded with each result.</summary>
    string Device { get; }

    /// <summary>Runs one row.</summary>
    /// <param name="recipe">The resolved recipe (the scale's sizes already applied).</param>
    /// <param name="scale">The scale, for anything beyond the recipe (device, dataset manifest).</param>
    /// <param name="seed">Seed for every random choice of the run.</param>
    /// <param name="cancellation">Stops the run; the executor throws OperationCanceledException.</param>
    /// <param name="progress">Phase and step updates, or null.</param>
    RowMeasurement Run(Recipe recipe, Scale scale, int seed, CancellationToken cancellation, IProgress<RowProgress>? progress);
}
