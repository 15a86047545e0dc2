namespace Kit.Cli.Commands;

/// <summary>`kit cache`: where the kit's cache is (KIT_DATA) and what each folder takes.</summary>
public sealed class CacheCommand(TextWriter output) : ICommand
{
    public CacheCommand() : this(Console.Out) { }

    public string Name => "cache";
    public string Summary => "show the kit's cache (KIT_DATA): datasets, flow caches and stored ablation rows, with sizes";

    public CommandHelp Help => new(
        "",
        [],
        ["./kit cache"],
        "The cache root is $KIT_DATA, else ~/.cache/mvm-kit. Set KIT_DATA to move it (e.g. to a larger disk); ./kit cache clean frees it.");

    public int Run(Args args)
    {
        args.RejectUnknown();
        if (args.Positional.Count > 0) throw new UsageException($"unexpected '{args.Positional[0]}' (to delete, run ./kit cache clean --what rows|flow|datasets|all)");
        var root = Kit.Pipeline.ScaleData.CacheRoot;
        var source = Environment.GetEnvironmentVariable("KIT_DATA") is { Length: > 0 } ? "from KIT_DATA" : "the default; set KIT_DATA to move it";
        output.WriteLine($"cache root: {root} ({source})");
        var items = CacheLayout.Scan(root);
        if (items.Count == 0)
        {
            output.WriteLine("  empty");
            return 0;
        }
        foreach (var i in items)
            output.WriteLine($"  {CacheLayout.Human(i.Bytes),10}  {Label(i.Kind),-10} {Path.GetRelativePath(root, i.Path)}");
        output.WriteLine($"  {CacheLayout.Human(items.Sum(i => i.Bytes)),10}  total (./kit cache clean --what rows|flow|datasets|all)");
        return 0;
    }

    private static string Label(CacheKind kind) => kind switch
    {
        CacheKind.Rows => "rows",
        CacheKind.Dataset => "dataset",
        CacheKind.Flow => "flow",
        _ => "partial",
    };
}
