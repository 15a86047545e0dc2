using System.Diagnostics;
using Kit.Data;

namespace Kit.Tests.Data.Converters;

/// <summary>Runs data-manifests/&lt;dataset&gt;/convert.sh on the hand-made annotation files laid out as each README says.</summary>
public class ConvertScriptsTests
{
    private static string D(string rel) => TestUtil.Data(Path.Combine("data", rel));

    private static string Layout(params (string From, string To)[] files)
    {
        var root = Directory.CreateTempSubdirectory("kit-layout").FullName;
        foreach (var (from, to) in files)
        {
            var dst = Path.Combine(root, to);
            Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
            File.Copy(D(from), dst);
        }
        return root;
    }

    private static string Run(string dataset, params string[] args)
    {
        var script = Path.Combine(TestUtil.RepoRoot(), "data-manifests", dataset, "convert.sh");
        var psi = new ProcessStartInfo("bash", [script, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["KIT"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "kit-cli.dll")}";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{dataset}/convert.sh failed: {stderr}");
        return stdout.Result;
    }

    [Fact]
    public void Ssv2Script_WritesThreeSplits_PointingAtTheVideoFolder()
    {
        var root = Layout(("ssv2/labels.json", "labels/labels.json"), ("ssv2/train.json", "labels/train.json"),
            ("ssv2/validation.json", "labels/validation.json"), ("ssv2/test.json", "labels/test.json"));
        var output = Path.Combine(root, "manifests");
        Run("ssv2", root, output);
        var train = Manifest.Load(Path.Combine(output, "train.tsv"));
        Assert.Equal(Path.Combine(root, "20bn-something-something-v2", "78687.webm"), train.FullPath(0));
        Assert.Equal(3, train.Count);
        Assert.Single(Manifest.Load(Path.Combine(output, "validation.tsv")).Entries);
        Assert.Equal(2, Manifest.Load(Path.Combine(output, "test.tsv")).Count);
    }

    [Fact]
    public void K400Script_WritesTrainAndVal()
    {
        var root = Layout(("k400/validate.csv", "annotations/train.csv"), ("k400/validate.csv", "annotations/validate.csv"));
        var output = Path.Combine(root, "m");
        Run("k400", root, output, "--by-class");
        var val = Manifest.Load(Path.Combine(output, "val.tsv"));
        Assert.Equal(Path.Combine(root, "val", "abseiling", "0wR5jVB-WPk_000417_000427.mp4"), val.FullPath(0));
        Assert.Equal(4, Manifest.Load(Path.Combine(output, "train.tsv")).Count);
    }

    [Fact]
    public void Ucf101AndHmdb51Scripts_WriteSplitOne()
    {
        var ucf = Layout(("ucf101/classInd.txt", "ucfTrainTestlist/classInd.txt"), ("ucf101/trainlist01.txt", "ucfTrainTestlist/trainlist01.txt"),
            ("ucf101/testlist01.txt", "ucfTrainTestlist/testlist01.txt"));
        Run("ucf101", ucf, Path.Combine(ucf, "m"), "1");
        var test = Manifest.Load(Path.Combine(ucf, "m", "test1.tsv"));
        Assert.Equal(Path.Combine(ucf, "UCF-101", "ApplyEyeMakeup", "v_ApplyEyeMakeup_g01_c01.avi"), test.FullPath(0));

        var splits = Directory.GetFiles(D("hmdb51/testTrainMulti_7030_splits")).Select(f => ($"hmdb51/testTrainMulti_7030_splits/{Path.GetFileName(f)}", $"testTrainMulti_7030_splits/{Path.GetFileName(f)}")).ToArray();
        var hmdb = Layout(splits);
        Run("hmdb51", hmdb, Path.Combine(hmdb, "m"), "1");
        var train = Manifest.Load(Path.Combine(hmdb, "m", "train1.tsv"));
        Assert.Equal(Path.Combine(hmdb, "videos", "brush_hair", "April_09_brush_hair_u_nm_np1_ba_goo_0.avi"), train.FullPath(0));
    }
}
