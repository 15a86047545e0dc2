using System.Text.Json;
using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class ComponentRefTests
{
    [Fact]
    public void FormatsValuesInvariantlyAndReadsThemBack()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var t = ComponentRef.Of("trajectory", ("length", 6), ("ratio", 0.75), ("shape", false), ("density", "dense"));
            Assert.Equal("0.75", t["ratio"]);
            Assert.Equal(0.75, t.Double("ratio"));
            Assert.Equal(6, t.Int("length"));
            Assert.False(t.Bool("shape"));
            Assert.Equal("trajectory(density=dense, length=6, ratio=0.75, shape=false)", t.ToString());
        }
        finally { Thread.CurrentThread.CurrentCulture = culture; }
    }

    [Fact]
    public void EqualityComparesContentNotDictionaryIdentity()
    {
        var a = ComponentRef.Of("tube", ("ratio", 0.7));
        var b = ComponentRef.Of("tube").With("ratio", 0.7);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a.With("ratio", 0.9));
        Assert.NotEqual(a, ComponentRef.Of("cube", ("ratio", 0.7)));
    }

    [Fact]
    public void MissingOrMalformedParametersNameTheParameter()
    {
        var t = ComponentRef.Of("hog", ("cells", "many"));
        Assert.Contains("'bins'", Assert.Throws<KeyNotFoundException>(() => t.Int("bins")).Message);
        Assert.Contains("'cells'", Assert.Throws<FormatException>(() => t.Int("cells")).Message);
    }

    [Fact]
    public void RoundTripsThroughJson()
    {
        var r = Recipes.MmeAblation;
        var json = JsonSerializer.Serialize(r, CanonicalJson.Options);
        var back = JsonSerializer.Deserialize<Recipe>(json, CanonicalJson.Options)!;
        Assert.Equal(r, back);
        Assert.Equal(r.Target, back.Target);
    }
}
