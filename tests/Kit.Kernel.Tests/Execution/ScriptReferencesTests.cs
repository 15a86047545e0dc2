using Kit.Kernel.Execution;
using Microsoft.CodeAnalysis;

namespace Kit.Kernel.Tests.Execution;

public sealed class ScriptReferencesTests
{
    [Fact]
    public void ReferencesTheFrameworkAndTheDisplayLibrary()
    {
        var paths = ScriptReferences.Create().OfType<PortableExecutableReference>().Select(r => Path.GetFileName(r.FilePath)).ToList();
        Assert.True(paths.Count > 100, string.Join(",", paths));
        Assert.Contains("System.Runtime.dll", paths);
        Assert.Contains("Kit.Display.dll", paths);
    }
}
