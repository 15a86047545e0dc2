using Kit.Data;
using Kit.Data.Synth;

namespace Kit.Pipeline;

/// <summary>
/// The synthetic experimental protocol: pre-training (and stream-supervised training) on an unlimited stream of fresh
/// clips, fine-tuning, probes and k-NN on a fixed small labelled set, and every reported number on held-out test clips
/// from generator seeds the stream never uses.
/// </summary>
/// <param name="Stream">the clip generator and its base seed.</param>
/// <param name="LabelledPerClass">clips per class in the labelled training set (few-shot: 10; the default 60).</param>
/// <param name="ValPerClass">clips per class in the validation set.</param>
/// <param name="TestPerClass">clips per class in the test set (what results report).</param>
/// <param name="Flow">where batches' optical flow comes from: "oracle" (the generator's exact motion) or an estimator
/// ("farneback", "dis", "tvl1"), computed on each rendered clip.</param>
/// <param name="Workers">background threads rendering batches ahead of the trainer.</param>
public sealed record SynthProtocol(
    SynthStream Stream,
    int LabelledPerClass = 60,
    int ValPerClass = 20,
    int TestPerClass = 30,
    string Flow = "oracle",
    int Workers = 1)
{
    /// <summary>The name recipes use for this data ("data.dataset").</summary>
    public const string DatasetName = "synthetic-stream";

    /// <summary>Clips in a fixed set of the domain.</summary>
    public int SetSize(SynthDomain domain) => domain switch
    {
        SynthDomain.Labelled => LabelledPerClass * Stream.Classes,
        SynthDomain.Val => ValPerClass * Stream.Classes,
        SynthDomain.Test => TestPerClass * Stream.Classes,
        _ => throw new ArgumentException($"the {domain} domain is unlimited, not a fixed set"),
    };

    /// <summary>True when flow comes from the generator's exact motion.</summary>
    public bool OracleFlow => Flow == "oracle";

    /// <summary>The estimator's settings when flow is estimated (raw-rate pairs, clamped at ±20 px as MME).</summary>
    public FlowConfig EstimatedFlow => new(FlowConfig.ParseMethod(Flow));

    public SynthProtocol Validate()
    {
        Stream.Validate();
        if (LabelledPerClass < 1) throw new ArgumentException($"synthetic protocol: labelled clips per class must be at least 1, got {LabelledPerClass}");
        if (ValPerClass < 1 || TestPerClass < 1) throw new ArgumentException($"synthetic protocol: validation and test clips per class must be at least 1, got {ValPerClass} and {TestPerClass}");
        if (Workers < 0) throw new ArgumentException($"synthetic protocol: workers must be >= 0, got {Workers}");
        if (!OracleFlow)
        {
            try { _ = FlowConfig.ParseMethod(Flow); }
            catch (ArgumentException) { throw new ArgumentException($"synthetic protocol: flow '{Flow}' is not one of oracle, farneback, dis, tvl1"); }
        }
        return this;
    }
}
