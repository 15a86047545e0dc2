namespace Kit.Data;

/// <summary>
/// SplitMix64: a tiny generator whose output is fixed by its seed on every platform and .NET version, so synthetic
/// videos, clip sampling and augmentation depend only on the seed (System.Random's algorithm is an implementation
/// detail, and libtorch's global generator is shared by every thread).
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong state = seed;

    /// <summary>A generator for item <paramref name="index"/> of a stream seeded by <paramref name="seed"/>, independent of other items.</summary>
    public static SeededRandom For(ulong seed, ulong index) => new(Mix(seed ^ Mix(index + 0x9E3779B97F4A7C15UL)));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double Next() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * Next();

    /// <summary>Uniform integer in [lo, hi).</summary>
    public int Int(int lo, int hi) => hi <= lo ? throw new ArgumentException($"empty range [{lo}, {hi})") : lo + (int)(NextULong() % (ulong)(hi - lo));

    public bool Chance(double p) => Next() < p;

    /// <summary>-1 or +1.</summary>
    public int Sign() => Chance(0.5) ? 1 : -1;

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count)];

    /// <summary>A permutation of 0..n-1 (Fisher-Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = Int(0, i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
