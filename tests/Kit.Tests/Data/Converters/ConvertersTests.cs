using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Data;
using Kit.Data.Converters;

namespace Kit.Tests.Data.Converters;

/// <summary>Each converter on small hand-made annotation files in the official formats (tests/Kit.Tests/data/data/).</summary>
public class ConvertersTests
{
    private static string D(string rel) => TestUtil.Data(Path.Combine("data", rel));
    private static string Text(string rel) => File.ReadAllText(D(rel));

    [Fact]
    public void Ssv2_TemplateWithoutBracketsIsTheClass_TestSplitIsUnlabelled()
    {
        var train = Ssv2Converter.Convert(Text("ssv2/labels.json"), Text("ssv2/train.json"), "videos");
        Assert.Equal(new ManifestEntry("videos/78687.webm", 1, "Holding something next to something"), train[0]);
        Assert.Equal([2, 3], train.Skip(1).Select(e => e.Label));
        var val = Ssv2Converter.Convert(Text("ssv2/labels.json"), Text("ssv2/validation.json"));
        Assert.Equal(new ManifestEntry("74225.webm", 0, "Approaching something with your camera"), val[0]);
        var test = Ssv2Converter.Convert(Text("ssv2/labels.json"), Text("ssv2/test.json"));
        Assert.Equal([-1, -1], test.Select(e => e.Label));
    }

    [Fact]
    public void Ssv2_UnknownTemplate_IsNamed()
    {
        var e = Assert.Throws<InvalidDataException>(() => Ssv2Converter.Convert("{\"A\": \"0\"}", "[{\"id\": \"5\", \"template\": \"Dropping [something]\"}]"));
        Assert.Contains("Dropping something", e.Message);
        Assert.Contains("5", e.Message);
    }

    [Fact]
    public void Kinetics_AlphabeticalIds_QuotedNames_PaddedTimes()
    {
        var val = KineticsConverter.Convert(Text("k400/validate.csv"));
        Assert.Equal(new ManifestEntry("0wR5jVB-WPk_000417_000427.mp4", 0, "abseiling"), val[0]);
        Assert.Equal(new ManifestEntry("1JsSu4UHtAE_000000_000010.mp4", 2, "passing American football (not in game)"), val[1]);
        Assert.Equal(1, val[2].Label);
        var byClass = KineticsConverter.Convert(Text("k400/validate.csv"), "k400/val", byClass: true);
        Assert.Equal("k400/val/air_drumming/-VtLx-mcPds_000014_000024.mp4", byClass[2].Path);
        var test = KineticsConverter.Convert(Text("k400/test.csv"));
        Assert.Equal(new ManifestEntry("--Ntr1v2vQ8_000012_000022.mp4", -1, ""), test[0]);
    }

    [Fact]
    public void Ucf101_ZeroBasedIds_TestListLabelsFromTheFolder()
    {
        var train = Ucf101Converter.Convert(Text("ucf101/classInd.txt"), Text("ucf101/trainlist01.txt"));
        Assert.Equal([0, 1, 2], train.Select(e => e.Label));
        Assert.Equal("ApplyLipstick/v_ApplyLipstick_g08_c02.avi", train[1].Path);
        var test = Ucf101Converter.Convert(Text("ucf101/classInd.txt"), Text("ucf101/testlist01.txt"), "UCF-101");
        Assert.Equal(new ManifestEntry("UCF-101/Archery/v_Archery_g01_c05.avi", 2, "Archery"), test[1]);
        var e = Assert.Throws<InvalidDataException>(() => Ucf101Converter.Convert(Text("ucf101/classInd.txt"), "Archery/x.avi 1\n"));
        Assert.Contains("disagrees", e.Message);
    }

    [Fact]
    public void Hmdb51_SplitCodesPickTrainAndTest_UnusedIsDropped()
    {
        var dir = D("hmdb51/testTrainMulti_7030_splits");
        var files = Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        var (train, test) = Hmdb51Converter.Convert(files, 1);
        Assert.Equal(["brush_hair/April_09_brush_hair_u_nm_np1_ba_goo_0.avi", "cartwheel/Buddy_Rich_cartwheel_f_cm_np1_ri_med_1.avi"], train.Select(e => e.Path));
        Assert.Equal([0, 1], train.Select(e => e.Label));
        Assert.Equal(2, test.Count);
        var (train2, test2) = Hmdb51Converter.Convert(files, 2);
        Assert.Empty(train2);
        Assert.Single(test2);
    }

    [Fact]
    public void VideoMae_ListsReadAndWriteBothForms()
    {
        var list = VideoMaeList.Read(Text("videomae/train.csv"), ["a", "b", "c"]);
        Assert.Equal(new ManifestEntry("/data/ssv2/78687.webm", 1, "b"), list[0]);
        var frames = VideoMaeList.Read(Text("videomae/frames.csv"));
        Assert.Equal(new ManifestEntry("frames/v_Archery_g01_c05", 2, "", 120), frames[0]);
        Assert.Equal(Text("videomae/train.csv"), VideoMaeList.Write(list));
        Assert.Equal("/x/frames/v_Archery_g01_c05 120 2\n", VideoMaeList.Write(frames, withFrames: true, pathPrefix: "/x/"));
        Assert.Throws<ArgumentException>(() => VideoMaeList.Write(list, withFrames: true));
    }

    [Fact]
    public void Cli_ConvertsHmdbSplitsAndExportsAVideoMaeList()
    {
        var outDir = Directory.CreateTempSubdirectory("kit-convert").FullName;
        Assert.Equal(0, new DataConvert().Run(new Args(["--format", "hmdb51", "--splits", D("hmdb51/testTrainMulti_7030_splits"), "--split", "1", "--out-dir", outDir, "--video-dir", "hmdb51"])));
        var train = Manifest.Load(Path.Combine(outDir, "train1.tsv"));
        Assert.Equal("hmdb51/brush_hair/April_09_brush_hair_u_nm_np1_ba_goo_0.avi", train.Entries[0].Path);
        var list = Path.Combine(outDir, "train.txt");
        Assert.Equal(0, new DataExport().Run(new Args(["--manifest", Path.Combine(outDir, "train1.tsv"), "--out", list])));
        Assert.Equal("hmdb51/brush_hair/April_09_brush_hair_u_nm_np1_ba_goo_0.avi 0", File.ReadLines(list).First());
        Assert.Throws<UsageException>(() => new DataConvert().Run(new Args(["--format", "ssv3"])));
    }
}
