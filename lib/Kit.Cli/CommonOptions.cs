using Kit.Model;

namespace Kit.Cli;

/// <summary>Options several commands share, documented once.</summary>
public static class CommonOptions
{
    public static OptionHelp Threads => new("threads", "N", "all cores", "CPU threads for the tensor engine", Sample: "2");
    public static OptionHelp Device => new("device", "cpu|cuda|auto", "auto", "where tensors live (auto: CUDA when available)", Sample: "cpu");
    public static OptionHelp Json => new("json", null, null, "print the result as JSON");
    public static OptionHelp Config => new("config", "FILE.json", null, "a config file (keys as in the run's summary.json); --set overrides it", Sample: "@config.json");
    public static OptionHelp Set => new("set", "KEY=VALUE", null, "override one config key (repeatable): steps=200, target.name=hog, mask.params.ratio=0.75; the value is JSON (numbers, true, {...}) or else a string", Sample: "steps=3");
    public static OptionHelp Precision => new("precision", "fp32|tf32|bf16|fp16", "fp32", "mixed precision: bf16/fp16 through libtorch's autocast (fp16 with loss scaling; CUDA only), tf32 matmuls on CUDA; losses, optimiser state and checkpoints stay float32", Sample: "fp32");
    public static OptionHelp Nproc => new("nproc", "N", "1", "train data-parallel over N local processes (Gloo on CPU, NCCL on GPU); the batch is global. Other launchers set MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK instead (docs/gpu.md)", Sample: "1");
    /// <summary>The options every training command (pretrain, finetune, probe) reads after its own.</summary>
    public static OptionHelp[] Training => [Config, Set, Resume, Precision, Nproc, Threads];

    public static OptionHelp Resume => new("resume", null, null, "continue the run in --out from its checkpoint");
    public static OptionHelp Preset => new("preset", "NAME", ModelPresets.Default, $"model size: {string.Join(", ", ModelPresets.All.Keys)}");
    public static OptionHelp From => new("from", "DIR|FILE.pt", null, "a run folder or its checkpoint.pt", Sample: "@checkpoint.pt");
    public static OptionHelp Params => new("params", "JSON", "{}", "the strategy's or target's settings as a JSON object, e.g. '{\"Length\": 4}'", Sample: "{}");
}
