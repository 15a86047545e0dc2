using Kit.Model;

namespace Kit.Training;

/// <summary>
/// Everything a pre-training run depends on; saved in every checkpoint and in summary.json. The target, mask and data
/// are named components resolved through <see cref="Registries"/>: the trainer never knows which ones it runs.
/// </summary>
/// <param name="Steps">optimiser steps.</param>
/// <param name="BatchSize">clips per micro-batch (the effective batch is BatchSize x optim.accumulation).</param>
/// <param name="Device">"auto" (cuda when available, else cpu), "cpu" or "cuda[:N]".</param>
/// <param name="CheckpointEvery">steps between checkpoints (one is always written at the end).</param>
/// <param name="LogEvery">steps between progress events and metrics.jsonl lines.</param>
/// <param name="Precision">fp32, tf32, bf16 or fp16 (<see cref="Training.Precision"/>); checkpoints are float32 in every mode.</param>
public sealed record PretrainConfig(
    ModelConfig Model,
    ComponentConfig Data,
    ComponentConfig Target,
    ComponentConfig Mask,
    LossConfig? Loss = null,
    OptimizerConfig? Optim = null,
    int Steps = 300,
    int BatchSize = 8,
    ulong Seed = 0,
    string Device = "auto",
    int CheckpointEvery = 100,
    int LogEvery = 10,
    string Precision = "fp32")
{
    public LossConfig LossOrDefault => Loss ?? new LossConfig();
    public OptimizerConfig OptimOrDefault => Optim ?? new OptimizerConfig();

    /// <summary>The defaults the CLI starts from: the default preset, the synthetic motion data, pixel target, tube mask 0.9.</summary>
    public static PretrainConfig Default => new(ModelPresets.Get(ModelPresets.Default), new ComponentConfig("synthetic"), new ComponentConfig("pixel"), new ComponentConfig("tube", new System.Text.Json.Nodes.JsonObject { ["ratio"] = 0.9 }));

    public void Validate()
    {
        if (Model is null) throw new ArgumentException("model: missing");
        Model.Validate();
        if (Data is null || string.IsNullOrEmpty(Data.Name)) throw new ArgumentException("data.name: missing");
        if (Target is null || string.IsNullOrEmpty(Target.Name)) throw new ArgumentException("target.name: missing");
        if (Mask is null || string.IsNullOrEmpty(Mask.Name)) throw new ArgumentException("mask.name: missing");
        OptimOrDefault.Validate();
        if (Steps < 1) throw new ArgumentException($"steps must be at least 1, got {Steps}");
        if (BatchSize < 1) throw new ArgumentException($"batchSize must be at least 1, got {BatchSize}");
        if (CheckpointEvery < 1) throw new ArgumentException($"checkpointEvery must be at least 1, got {CheckpointEvery}");
        if (LogEvery < 1) throw new ArgumentException($"logEvery must be at least 1, got {LogEvery}");
        var device = Kit.Torch.Device.Parse(Device);
        Training.Precision.Parse(Precision).Validate(device);
    }
}
