namespace Kit.Training;

/// <summary>
/// Mixup and CutMix for fine-tuning (timm's Mixup as VideoMAE uses it): each batch is mixed with its reverse, by
/// mixup (lambda ~ Beta(Mixup, Mixup)) or, with probability SwitchProb when both are on, CutMix (a box of area 1 -
/// lambda, lambda ~ Beta(Cutmix, Cutmix), cut from every frame at the same place). 0 turns a method off.
/// </summary>
public sealed record MixupConfig(double Mixup = 0.8, double Cutmix = 1.0, double Prob = 1.0, double SwitchProb = 0.5)
{
    public bool Enabled => Prob > 0 && (Mixup > 0 || Cutmix > 0);

    public void Validate()
    {
        if (Mixup < 0 || Cutmix < 0) throw new ArgumentException($"mixup.mixup and mixup.cutmix must be >= 0, got {Mixup} and {Cutmix}");
        if (Prob is < 0 or > 1 || SwitchProb is < 0 or > 1) throw new ArgumentException($"mixup.prob and mixup.switchProb must be in [0, 1], got {Prob} and {SwitchProb}");
    }
}
