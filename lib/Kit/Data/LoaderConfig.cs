namespace Kit.Data;

/// <summary>Batching settings.</summary>
/// <param name="BatchSize">clips per batch.</param>
/// <param name="Workers">background threads preparing batches (0 = prepare on the caller's thread).</param>
/// <param name="Shuffle">a fresh seeded order every epoch.</param>
/// <param name="DropLast">drop the last incomplete batch (training); keep it for evaluation.</param>
/// <param name="Seed">order, clips and crops depend only on (Seed, epoch, position): not on worker timing.</param>
/// <param name="Prefetch">batches prepared ahead of the consumer.</param>
public sealed record LoaderConfig(int BatchSize = 8, int Workers = 2, bool Shuffle = true, bool DropLast = true, ulong Seed = 0, int Prefetch = 4)
{
    public LoaderConfig Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"loader: batch size must be at least 1, got {BatchSize}");
        if (Workers < 0) throw new ArgumentException($"loader: workers must be >= 0, got {Workers}");
        if (Prefetch < 1) throw new ArgumentException($"loader: prefetch must be at least 1, got {Prefetch}");
        return this;
    }
}
