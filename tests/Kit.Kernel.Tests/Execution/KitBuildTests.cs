using Kit.Kernel.Execution;

namespace Kit.Kernel.Tests.Execution;

public sealed class KitBuildTests
{
    private static string Checkout(string configuration)
    {
        var root = Directory.CreateTempSubdirectory("kit-build-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "lib", "Kit.Kernel", "bin", configuration, "net10.0"));
        var kit = Directory.CreateDirectory(Path.Combine(root, "lib", "Kit", "bin", configuration, "net10.0")).FullName;
        File.WriteAllText(Path.Combine(kit, "Kit.dll"), "");
        return root;
    }

    [Fact]
    public void TheKernelsOwnFolderLeadsToTheLibraryOfTheSameConfiguration()
    {
        var root = Checkout("Debug");
        var kernel = Path.Combine(root, "lib", "Kit.Kernel", "bin", "Debug", "net10.0") + Path.DirectorySeparatorChar;
        Assert.Equal(Path.Combine(root, "lib", "Kit", "bin", "Debug", "net10.0"), KitBuild.Find(null, kernel));
    }

    [Fact]
    public void KitRootWinsAndAFolderWithoutTheLibraryIsNone()
    {
        var root = Checkout("Release");
        var elsewhere = Directory.CreateTempSubdirectory("kit-kernel-").FullName;
        var kernel = Path.Combine(elsewhere, "a", "b", "Release", "net10.0");
        Assert.Equal(Path.Combine(root, "lib", "Kit", "bin", "Release", "net10.0"), KitBuild.Find(root, kernel));
        Assert.Null(KitBuild.Find(null, kernel));
    }
}
