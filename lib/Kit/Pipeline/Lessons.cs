using System.Globalization;
using Kit.Data;
using Kit.Data.Synth;
using Kit.Display.Plotly;
using Kit.Experiments;
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
    /// <param name="camera">the same clip filmed by a panning and/or zooming camera (the generator draws the camera after
    /// the objects), so new content enters at the frame's edges.</param>
    /// <param name="stride">raw frames per sampled frame; the stream renders each clip's whole event over its raw frames
    /// (T x stride and the extra ones), so the sampled frames show much the same motion at every stride.</param>
    /// <param name="extraFrames">raw frames (with their flow) past the clip's span, for trajectories that run past it.</param>
    /// <returns>the batch (one clip) and its token grid: 8 frames of 64 x 64, 2 x 8 x 8 cubes, stride 2 unless asked.</returns>
    public static (ClipBatch Batch, TokenGrid Grid, string Label) Clip(int index = 1, int size = 64, bool camera = false, int stride = 2, int extraFrames = 8)
    {
        var grid = new TokenGrid(8, size, size, 2, 8);
        using var source = Source(index, grid, camera, stride, extraFrames);
        var batch = source.All(index + 1).First();
        using (batch)
        {
            var one = new ClipBatch(batch.Clip.narrow(0, index, 1).clone(), batch.RawClip!.narrow(0, index, 1).clone(), batch.Flow!.narrow(0, index, 1).clone(), batch.Labels!.narrow(0, index, 1).clone(), batch.Stride) { VideoIndices = [index] };
            return (one, grid, SynthMotions.Names[index % SynthMotions.Names.Count]);
        }
    }

    /// <summary>The held-out test clips 0..index of the synthetic protocol (no distractors), with raw frames and exact flow.</summary>
    private static SynthStreamSource Source(int index, TokenGrid grid, bool camera, int stride, int extraFrames)
    {
        var protocol = new SynthProtocol(new SynthStream(new SynthConfig(Size: grid.Height, CameraMotionChance: camera ? 1 : 0, MaxDistractors: 0)), Workers: 0, TestPerClass: index / 14 + 1);
        var request = new ClipSourceRequest("test", TargetNeeds.RawFrames | TargetNeeds.Flow, grid, 0, Kit.Torch.Device.CPU, new ViewSpec(), Labelled: true);
        return new SynthStreamSource(protocol, request, trainOnStream: false, stride: stride, extraFlowFrames: extraFrames);
    }

    /// <summary>
    /// MME's test of temporal information (Fig. 3): the encoder's frames of one clip as recorded, with its raw frames
    /// shuffled, and with one frame repeated, as the pre-training of those rows reorders them. A shuffled clip keeps
    /// every frame's appearance but no motion that a model could follow from frame to frame.
    /// </summary>
    public static Figure TemporalOrders(int index = 1)
    {
        var (batch, grid, label) = Clip(index);
        using (batch)
        {
            using var scope = NewDisposeScope();
            var panels = new List<float[,]>();
            var captions = new List<string>();
            void AddRow(string name, Tensor clip)   // (C, T, H, W)
            {
                for (var f = 0; f < grid.Frames; f++)
                {
                    panels.Add(Views.Frame(clip, f));
                    captions.Add(f == 0 ? name : "");
                }
            }
            AddRow("as recorded", batch.Clip[0]);
            foreach (var (order, name) in new[] { (TemporalOrder.Shuffled, "shuffled"), (TemporalOrder.RepeatedFrame, "one frame repeated") })
            {
                // The reordering reads nothing from its inner source here; it disposes it.
                using var reorder = new TemporalOrderSource(Source(index, grid, camera: false, batch.Stride, extraFrames: 8), order, seed: 0);
                using var reordered = reorder.Reorder(batch, epoch: 0, index: 0);
                AddRow(name, reordered.Clip[0]);
            }
            return new Figure($"{label}: the encoder's frames as recorded, shuffled and repeated (rows)")
                .Height(400).Frames(panels, grid.Frames, captions);
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

    /// <summary>
    /// What each reconstruction target of MME Table 5 asks the model to predict for the same patch: pixels and HOG
    /// (appearance of one frame), flow, HOF and MBH (motion between two frames), and trajectories (where the patch's
    /// points go over the next L raw frames, and the HOG along the way). One row per patch of the first cube: one on
    /// the moving object's edge (its tracked points drawn over its frame) and one on the still background. Each panel
    /// is one target's vector for that patch laid out as an image (bright = large), scaled over both patches alike, so
    /// a motion target of the still patch is one flat grey.
    /// </summary>
    public static Figure TargetsOfPatch(int index = 1)
    {
        var (batch, grid, label) = Clip(index);
        using (batch)
        {
            using var scope = NewDisposeScope();
            var context = new TargetContext(grid, (int)batch.Clip.size(1), batch.Stride);
            var (p, t, bins) = (grid.Patch, grid.Tubelet, Hog.DefaultBins);
            var trajectory = new TrajectoryConfig();   // MME's default: L = 6 raw steps, K = 4 points per patch
            var (l, k) = (trajectory.Length, trajectory.PointsPerPatch);
            // Each target of the table by registry name, its part, and how one token's vector (D) becomes an image.
            var targets = new (string Caption, string Name, string Part, Func<Tensor, Tensor> Layout)[]
            {
                // (t, p, p, C) -> the cube's frames side by side, channels averaged: (p, t * p)
                ("pixel", "videomae-pixel", "pixel", v => v.reshape(t, p, p, -1).mean([3L]).permute(1, 0, 2).reshape(p, t * p)),
                // (frame, cell, cell, channel, bin) -> one row per cell and channel: (cells * C, bins)
                ("HOG", "mme-hog", "hog", v => v.reshape(-1, bins)),
                // (flow frame, p, p, xy) -> the x and y maps side by side: (p, 2 * n * p)
                ("flow", "flow", "flow", v => v.reshape(-1, p, p, 2).permute(1, 3, 0, 2).reshape(p, -1)),
                // (flow frame, cell, cell, bin) -> (cells, bins)
                ("HOF", "hof", "hof", v => v.reshape(-1, bins)),
                // (flow frame, cell, cell, x|y component, bin) -> (cells * 2, bins)
                ("MBH", "mbh", "mbh", v => v.reshape(-1, bins)),
                // (xy, step, point) -> one row per point and component: (2 * K, L)
                ("trajectory: positions", "trajectory", "position", v => v.reshape(2, l, k).permute(0, 2, 1).reshape(2 * k, l)),
                // (bin, step, point) -> one row per point and step: (K * L, bins)
                ("trajectory: shape", "trajectory", "shape", v => v.reshape(bins, l, k).permute(2, 1, 0).reshape(k * l, bins)),
            };
            var (edge, still) = EdgeAndStillPatches(batch, grid, l);
            var panels = new float[2, 1 + targets.Length][,];
            var captions = new string[2, 1 + targets.Length];
            foreach (var (row, token, name) in new[] { (0, edge, "edge of the moving object"), (1, still, "still background") })
            {
                panels[row, 0] = Highlight(batch.Clip[0], grid, token);
                captions[row, 0] = name;
            }
            for (var i = 0; i < targets.Length; i++)
            {
                var (caption, name, part, layout) = targets[i];
                var parts = TargetRegistry.Create(name, context).Compute(batch, grid);
                var values = parts.Single(x => x.Name == part).Values[0];   // (N, D_part)
                var images = new[] { layout(values[edge]), layout(values[still]) };   // (rows, cols) each
                // One scale for both patches: a target that is zero on the still patch stays flat there.
                var (lo, hi) = (images.Min(x => x.min().item<float>()), images.Max(x => x.max().item<float>()));
                var span = hi - lo;
                for (var row = 0; row < 2; row++)
                {
                    panels[row, 1 + i] = Views.ToGrid(span > 0 ? (images[row] - lo) / span : full_like(images[row], 0.5));
                    captions[row, 1 + i] = row == 0 ? string.Create(CultureInfo.InvariantCulture, $"{caption} (D = {values.size(1)})") : "";
                }
            }
            var columns = 1 + targets.Length;
            var figure = new Figure($"{label}: each target of the same two patches (rows)").Height(380)
                .Frames(Enumerable.Range(0, 2 * columns).Select(j => panels[j / columns, j % columns]).ToList(), columns,
                    Enumerable.Range(0, 2 * columns).Select(j => captions[j / columns, j % columns]).ToList());
            // The trajectory target's points of the edge patch, tracked through the same flow it uses (first panel's axes).
            using var tracks = TrajectoryTracker.Track(batch.Flow!.narrow(1, 0, l), [0L], grid with { Frames = grid.Tubelet }, trajectory.PointsPerSide, l, trajectory.MedianFilter);
            var positions = tracks.Positions[0, edge];   // (K, L + 1, xy)
            for (var j = 0; j < k; j++)
                figure.Scatter(positions[j, .., 0].ToArray<float>().Select(v => (double)v), positions[j, .., 1].ToArray<float>().Select(v => (double)v),
                    j == 0 ? $"tracked points, L = {l}" : null);
            return figure;
        }
    }

    /// <summary>
    /// Two tokens of the first temporal slot: the one whose pixels move over the next <paramref name="steps"/> raw
    /// frames for a fraction nearest one half (the object's edge), and the most textured one that does not move at all.
    /// </summary>
    private static (long Edge, long Still) EdgeAndStillPatches(ClipBatch batch, TokenGrid grid, int steps)
    {
        using var scope = NewDisposeScope();
        var (p, rows, cols) = (grid.Patch, grid.Rows, grid.Cols);
        var speed = batch.Flow![0].narrow(0, 0, steps).square().sum(1).sqrt();   // (steps, H, W) pixels per raw frame
        var perToken = speed.reshape(steps, rows, p, cols, p).permute(1, 3, 0, 2, 4).reshape(rows * cols, -1);   // (tokens, steps * p * p)
        var moving = (perToken > 0.5f).to(float32).mean([1L]);   // (tokens)
        var edge = (moving - 0.5).abs().argmin().item<long>();
        var grey = batch.Clip[0].select(1, 0).mean([0L]);   // (H, W)
        var texture = grey.reshape(rows, p, cols, p).permute(0, 2, 1, 3).reshape(rows * cols, -1).std(1);   // (tokens)
        var still = where(perToken.amax([1L]).eq(0), texture, -1.0).argmax().item<long>();
        if (moving[still].item<float>() > 0) throw new InvalidOperationException("every patch of the first cube moves: no still patch to compare with");
        return (edge, still);
    }

    /// <summary>The first frame, dimmed but for <paramref name="token"/> (of the first slot).</summary>
    private static float[,] Highlight(Tensor clip, TokenGrid grid, long token)
    {
        using var scope = NewDisposeScope();
        var (row, col) = (token / grid.Cols, token % grid.Cols);
        var light = full([grid.Height, grid.Width], 0.4, float32, clip.device);   // (H, W)
        light.narrow(0, row * grid.Patch, grid.Patch).narrow(1, col * grid.Patch, grid.Patch).fill_(1.0);
        return Views.ToGrid(clip.select(1, 0).mean([0L]) * light);
    }

    /// <summary>
    /// MotionMAE's motion target at each granularity g (Table 5c): |frame f + g - frame f| of the sampled frames, as the
    /// frame-difference target computes it per cube, pasted back into frames (bright = change; one scale for every g).
    /// Top row: the frames themselves (the frame target). The last g frames have no frame g ahead and use (f - g, f).
    /// </summary>
    public static Figure FrameDifferences(int[] gaps, int index = 1)
    {
        var (batch, grid, label) = Clip(index);
        using (batch)
        {
            using var scope = NewDisposeScope();
            var context = new TargetContext(grid, (int)batch.Clip.size(1), batch.Stride);
            var clip = batch.Clip[0];   // (C, T, H, W)
            var every = ones([grid.Tokens], ScalarType.Bool);   // paste every cube back
            var panels = Enumerable.Range(0, grid.Frames).Select(f => Views.Frame(clip, f)).ToList();
            var captions = Enumerable.Range(0, grid.Frames).Select(f => f == 0 ? "frames, f = 0" : $"f = {f}").ToList();
            var differences = new List<float[,]>();
            foreach (var gap in gaps)
            {
                var settings = string.Create(CultureInfo.InvariantCulture, $"{{\"Gap\": {gap}, \"Normalize\": false}}");
                var values = TargetRegistry.Create("frame-diff", context, settings).Compute(batch, grid)[0].Values[0];   // (N, t*p*p*C) in 0..1
                for (var f = 0; f < grid.Frames; f++)
                {
                    differences.Add(Views.Reconstruction(clip, every, values, grid, f));
                    captions.Add(f == 0 ? $"g = {gap}" : "");
                }
            }
            // One brightness scale for every granularity, so their changes compare.
            var peak = differences.Count == 0 ? 1f : differences.Max(d => d.Cast<float>().Max());
            foreach (var d in differences)
                for (var r = 0; r < d.GetLength(0); r++)
                    for (var c = 0; c < d.GetLength(1); c++)
                        d[r, c] = peak > 0 ? d[r, c] / peak : 0;
            panels.AddRange(differences);
            return new Figure($"{label}: frames, then |frame f + g - frame f| for each granularity g (rows)")
                .Height(Math.Max(300, 140 * (1 + gaps.Length))).Frames(panels, grid.Frames, captions);
        }
    }

    /// <summary>
    /// MGMAE's visibility maps (bright = likely visible) on a clip whose camera pans diagonally, so new content enters
    /// at two edges after the base frame and at the other two before it: warped backward from the middle frame with each hole filling of Table 1e, one row each from the same initial
    /// map. Top row: where the holes reach (pixels whose value depends on the filling), growing with the distance from
    /// the base frame; outside them every row is the same.
    /// </summary>
    /// <param name="index">test clip; 11 (two objects colliding) has the camera move most of the first 14 clips (a diagonal pan).</param>
    public static Figure HoleFillings(int index = 11)
    {
        var fills = Enum.GetValues<HoleFill>();
        var (rows, grid, label) = WarpedMaps(index, fills.Select(f => new MotionGuidedConfig(Fill: f)).ToArray());
        var panels = rows[0].Holes.Concat(rows.SelectMany(r => r.Maps)).ToList();
        var captions = Captions("holes", rows[0].Base, grid.Frames, top: true)
            .Concat(fills.SelectMany((f, i) => Captions(f == HoleFill.Tube ? "tube (paper)" : f.ToString().ToLowerInvariant(), rows[i].Base, grid.Frames, top: false))).ToList();
        return new Figure($"{label}, camera moving: where warping leaves holes (top), then the maps of each hole filling (rows) over the frames")
            .Height(120 * (1 + fills.Length)).Frames(panels, grid.Frames, captions);
    }

    /// <summary>
    /// MGMAE's visibility maps warped from each base frame of Table 1a (first, a random one, middle; the same initial
    /// map, tube hole filling) on a clip whose camera pans: under each row of maps, where its holes reach. The
    /// farther a frame is from the base, the more content entered that the base frame never saw; from the middle no
    /// frame is more than T/2 warps away.
    /// </summary>
    /// <param name="index">test clip; 11 (two objects colliding) has the camera move most of the first 14 clips (a diagonal pan).</param>
    public static Figure BaseFrames(int index = 11)
    {
        var bases = new[] { BaseFrame.First, BaseFrame.Random, BaseFrame.Middle };
        var (rows, grid, label) = WarpedMaps(index, bases.Select(b => new MotionGuidedConfig(Base: b)).ToArray());
        var panels = new List<float[,]>();
        var captions = new List<string>();
        for (var i = 0; i < bases.Length; i++)
        {
            var name = bases[i] == BaseFrame.Middle ? "middle (paper)" : bases[i].ToString().ToLowerInvariant();
            panels.AddRange(rows[i].Maps.Concat(rows[i].Holes));
            captions.AddRange(Captions(name, rows[i].Base, grid.Frames, top: i == 0).Concat(Captions("its holes", rows[i].Base, grid.Frames, top: false)));
        }
        return new Figure($"{label}, camera moving: maps warped from each base frame, each with its holes (rows) over the frames")
            .Height(110 * 2 * bases.Length).Frames(panels, grid.Frames, captions);
    }

    /// <summary>
    /// MGMAE's warping directions (Table 1b) on the camera-moving clip: the map carried from the middle frame by backward
    /// warping (each pixel samples the previous map) and by forward warping (each pixel of the previous map is splatted
    /// along its flow), the same initial map and tube filling; under each, where its holes reach. Forward warping also
    /// opens holes wherever nothing lands (behind the moving objects).
    /// </summary>
    /// <param name="index">test clip; 11 (two objects colliding) has the camera move most of the first 14 clips (a diagonal pan).</param>
    public static Figure Warpings(int index = 11)
    {
        var warpings = new[] { MapWarping.Backward, MapWarping.Forward };
        var (rows, grid, label) = WarpedMaps(index, warpings.Select(w => new MotionGuidedConfig(Warping: w)).ToArray());
        var panels = new List<float[,]>();
        var captions = new List<string>();
        for (var i = 0; i < warpings.Length; i++)
        {
            var name = warpings[i] == MapWarping.Backward ? "backward (paper)" : "forward";
            panels.AddRange(rows[i].Maps.Concat(rows[i].Holes));
            captions.AddRange(Captions(name, rows[i].Base, grid.Frames, top: i == 0).Concat(Captions("its holes", rows[i].Base, grid.Frames, top: false)));
        }
        return new Figure($"{label}, camera moving: maps warped backward and forward from the middle frame, each with its holes (rows)")
            .Height(110 * 2 * warpings.Length).Frames(panels, grid.Frames, captions);
    }

    /// <summary>
    /// MGMAE's initial maps at the base frame (Table 1d), one row each, warped to every frame of the camera-moving clip:
    /// random tokens (blocks), random pixels (salt), or Gaussians at random token centres (smooth blobs that keep an
    /// object's surface together).
    /// </summary>
    /// <param name="index">test clip; 11 (two objects colliding) has the camera move most of the first 14 clips (a diagonal pan).</param>
    public static Figure InitialMapKinds(int index = 11)
    {
        var kinds = new[] { InitialMap.TokenRandom, InitialMap.PixelRandom, InitialMap.MixedGaussian };
        var (rows, grid, label) = WarpedMaps(index, kinds.Select(k => new MotionGuidedConfig(Initial: k)).ToArray());
        var names = new Dictionary<InitialMap, string> { [InitialMap.TokenRandom] = "token random", [InitialMap.PixelRandom] = "pixel random", [InitialMap.MixedGaussian] = "mixed Gaussian (paper)" };
        var panels = rows.SelectMany(r => r.Maps).ToList();
        var captions = kinds.SelectMany((k, i) => Captions(names[k], rows[i].Base, grid.Frames, top: i == 0)).ToList();
        return new Figure($"{label}, camera moving: each initial map (rows) warped from the middle frame")
            .Height(120 * kinds.Length).Frames(panels, grid.Frames, captions);
    }

    /// <summary>
    /// MGMAE's visible-token sampling (Table 1c) on a camera-moving clip: the same motion-guided scores (exact flow, one
    /// seed) with the top k tokens kept in every temporal slot, or the top k x slots over the whole clip; dark cubes are
    /// hidden, and each slot's caption counts its visible tokens.
    /// </summary>
    /// <param name="index">test clip, filmed by a moving camera; 11 (two objects colliding) has the camera move most of
    /// the 14 first clips.</param>
    public static Figure VisibleTokenSampling(int index = 11)
    {
        var (batch, grid, label) = Clip(index, camera: true);
        using (batch)
        {
            using var scope = NewDisposeScope();
            var panels = new List<float[,]>();
            var captions = new List<string>();
            foreach (var sampling in new[] { VisibleSampling.FrameLevel, VisibleSampling.ClipLevel })
            {
                manual_seed(0);
                using var mask = new MotionGuidedMask(new MotionGuidedConfig(Sampling: sampling)).Generate(batch, grid);
                var visible = mask.Mask[0].logical_not().reshape(grid.Slots, grid.TokensPerSlot).sum([1L]).ToArray<long>();   // (slots)
                for (var slot = 0; slot < grid.Slots; slot++)
                {
                    panels.Add(Views.MaskOverlay(batch.Clip[0], mask.Mask[0], grid, slot * grid.Tubelet));
                    var count = $"{visible[slot]} visible";
                    captions.Add(slot == 0 ? $"{(sampling == VisibleSampling.FrameLevel ? "frame-level (paper)" : "clip-level")}: {count}" : count);
                }
            }
            return new Figure($"{label}, camera moving: motion-guided masks with visible tokens picked per slot or over the clip (rows)")
                .Height(300).Frames(panels, grid.Slots, captions);
        }
    }

    /// <summary>
    /// Where motion-guided masking's flow comes from (MGMAE Table 1f): the flow between consecutive sampled frames as the
    /// mask uses it, from the generator's exact flow, from TV-L1 estimated on the raw frames (offline), and from the
    /// kit's online estimator at 6 and 12 iterations (the stand-in for RAFT), one row each; brightness is the flow's
    /// magnitude on one scale, and each row's caption gives its mean end-point error against the exact flow where the
    /// object moves.
    /// </summary>
    public static Figure FlowSources(int index = 1)
    {
        var (batch, grid, label) = Clip(index);
        using (batch)
        {
            using var scope = NewDisposeScope();
            var span = grid.Frames * batch.Stride;
            var raw = (batch.RawClip![0].narrow(1, 0, span) * 255).round().clamp(0, 255).to(uint8).permute(1, 2, 3, 0).contiguous();   // (T * stride, H, W, 3)
            var tvl1 = OpticalFlow.Compute(raw, new FlowConfig(Method: FlowMethod.Tvl1)).Flow.unsqueeze(0);   // (1, T * stride - 1, 2, H, W)
            var offline = new MotionGuidedConfig();
            var sources = new (string Name, ClipBatch Batch, MotionGuidedConfig Config)[]
            {
                ("exact", batch, offline),
                ("TV-L1 (offline)", batch with { Flow = tvl1 }, offline),
                ("online, 6 iterations", batch, offline with { Flow = MaskFlowSource.Online, Online = new OnlineFlowConfig(Iterations: 6) }),
                ("online, 12 iterations", batch, offline with { Flow = MaskFlowSource.Online, Online = new OnlineFlowConfig(Iterations: 12) }),
            };
            var flows = sources.Select(s => new MotionGuidedMask(s.Config).Flows(s.Batch, grid).forward[0]).ToList();   // (T-1, 2, H, W) each
            var top = Math.Max(0.5, flows[0].square().sum(1).sqrt().max().item<float>());
            var panels = new List<float[,]>();
            var captions = new List<string>();
            foreach (var ((name, _, _), flow) in sources.Zip(flows))
            {
                // end-point error on the moving object (where the exact flow moves over half a pixel)
                var moving = flows[0].square().sum(1).sqrt() > 0.5;   // (T-1, H, W)
                var error = (flow - flows[0]).square().sum(1).sqrt().masked_select(moving).mean().item<float>();
                for (var f = 0; f < grid.Frames - 1; f++)
                {
                    panels.Add(Views.FlowMagnitude(flow[f], top));
                    captions.Add(f == 0 ? string.Create(CultureInfo.InvariantCulture, $"{name}: error {error:F2} px on the object") : "");
                }
            }
            return new Figure(string.Create(CultureInfo.InvariantCulture, $"{label}: flow magnitude between sampled frames from each source (rows; white = {top:F1} px)"))
                .Height(120 * sources.Length).Frames(panels, grid.Frames - 1, captions);
        }
    }

    /// <summary>One caption per frame of a row: its name on the first frame, "base" on the base frame, on the top row
    /// every frame's index.</summary>
    private static IEnumerable<string> Captions(string name, long baseFrame, int frames, bool top) =>
        Enumerable.Range(0, frames).Select(f =>
        {
            var at = f == baseFrame ? $"base f = {f}" : top ? $"f = {f}" : "";
            return f == 0 ? (at.Length > 0 ? $"{name}: {at}" : name) : at;
        });

    /// <summary>One configuration's motion-guided maps and hole reach at every sampled frame, as images.</summary>
    /// <param name="Maps">(H, W) in 0..1 per frame: the visibility map.</param>
    /// <param name="Holes">(H, W) per frame: 1 where a hole's filling reaches (visible and invisible filling differ).</param>
    private sealed record WarpedRow(List<float[,]> Maps, List<float[,]> Holes, long Base);

    /// <summary>
    /// Each configuration's motion-guided visibility maps at every sampled frame of the camera-moving clip, each kind of
    /// initial map drawn from one seed, through the exact flow composed to the input stride, as <see cref="MotionGuidedMask"/>
    /// builds them before scoring cubes. A random base frame is drawn (seeded) away from the first and the middle one.
    /// </summary>
    private static (List<WarpedRow> Rows, TokenGrid Grid, string Label) WarpedMaps(int index, MotionGuidedConfig[] configs)
    {
        var (batch, grid, label) = Clip(index, camera: true);
        using (batch)
        {
            using var scope = NewDisposeScope();
            var device = batch.Clip.device;
            var (forward, backward) = new MotionGuidedMask(configs[0]).Flows(batch, grid);   // (1, T-1, 2, H, W) each
            Tensor Maps(MotionGuidedConfig config, long baseFrame)
            {
                manual_seed(0);   // one initial map of each kind for every row
                var initial = InitialMaps.Create(config.Initial, 1, grid, config.VisiblePerSlot(grid.TokensPerSlot), config.Ratio, config.Sigma ?? grid.Patch, device, config.Variant);   // (1, H, W)
                manual_seed(1);   // the random filling draws alike in every row
                return MapWarp.Propagate(initial, forward, backward, full([1L], baseFrame, int64, device), config.Warping, config.Fill, config.Rho ?? config.Ratio, config.ReleaseDirectionBug)[0];   // (T, H, W)
            }
            List<float[,]> Images(Tensor frames) => Enumerable.Range(0, grid.Frames).Select(f => Views.ToGrid(frames[f])).ToList();
            var rows = new List<WarpedRow>();
            foreach (var config in configs)
            {
                var generator = new MotionGuidedMask(config);
                long baseFrame;
                var seed = 2UL;
                do
                {
                    manual_seed(seed++);
                    baseFrame = generator.BaseFrames(1, grid.Frames, device).item<long>();
                } while (config.Base == BaseFrame.Random && (baseFrame == 0 || baseFrame == grid.Frames / 2));
                var holes = (Maps(config with { Fill = HoleFill.Visible }, baseFrame) - Maps(config with { Fill = HoleFill.Invisible }, baseFrame)).abs() > 1e-6;   // (T, H, W)
                rows.Add(new WarpedRow(Images(Maps(config, baseFrame)), Images(holes.to(float32)), baseFrame));
            }
            return (rows, grid, label);
        }
    }

    /// <summary>
    /// MME's trajectory interpolation (Table 6): the same points of the first cube's moving patches followed for L = 6
    /// steps through raw-rate flow (interpolated: every raw frame, what the encoder never sees) or through flow at the
    /// input stride (one step per sampled frame). Drawn from the trajectory target's own displacements over the first frame.
    /// </summary>
    public static Figure TrajectoryInterpolation(int index = 1)
    {
        var config = new TrajectoryConfig();
        // Input-stride trajectories of the last cube run L sampled frames past its start: more flow than the default clip's
        // 8 x 2 - 1 + 8 raw flow frames (the clip's grid: 8 frames, tubelets of 2, stride 2).
        var needed = TrajectoryTracker.RequiredFlowFrames(new TokenGrid(8, 64, 64, 2, 8), 2, config.Length, interpolate: false);
        var (batch, grid, label) = Clip(index, extraFrames: Math.Max(8, needed - (8 * 2 - 1)));
        using (batch)
        {
            using var scope = NewDisposeScope();
            var figure = new Figure($"{label}: trajectories of L = {config.Length} steps over the first frame, interpolated or at the input stride {batch.Stride}")
                .Frames([Views.Frame(batch.Clip[0], 0)], columns: 1);
            foreach (var (interpolate, name) in new[] { (false, $"input stride: {config.Length} steps of {batch.Stride} raw frames"), (true, $"interpolated: {config.Length} raw frames") })
            {
                var paths = TargetPaths(batch, grid, config with { Interpolate = interpolate });   // (tokens of slot 0, K, L + 1, xy)
                var first = true;
                foreach (var token in MovingTokens(paths))
                {
                    // One trajectory per moving patch keeps the picture readable.
                    figure.Line(paths[token, 0, .., 0].ToArray<float>().Select(v => (double)v), paths[token, 0, .., 1].ToArray<float>().Select(v => (double)v), first ? name : null);
                    first = false;
                }
            }
            return figure;
        }
    }

    /// <summary>
    /// MME's trajectory density (Table 9) on the patch at the moving object's edge, cut out of the first frame: the
    /// dense target's K = 4 trajectories, and the one trajectory each sparse variant keeps (the mean of the in-view
    /// ones, from the patch centre; the most salient, from its own seed). Drawn from the target's displacements.
    /// </summary>
    public static Figure TrajectoryDensities(int index = 1)
    {
        var (batch, grid, label) = Clip(index);
        using (batch)
        {
            using var scope = NewDisposeScope();
            var config = new TrajectoryConfig();
            var (edge, _) = EdgeAndStillPatches(batch, grid, config.Length);
            var p = grid.Patch;
            // The patch and one patch around it, clamped to the frame.
            var (top, left) = (Math.Clamp((edge / grid.Cols - 1) * p, 0, grid.Height - 3 * p), Math.Clamp((edge % grid.Cols - 1) * p, 0, grid.Width - 3 * p));
            var crop = batch.Clip[0].narrow(2, top, 3 * p).narrow(3, left, 3 * p);   // (C, T, 3p, 3p)
            var figure = new Figure($"{label}: the trajectories of one patch at the object's edge, dense and sparse").Frames([Views.Frame(crop, 0)], columns: 1);
            void Draw(Tensor path, string? name) =>   // (L + 1, xy) in frame pixels
                figure.Line(path[.., 0].ToArray<float>().Select(v => (double)v - left), path[.., 1].ToArray<float>().Select(v => (double)v - top), name);
            var dense = TargetPaths(batch, grid, config)[edge];   // (K, L + 1, xy)
            for (var k = 0; k < dense.size(0); k++) Draw(dense[k], k == 0 ? $"dense: K = {dense.size(0)} trajectories" : null);
            Draw(TargetPaths(batch, grid, config with { Density = TrajectoryDensity.SparseMean })[edge, 0], "sparse (mean)");
            Draw(TargetPaths(batch, grid, config with { Density = TrajectoryDensity.SparseMax })[edge, 0], "sparse (max)");
            return figure;
        }
    }

    /// <summary>
    /// MME's sampling stride (Table 10): for each stride, the raw frames 0..L that the first cube's trajectories follow,
    /// bright where the encoder sees the frame and dimmed where the model must interpolate. The stream renders each
    /// clip's whole event over its raw frames (T x stride and 8 more), so a smaller stride also means more motion per raw frame.
    /// </summary>
    public static Figure SamplingStrides(int[] strides, int index = 1)
    {
        var length = new TrajectoryConfig().Length;
        var panels = new List<float[,]>();
        var captions = new List<string>();
        var label = "";
        foreach (var stride in strides)
        {
            var (batch, _, name) = Clip(index, stride: stride);
            label = name;
            using (batch)
            {
                using var scope = NewDisposeScope();
                var raw = batch.RawClip![0];   // (C, T * stride + extra, H, W)
                for (var r = 0; r <= length; r++)
                {
                    var seen = r % stride == 0;
                    panels.Add(Views.ToGrid(raw.select(1, r).mean([0L]) * (seen ? 1.0 : 0.35)));
                    var what = string.Create(CultureInfo.InvariantCulture, $"raw {r}{(seen ? ", seen" : "")}");
                    captions.Add(r == 0 ? $"s = {stride}: {what}" : what);
                }
            }
        }
        return new Figure($"{label}: the raw frames a trajectory of L = {length} follows, for each stride s (rows); the encoder sees the bright ones")
            .Height(Math.Max(300, 130 * strides.Length)).Frames(panels, length + 1, captions);
    }

    /// <summary>
    /// The trajectory target's paths of the first slot's patches: its displacements (without patch norm, in pixels)
    /// accumulated from the tracker's seeds; a sparse variant's mean starts at the patch centre, its most salient one at
    /// the seed of the dense trajectory it equals.
    /// </summary>
    /// <returns>(tokens of slot 0, K', L + 1, xy) positions in frame pixels</returns>
    private static Tensor TargetPaths(ClipBatch batch, TokenGrid grid, TrajectoryConfig config)
    {
        var context = new TargetContext(grid, (int)batch.Clip.size(1), batch.Stride);
        var plain = config with { PatchNorm = false, DisplacementScale = 1, Shape = false };
        using var scope = NewDisposeScope();
        var n = grid.TokensPerSlot;
        Tensor Displacements(TrajectoryConfig c)   // (tokens, K', L, xy)
        {
            var values = new TrajectoryTarget(c, context).Compute(batch, grid).Single(part => part.Name == "position").Values[0].narrow(0, 0, n);   // (tokens, xy * L * K')
            return values.reshape(n, 2, c.Length, -1).permute(0, 3, 2, 1);
        }
        // Seeds: k x k per patch at the centres of its cells, in the tracker's order (cell row, cell column).
        var (k, cell) = (config.PointsPerSide, grid.Patch / config.PointsPerSide);
        var offsets = (arange(k, float32) * cell + cell / 2).to(float32);   // (k)
        var origin = arange(n, int64);
        var (x0, y0) = ((origin.remainder(grid.Cols) * grid.Patch).to(float32), (origin.floor_divide(grid.Cols) * grid.Patch).to(float32));   // (tokens)
        var seeds = stack([(x0.reshape(n, 1, 1) + offsets.reshape(1, 1, k)).expand(n, k, k), (y0.reshape(n, 1, 1) + offsets.reshape(1, k, 1)).expand(n, k, k)], 3).reshape(n, k * k, 2);   // (tokens, K, xy)
        var disp = Displacements(plain);
        var start = plain.Density switch
        {
            TrajectoryDensity.Dense => seeds,
            TrajectoryDensity.SparseMean => seeds.mean([1L], keepdim: true),
            // the dense trajectory whose steps the kept one equals
            _ => seeds.gather(1, (Displacements(plain with { Density = TrajectoryDensity.Dense }) - disp).abs().sum([2L, 3L]).argmin(1, keepdim: true).unsqueeze(-1).expand(n, 1, 2)),
        };
        var paths = cat([start.unsqueeze(2), start.unsqueeze(2) + disp.cumsum(2)], 2);   // (tokens, K', L + 1, xy)
        return scope.MoveToOuter(paths);
    }

    /// <summary>Tokens whose paths move at all.</summary>
    /// <param name="paths">(tokens, K', L + 1, xy)</param>
    private static IEnumerable<long> MovingTokens(Tensor paths)
    {
        using var scope = NewDisposeScope();
        var moved = (paths.select(2, -1) - paths.select(2, 0)).abs().amax([1L, 2L]).ToArray<float>();   // (tokens)
        return Enumerable.Range(0, moved.Length).Where(i => moved[i] > 0.5f).Select(i => (long)i).ToList();
    }
}
