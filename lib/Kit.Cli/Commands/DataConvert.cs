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

    public CommandHelp Help => new(
        "--format ssv2|k400|ucf101|hmdb51|videomae [format options] --out FILE.tsv",
        [
            new("format", "NAME", null, "ssv2, k400, ucf101, hmdb51 or videomae", Sample: "ssv2"),
            new("video-dir", "DIR", "\"\"", "folder the manifest's video paths are relative to"),
            new("labels", "FILE.json", null, "ssv2: labels.json", Sample: "labels.json"),
            new("split", "FILE.json|N", null, "ssv2: the split's json (train.json); hmdb51: split number 1-3 (default 1)", Sample: "train.json"),
            new("ext", "EXT", ".webm", "ssv2: video file extension"),
            new("csv", "FILE.csv", null, "k400: the split's csv", Sample: "train.csv"),
            new("by-class", null, null, "k400: videos sit in one folder per class"),
            new("classes", "FILE.txt", null, "k400/videomae: class names, one a line (label order)", Sample: "classes.txt"),
            new("class-index", "FILE.txt", null, "ucf101: classInd.txt", Sample: "classInd.txt"),
            new("list", "FILE.txt", null, "ucf101: trainlist01.txt / testlist01.txt; videomae: its list file", Sample: "list.txt"),
            new("splits", "DIR", null, "hmdb51: the folder of split files", Sample: "splits"),
            new("out", "FILE.tsv", null, "the manifest to write", Sample: "out.tsv"),
            new("out-dir", "DIR", null, "hmdb51: folder for train{N}.tsv and test{N}.tsv", Sample: "outdir"),
        ],
        [
            "./kit data convert --format ssv2 --labels labels.json --split train.json --video-dir videos --out train.tsv",
            "./kit data convert --format k400 --csv train.csv --by-class --out train.tsv",
            "./kit data convert --format ucf101 --class-index classInd.txt --list trainlist01.txt --out train.tsv",
            "./kit data convert --format hmdb51 --splits testTrainMulti_7030_splits --split 1 --out-dir hmdb",
            "./kit data convert --format videomae --list train.csv --out train.tsv",
        ],
        "See data-manifests/<dataset>/README.md for each dataset's files and layout.");

    public int Run(Args args)
    {
        var format = args.Require("format").ToLowerInvariant();
        var videoDir = args.String("video-dir", "");
        // Every option is read (and unknown ones rejected) before any file is opened.
        switch (format)
        {
            case "ssv2":
            {
                var (labels, split, ext, output) = (args.Require("labels"), args.Require("split"), args.String("ext", ".webm"), args.Require("out"));
                args.RejectUnknown();
                Save(output, Ssv2Converter.Convert(Read(labels, "labels"), Read(split, "split"), videoDir, ext));
                break;
            }
            case "k400":
            {
                var (csv, byClass, classesFile, output) = (args.Require("csv"), args.Flag("by-class"), args.Get("classes"), args.Require("out"));
                args.RejectUnknown();
                Save(output, KineticsConverter.Convert(Read(csv, "csv"), videoDir, byClass, Classes(classesFile)));
                break;
            }
            case "ucf101":
            {
                var (classInd, list, output) = (args.Require("class-index"), args.Require("list"), args.Require("out"));
                args.RejectUnknown();
                Save(output, Ucf101Converter.Convert(Read(classInd, "class-index"), Read(list, "list"), videoDir));
                break;
            }
            case "hmdb51":
            {
                var (dir, split, outDir) = (args.Require("splits"), args.Int("split", 1), args.Require("out-dir"));
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
                var (list, classesFile, output) = (args.Require("list"), args.Get("classes"), args.Require("out"));
                args.RejectUnknown();
                Save(output, VideoMaeList.Read(Read(list, "list"), Classes(classesFile)));
                break;
            }
            default:
                throw new UsageException($"--format expects ssv2, k400, ucf101, hmdb51 or videomae, got '{format}'");
        }
        return 0;
    }

    private static string Read(string path, string option) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new UsageException($"--{option}: file '{path}' does not exist");

    private static List<string>? Classes(string? path) =>
        path is null ? null : Read(path, "classes").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static void Save(string path, List<ManifestEntry> entries)
    {
        Manifest.Save(path, entries);
        var classes = entries.Where(e => e.Label >= 0).Select(e => e.Label).Distinct().Count();
        Console.WriteLine($"{path}: {entries.Count} videos, {classes} classes (frame counts: run ./kit data scan {path})");
    }
}
