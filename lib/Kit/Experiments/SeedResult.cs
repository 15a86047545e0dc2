namespace Kit.Experiments;

/// <summary>One seed of one row, as the results report it.</summary>
/// <param name="Seed">Seed.</param>
/// <param name="Value">The row's measured value (top-1 % or loss).</param>
/// <param name="Top5">Top-5 %, when measured.</param>
/// <param name="WallSeconds">Wall time of the run that produced it.</param>
/// <param name="Reused">True when it came from the results store rather than this run.</param>
/// <param name="Stored">The full stored result (recipe, hardware, timings).</param>
public sealed record SeedResult(int Seed, double Value, double? Top5, double WallSeconds, bool Reused, StoredResult Stored);
