using System.Diagnostics;

namespace Kit.Tests.Torch;

/// <summary>
/// One source tree for libtorch 1.13 and 2.x: the include 2.x needs is in common.h, and lib/native/cmake/check_gates.cmake
/// (run by CMake on every build) accepts the shim's sources and rejects a 2.x-only call outside its version gate.
/// </summary>
public class VersionGateTests
{
    private static string Native => Path.Combine(TestUtil.RepoRoot(), "lib", "native");

    private static (int Code, string Output) CheckGates(string sources)
    {
        var psi = new ProcessStartInfo("cmake", ["-DKIT_SOURCES=" + sources, "-DKIT_GATED=" + Path.Combine(Native, "gated_symbols.txt"), "-P", Path.Combine(Native, "cmake", "check_gates.cmake")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    [Fact]
    public void TheShimsSourcesKeepEveryNewerApiInsideItsGate()
    {
        var (code, output) = CheckGates(Path.Combine(Native, "src"));
        Assert.True(code == 0, output);
        Assert.Contains("sources checked", output);
    }

    [Fact]
    public void AnUngatedOrElseBranchUseFailsNamingFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("kit-gates").FullName;
        File.WriteAllText(Path.Combine(dir, "probe.cpp"), """
            #include "common.h"
            // a comment naming scaled_dot_product_attention is fine
            #if KIT_TORCH_AT_LEAST(2, 0)
            auto fine = at::scaled_dot_product_attention(q, k, v);
            #else
            auto wrong = at::_fused_adamw_(p);
            #endif
            const char* text = "scaled_dot_product_attention in a string is fine";
            auto kit_scaled_dot_product_attention_wrapper = 1;
            auto bare = at::scaled_dot_product_attention(q, k, v);
            """);
        var (code, output) = CheckGates(dir);
        Assert.NotEqual(0, code);
        Assert.Contains("probe.cpp:6: '_fused_adamw_'", output);
        Assert.Contains("probe.cpp:10: 'scaled_dot_product_attention'", output);
        Assert.Contains("2 use(s)", output);
    }

    [Fact]
    public void CommonHeaderIncludesGradModeWhichLibtorch2NeedsForNoGradGuard()
    {
        // Measured on libtorch 2.11: at::NoGradGuard and at::GradMode are undeclared through ATen.h alone.
        var header = File.ReadAllText(Path.Combine(Native, "src", "common.h"));
        Assert.Contains("#include <ATen/core/grad_mode.h>", header);
    }
}
