using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kit.Torch.Native;

namespace Kit.Torch;

/// <summary>An error raised inside libtorch or OpenCV, carrying the native message and the operation that failed.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string operation, string message) : base($"{operation}: {message}") => Operation = operation;

    /// <summary>The kit operation that failed (e.g. "matmul").</summary>
    public string Operation { get; }

    internal static TorchException FromNative(string operation)
    {
        var p = NativeMethods.kit_take_error();
        var message = p == IntPtr.Zero ? "native call failed without a message" : Marshal.PtrToStringUTF8(p)!;
        return new TorchException(operation, message.Trim());
    }

    /// <summary>Throws when a handle-returning native call failed.</summary>
    internal static IntPtr Check(IntPtr handle, [CallerMemberName] string operation = "")
    {
        if (handle == IntPtr.Zero) throw FromNative(operation);
        return handle;
    }

    /// <summary>Throws when a status-returning native call failed.</summary>
    internal static void Check(int status, [CallerMemberName] string operation = "")
    {
        if (status != 0) throw FromNative(operation);
    }

    /// <summary>Throws when a value-returning native call left an error behind.</summary>
    internal static void CheckPending([CallerMemberName] string operation = "")
    {
        if (NativeMethods.kit_has_error() != 0) throw FromNative(operation);
    }
}
