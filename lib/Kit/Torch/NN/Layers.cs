namespace Kit.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static Modules.Linear Linear(long in_features, long out_features, bool bias = true, Device? device = null) => new(in_features, out_features, bias, device);
            public static Modules.LayerNorm LayerNorm(long normalized_shape, double eps = 1e-5, bool elementwise_affine = true, Device? device = null) => new([normalized_shape], eps, elementwise_affine, device);
            public static Modules.LayerNorm LayerNorm(long[] normalized_shape, double eps = 1e-5, bool elementwise_affine = true, Device? device = null) => new(normalized_shape, eps, elementwise_affine, device);
            public static Modules.Conv3d Conv3d(long in_channels, long out_channels, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool bias = true, Device? device = null) => new(in_channels, out_channels, kernel_size, stride ?? [1, 1, 1], padding ?? [0, 0, 0], bias, device);
            public static Modules.Dropout Dropout(double p = 0.5) => new(p);
            public static Modules.GELU GELU(string approximate = "none") => new(approximate);
            public static Modules.Identity Identity() => new();
            public static Modules.Sequential Sequential(params Module<Tensor, Tensor>[] layers) => new(layers);
            public static Modules.ModuleList<T> ModuleList<T>(params T[] items) where T : Module => new(items);
        }
    }
}

namespace Kit.Torch.Modules
{
    using static Kit.Torch.torch;

    /// <summary>y = x W^T + b. x: (..., in_features) -> (..., out_features).</summary>
    public sealed class Linear : nn.Module<Tensor, Tensor>
    {
        public Linear(long in_features, long out_features, bool bias = true, Device? device = null)
        {
            if (in_features <= 0 || out_features <= 0) throw new ArgumentOutOfRangeException(nameof(in_features), $"Linear sizes must be positive, got {in_features} -> {out_features}");
            using var scope = NewDisposeScope();
            weight = register_parameter("weight", nn.init.kaiming_uniform_(empty([out_features, in_features], device: device), Math.Sqrt(5)));
            if (bias)
            {
                var bound = 1 / Math.Sqrt(in_features);
                this.bias = register_parameter("bias", empty([out_features], device: device).uniform_(-bound, bound));
            }
        }

        public Parameter weight { get; }
        public Parameter? bias { get; }

        public override Tensor forward(Tensor input) => nn.functional.linear(input, weight, bias);
    }

    /// <summary>Normalises over the last dims (normalized_shape), with a learnable scale and shift.</summary>
    public sealed class LayerNorm : nn.Module<Tensor, Tensor>
    {
        private readonly long[] shape;
        private readonly double eps;

        public LayerNorm(long[] normalized_shape, double eps = 1e-5, bool elementwise_affine = true, Device? device = null)
        {
            shape = normalized_shape;
            this.eps = eps;
            if (!elementwise_affine) return;
            using var scope = NewDisposeScope();
            weight = register_parameter("weight", ones(normalized_shape, device: device));
            bias = register_parameter("bias", zeros(normalized_shape, device: device));
        }

        public Parameter? weight { get; }
        public Parameter? bias { get; }

        public override Tensor forward(Tensor input) => nn.functional.layer_norm(input, shape, weight, bias, eps);
    }

    /// <summary>3-d convolution. x: (B, C_in, T, H, W) -> (B, C_out, T', H', W').</summary>
    public sealed class Conv3d : nn.Module<Tensor, Tensor>
    {
        private readonly long[] stride;
        private readonly long[] padding;

        public Conv3d(long in_channels, long out_channels, long[] kernel_size, long[] stride, long[] padding, bool bias = true, Device? device = null)
        {
            if (kernel_size.Length != 3) throw new ArgumentException($"Conv3d kernel_size needs 3 values (t, h, w), got {kernel_size.Length}");
            this.stride = stride;
            this.padding = padding;
            using var scope = NewDisposeScope();
            weight = register_parameter("weight", nn.init.kaiming_uniform_(empty([out_channels, in_channels, kernel_size[0], kernel_size[1], kernel_size[2]], device: device), Math.Sqrt(5)));
            if (bias)
            {
                var bound = 1 / Math.Sqrt(in_channels * kernel_size[0] * kernel_size[1] * kernel_size[2]);
                this.bias = register_parameter("bias", empty([out_channels], device: device).uniform_(-bound, bound));
            }
        }

        public Parameter weight { get; }
        public Parameter? bias { get; }

        public override Tensor forward(Tensor input) => nn.functional.conv3d(input, weight, bias, stride, padding);
    }

    /// <summary>Zeroes elements with probability p in training mode (scaling the rest by 1/(1-p)); identity in eval.</summary>
    public sealed class Dropout(double p) : nn.Module<Tensor, Tensor>
    {
        public double p { get; } = p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability must be in [0, 1], got {p}");

        public override Tensor forward(Tensor input) => nn.functional.dropout(input, p, training);
    }

    public sealed class GELU(string approximate = "none") : nn.Module<Tensor, Tensor>
    {
        public override Tensor forward(Tensor input) => nn.functional.gelu(input, approximate);
    }

    public sealed class Identity : nn.Module<Tensor, Tensor>
    {
        public override Tensor forward(Tensor input) => input.alias();
    }

    /// <summary>Runs its layers in order; they are registered as "0", "1", ... as in PyTorch.</summary>
    public sealed class Sequential : nn.Module<Tensor, Tensor>
    {
        private readonly List<nn.Module<Tensor, Tensor>> layers = new();

        public Sequential(IEnumerable<nn.Module<Tensor, Tensor>> items)
        {
            foreach (var m in items) append(m);
        }

        public Sequential append(nn.Module<Tensor, Tensor> module)
        {
            register_module(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
            layers.Add(module);
            return this;
        }

        public int Count => layers.Count;

        public override Tensor forward(Tensor input)
        {
            // Intermediates are freed here; only the final output survives (in the caller's scope).
            if (layers.Count == 0) return input.alias();
            using var scope = NewDisposeScope();
            var x = input;
            foreach (var layer in layers) x = layer.call(x);
            return scope.MoveToOuter(x == input ? x.alias() : x);
        }
    }

    /// <summary>A list of registered submodules ("0", "1", ...).</summary>
    public sealed class ModuleList<T> : nn.Module, IReadOnlyList<T> where T : nn.Module
    {
        private readonly List<T> items = new();

        public ModuleList(IEnumerable<T> modules)
        {
            foreach (var m in modules) append(m);
        }

        public ModuleList<T> append(T module)
        {
            register_module(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
            items.Add(module);
            return this;
        }

        public T this[int index] => items[index];
        public int Count => items.Count;
        public IEnumerator<T> GetEnumerator() => items.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
