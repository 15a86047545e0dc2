using System.Globalization;
using Kit.Data;
using Kit.Data.Synth;
using Kit.Display.Plotly;
using Kit.Masking;
using Kit.Targets;
using Kit.Training;
using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Pipeline;

/// <summary>
/// The live pictures that open the numbered notebooks: what a table varies, computed by the kit on one held-out clip
/// of the synthetic stream (with the generator's exact flow), so a reader sees the idea before the numbers.
/// </summary>
public static class Lessons
{
    /// <summary>One test clip of the synthetic protocol with raw frames and exact flow.</summary>
    /// <param name="index">test clip index; its class is index mod 14 (1 = move right, 12 = fall).</param>
    /// <returns>the batch (one clip) and its token grid: 8 frames of 64 x 64, 2 x 8 x 8 cubes, stride 2.</returns>
    public static (ClipBatch Batch, TokenGrid Grid, string Label) Clip(int index = 1, int size = 64)
    {
        var grid = new TokenGrid(8, size, size, 2, 8);
        var protocol = new SynthProtocol(new SynthStream(new SynthConfig(Size: size, CameraMotionChance: 0, MaxDistractors: 0)), Workers: 0, TestPerClass: index / 14 + 1);
        var request = new ClipSourceRequest("test", TargetNeeds.RawFrames | TargetNeeds.Flow, grid, 0, Kit.Torch.Device.CPU, new ViewSpec(), Labelled: true);
        using var source = new SynthStreamSource(protocol, request, trainOnStream: false, stride: 2, extraFlowFrames: 8);
        var batch = source.All(index + 1).First();
        using (batch)
        {
            var one = new ClipBatch(batch.Clip.narrow(0, index, 1).clone(), batch.RawClip!.narrow(0, index, 1).clone(), batch.Flow!.narrow(0, index, 1).clone(), batch.Labels!.narrow(0, index, 1).clone(), batch.Stride) { VideoIndices = [index] };
            return (one, grid, SynthMotions.Names[index % SynthMotions.Names.Count]);
        }
    }

    /// <summary>
    /// MME's trajectories of one cube's points followed for each length L over the first frame (MME Table 7): short
    /// ones barely move, long ones trace the whole motion.
    /// </summary>
    public static Figure TrajectoryLengths(int[] lengths, int index = 1)
    {
        var (batch, grid, label) = Clip(index);
        using (batch)
        {
            using var scope = NewDisposeScope();
            var figure = new Figure($"{label}: trajectories of length L over the first frame").Frames([Views.Frame(batch.Clip[0], 0)], columns: 1);
            foreach (var length in lengths.OrderByDescending(l => l))
            {
                if (length < 1 || length > batch.Flow!.size(1)) throw new ArgumentOutOfRangeException(nameof(lengths), length, $"trajectory length must be in 1..{batch.Flow!.size(1)}");
                using var tracks = TrajectoryTracker.Track(batch.Flow!.narrow(1, 0, length), [0L], grid with { Frames = grid.Tubelet }, pointsPerSide: 2, length: length);
                var positions = tracks.Positions[0].reshape(-1, length + 1, 2);   // (points, steps, xy)
                // Every third point keeps the picture readable; each trace is one point's path.
                for (var k = 0; k < positions.size(0); k += 3)
                    figure.Scatter(positions[k, .., 0].ToArray<float>().Select(v => (double)v), positions[k, .., 1].ToArray<float>().Select(v => (double)v),
                        k == 0 ? $"L = {length}" : null);
            }
            return figure;
        }
    }

    /// <summary>
    /// Masking strategies at several ratios on one clip (MotionMAE Tables 8-9, MGMAE Fig. 3): one row per strategy and
    /// ratio, one column per temporal slot; dark cubes are hidden. Motion-guided masks follow the object (exact flow).
    /// </summary>
    /// <param name="strategies">registry names: random, tube, cube, frame, motion-guided.</param>
    public static Figure MaskRatios(string[] strategies, double[] ratios, int index = 1)
    {
        var (batch, grid, label) = Clip(index);
        using (batch)
        {
            using var scope = NewDisposeScope();
            manual_seed(0);
            var overlays = new List<float[,]>();
            var captions = new List<string>();
            foreach (var name in strategies)
                foreach (var ratio in ratios)
                {
                    var settings = string.Create(CultureInfo.InvariantCulture, $"{{\"Ratio\": {ratio}}}");
                    if (name == "motion-guided") settings = string.Create(CultureInfo.InvariantCulture, $"{{\"Ratio\": {ratio}, \"Flow\": \"Offline\"}}");
                    using var mask = MaskRegistry.Create(name, settings).Generate(batch, grid);
                    for (var t = 0; t < grid.Frames; t += grid.Tubelet)
                    {
                        overlays.Add(Views.MaskOverlay(batch.Clip[0], mask.Mask[0], grid, t));
                        captions.Add(t == 0 ? string.Create(CultureInfo.InvariantCulture, $"{name} {ratio:P0}") : "");
                    }
                }
            return new Figure($"{label}: each strategy and ratio (rows), temporal slots (columns)")
                .Height(Math.Max(300, 140 * strategies.Length * ratios.Length)).Frames(overlays, columns: grid.Slots, captions: captions);
        }
    }
}
