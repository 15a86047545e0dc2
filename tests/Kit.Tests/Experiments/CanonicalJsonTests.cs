using System.Text.Json.Nodes;
using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class CanonicalJsonTests
{
    [Fact]
    public void KeysAreSortedAtEveryLevel()
    {
        var text = CanonicalJson.Canonical(new { zeta = 1, alpha = new { b = 2, a = 1 } });
        Assert.Equal("{\"alpha\":{\"a\":1,\"b\":2},\"zeta\":1}", text);
    }

    [Fact]
    public void HashDependsOnContentOnly()
    {
        var a = Recipes.MmeAblation with { Target = ComponentRef.Of("trajectory", ("length", 6), ("points", 4)) };
        var b = Recipes.MmeAblation with { Target = ComponentRef.Of("trajectory").With("points", 4).With("length", 6) };
        Assert.Equal(CanonicalJson.Hash(a), CanonicalJson.Hash(b));
        Assert.NotEqual(CanonicalJson.Hash(a), CanonicalJson.Hash(a with { Target = a.Target.With("length", 8) }));
        Assert.NotEqual(CanonicalJson.Hash(a), CanonicalJson.Hash(a with { Data = a.Data with { Stride = 2 } }));
        Assert.Matches("^[0-9a-f]{16}$", CanonicalJson.Hash(a));
        Assert.NotNull(JsonNode.Parse(CanonicalJson.Canonical(a))!["target"]!["parameters"]!["length"]);
    }

    [Fact]
    public void StoreKeyChangesWithScaleButNotWithDefaultSeeds()
    {
        var r = Scale.Smoke.Resolve(Recipes.MmeAblation);
        Assert.Equal(StoredResult.KeyOf(r, Scale.Smoke), StoredResult.KeyOf(r, Scale.Smoke with { DefaultSeeds = 5 }));
        Assert.NotEqual(StoredResult.KeyOf(r, Scale.Smoke), StoredResult.KeyOf(r, Scale.Smoke with { Device = "cuda" }));
        Assert.NotEqual(StoredResult.KeyOf(r, Scale.Smoke), StoredResult.KeyOf(Scale.Quick.Resolve(Recipes.MmeAblation), Scale.Smoke));
        Assert.NotEqual(StoredResult.KeyOf(r, Scale.Smoke), StoredResult.KeyOf(r, Scale.Smoke with { CameraMotionChance = 0 }));   // the data changed
    }
}
