using Kit.Data;
using Kit.Data.Converters;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit data convert --format ssv2|k400|ucf101|hmdb51|videomae ...`: official annotation files (or a VideoMAE list) to
/// kit manifests. See data-manifests/&lt;dataset&gt;/README.md for each dataset's files and layout.
/// </summary>
public sealed class DataConvert : ICommand
{
    public string Name => "data convert";
    public string Summary => "official annotations (ssv2 json, k400 csv, ucf101/hmdb51 split lists, videomae lists) to kit manifests";

    public int Run(Args args)
    {
        var format = args.Require("format").ToLowerInvariant();
        var videoDir = args.String("video-dir", "");
        switch (format)
        {
            case "ssv2":
            {
                var labels = File.ReadAllText(args.Require("labels"));
                var split = File.ReadAllText(args.Require("split"));
                var ext = args.String("ext", ".webm");
                var output = args.Require("out");
                args.RejectUnknown();
                Save(output, Ssv2Converter.Convert(labels, split, videoDir, ext));
                break;
            }
            case "k400":
            {
                var csv = File.ReadAllText(args.Require("csv"));
                var byClass = args.Flag("by-class");
                var classesFile = args.Get("classes");
                var output = args.Require("out");
                args.RejectUnknown();
                var classes = classesFile == null ? null : File.ReadAllLines(classesFile).Where(l => l.Trim().Length > 0).ToList();
                Save(output, KineticsConverter.Convert(csv, videoDir, byClass, classes));
                break;
            }
            case "ucf101":
            {
                var classInd = File.ReadAllText(args.Require("class-index"));
                var list = File.ReadAllText(args.Require("list"));
                var output = args.Require("out");
                args.RejectUnknown();
                Save(output, Ucf101Converter.Convert(classInd, list, videoDir));
                break;
            }
            case "hmdb51":
            {
                var dir = args.Require("splits");
                var split = args.Int("split", 1);
                var outDir = args.Require("out-dir");
                args.RejectUnknown();
                if (!Directory.Exists(dir)) throw new UsageException($"--splits folder '{dir}' does not exist");
                var files = Directory.GetFiles(dir, "*.txt").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
                var (train, test) = Hmdb51Converter.Convert(files, split, videoDir);
                Save(Path.Combine(outDir, $"train{split}.tsv"), train);
                Save(Path.Combine(outDir, $"test{split}.tsv"), test);
                break;
            }
            case "videomae":
            {
                var list = File.ReadAllText(args.Require("list"));
                var classesFile = args.Get("classes");
                var output = args.Require("out");
                args.RejectUnknown();
                var classes = classesFile == null ? null : File.ReadAllLines(classesFile).Where(l => l.Trim().Length > 0).ToList();
                Save(output, VideoMaeList.Read(list, classes));
                break;
            }
            default:
                throw new UsageException($"--format expects ssv2, k400, ucf101, hmdb51 or videomae, got '{format}'");
        }
        return 0;
    }

    private static void Save(string path, List<ManifestEntry> entries)
    {
        Manifest.Save(path, entries);
        var classes = entries.Where(e => e.Label >= 0).Select(e => e.Label).Distinct().Count();
        Console.WriteLine($"{path}: {entries.Count} videos, {classes} classes (frame counts: run ./kit data scan {path})");
    }
}
