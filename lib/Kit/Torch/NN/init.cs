namespace Kit.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>In-place initialisers (torch.nn.init), applied without recording gradients.</summary>
        public static class init
        {
            private static (long fanIn, long fanOut) Fans(Tensor t)
            {
                var s = t.shape;
                if (s.Length < 2) throw new ArgumentException($"fan in/out needs a tensor with at least 2 dims, got shape {Tensor.ShapeString(s)}");
                long receptive = 1;
                for (var i = 2; i < s.Length; i++) receptive *= s[i];
                return (s[1] * receptive, s[0] * receptive);
            }

            public static Tensor zeros_(Tensor t) => t.fill_(0);
            public static Tensor ones_(Tensor t) => t.fill_(1);
            public static Tensor constant_(Tensor t, double value) => t.fill_(value);
            public static Tensor uniform_(Tensor t, double a = 0, double b = 1) => t.uniform_(a, b);
            public static Tensor normal_(Tensor t, double mean = 0, double std = 1) => t.normal_(mean, std);

            /// <summary>U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_uniform_(Tensor t, double gain = 1)
            {
                var (fi, fo) = Fans(t);
                var a = gain * Math.Sqrt(6.0 / (fi + fo));
                return t.uniform_(-a, a);
            }

            /// <summary>PyTorch's default for Linear/Conv weights: kaiming_uniform_ with a = sqrt(5), i.e. U(±1/sqrt(fan_in)).</summary>
            public static Tensor kaiming_uniform_(Tensor t, double a = 0)
            {
                var (fi, _) = Fans(t);
                var gain = Math.Sqrt(2.0 / (1 + a * a));
                var bound = gain * Math.Sqrt(3.0 / fi);
                return t.uniform_(-bound, bound);
            }

            /// <summary>
            /// Normal(mean, std) truncated to [a, b] by inverse-CDF sampling (as torch.nn.init.trunc_normal_; note a and b
            /// are absolute bounds, not multiples of std).
            /// </summary>
            public static Tensor trunc_normal_(Tensor t, double mean = 0, double std = 1, double a = -2, double b = 2)
            {
                if (!(a < b)) throw new ArgumentException($"trunc_normal_: lower bound {a} must be below upper bound {b}");
                static double NormCdf(double x) => (1 + Erf(x / Math.Sqrt(2))) / 2;
                var l = NormCdf((a - mean) / std);
                var u = NormCdf((b - mean) / std);
                using var _ = no_grad();
                t.uniform_(2 * l - 1, 2 * u - 1);
                t.erfinv_();
                t.mul_(std * Math.Sqrt(2));
                t.add_(mean);
                t.clamp_(a, b);
                return t;
            }

            private static double Erf(double x)
            {
                using var t = scalar_tensor(x, float64);
                using var e = t.erf();
                return e.item<double>();
            }
        }
    }
}
