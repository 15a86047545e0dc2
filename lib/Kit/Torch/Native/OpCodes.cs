namespace Kit.Torch.Native;

/// <summary>Unary op codes of kit_unary (tensor_math.cpp).</summary>
internal enum UnaryOp
{
    Neg = 0, Abs, Exp, Log, Sqrt, Rsqrt, Sin, Cos, Tanh, Sigmoid, Relu, Floor, Ceil, Round, Sign, Square, Log1p,
    Reciprocal, IsNan, IsFinite, LogicalNot, Erf, Erfinv, Expm1, Log2, Trunc, Atan, Silu, Frac,
}

/// <summary>Binary op codes of kit_binary (tensor_math.cpp).</summary>
internal enum BinaryOp
{
    Add = 0, Sub, Mul, Div, Pow, Maximum, Minimum, Remainder, Fmod, Atan2, Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd,
    LogicalOr, LogicalXor, FloorDivide, BitwiseAnd, BitwiseOr,
}

/// <summary>Reduction op codes of kit_reduce (tensor_math.cpp).</summary>
internal enum ReduceOp
{
    Sum = 0, Mean, Prod, Amax, Amin, All, Any, LogSumExp,
}
