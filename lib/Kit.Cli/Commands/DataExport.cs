using Kit.Data;
using Kit.Data.Converters;

namespace Kit.Cli.Commands;

/// <summary>`kit data export --manifest M.tsv --out LIST [--with-frames] [--prefix P]`: a manifest as a VideoMAE list.</summary>
public sealed class DataExport : ICommand
{
    public string Name => "data export";
    public string Summary => "write a kit manifest as a VideoMAE-style space-separated list ('path label' or 'path frames label')";

    public int Run(Args args)
    {
        var manifest = Manifest.Load(args.Require("manifest"));
        var output = args.Require("out");
        var withFrames = args.Flag("with-frames");
        var prefix = args.String("prefix", "");
        args.RejectUnknown();
        File.WriteAllText(output, VideoMaeList.Write(manifest.Entries, withFrames, prefix));
        Console.WriteLine($"{output}: {manifest.Count} videos");
        return 0;
    }
}
