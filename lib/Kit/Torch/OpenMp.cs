using System.Runtime.InteropServices;
using static Kit.Torch.Native.NativeMethods;

namespace Kit.Torch;

/// <summary>
/// How libtorch's OpenMP threads wait between parallel regions. The kit loads its native library with
/// GOMP_SPINCOUNT=300 (an idle thread polls briefly, then sleeps) unless the environment set OMP_WAIT_POLICY or
/// GOMP_SPINCOUNT: libgomp's default long spin made a 2-core CPU train several times slower, and no spin at all
/// (PASSIVE) made chains of mid-sized ops pay a thread wake-up each (lib/native/src/openmp.cpp has the numbers).
/// </summary>
public static class OpenMp
{
    /// <summary>OMP_WAIT_POLICY as libgomp read it when the native library loaded ("" when unset).</summary>
    public static string WaitPolicyAtLoad => Marshal.PtrToStringUTF8(kit_omp_wait_policy_at_load()) ?? "";

    /// <summary>GOMP_SPINCOUNT as libgomp read it when the native library loaded ("" when unset).</summary>
    public static string SpinCountAtLoad => Marshal.PtrToStringUTF8(kit_gomp_spin_count_at_load()) ?? "";

    /// <summary>OPENBLAS_THREAD_TIMEOUT as OpenBLAS read it when the native library loaded ("" when unset): the kit sets 14
    /// (idle BLAS threads poll 2^14 cycles, then sleep) unless the environment set it or GOTO_THREAD_TIMEOUT.</summary>
    public static string OpenBlasThreadTimeoutAtLoad => Marshal.PtrToStringUTF8(kit_openblas_thread_timeout_at_load()) ?? "";
}
