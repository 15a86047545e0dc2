using System.Runtime.InteropServices;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>
/// How libtorch's OpenMP threads wait between parallel regions. The kit loads its native library with
/// OMP_WAIT_POLICY=PASSIVE (idle threads sleep instead of spinning) unless the environment chose otherwise, because
/// spinning threads made a 2-core CPU run several times slower (lib/native/src/openmp.cpp has the numbers).
/// </summary>
public static class OpenMp
{
    /// <summary>OMP_WAIT_POLICY as libgomp read it when the native library loaded ("" when unset).</summary>
    public static string WaitPolicyAtLoad => Marshal.PtrToStringUTF8(kit_omp_wait_policy_at_load()) ?? "";
}
