using Kit.Torch.Native;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>Elementwise math with broadcasting, comparisons and C# operators.</summary>
public partial class Tensor
{
    private Tensor Unary(UnaryOp op, string name) => Wrap(kit_unary((int)op, Handle), name);

    private Tensor UnaryInPlace(UnaryOp op, string name)
    {
        TorchException.Check(kit_unary_((int)op, Handle), name);
        return this;
    }

    private Tensor Binary(BinaryOp op, Tensor other, string name) => Wrap(kit_binary((int)op, Handle, other.Handle), name);
    private Tensor Binary(BinaryOp op, double other, string name) => Wrap(kit_binary_scalar((int)op, Handle, other, 0), name);
    private static Tensor ReverseBinary(BinaryOp op, double a, Tensor b, string name) => Wrap(kit_binary_scalar((int)op, b.Handle, a, 1), name);

    private Tensor BinaryInPlace(BinaryOp op, Tensor other, string name)
    {
        TorchException.Check(kit_binary_((int)op, Handle, other.Handle), name);
        return this;
    }

    private Tensor BinaryInPlace(BinaryOp op, double other, string name)
    {
        TorchException.Check(kit_binary_scalar_((int)op, Handle, other), name);
        return this;
    }

    public Tensor neg() => Unary(UnaryOp.Neg, "neg");
    public Tensor abs() => Unary(UnaryOp.Abs, "abs");
    public Tensor exp() => Unary(UnaryOp.Exp, "exp");
    public Tensor log() => Unary(UnaryOp.Log, "log");
    public Tensor log2() => Unary(UnaryOp.Log2, "log2");
    public Tensor log1p() => Unary(UnaryOp.Log1p, "log1p");
    public Tensor expm1() => Unary(UnaryOp.Expm1, "expm1");
    public Tensor sqrt() => Unary(UnaryOp.Sqrt, "sqrt");
    public Tensor rsqrt() => Unary(UnaryOp.Rsqrt, "rsqrt");
    public Tensor sin() => Unary(UnaryOp.Sin, "sin");
    public Tensor cos() => Unary(UnaryOp.Cos, "cos");
    public Tensor atan() => Unary(UnaryOp.Atan, "atan");
    public Tensor tanh() => Unary(UnaryOp.Tanh, "tanh");
    public Tensor sigmoid() => Unary(UnaryOp.Sigmoid, "sigmoid");
    public Tensor relu() => Unary(UnaryOp.Relu, "relu");
    public Tensor silu() => Unary(UnaryOp.Silu, "silu");
    public Tensor floor() => Unary(UnaryOp.Floor, "floor");
    public Tensor ceil() => Unary(UnaryOp.Ceil, "ceil");
    public Tensor round() => Unary(UnaryOp.Round, "round");
    public Tensor trunc() => Unary(UnaryOp.Trunc, "trunc");
    public Tensor frac() => Unary(UnaryOp.Frac, "frac");
    public Tensor sign() => Unary(UnaryOp.Sign, "sign");
    public Tensor square() => Unary(UnaryOp.Square, "square");
    public Tensor reciprocal() => Unary(UnaryOp.Reciprocal, "reciprocal");
    public Tensor erf() => Unary(UnaryOp.Erf, "erf");
    public Tensor erfinv() => Unary(UnaryOp.Erfinv, "erfinv");
    public Tensor isnan() => Unary(UnaryOp.IsNan, "isnan");
    public Tensor isfinite() => Unary(UnaryOp.IsFinite, "isfinite");
    public Tensor logical_not() => Unary(UnaryOp.LogicalNot, "logical_not");

    public Tensor neg_() => UnaryInPlace(UnaryOp.Neg, "neg_");
    public Tensor abs_() => UnaryInPlace(UnaryOp.Abs, "abs_");
    public Tensor exp_() => UnaryInPlace(UnaryOp.Exp, "exp_");
    public Tensor log_() => UnaryInPlace(UnaryOp.Log, "log_");
    public Tensor sqrt_() => UnaryInPlace(UnaryOp.Sqrt, "sqrt_");
    public Tensor sigmoid_() => UnaryInPlace(UnaryOp.Sigmoid, "sigmoid_");
    public Tensor relu_() => UnaryInPlace(UnaryOp.Relu, "relu_");
    public Tensor floor_() => UnaryInPlace(UnaryOp.Floor, "floor_");
    public Tensor round_() => UnaryInPlace(UnaryOp.Round, "round_");
    public Tensor erfinv_() => UnaryInPlace(UnaryOp.Erfinv, "erfinv_");

