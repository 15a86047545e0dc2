using Kit.Model;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Tests.Torch;

/// <summary>
/// scaled_dot_product_attention: the explicit form against an independent double-precision loop reference, the
/// dispatch (fused on libtorch 2.x, explicit on 1.13), and on 2.x builds the fused kernel against the explicit form.
/// </summary>
public class ScaledDotProductAttentionTests
{
    private static bool Torch2 => int.Parse(version.Split('.')[0]) >= 2;

    /// <summary>softmax(q k^T / sqrt(E)) v for one (L, E) x (S, E) x (S, Ev) head, in doubles.</summary>
    private static double[,] Reference(float[] q, float[] k, float[] v, int l, int s, int e, int ev)
    {
        var o = new double[l, ev];
        for (var i = 0; i < l; i++)
        {
            var scores = new double[s];
            for (var j = 0; j < s; j++)
            {
                double dot = 0;
                for (var c = 0; c < e; c++) dot += (double)q[i * e + c] * k[j * e + c];
                scores[j] = dot / Math.Sqrt(e);
            }
            var max = scores.Max();
            var w = scores.Select(x => Math.Exp(x - max)).ToArray();
            var sum = w.Sum();
            for (var j = 0; j < s; j++)
                for (var c = 0; c < ev; c++) o[i, c] += w[j] / sum * v[j * ev + c];
        }
        return o;
    }

    [Fact]
    public void ExplicitFormMatchesTheLoopReference()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        const int l = 7, s = 9, e = 16, ev = 12;
        var q = randn(1, 1, l, e);
        var k = randn(1, 1, s, e);
        var v = randn(1, 1, s, ev);
        var y = nn.functional.scaled_dot_product_attention(q, k, v, AttentionKernel.Explicit);
        Assert.Equal([1L, 1, l, ev], y.shape);
        var expected = Reference(q.ToArray<float>(), k.ToArray<float>(), v.ToArray<float>(), l, s, e, ev);
        var got = y.ToArray<float>();
        for (var i = 0; i < l; i++)
            for (var c = 0; c < ev; c++) TestUtil.Close(expected[i, c], got[i * ev + c], 2e-6, $"({i}, {c})");
    }

    [Fact]
    public void DispatchPicksFusedExactlyWhenLibtorchHasIt()
    {
        Assert.Equal(Torch2, nn.functional.fused_attention_available);
        Assert.Equal(Torch2 ? AttentionKernel.Fused : AttentionKernel.Explicit, nn.functional.default_attention_kernel);
    }

    [Fact]
    public void FusedKernelAgreesWithExplicitFormOrIsRefusedOn1x()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var q = randn(2, 3, 10, 8);
        var k = randn(2, 3, 10, 8);
        var v = randn(2, 3, 10, 8);
        if (!Torch2)
        {
            var e = Assert.Throws<TorchException>(() => nn.functional.scaled_dot_product_attention(q, k, v, AttentionKernel.Fused));
            Assert.Contains("needs libtorch 2.0", e.Message);
            return;
        }
        var fused = nn.functional.scaled_dot_product_attention(q, k, v, AttentionKernel.Fused).ToArray<float>();
        var explicitForm = nn.functional.scaled_dot_product_attention(q, k, v, AttentionKernel.Explicit).ToArray<float>();
        TestUtil.Close(explicitForm, fused, 1e-5);
    }

    [Fact]
    public void ModelAttentionWithDefaultKernelEqualsItsExplicitForm()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var attn = new Attention(24, 3);
        var x = randn(2, 5, 24);
        attn.Kernel = AttentionKernel.Explicit;
        var reference = attn.forward(x).ToArray<float>();
        attn.Kernel = null;
        var chosen = attn.forward(x).ToArray<float>();
        TestUtil.Close(reference, chosen, Torch2 ? 1e-5 : 0);
    }
}
