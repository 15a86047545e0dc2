using Kit.Kernel.Execution;
using Microsoft.CodeAnalysis.CSharp;

namespace Kit.Kernel.Tests.Execution;

public sealed class CellShapeTests
{
    private static Microsoft.CodeAnalysis.SyntaxTree Parse(string code) => CSharpSyntaxTree.ParseText(code, CellShape.ParseOptions);

    [Theory]
    [InlineData("1+1", true)]
    [InlineData("Console.WriteLine(1); x++", true)]
    [InlineData("var x = 1;", false)]
    [InlineData("int.TryParse(\"1\", out var n);", false)]
    [InlineData("int F() => 1;", false)]
    [InlineData("using System.Text;", false)]
    [InlineData("class C { }", false)]
    [InlineData("#r \"a.dll\"\n1", false)]
    public void DeclaresNothing(string code, bool expected) => Assert.Equal(expected, CellShape.DeclaresNothing(Parse(code)));

    [Fact]
    public void TrailingExpressionNeedsAMissingSemicolon()
    {
        Assert.NotNull(CellShape.TrailingExpression(Parse("var a = 1;\na + 1")));
        Assert.Null(CellShape.TrailingExpression(Parse("a + 1;")));
    }
}
