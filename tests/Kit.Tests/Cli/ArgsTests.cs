using Kit.Cli;

namespace Kit.Tests.Cli;

public class ArgsTests
{
    [Fact]
    public void ParsesOptionsFlagsAndPositionals()
    {
        var a = new Args(["scan", "--out", "dir", "--json", "--seeds=3", "--set", "a=1", "--set", "b=2"]);
        Assert.Equal(["scan"], a.Positional);
        Assert.Equal("dir", a.Require("out"));
        Assert.True(a.Flag("json"));
        Assert.Equal(3, a.Int("seeds", 1));
        Assert.Equal(["a=1", "b=2"], a.All("set"));
        a.RejectUnknown();
    }

    [Fact]
    public void MistakesNameTheOption()
    {
        var a = new Args(["--seeds", "many", "--typo", "1"]);
        Assert.Contains("--seeds", Assert.Throws<UsageException>(() => a.Int("seeds", 1)).Message);
        Assert.Contains("--out", Assert.Throws<UsageException>(() => a.Require("out")).Message);
        Assert.Contains("--typo", Assert.Throws<UsageException>(() => a.RejectUnknown()).Message);
    }

    [Fact]
    public void AValueOptionGivenNoValueSaysSo()
    {
        var a = new Args(["--out", "--frames"]);
        Assert.Equal("--out needs a value", Assert.Throws<UsageException>(() => a.Require("out")).Message);
        Assert.Equal("--frames needs a value", Assert.Throws<UsageException>(() => a.Int("frames", 16)).Message);
        Assert.True(new Args(["--json"]).Flag("json"));
    }
}
