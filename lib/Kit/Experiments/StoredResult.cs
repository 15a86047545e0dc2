namespace Kit.Experiments;

/// <summary>
/// One row at one seed as kept in the results store: the measurement with everything needed to know what produced
/// it. <see cref="Key"/> is the content hash of (resolved recipe, scale); a stored result is reused only when the key
/// and seed match.
/// </summary>
/// <param name="Table">Ablation id.</param>
/// <param name="Row">Row label.</param>
/// <param name="Key">Content hash of the resolved recipe and scale.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Recipe">The resolved recipe that ran.</param>
/// <param name="Scale">The scale it ran at.</param>
/// <param name="KitVersion">Version of the kit library.</param>
/// <param name="Hardware">Machine and device.</param>
/// <param name="FinishedUtc">When the run finished.</param>
/// <param name="Measurement">What it measured, with the executor's timings.</param>
/// <param name="WallSeconds">Wall time of the whole run as the runner measured it.</param>
public sealed record StoredResult(
    string Table,
    string Row,
    string Key,
    int Seed,
    Recipe Recipe,
    Scale Scale,
    string KitVersion,
    HardwareInfo Hardware,
    DateTime FinishedUtc,
    RowMeasurement Measurement,
    double WallSeconds)
{
    /// <summary>
    /// The key of a resolved recipe at a scale: hash of the canonical JSON of the recipe (which carries the scale's
    /// sizes) and of the whole scale (its data settings, set sizes, learning rates and device), so a changed scale never
    /// reuses another's results. The scale's default seed count is not part of it.
    /// </summary>
    public static string KeyOf(Recipe resolved, Scale scale) =>
        CanonicalJson.Hash(new { recipe = resolved, scale = scale with { DefaultSeeds = 0 } });

    /// <summary>The kit library's version (informational version when set).</summary>
    public static string CurrentKitVersion { get; } =
        typeof(StoredResult).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? typeof(StoredResult).Assembly.GetName().Version?.ToString() ?? "unknown";
}
