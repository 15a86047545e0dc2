using Kit.Tests.Training.Fakes;
using Kit.Training;

namespace Kit.Tests.Training;

/// <summary>The micro-batch stream, plain and strided (a data-parallel rank's share), across epoch boundaries.</summary>
public class BatchStreamTests
{
    [Fact]
    public void StridedStreamYieldsEveryStrideThIndexOfThePlainStreamAcrossEpochs()
    {
        // 16 videos in batches of 4: 4 batches per epoch, so indices 1, 4, 7, 10 cross two epoch boundaries.
        using var source = new MovingSquareSource(TestRuns.Request(TestRuns.Tiny), videos: 16);
        var plain = new List<float[]>();
        using (var all = new BatchStream(source, 4, 0))
            for (var i = 0; i < 12; i++)
                using (var b = all.Next()) plain.Add(b.Clip.ToArray<float>());
        using var rank = new BatchStream(source, 4, 1, stride: 3);
        foreach (var index in new[] { 1, 4, 7, 10 })
        {
            using var b = rank.At(index);
            Assert.Equal(plain[index], b.Clip.ToArray<float>());
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchStream(source, 4, 0, stride: 0));
    }
}
