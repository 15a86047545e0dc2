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

    [Fact]
    public void InterpolatedTrajectoriesFollowEveryRawFrame()
    {
        var json = Lessons.TrajectoryInterpolation().ToJson();
        Assert.Single(json["data"]!.AsArray(), t => (string?)t!["type"] == "image");
        var lines = json["data"]!.AsArray().Where(t => (string?)t!["type"] == "scatter").ToList();
        var stride = Segment(lines, "input stride: 6 steps of 2 raw frames");
        var interpolated = Segment(lines, "interpolated: 6 raw frames");
        Assert.NotEmpty(stride);
        Assert.NotEmpty(interpolated);
        Assert.All(stride.Concat(interpolated), path => Assert.Equal(7, path.Length));
        // The interpolated paths are the tracker's through the raw-rate flow (MME Eq. 6: median-filtered), from the seeds,
        // on the clip rendered with the raw frames the input-stride trajectories need (8 x 2 - 1 + 9 flow frames).
        var (batch, grid, _) = Lessons.Clip(1, extraFrames: 9);
        using (batch)
        using (var tracks = Kit.Targets.TrajectoryTracker.Track(batch.Flow!.narrow(1, 0, 6), [0L], grid with { Frames = grid.Tubelet }, 2, 6, medianFilter: true))
        {
            var positions = tracks.Positions[0].reshape(-1, 7, 2);   // (points, steps, xy)
            foreach (var path in interpolated)
            {
                var point = Enumerable.Range(0, (int)positions.size(0)).Single(k => positions[k, 0, 0].item<float>() == path[0].X && positions[k, 0, 1].item<float>() == path[0].Y);
                for (var step = 0; step < 7; step++)
                    Assert.True(Math.Abs(positions[point, step, 0].item<float>() - path[step].X) < 1e-3 && Math.Abs(positions[point, step, 1].item<float>() - path[step].Y) < 1e-3);
            }
        }
        // At the input stride the same six steps span twice the raw frames: the object's points travel farther.
        Assert.True(stride.Max(Travel) > 1.5 * interpolated.Max(Travel), $"input stride {stride.Max(Travel)}, interpolated {interpolated.Max(Travel)}");
    }

    [Fact]
    public void SparseTrajectoriesSummariseTheDenseOnes()
    {
        var lines = Lessons.TrajectoryDensities().ToJson()["data"]!.AsArray().Where(t => (string?)t!["type"] == "scatter").ToList();
        var dense = Segment(lines, "dense: K = 4 trajectories");
        Assert.Equal(4, dense.Count);
        var mean = Segment(lines, "sparse (mean)").Single();
        var max = Segment(lines, "sparse (max)").Single();
        // The edge patch: some of its points move with the object, some stay.
        Assert.Contains(dense, p => Travel(p) > 2);
        Assert.Contains(dense, p => Travel(p) < 0.5);
        // Mean: the average step of the four (all stay in view), from the patch centre; max: the longest of them.
        for (var step = 0; step < 7; step++)
        {
            Assert.True(Math.Abs(dense.Average(p => p[step].X) - mean[step].X) < 1e-3);
            Assert.True(Math.Abs(dense.Average(p => p[step].Y) - mean[step].Y) < 1e-3);
        }
        Assert.Equal(dense.OrderByDescending(Travel).First(), max);
    }

    [Fact]
    public void SamplingStridesDimTheRawFramesTheEncoderSkips()
    {
        var (panels, captions) = Panels(Lessons.SamplingStrides([1, 2, 4]));
        Assert.Equal(3 * 7, panels.Count);   // raw frames 0..6 the trajectories follow, one row per stride
        Assert.Equal(["s = 1: raw 0, seen", "s = 2: raw 0, seen", "s = 4: raw 0, seen"], new[] { captions[0], captions[7], captions[14] });
        var motion = new List<double>();
        foreach (var (row, stride) in new[] { (0, 1), (1, 2), (2, 4) })
        {
            var (batch, _, _) = Lessons.Clip(1, stride: stride);
            using (batch)
            {
                for (var r = 0; r < 7; r++)
                {
                    var panel = panels[7 * row + r];
                    Assert.Equal(r % stride == 0, captions[7 * row + r].EndsWith("seen"));
                    if (r % stride == 0)
                    {
                        // A seen raw frame is the encoder's sampled frame r / s, at full brightness.
                        var frame = Views.Frame(batch.Clip[0], r / stride);
                        for (var y = 0; y < 64; y += 7)
                            for (var x = 0; x < 64; x += 7) Assert.True(Math.Abs(frame[y, x] * 255 - panel[y, x]) <= 1);
                    }
                    else Assert.True(panel.Cast<byte>().Max() < 0.4 * 255, $"s = {stride}: raw {r} is not dimmed");
                }
                // The whole event spans the clip's raw frames at every stride: the smaller the stride, the faster it moves per
                // raw frame (the exact flow's largest step over the frames the trajectories follow).
                motion.Add(batch.Flow![0].narrow(0, 0, 6).square().sum(1).sqrt().max().item<float>());
            }
        }
        Assert.True(motion[0] > motion[1] && motion[1] > motion[2], string.Join(", ", motion));
    }

    [Fact]
    public void ForwardWarpingOpensHolesInsideTheFrame()
    {
        var (panels, captions) = Panels(Lessons.Warpings());
        Assert.Equal(2 * 2 * 8, panels.Count);   // backward, forward: maps then holes; one column per frame
        Assert.Equal(["backward (paper): f = 0", "its holes", "forward", "its holes"], new[] { captions[0], captions[8], captions[16], captions[24] });
        // One initial map at the middle frame for both.
        Assert.Equal(Flat(panels[4]), Flat(panels[16 + 4]));
        // Backward warping's holes are pixels sampled from outside the frame: a band along the edges. Forward warping also
        // leaves pixels nothing lands on inside it.
        int Inside(byte[,] holes) => Enumerable.Range(12, 40).Sum(y => Enumerable.Range(12, 40).Count(x => holes[y, x] > 0));
        Assert.All(panels.Skip(8).Take(8), holes => Assert.Equal(0, Inside(holes)));
        Assert.True(panels.Skip(24).Take(8).Sum(Inside) > 0, "forward warping left no hole inside the frame");
        Assert.True(Bright(panels[8]) > 0 && Bright(panels[24]) > 0, "no holes at the edges");
    }

    [Fact]
    public void InitialMapsAreBlocksSaltOrBlobs()
    {
        var (panels, captions) = Panels(Lessons.InitialMapKinds());
        Assert.Equal(3 * 8, panels.Count);
        Assert.Equal(["token random: f = 0", "pixel random", "mixed Gaussian (paper)"], new[] { captions[0], captions[8], captions[16] });
        var (tokens, pixels, gaussians) = (panels[4], panels[12], panels[20]);   // at the base frame
        Assert.Equal(2, tokens.Cast<byte>().Distinct().Count());
        Assert.Equal(2, pixels.Cast<byte>().Distinct().Count());
        Assert.True(gaussians.Cast<byte>().Distinct().Count() > 50);
        // Random tokens are whole 8 x 8 cubes, about 10 % of them visible; random pixels are not.
        bool Blocky(byte[,] m) => Enumerable.Range(0, 64).All(y => Enumerable.Range(0, 64).All(x => m[y, x] == m[y / 8 * 8, x / 8 * 8]));
        Assert.True(Blocky(tokens));
        Assert.False(Blocky(pixels));
        Assert.Equal(6 * 64, Bright(tokens) - tokens.Cast<byte>().Count(v => v > 0 && v < 255));
        Assert.InRange(pixels.Cast<byte>().Count(v => v == 255), 0.08 * 4096, 0.12 * 4096);
    }

    [Fact]
    public void ClipLevelSamplingLetsSlotsKeepUnequalCounts()
    {
        var (panels, captions) = Panels(Lessons.VisibleTokenSampling());
        Assert.Equal(2 * 4, panels.Count);
        Assert.Equal(["frame-level (paper): 6 visible", "6 visible", "6 visible", "6 visible"], captions.Take(4));
        Assert.StartsWith("clip-level: ", captions[4]);
        var counts = captions.Select(c => int.Parse(c.Split(' ')[^2])).ToArray();
        Assert.Equal(24, counts.Skip(4).Sum());
        Assert.True(counts.Skip(4).Distinct().Count() > 1, string.Join(", ", counts));
        // Each caption counts the cubes its panel leaves undimmed (a hidden cube keeps a quarter of its brightness).
        var (batch, grid, _) = Lessons.Clip(11, camera: true);
        using (batch)
            for (var i = 0; i < panels.Count; i++)
            {
                var frame = Views.Frame(batch.Clip[0], i % 4 * 2);
                var visible = 0;
                for (var r = 0; r < 8; r++)
                    for (var c = 0; c < 8; c++)
                    {
                        double seen = 0, full = 0;
                        for (var y = 0; y < 8; y++)
                            for (var x = 0; x < 8; x++) (seen, full) = (seen + panels[i][8 * r + y, 8 * c + x], full + 255 * frame[8 * r + y, 8 * c + x]);
                        if (seen > 0.6 * full) visible++;
                    }
                Assert.Equal(counts[i], visible);
            }
    }

    [Fact]
    public void FlowSourcesDrawEachEstimateAgainstTheExactFlow()
    {
        var (panels, captions) = Panels(Lessons.FlowSources());
        Assert.Equal(4 * 7, panels.Count);   // exact, TV-L1, online 6 and 12 iterations; one column per pair of sampled frames
        Assert.Equal("exact: error 0.00 px on the object", captions[0]);
        var errors = new[] { 7, 14, 21 }.Select(i => double.Parse(captions[i].Split(' ')[^5], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.All(errors, e => Assert.InRange(e, 0.01, 5));
        Assert.StartsWith("TV-L1 (offline)", captions[7]);
        Assert.StartsWith("online, 6 iterations", captions[14]);
        Assert.StartsWith("online, 12 iterations", captions[21]);
        // The exact flow is zero off the object (the camera rests); each estimate is bright around the object too but not identical.
        for (var f = 0; f < 7; f++)
        {
            Assert.True(Bright(panels[f]) > 20 && Bright(panels[f]) < 400, $"exact flow at {f}: {Bright(panels[f])} pixels move");
            for (var row = 1; row < 4; row++) Assert.NotEqual(Flat(panels[f]), Flat(panels[7 * row + f]));
        }
    }

    [Fact]
    public void TemporalOrdersKeepTheFramesButNotTheirOrder()
    {
        var (panels, captions) = Panels(Lessons.TemporalOrders());
        Assert.Equal(3 * 8, panels.Count);
        Assert.Equal(["as recorded", "shuffled", "one frame repeated"], new[] { captions[0], captions[8], captions[16] });
        var (batch, _, _) = Lessons.Clip(1);
        using (batch)
        {
            var raw = Enumerable.Range(0, (int)batch.RawClip!.size(2)).Select(f => Flat(Pixels(Views.Frame(batch.RawClip[0], f)))).ToList();
            // As recorded: every second raw frame; one frame repeated: raw frame 0 throughout.
            for (var f = 0; f < 8; f++)
            {
                Assert.Equal(raw[2 * f], Flat(panels[f]));
                Assert.Equal(raw[0], Flat(panels[16 + f]));
            }
            // Shuffled: eight different raw frames of the clip, not in their recorded order.
            var picked = panels.Skip(8).Take(8).Select(p => raw.FindIndex(r => r.SequenceEqual(Flat(p)))).ToList();
            Assert.DoesNotContain(-1, picked);
            Assert.Equal(8, picked.Distinct().Count());
            Assert.NotEqual(Enumerable.Range(0, 8).Select(f => 2 * f), picked);
        }
    }

    /// <summary>A frame as the figure's PNG stores it (0..255).</summary>
    private static byte[,] Pixels(float[,] frame)
    {
        var (h, w) = (frame.GetLength(0), frame.GetLength(1));
        var image = new byte[h, w];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++) image[y, x] = (byte)MathF.Round(Math.Clamp(frame[y, x], 0f, 1f) * 255f);
        return image;
    }

    /// <summary>The paths of a named segment: the named trace and the unnamed ones after it, as (x, y) points.</summary>
    private static List<(double X, double Y)[]> Segment(List<System.Text.Json.Nodes.JsonNode?> lines, string name)
    {
        var start = lines.FindIndex(t => (string?)t!["name"] == name);
        Assert.True(start >= 0, $"no trace named {name}");
        var end = lines.FindIndex(start + 1, t => t!["name"] is not null);
        return lines.Take(end < 0 ? lines.Count : end).Skip(start)
            .Select(t => t!["x"]!.AsArray().Zip(t["y"]!.AsArray(), (x, y) => ((double)x!, (double)y!)).ToArray()).ToList();
    }

    private static double Travel((double X, double Y)[] path) => Math.Abs(path[^1].X - path[0].X) + Math.Abs(path[^1].Y - path[0].Y);

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
