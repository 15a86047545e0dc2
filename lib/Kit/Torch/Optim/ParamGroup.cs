namespace Kit.Torch.Optim;

/// <summary>
/// Parameters that share hyper-parameters. lr and weight_decay default to the optimiser's; lr_scale is carried for
/// schedules that scale a group's rate (layer-wise lr decay sets lr = schedule(step) * lr_scale).
/// </summary>
public sealed class ParamGroup
{
    public ParamGroup(IEnumerable<Parameter> parameters, double? lr = null, double? weight_decay = null, double lr_scale = 1, string name = "")
    {
        Parameters = parameters.ToList();
        LrOverride = lr;
        WeightDecayOverride = weight_decay;
        this.lr_scale = lr_scale;
        this.name = name;
    }

    public IReadOnlyList<Parameter> Parameters { get; }
    internal double? LrOverride { get; }
    internal double? WeightDecayOverride { get; }

    public double lr { get; set; }
    public double weight_decay { get; set; }
    public double lr_scale { get; set; }
    public string name { get; }
}
