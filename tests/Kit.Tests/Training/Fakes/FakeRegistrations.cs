using Kit.Training;

namespace Kit.Tests.Training.Fakes;

/// <summary>Registers the fakes under test-only names (idempotent), so CLI tests can name them in configs.</summary>
public static class FakeRegistrations
{
    public static void Ensure()
    {
        Registries.Sources.Register("test-squares", (c, r) => new MovingSquareSource(r, c.Params?["videos"]?.GetValue<int>() ?? 64));
        Registries.Targets.Register("test-pixel", (c, g) => new CubePixelTarget(g));
        Registries.Masks.Register("test-random", (c, g) => new RandomTokenMask(c.Params?["ratio"]?.GetValue<double>() ?? 0.75));
    }
}
