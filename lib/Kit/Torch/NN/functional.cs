using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Stateless neural-network functions (torch.nn.functional). Shapes follow PyTorch.</summary>
        public static partial class functional
        {
            private static Tensor W(IntPtr h, string name) => Tensor.Wrap(h, name);

            public static Tensor softmax(Tensor x, long dim) => W(kit_softmax(x.Handle, dim, 0), "softmax");
            public static Tensor log_softmax(Tensor x, long dim) => W(kit_softmax(x.Handle, dim, 1), "log_softmax");
            public static Tensor relu(Tensor x) => x.relu();
            public static Tensor sigmoid(Tensor x) => x.sigmoid();
            public static Tensor tanh(Tensor x) => x.tanh();

            /// <summary>GELU; approximate "tanh" selects the tanh approximation, "none" the exact erf form.</summary>
            public static Tensor gelu(Tensor x, string approximate = "none") => approximate switch
            {
                "none" => W(kit_gelu(x.Handle, 0), "gelu"),
                "tanh" => W(kit_gelu(x.Handle, 1), "gelu"),
                _ => throw new ArgumentException($"gelu: approximate must be \"none\" or \"tanh\", got \"{approximate}\"", nameof(approximate)),
            };

            /// <param name="x">(..., *normalized_shape)</param>
            public static Tensor layer_norm(Tensor x, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
                W(kit_layer_norm(x.Handle, normalized_shape, normalized_shape.Length, weight?.Handle ?? IntPtr.Zero, bias?.Handle ?? IntPtr.Zero, eps), "layer_norm");

            public static Tensor dropout(Tensor x, double p = 0.5, bool training = true)
            {
                if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability must be in [0, 1], got {p}");
                return W(kit_dropout(x.Handle, p, training ? 1 : 0), "dropout");
            }

            /// <summary>x @ weight.T + bias. x: (..., in), weight: (out, in), bias: (out).</summary>
            public static Tensor linear(Tensor x, Tensor weight, Tensor? bias = null) =>
                W(kit_linear(x.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero), "linear");

            private static long[] Expand(long[]? v, int n, long fill, string what)
            {
                if (v == null) return Enumerable.Repeat(fill, n).ToArray();
                if (v.Length == 1) return Enumerable.Repeat(v[0], n).ToArray();
                if (v.Length != n) throw new ArgumentException($"{what} needs 1 or {n} values, got {v.Length}");
                return v;
            }

            /// <param name="x">(B, C_in, H, W)</param>
            /// <param name="weight">(C_out, C_in/groups, kH, kW)</param>
            public static Tensor conv2d(Tensor x, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                W(kit_conv(x.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero, Expand(stride, 2, 1, "stride"), Expand(padding, 2, 0, "padding"), Expand(dilation, 2, 1, "dilation"), 2, groups), "conv2d");

            /// <param name="x">(B, C_in, T, H, W)</param>
            /// <param name="weight">(C_out, C_in/groups, kT, kH, kW)</param>
            public static Tensor conv3d(Tensor x, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                W(kit_conv(x.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero, Expand(stride, 3, 1, "stride"), Expand(padding, 3, 0, "padding"), Expand(dilation, 3, 1, "dilation"), 3, groups), "conv3d");

            public static Tensor avg_pool2d(Tensor x, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true) =>
                W(kit_pool(x.Handle, Expand(kernel_size, 2, 1, "kernel_size"), Expand(stride ?? kernel_size, 2, 1, "stride"), Expand(padding, 2, 0, "padding"), 2, 0, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0), "avg_pool2d");

            public static Tensor avg_pool3d(Tensor x, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true) =>
                W(kit_pool(x.Handle, Expand(kernel_size, 3, 1, "kernel_size"), Expand(stride ?? kernel_size, 3, 1, "stride"), Expand(padding, 3, 0, "padding"), 3, 0, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0), "avg_pool3d");

            public static Tensor max_pool2d(Tensor x, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false) =>
                W(kit_pool(x.Handle, Expand(kernel_size, 2, 1, "kernel_size"), Expand(stride ?? kernel_size, 2, 1, "stride"), Expand(padding, 2, 0, "padding"), 2, 1, ceil_mode ? 1 : 0, 0), "max_pool2d");

            public static Tensor max_pool3d(Tensor x, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false) =>
                W(kit_pool(x.Handle, Expand(kernel_size, 3, 1, "kernel_size"), Expand(stride ?? kernel_size, 3, 1, "stride"), Expand(padding, 3, 0, "padding"), 3, 1, ceil_mode ? 1 : 0, 0), "max_pool3d");

            /// <summary>Extracts sliding blocks (im2col): (B, C, H, W) -> (B, C*kH*kW, L).</summary>
            public static Tensor unfold(Tensor x, long[] kernel_size, long[]? dilation = null, long[]? padding = null, long[]? stride = null) =>
                W(kit_im2col(x.Handle, Expand(kernel_size, 2, 1, "kernel_size"), Expand(dilation, 2, 1, "dilation"), Expand(padding, 2, 0, "padding"), Expand(stride, 2, 1, "stride")), "unfold");

            /// <summary>Sums sliding blocks back (col2im): (B, C*kH*kW, L) -> (B, C, H, W).</summary>
            public static Tensor fold(Tensor x, long[] output_size, long[] kernel_size, long[]? dilation = null, long[]? padding = null, long[]? stride = null) =>
                W(kit_col2im(x.Handle, Expand(output_size, 2, 1, "output_size"), Expand(kernel_size, 2, 1, "kernel_size"), Expand(dilation, 2, 1, "dilation"), Expand(padding, 2, 0, "padding"), Expand(stride, 2, 1, "stride")), "fold");

            /// <summary>Resizes the spatial dims to <paramref name="size"/>. mode: nearest, linear/bilinear/trilinear, bicubic, area.</summary>
            public static Tensor interpolate(Tensor x, long[] size, string mode = "nearest", bool align_corners = false)
            {
                var m = mode switch
                {
                    "nearest" => 0,
                    "linear" or "bilinear" or "trilinear" => 1,
                    "bicubic" => 2,
                    "area" => 3,
                    _ => throw new ArgumentException($"interpolate: mode must be nearest, linear, bilinear, trilinear, bicubic or area, got \"{mode}\"", nameof(mode)),
                };
                return W(kit_interpolate(x.Handle, size, size.Length, m, align_corners ? 1 : 0), "interpolate");
            }

            /// <summary>Samples <paramref name="input"/> at normalised grid positions in [-1, 1].</summary>
            /// <param name="input">(B, C, H, W) or (B, C, D, H, W)</param>
            /// <param name="grid">(B, H_out, W_out, 2) holding (x, y), or (B, D_out, H_out, W_out, 3)</param>
            public static Tensor grid_sample(Tensor input, Tensor grid, string mode = "bilinear", string padding_mode = "zeros", bool align_corners = false)
            {
                var m = mode switch
                {
                    "bilinear" => 0,
                    "nearest" => 1,
                    "bicubic" => 2,
                    _ => throw new ArgumentException($"grid_sample: mode must be bilinear, nearest or bicubic, got \"{mode}\"", nameof(mode)),
                };
                var p = padding_mode switch
                {
                    "zeros" => 0,
                    "border" => 1,
                    "reflection" => 2,
                    _ => throw new ArgumentException($"grid_sample: padding_mode must be zeros, border or reflection, got \"{padding_mode}\"", nameof(padding_mode)),
                };
                return W(kit_grid_sample(input.Handle, grid.Handle, m, p, align_corners ? 1 : 0), "grid_sample");
            }

            /// <summary>Pads the last dims; <paramref name="pad"/> lists (left, right) pairs starting from the last dim.</summary>
            public static Tensor pad(Tensor x, long[] pad, string mode = "constant", double value = 0)
            {
                var m = mode switch
                {
                    "constant" => 0,
                    "reflect" => 1,
                    "replicate" => 2,
                    "circular" => 3,
                    _ => throw new ArgumentException($"pad: mode must be constant, reflect, replicate or circular, got \"{mode}\"", nameof(mode)),
                };
                return W(kit_pad(x.Handle, pad, pad.Length, m, value), "pad");
            }

            public static Tensor one_hot(Tensor indices, long num_classes = -1) => W(kit_one_hot(indices.Handle, num_classes), "one_hot");

            /// <summary>
            /// Cross entropy of logits (B, C) against class indices (B) int64 or class probabilities (B, C) float
            /// (soft targets, e.g. from mixup), with optional label smoothing.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0)
            {
                if (label_smoothing < 0 || label_smoothing > 1) throw new ArgumentOutOfRangeException(nameof(label_smoothing), $"label_smoothing must be in [0, 1], got {label_smoothing}");
                return W(kit_cross_entropy(input.Handle, target.Handle, weight?.Handle ?? IntPtr.Zero, (int)reduction, ignore_index, label_smoothing), "cross_entropy");
            }

            public static Tensor nll_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) => W(kit_nll_loss(input.Handle, target.Handle, (int)reduction), "nll_loss");
            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) => W(kit_regression_loss(0, input.Handle, target.Handle, (int)reduction, 0), "mse_loss");
            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) => W(kit_regression_loss(1, input.Handle, target.Handle, (int)reduction, 0), "l1_loss");
            public static Tensor smooth_l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0) => W(kit_regression_loss(2, input.Handle, target.Handle, (int)reduction, beta), "smooth_l1_loss");
        }
    }
}
