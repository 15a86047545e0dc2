using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>Which implementation computed a scaled dot-product attention.</summary>
public enum AttentionKernel
{
    /// <summary>softmax(q k^T / sqrt(E)) v as matrix products and a softmax (every libtorch; the tests' reference).</summary>
    Explicit,
    /// <summary>libtorch's scaled_dot_product_attention (libtorch 2.0+: flash, memory-efficient or math kernel, as
    /// libtorch chooses for the device, dtype and shapes).</summary>
    Fused,
}

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>Whether this build's libtorch has the fused scaled_dot_product_attention (2.0 and later).</summary>
            public static bool fused_attention_available => kit_sdpa_available() != 0;

            /// <summary>The kernel <see cref="scaled_dot_product_attention(Tensor, Tensor, Tensor, AttentionKernel?)"/>
            /// runs when none is asked for: the fused one where libtorch has it, else the explicit form.</summary>
            public static AttentionKernel default_attention_kernel => fused_attention_available ? AttentionKernel.Fused : AttentionKernel.Explicit;

            /// <summary>
            /// softmax(q k^T / sqrt(E)) v, no mask, no dropout (PyTorch's F.scaled_dot_product_attention with its defaults).
            /// </summary>
            /// <param name="q">(..., L, E) queries</param>
            /// <param name="k">(..., S, E) keys</param>
            /// <param name="v">(..., S, Ev) values</param>
            /// <param name="kernel">force a kernel (the fused one throws on a libtorch without it); null = <see cref="default_attention_kernel"/>.</param>
            /// <returns>(..., L, Ev)</returns>
            public static Tensor scaled_dot_product_attention(Tensor q, Tensor k, Tensor v, AttentionKernel? kernel = null)
            {
                if ((kernel ?? default_attention_kernel) == AttentionKernel.Fused)
                    return Tensor.Wrap(kit_scaled_dot_product_attention(q.Handle, k.Handle, v.Handle), "scaled_dot_product_attention");
                using var scope = NewDisposeScope();
                // Queries scaled before the product (as VideoMAE's attention does): one (L, E) multiply, not (L, S).
                var scaled = q * (1.0 / Math.Sqrt(q.size(-1)));
                var weights = softmax(scaled.matmul(k.transpose(-2, -1)), -1); // (..., L, S)
                return scope.MoveToOuter(weights.matmul(v));
            }
        }
    }
}
