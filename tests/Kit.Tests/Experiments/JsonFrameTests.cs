using System.Text.Json.Nodes;
using Kit.Experiments;
using Microsoft.Data.Analysis;

namespace Kit.Tests.Experiments;

public class JsonFrameTests
{
    [Fact]
    public void ColumnsAreFlattenedAndTypedFromTheirValues()
    {
        var rows = new[]
        {
            JsonNode.Parse("""{"n": 1, "x": 0.1, "whole": 3.0, "flag": true, "name": "a", "mixed": 1, "list": [1, 2], "nest": {"a": {"b": 5}}}""")!.AsObject(),
            JsonNode.Parse("""{"n": 2, "x": 2, "whole": 4.0, "flag": false, "mixed": "b", "list": [], "nest": {"a": {"b": null}}, "late": "z"}""")!.AsObject(),
        };
        var df = JsonFrame.FromObjects(rows);
        Assert.Equal(["n", "x", "whole", "flag", "name", "mixed", "list", "nest.a.b", "late"], df.Columns.Select(c => c.Name));
        Assert.IsType<Int64DataFrameColumn>(df.Columns["n"]);
        Assert.IsType<DoubleDataFrameColumn>(df.Columns["x"]);
        Assert.IsType<DoubleDataFrameColumn>(df.Columns["whole"]); // "3.0" is written as a real number
        Assert.IsType<BooleanDataFrameColumn>(df.Columns["flag"]);
        Assert.Equal(["1", "b"], df.Columns["mixed"].Cast<string>());
        Assert.Equal(["[1,2]", "[]"], df.Columns["list"].Cast<string>());
        Assert.Equal([5L, null], df.Columns["nest.a.b"].Cast<long?>());
        Assert.Equal(["a", null], df.Columns["name"].Cast<string>());
        Assert.Equal([null, "z"], df.Columns["late"].Cast<string>());
        Assert.Equal([0.1, 2.0], df.Columns["x"].Cast<double?>().Select(v => v!.Value));
    }

    [Fact]
    public void JsonTextIsAnObjectOrAnArrayOfObjects()
    {
        Assert.Equal(1, JsonFrame.FromJson("""{"a": 1}""", "one").Rows.Count);
        Assert.Equal(2, JsonFrame.FromJson("""[{"a": 1}, {"a": 2}]""", "two").Rows.Count);
        var e = Assert.Throws<InvalidDataException>(() => JsonFrame.FromJson("""[{"a": 1}, 3]""", "bench.json"));
        Assert.Contains("bench.json: element 1 is not a JSON object", e.Message);
    }
}