    public Tensor add(Tensor other) => Binary(BinaryOp.Add, other, "add");
    public Tensor add(double other) => Binary(BinaryOp.Add, other, "add");
    public Tensor sub(Tensor other) => Binary(BinaryOp.Sub, other, "sub");
    public Tensor sub(double other) => Binary(BinaryOp.Sub, other, "sub");
    public Tensor mul(Tensor other) => Binary(BinaryOp.Mul, other, "mul");
    public Tensor mul(double other) => Binary(BinaryOp.Mul, other, "mul");
    public Tensor div(Tensor other) => Binary(BinaryOp.Div, other, "div");
    public Tensor div(double other) => Binary(BinaryOp.Div, other, "div");
    public Tensor floor_divide(Tensor other) => Binary(BinaryOp.FloorDivide, other, "floor_divide");
    public Tensor floor_divide(double other) => Binary(BinaryOp.FloorDivide, other, "floor_divide");
    public Tensor pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent, "pow");
    public Tensor pow(double exponent) => Binary(BinaryOp.Pow, exponent, "pow");
    public Tensor remainder(Tensor other) => Binary(BinaryOp.Remainder, other, "remainder");
    public Tensor remainder(double other) => Binary(BinaryOp.Remainder, other, "remainder");
    public Tensor fmod(double other) => Binary(BinaryOp.Fmod, other, "fmod");
    public Tensor maximum(Tensor other) => Binary(BinaryOp.Maximum, other, "maximum");
    public Tensor minimum(Tensor other) => Binary(BinaryOp.Minimum, other, "minimum");
    public Tensor atan2(Tensor other) => Binary(BinaryOp.Atan2, other, "atan2");

    public Tensor eq(Tensor other) => Binary(BinaryOp.Eq, other, "eq");
    public Tensor eq(double other) => Binary(BinaryOp.Eq, other, "eq");
    public Tensor ne(Tensor other) => Binary(BinaryOp.Ne, other, "ne");
    public Tensor ne(double other) => Binary(BinaryOp.Ne, other, "ne");
    public Tensor lt(Tensor other) => Binary(BinaryOp.Lt, other, "lt");
    public Tensor lt(double other) => Binary(BinaryOp.Lt, other, "lt");
    public Tensor le(Tensor other) => Binary(BinaryOp.Le, other, "le");
    public Tensor le(double other) => Binary(BinaryOp.Le, other, "le");
    public Tensor gt(Tensor other) => Binary(BinaryOp.Gt, other, "gt");
    public Tensor gt(double other) => Binary(BinaryOp.Gt, other, "gt");
    public Tensor ge(Tensor other) => Binary(BinaryOp.Ge, other, "ge");
    public Tensor ge(double other) => Binary(BinaryOp.Ge, other, "ge");
    public Tensor logical_and(Tensor other) => Binary(BinaryOp.LogicalAnd, other, "logical_and");
    public Tensor logical_or(Tensor other) => Binary(BinaryOp.LogicalOr, other, "logical_or");
    public Tensor logical_xor(Tensor other) => Binary(BinaryOp.LogicalXor, other, "logical_xor");

    public Tensor add_(Tensor other) => BinaryInPlace(BinaryOp.Add, other, "add_");
    public Tensor add_(double other) => BinaryInPlace(BinaryOp.Add, other, "add_");
    public Tensor sub_(Tensor other) => BinaryInPlace(BinaryOp.Sub, other, "sub_");
    public Tensor sub_(double other) => BinaryInPlace(BinaryOp.Sub, other, "sub_");
    public Tensor mul_(Tensor other) => BinaryInPlace(BinaryOp.Mul, other, "mul_");
    public Tensor mul_(double other) => BinaryInPlace(BinaryOp.Mul, other, "mul_");
    public Tensor div_(Tensor other) => BinaryInPlace(BinaryOp.Div, other, "div_");
    public Tensor div_(double other) => BinaryInPlace(BinaryOp.Div, other, "div_");

    public Tensor clamp(double? min = null, double? max = null) =>
        Wrap(kit_clamp(Handle, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0), "clamp");

    public Tensor clamp_(double? min = null, double? max = null)
    {
        TorchException.Check(kit_clamp_(Handle, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0), "clamp_");
        return this;
    }

    public Tensor clamp_min(double min) => clamp(min, null);
    public Tensor clamp_max(double max) => clamp(null, max);

    /// <summary>this + weight * (end - this).</summary>
    public Tensor lerp(Tensor end, double weight) => Wrap(kit_lerp(Handle, end.Handle, weight), "lerp");

    public Tensor matmul(Tensor other) => Wrap(kit_matmul(Handle, other.Handle), "matmul");
    public Tensor mm(Tensor other) => Wrap(kit_mm(Handle, other.Handle), "mm");
    public Tensor bmm(Tensor other) => Wrap(kit_bmm(Handle, other.Handle), "bmm");

    /// <summary>True when every element is within atol + rtol * |other| of other.</summary>
    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
    {
        var r = kit_allclose(Handle, other.Handle, rtol, atol);
        if (r < 0) throw TorchException.FromNative("allclose");
        return r == 1;
    }

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, double b) => a.add(b);
    public static Tensor operator +(double a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, double b) => a.sub(b);
    public static Tensor operator -(double a, Tensor b) => ReverseBinary(BinaryOp.Sub, a, b, "rsub");
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, double b) => a.mul(b);
    public static Tensor operator *(double a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, double b) => a.div(b);
    public static Tensor operator /(double a, Tensor b) => ReverseBinary(BinaryOp.Div, a, b, "rdiv");
    public static Tensor operator %(Tensor a, double b) => a.remainder(b);
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator <(Tensor a, double b) => a.lt(b);
    public static Tensor operator >(Tensor a, double b) => a.gt(b);
    public static Tensor operator <=(Tensor a, double b) => a.le(b);
    public static Tensor operator >=(Tensor a, double b) => a.ge(b);
    public static Tensor operator &(Tensor a, Tensor b) => a.dtype == ScalarType.Bool ? a.logical_and(b) : a.Binary(BinaryOp.BitwiseAnd, b, "bitwise_and");
    public static Tensor operator |(Tensor a, Tensor b) => a.dtype == ScalarType.Bool ? a.logical_or(b) : a.Binary(BinaryOp.BitwiseOr, b, "bitwise_or");
    public static Tensor operator ^(Tensor a, Tensor b) => a.logical_xor(b);
    public static Tensor operator !(Tensor a) => a.logical_not();

    /// <summary>Python's 2 ** t.</summary>
    public static Tensor pow(double @base, Tensor exponent) => ReverseBinary(BinaryOp.Pow, @base, exponent, "pow");
}
