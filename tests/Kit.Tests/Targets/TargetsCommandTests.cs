using Kit.Data;
using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

/// <summary>`kit targets` (TargetsCommand.cs, TargetsInput.cs).</summary>
public class TargetsCommandTests
{
    private static string Ref(string name) => TestUtil.Data(Path.Combine("targets", name + ".npy"));

    [Fact]
    public void WritesTheReferencePixelTargetAndAValidityMask()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("kit-targets");
        try
        {
            var outPath = Path.Combine(dir.FullName, "t.npy");
            var maskPath = Path.Combine(dir.FullName, "v.npy");
            var rc = new TargetsCommand().Run(new Args(["--clip", Ref("clip"), "--target", "pixel", "--stride", "2", "--out", outPath, "--mask-out", maskPath, "--device", "cpu"]));
            Assert.Equal(0, rc);
            Assert.True((Npy.Load(outPath) - Npy.Load(Ref("pixel"))).abs().max().item<float>() < 1e-3);
            Assert.True(Npy.Load(maskPath).all().item<bool>());
            rc = new TargetsCommand().Run(new Args(["--clip", Ref("clip"), "--flow", Ref("flow"), "--target", "trajectory", "--params", """{"Length": 3, "Shape": false, "Norm": "Step"}""", "--out", outPath, "--mask-out", maskPath, "--device", "cpu"]));
            Assert.Equal(0, rc);
            Assert.True((Npy.Load(outPath) - Npy.Load(Ref("traj"))).abs().max().item<float>() < 2e-3);
            Assert.Equal(Npy.Load(Ref("traj_valid")).ToArray<bool>(), Npy.Load(maskPath).ToArray<bool>());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void UnknownOptionsAndBadShapesFailWithTheirNames()
    {
        Assert.Contains("--clpi", Assert.Throws<UsageException>(() => new TargetsCommand().Run(new Args(["--clip", Ref("clip"), "--clpi", "x", "--target", "pixel", "--out", "/tmp/x.npy"]))).Message);
        Assert.Contains("--flow", Assert.Throws<UsageException>(() => new TargetsCommand().Run(new Args(["--clip", Ref("clip"), "--flow", Ref("pixel"), "--target", "flow", "--out", "/tmp/x.npy", "--device", "cpu"]))).Message);
    }
}
