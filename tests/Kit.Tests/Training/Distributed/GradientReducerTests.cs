using Kit.Torch;
using Kit.Training.Distributed;
using static Kit.Torch.torch;

namespace Kit.Tests.Training.Distributed;

/// <summary>
/// The backward-overlapped gradient all-reduce, in a one-rank group on loopback (the mean over one rank is the
/// gradient itself, so what is checked is the plumbing: buckets started by the backward hooks, gradients written back,
/// untouched parameters handled). Two ranks are covered end to end by <see cref="DataParallelTests"/>.
/// </summary>
public class GradientReducerTests
{
    [Fact]
    public void BackwardStartsEveryBucketAndGradientsSurvive()
    {
        using var g = ProcessGroup.Init(new DistributedEnvironment("127.0.0.1", DataParallelPorts.Free(), 0, 1, 0));
        using var scope = NewDisposeScope();
        manual_seed(1);
        // ps[0] takes no part in the loss. Buckets run in reverse parameter order and start in order, so it goes last.
        var ps = new[] { new Parameter(randn(3)), new Parameter(randn(64, 32)), new Parameter(randn(32)), new Parameter(randn(16, 64)) };
        // 4 KB buckets: one per parameter here.
        using var reducer = new GradientReducer(g, ps, bucketBytes: 4 << 10);
        Assert.Equal(4, reducer.Buckets);
        var x = randn(5, 16);
        Tensor Loss() => x.matmul(ps[3]).matmul(ps[1]).add(ps[2]).pow(2).mean();

        Loss().backward();                                  // an earlier micro-batch: accumulates only
        reducer.Prepare();
        Loss().backward();                                  // the last one: the hooks start the buckets
        var expected = ps.Skip(1).Select(p => p.grad!.ToArray<float>()).ToArray();
        Assert.Null(ps[0].grad);
        var started = reducer.Finish();
        // The unused parameter's bucket is completed by Finish, the three others by backward.
        Assert.Equal(3, started);
        for (var i = 1; i < 4; i++) Assert.Equal(expected[i - 1], ps[i].grad!.ToArray<float>());
        Assert.Equal(new float[3], ps[0].grad!.ToArray<float>());

        // Not armed: a backward leaves the gradients alone and starts nothing.
        foreach (var p in ps) p.clear_grad();
        Loss().backward();
        reducer.Prepare();
        Assert.Equal(0, reducer.Finish());
    }
}

internal static class DataParallelPorts
{
    public static int Free()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
