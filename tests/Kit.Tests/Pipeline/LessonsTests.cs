using System.Buffers.Binary;
using System.IO.Compression;
using Kit.Display.Plotly;
using Kit.Pipeline;

namespace Kit.Tests.Pipeline;

public class LessonsTests
{
    [Fact]
    public void TheClipIsOneHeldOutTestClipWithItsExactFlow()
    {
        var (batch, grid, label) = Lessons.Clip(index: 1);
        using (batch)
        {
            Assert.Equal("move_right", label);
            Assert.Equal(new long[] { 1, 3, 8, 64, 64 }, batch.Clip.shape);
            Assert.Equal(1L, batch.Labels!.ToArray<long>()[0]);
            // A rightward motion: the exact flow's mean x component where anything moves is positive.
            var dx = batch.Flow![0, .., 0];
            Assert.True(dx.sum().item<float>() > 0);
            Assert.Equal(grid.Frames, (int)batch.Clip.size(2));
        }
    }

    [Fact]
    public void TrajectoryPathsGrowWithTheirLength()
    {
        var json = Lessons.TrajectoryLengths([2, 8]).ToJson();
        var traces = json["data"]!.AsArray().Where(t => (string?)t!["type"] == "scatter").ToList();
        var byName = traces.Where(t => t!["name"] is not null).ToDictionary(t => (string)t!["name"]!, t => t!["x"]!.AsArray().Count);
        Assert.Equal(3, byName["L = 2"]);
        Assert.Equal(9, byName["L = 8"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Lessons.TrajectoryLengths([99]));
    }

    [Fact]
    public void MaskRatiosDrawOneRowPerStrategyAndRatio()
    {
        var figure = Lessons.MaskRatios(["tube", "motion-guided"], [0.75, 0.9]);
        var text = figure.ToJson().ToJsonString();
        Assert.Contains("tube 75", text);
        Assert.Contains("motion-guided 90", text);
    }

    [Fact]
    public void TargetsOfPatchLayOutEachTargetOfTheSamePatches()
    {
        var figure = Lessons.TargetsOfPatch();
        var (panels, captions) = Panels(figure);
        // Two rows (edge of the moving object, still background) of the frame and seven target panels.
        Assert.Equal(16, panels.Count);
        Assert.Equal(["edge of the moving object", "pixel (D = 384)", "HOG (D = 108)", "flow (D = 128)", "HOF (D = 36)", "MBH (D = 72)", "trajectory: positions (D = 48)", "trajectory: shape (D = 216)"], captions.Take(8));
        Assert.Equal("still background", captions[8]);
        // Each panel is its target's vector laid out: pixel (p, t*p), HOG (cells*C, bins), flow (p, 2*p), HOF (cells, bins),
        // MBH (cells*2, bins), trajectory positions (2*K, L), shape (K*L, bins).
        var shapes = new[] { (8, 16), (12, 9), (8, 16), (4, 9), (8, 9), (8, 6), (24, 9) };
        for (var j = 0; j < shapes.Length; j++)
        {
            Assert.Equal(shapes[j], (panels[1 + j].GetLength(0), panels[1 + j].GetLength(1)));
            Assert.Equal(shapes[j], (panels[9 + j].GetLength(0), panels[9 + j].GetLength(1)));
        }
        // Appearance (pixel, HOG, shape along the track) varies on both patches; motion (flow, HOF, MBH, positions) only
        // on the moving one: on the still patch it is one flat value.
        foreach (var j in new[] { 1, 2, 7 })
        {
            Assert.True(Spread(panels[j]) > 50, $"{captions[j]} of the moving patch");
            Assert.True(Spread(panels[8 + j]) > 50, $"{captions[j]} of the still patch");
        }
        foreach (var j in new[] { 3, 4, 5, 6 })
        {
            Assert.True(Spread(panels[j]) > 50, $"{captions[j]} of the moving patch");
            Assert.Equal(0, Spread(panels[8 + j]));
        }
        // The edge patch's four tracked points: some follow the object, some stay on the background.
        var tracks = figure.ToJson()["data"]!.AsArray().Where(t => (string?)t!["type"] == "scatter").Select(t => t!["x"]!.AsArray().Select(v => (double)v!).ToArray()).ToList();
        Assert.Equal(4, tracks.Count);
        Assert.All(tracks, x => Assert.Equal(7, x.Length));
        Assert.Contains(tracks, x => x[^1] - x[0] > 2);
        Assert.Contains(tracks, x => Math.Abs(x[^1] - x[0]) < 0.5);
    }

    [Fact]
    public void FrameDifferencesGrowWithTheGranularity()
    {
        var (panels, captions) = Panels(Lessons.FrameDifferences([1, 3]));
        Assert.Equal(3 * 8, panels.Count);   // frames, g = 1, g = 3; one column per frame
        Assert.Equal(["frames, f = 0", "g = 1", "g = 3"], new[] { captions[0], captions[8], captions[16] });
        var (batch, _, _) = Lessons.Clip(1);
        using (batch)
        {
            var clip = batch.Clip[0];
            for (var f = 0; f < 8; f++)
            {
                var frame = Views.Frame(clip, f);
                Assert.True(Math.Abs(frame[10, 20] * 255 - panels[f][10, 20]) <= 1);
                // Bright only where the frames change: the target's |frame f + g - frame f| (the pair (f - g, f) at the end).
                foreach (var (row, gap) in new[] { (1, 1), (2, 3) })
                {
                    var (a, b) = f + gap < 8 ? (f, f + gap) : (f - gap, f);
                    var change = Views.ToGrid((clip.select(1, b) - clip.select(1, a)).abs().amax([0L]));
                    var panel = panels[8 * row + f];
                    for (var y = 0; y < 64; y++)
                        for (var x = 0; x < 64; x++)
                            if (panel[y, x] > 0) Assert.True(change[y, x] > 0, $"g = {gap}, f = {f}: ({y}, {x}) is bright where the frames do not change");
                }
                // The object moves on: frames three apart differ over more pixels than adjacent ones.
                Assert.True(Bright(panels[16 + f]) > Bright(panels[8 + f]), $"f = {f}: g = 3 changes {Bright(panels[16 + f])} pixels, g = 1 {Bright(panels[8 + f])}");
            }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Lessons.FrameDifferences([5]));
    }

    [Fact]
    public void HoleFillingsDifferOnlyWhereTheHolesReach()
    {
        var (panels, captions) = Panels(Lessons.HoleFillings());
        Assert.Equal(6 * 8, panels.Count);   // holes, then invisible, visible, random, previous, tube; one column per frame
        Assert.Equal(["holes: f = 0", "invisible", "visible", "random", "previous", "tube (paper)"], Enumerable.Range(0, 6).Select(r => captions[8 * r]));
        Assert.Equal("base f = 4", captions[4]);
        var holes = panels.Take(8).Select(Bright).ToArray();
        // None at the base frame; more the farther a frame is from it, on both sides.
        Assert.Equal(0, holes[4]);
        Assert.True(holes[0] > holes[3] && holes[3] > 0 && holes[7] > holes[5] && holes[5] > 0, string.Join(", ", holes));
        for (var f = 0; f < 8; f++)
        {
            var reach = panels[f];
            var (invisible, visible) = (panels[8 + f], panels[16 + f]);
            double inVisible = 0, inInvisible = 0;
            for (var y = 0; y < 64; y++)
                for (var x = 0; x < 64; x++)
                {
                    if (reach[y, x] == 0)
                        for (var r = 2; r < 6; r++) Assert.True(Math.Abs(panels[8 * r + f][y, x] - invisible[y, x]) <= 1, $"fillings differ outside the holes at f = {f}");
                    else (inVisible, inInvisible) = (inVisible + visible[y, x], inInvisible + invisible[y, x]);
                }
            if (holes[f] > 0) Assert.True(inVisible > inInvisible + 100 * holes[f], $"f = {f}: the visible filling is not brighter in the holes");
        }
    }

    [Fact]
    public void BaseFramesWarpOneInitialMapFromEachBase()
    {
        var (panels, captions) = Panels(Lessons.BaseFrames());
        Assert.Equal(3 * 2 * 8, panels.Count);   // first, random, middle: maps then holes; one column per frame
        Assert.StartsWith("first: base f = 0", captions[0]);
        Assert.StartsWith("random", captions[16]);
        Assert.Equal("middle (paper)", captions[32]);
        Assert.Equal("base f = 4", captions[36]);
        var randomBase = Enumerable.Range(0, 8).Single(f => captions[16 + f].Contains("base"));
        Assert.NotEqual(0, randomBase);
        Assert.NotEqual(4, randomBase);
        // Each row starts from the same initial map at its own base frame, where no hole has opened yet.
        Assert.Equal(Flat(panels[0]), Flat(panels[16 + randomBase]));
        Assert.Equal(Flat(panels[0]), Flat(panels[32 + 4]));
        Assert.NotEqual(Flat(panels[0]), Flat(panels[32]));
        Assert.Equal(0, Bright(panels[8]));
        Assert.Equal(0, Bright(panels[24 + randomBase]));
        Assert.Equal(0, Bright(panels[40 + 4]));
        // From the first frame, the last is seven warps away; from the middle no frame is more than four.
        var fromFirst = Bright(panels[8 + 7]);
        var fromMiddle = Enumerable.Range(0, 8).Max(f => Bright(panels[40 + f]));
        Assert.True(fromFirst > fromMiddle, $"holes from the first frame {fromFirst}, from the middle at most {fromMiddle}");
    }

    /// <summary>The grey image panels of a figure (0..255, (H, W)) and their captions, in order.</summary>
    private static (List<byte[,]> Panels, List<string> Captions) Panels(Figure figure)
    {
        var json = figure.ToJson();
        var images = json["data"]!.AsArray().Where(t => (string?)t!["type"] == "image").Select(t => Decode((string)t!["source"]!)).ToList();
        var captions = json["layout"]!["annotations"]!.AsArray().Select(a => (string)a!["text"]!).ToList();
        Assert.Equal(images.Count, captions.Count);
        return (images, captions);
    }

    /// <summary>An 8-bit grey PNG data URI (as Kit.Display writes it: one IDAT chunk, no row filters) to (H, W).</summary>
    private static byte[,] Decode(string uri)
    {
        var png = Convert.FromBase64String(uri[(uri.IndexOf(',') + 1)..]);
        var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        Assert.Equal("IDAT", System.Text.Encoding.ASCII.GetString(png, 37, 4));
        using var zlib = new ZLibStream(new MemoryStream(png, 41, length), CompressionMode.Decompress);
        var rows = new MemoryStream();
        zlib.CopyTo(rows);
        var raw = rows.ToArray();
        var image = new byte[height, width];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++) image[y, x] = raw[y * (width + 1) + 1 + x];
        return image;
    }

    private static int Spread(byte[,] image) => image.Cast<byte>().Max() - image.Cast<byte>().Min();

    private static int Bright(byte[,] image) => image.Cast<byte>().Count(v => v > 0);

    private static byte[] Flat(byte[,] image) => image.Cast<byte>().ToArray();
}
