using Kit.Cli;
using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Cli;

/// <summary>Mistakes are answered in the user's terms (issue 17 item 4): the option or key, what it expects, the file.</summary>
public class ErrorMessageTests
{
    private static (int Code, string Stderr) Run(params string[] argv)
    {
        var (code, _, stderr) = HelpTests.Run(argv);
        return (code, stderr);
    }

    [Fact]
    public void MotionGuidedWithoutFlowNamesFlowAndVideo()
    {
        var (code, err) = Run("mask", "--strategy", "motion-guided", "--frames", "4", "--size", "32", "--out", "/tmp/kit-err-mask.npy", "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains("--flow", err);
        Assert.Contains("--video", err);
        Assert.DoesNotContain("ClipBatch", err);
        Assert.DoesNotContain("TargetNeeds", err);
        Assert.False(File.Exists("/tmp/kit-err-mask.npy"));
    }

    [Fact]
    public void FlowTargetFromANpyClipWithoutFlowNamesFlow()
    {
        var dir = Directory.CreateTempSubdirectory("kit-err");
        try
        {
            var clip = Path.Combine(dir.FullName, "clip.npy");
            using (NewDisposeScope()) Npy.Save(clip, rand([3, 4, 32, 32]));
            var (code, err) = Run("targets", "--clip", clip, "--target", "trajectory", "--out", Path.Combine(dir.FullName, "t.npy"), "--device", "cpu");
            Assert.Equal(2, code);
            Assert.Contains("--flow FLOW.npy", err);
            Assert.DoesNotContain("ClipBatch", err);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void SetWithTheWrongTypeNamesTheKeyAndTheType()
    {
        var (code, err) = Run("pretrain", "--out", "/tmp/kit-err-pre", "--set", "steps=abc");
        Assert.Equal(1, code);
        Assert.Contains("key 'steps' expects an integer, got \"abc\"", err);
        Assert.DoesNotContain("Kit.Training", err);
        Assert.DoesNotContain("LineNumber", err);
    }

    [Fact]
    public void MalformedSetJsonIsCalledInvalidJsonWithTheKey()
    {
        var (code, err) = Run("pretrain", "--out", "/tmp/kit-err-pre", "--set", "target={\"name\": \"pixel\",");
        Assert.Equal(1, code);
        Assert.Contains("--set target: the value is not valid JSON", err);
        Assert.DoesNotContain("ComponentConfig", err);
    }

    [Fact]
    public void MalformedConfigFileIsCalledInvalidJsonWithItsName()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kit-err-{Environment.ProcessId}.json");
        File.WriteAllText(path, "{\"steps\": 3,");
        try
        {
            var (code, err) = Run("pretrain", "--out", "/tmp/kit-err-pre", "--config", path);
            Assert.Equal(1, code);
            Assert.Contains($"config file '{path}' is not valid JSON", err);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnUnknownScaleSettingNamesTheOptionTheUserTyped()
    {
        var (code, err) = Run("ablation", "sanity", "--scale", "smoke", "--scale-set", "objectScal=2", "--out", "/tmp/kit-err-scale-set");
        Assert.NotEqual(0, code);
        Assert.Contains("--scale-set objectScal: unknown key 'objectScal'", err);
        Assert.Contains("objectScale", err);
    }

    [Fact]
    public void UnknownKeyListsOnlyKeysThatCanBeSet()
    {
        var (code, err) = Run("pretrain", "--out", "/tmp/kit-err-pre", "--set", "los=1");
        Assert.Equal(1, code);
        Assert.Contains("unknown key 'los'", err);
        Assert.Contains("loss", err);
        Assert.DoesNotContain("OrDefault", err);
    }

    [Fact]
    public void BadMaskSettingsAreCalledMaskSettings()
    {
        var (code, err) = Run("mask", "--strategy", "motion-guided", "--params", "{\"Base\": \"Centre\"}", "--frames", "4", "--size", "32", "--out", "/tmp/kit-err-m.npy");
        Assert.Equal(1, code);
        Assert.Contains("mask settings of \"motion-guided\": key 'Base' expects one of First, Middle, Random, got \"Centre\"", err);
        Assert.DoesNotContain("target", err);
        (code, err) = Run("mask", "--strategy", "tube", "--params", "{\"Ratio\": 0.5,", "--out", "/tmp/kit-err-m.npy");
        Assert.Equal(2, code);
        Assert.Contains("--params is not valid JSON", err);
    }

    [Fact]
    public void ClipThatIsAFlowFileIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("kit-err");
        try
        {
            var flow = Path.Combine(dir.FullName, "flow.npy");
            using (NewDisposeScope()) Npy.Save(flow, zeros([31, 2, 32, 32]));
            var (code, err) = Run("mask", "--strategy", "tube", "--clip", flow, "--out", Path.Combine(dir.FullName, "m.npy"));
            Assert.Equal(2, code);
            Assert.Contains("expected a clip of shape (T, H, W, 3) or (3, T, H, W), got (31, 2, 32, 32)", err);
            Assert.Contains("--flow", err);
            Assert.False(File.Exists(Path.Combine(dir.FullName, "m.npy")));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void TooShortFlowSuggestsTheLengthThatFits()
    {
        using var scope = NewDisposeScope();
        // 4 frames in 2 slots at stride 2: input-stride trajectories of length L need (2 + L) * 2 flow frames, so 10 fit
        // L = 3 (the interpolated formula, 4 + L, would have said 6).
        var grid = new TokenGrid(4, 32, 32, 2, 16);
        var target = TargetRegistry.Create(new TargetSpec("trajectory", System.Text.Json.Nodes.JsonNode.Parse("{\"Length\": 6, \"Interpolate\": false}")!.AsObject()), new TargetContext(grid, 3, 2));
        var batch = new ClipBatch(rand([1, 3, 4, 32, 32]), rand([1, 3, 11, 32, 32]), zeros([1, 10, 2, 32, 32]), null, 2);
        var e = Assert.Throws<ArgumentException>(() => target.Compute(batch, grid));
        Assert.Contains("lower Length to at most 3", e.Message);
    }
}
