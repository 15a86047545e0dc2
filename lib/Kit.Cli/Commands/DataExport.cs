using Kit.Data;
using Kit.Data.Converters;

namespace Kit.Cli.Commands;

/// <summary>`kit data export --manifest M.tsv --out LIST [--with-frames] [--prefix P]`: a manifest as a VideoMAE list.</summary>
public sealed class DataExport : ICommand
{
    public string Name => "data export";
    public string Summary => "write a kit manifest as a VideoMAE-style space-separated list ('path label' or 'path frames label')";

    public CommandHelp Help => new(
        "--manifest FILE.tsv --out LIST [--with-frames] [--prefix P]",
        [
            new("manifest", "FILE.tsv", null, "the kit manifest", Sample: "m.tsv"),
            new("out", "LIST", null, "the VideoMAE list to write", Sample: "list.txt"),
            new("with-frames", null, null, "write 'path frames label' (raw-frame lists)"),
            new("prefix", "P", "\"\"", "prepended to every path"),
        ],
        ["./kit data export --manifest train.tsv --out train.csv"]);

    public int Run(Args args)
    {
        var manifestPath = args.Require("manifest");
        var output = args.Require("out");
        var withFrames = args.Flag("with-frames");
        var prefix = args.String("prefix", "");
        args.RejectUnknown();
        var manifest = Manifest.Load(manifestPath);
        File.WriteAllText(output, VideoMaeList.Write(manifest.Entries, withFrames, prefix));
        Console.WriteLine($"{output}: {manifest.Count} videos");
        return 0;
    }
}
