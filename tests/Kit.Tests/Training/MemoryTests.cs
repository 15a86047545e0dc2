using System.Diagnostics;
using Kit.Tests.Training.Fakes;

namespace Kit.Tests.Training;

public class MemoryTests
{
    [Fact]
    public void PretrainingDoesNotLeakNativeMemory()
    {
        var c = TestRuns.Pretrain(steps: 400) with { LogEvery = 50, CheckpointEvery = 200 };
        long? afterWarmup = null;
        using var t = TestRuns.NewPretrainer(c, TestRuns.TempDir());
        t.Run(progress: new Probe(p =>
        {
            if (p.Step == 100) afterWarmup = Rss();
        }));
        var growth = Rss() - afterWarmup!.Value;
        // 300 more steps of 8 clips allocate several GB in total; a per-step leak of even one batch (400 KB) would show.
        Assert.True(growth < 40_000_000, $"resident memory grew by {growth / 1e6:F1} MB over 300 steps");
    }

    private static long Rss()
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.WorkingSet64;
    }

    private sealed class Probe(Action<Kit.Training.TrainProgress> a) : IProgress<Kit.Training.TrainProgress>
    {
        public void Report(Kit.Training.TrainProgress value) => a(value);
    }
}
