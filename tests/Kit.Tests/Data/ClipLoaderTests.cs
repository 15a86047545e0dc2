using Kit.Data;
using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Data;

public class ClipLoaderTests(TinySynthFixture tiny) : IClassFixture<TinySynthFixture>
{
    private VideoDataset Dataset(TargetNeeds needs = TargetNeeds.None) => new(Manifest.Load(tiny.Output.Train),
        new VideoDatasetConfig(new SamplingConfig(NumFrames: 4, Stride: 2), new AugmentConfig(Size: 16), Needs: needs, Flow: new FlowConfig(FlowMethod.Dis)));

    private static List<(float[] Clip, long[] Labels)> Collect(ClipLoader loader, int epoch) =>
        loader.Epoch(epoch).Select(b =>
        {
            using (b) return (b.Clip.ToArray<float>(), b.Labels!.ToArray<long>());
        }).ToList();

    [Fact]
    public void Batches_AreClipBatches_WithTheRequestedExtras()
    {
        var loader = new ClipLoader(Dataset(TargetNeeds.RawFrames | TargetNeeds.Flow), new LoaderConfig(BatchSize: 5, Workers: 2));
        Assert.Equal(3, loader.BatchesPerEpoch);
        var n = 0;
        foreach (var b in loader.Epoch(0))
        {
            using (b)
            {
                TestUtil.Shape(b.Clip, 5, 3, 4, 16, 16);
                TestUtil.Shape(b.RawClip!, 5, 3, 8, 16, 16);
                TestUtil.Shape(b.Flow!, 5, 7, 2, 16, 16);
                TestUtil.Shape(b.Labels!, 5);
                Assert.Equal(2, b.Stride);
                Assert.Equal(b.Labels!.ToArray<long>(), b.VideoIndices!.Select(i => (long)loader.Dataset.Manifest.Entries[i].Label).ToArray());
                n++;
            }
        }
        Assert.Equal(3, n);
    }

    [Fact]
    public void SameSeed_SameBatches_WhateverTheWorkerCount()
    {
        var a = Collect(new ClipLoader(Dataset(), new LoaderConfig(BatchSize: 4, Workers: 0, Seed: 3)), 1);
        var b = Collect(new ClipLoader(Dataset(), new LoaderConfig(BatchSize: 4, Workers: 3, Seed: 3)), 1);
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Labels, b[i].Labels);
            Assert.Equal(a[i].Clip, b[i].Clip);
        }
        var otherEpoch = Collect(new ClipLoader(Dataset(), new LoaderConfig(BatchSize: 4, Workers: 2, Seed: 3)), 2);
        Assert.NotEqual(a.SelectMany(x => x.Labels), otherEpoch.SelectMany(x => x.Labels));
    }

    [Fact]
    public void KeepLast_CoversEveryItemOnce_AndStoppingEarlyDoesNotHang()
    {
        var loader = new ClipLoader(Dataset(), new LoaderConfig(BatchSize: 5, Workers: 2, Shuffle: false, DropLast: false));
        var sizes = loader.Epoch(0).Select(b => { using (b) return b.BatchSize; }).ToList();
        Assert.Equal(new long[] { 5, 5, 5, 2 }, sizes);
        foreach (var b in loader.Epoch(0))
        {
            b.Dispose();
            break;
        }
    }
}
