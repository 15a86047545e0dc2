namespace Kit.Data.Synth;

/// <summary>
/// Builds the scene of video <c>index</c> of a synthetic dataset: its label, background, distractors, moving objects
/// and camera. Each video has its own generator stream (seed, index), so a video does not depend on how many others
/// are generated.
/// </summary>
public static class SynthGenerator
{
    private static readonly SynthShape[] AppearanceShapes = [SynthShape.Disc, SynthShape.Square, SynthShape.Triangle, SynthShape.Cross];
    private static readonly SynthTexture[] AppearanceTextures = [SynthTexture.Solid, SynthTexture.Stripes, SynthTexture.Checker];

    /// <summary>Appearance-variant class names: shape x texture.</summary>
    public static readonly IReadOnlyList<string> AppearanceNames =
        AppearanceShapes.SelectMany(s => AppearanceTextures.Select(t => $"{s}_{t}".ToLowerInvariant())).ToList();

    /// <summary>Single-object motions the appearance variant draws at random.</summary>
    private static readonly int[] SingleObjectMotions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13];

    /// <summary>Label of video <paramref name="index"/>: classes cycle, so every class is equally common.</summary>
    public static int LabelOf(int index, SynthConfig config) => index % config.ClassNames.Count;

    public static SynthScene Scene(SynthConfig config, int index)
    {
        var rng = SeededRandom.For(config.Seed, (ulong)index);
        var label = LabelOf(index, config);
        var frames = config.Frames;
        var objects = new List<SynthObject>();

        var background = BackgroundLook(rng);
        // Motion variant: distractors overlap the movers in size and, with the movers, in count (1-3 objects in
        // single-object classes, 2-3 in pair classes), so neither tells a pair class apart from a single frame.
        // Appearance variant: distractors stay smaller than the object whose look is the class.
        var maxDistractorRadius = config.Variant == SynthVariant.Motion ? 0.12 : 0.07;
        var extra = rng.Int(0, config.MaxDistractors + 1);
        var distractors = config.Variant == SynthVariant.Motion && SynthMotions.IsPair(label) ? Math.Max(0, extra - 1) : extra;
        for (var i = 0; i < distractors; i++)
        {
            var look = RandomLook(rng, Enum.GetValues<SynthShape>());
            var pose = new SynthPose(rng.Uniform(0.1, 0.9), rng.Uniform(0.1, 0.9), rng.Uniform(0.04, maxDistractorRadius), rng.Uniform(0, 2 * Math.PI));
            objects.Add(new SynthObject(look, Enumerable.Repeat(pose, frames).ToArray()));
        }

        if (config.Variant == SynthVariant.Motion)
        {
            var count = SynthMotions.IsPair(label) ? 2 : 1;
            var looks = Enumerable.Range(0, count).Select(_ => RandomLook(rng, Enum.GetValues<SynthShape>())).ToArray();
            // Every class draws from the same shapes and textures; only a solid disc would hide a rotation, so a rotating
            // one gets stripes (a 1-in-24 look that never rotates is the only appearance cue left).
            if (SynthMotions.IsRotation(label) && looks[0] is { Shape: SynthShape.Disc, Texture: SynthTexture.Solid })
                looks[0] = looks[0] with { Texture = SynthTexture.Stripes };
            var radii = Enumerable.Range(0, count).Select(_ => ObjectRadius(rng, config)).ToArray();
            var poses = SynthMotions.Generate(label, frames, radii, rng, config.ExitChance);
            for (var i = 0; i < count; i++) objects.Add(new SynthObject(looks[i], poses[i]));
        }
        else
        {
            var shape = AppearanceShapes[label / AppearanceTextures.Length];
            var texture = AppearanceTextures[label % AppearanceTextures.Length];
            var look = RandomLook(rng, [shape]) with { Texture = texture };
            var motion = rng.Pick(SingleObjectMotions);
            var poses = SynthMotions.Generate(motion, frames, [ObjectRadius(rng, config)], rng, config.ExitChance);
            objects.Add(new SynthObject(look, poses[0]));
        }

        var camera = Camera(frames, rng, config.CameraMotionChance);
        return new SynthScene(background, objects, camera, label, config.ClassNames[label]);
    }

    /// <summary>A moving object's radius: 0.08-0.13 of the frame side, times the config's object scale.</summary>
    private static double ObjectRadius(SeededRandom rng, SynthConfig config) => rng.Uniform(0.08, 0.13) * config.ObjectScale;

    private static double[] RandomColour(SeededRandom rng)
    {
        // Saturated-ish colours: one channel high, one low, one anywhere, in random order.
        var c = new[] { rng.Uniform(0.65, 1.0), rng.Uniform(0.0, 0.35), rng.Uniform(0.0, 1.0) };
        var p = rng.Permutation(3);
        return [c[p[0]], c[p[1]], c[p[2]]];
    }

    private static SynthLook RandomLook(SeededRandom rng, IReadOnlyList<SynthShape> shapes)
    {
        var shape = rng.Pick(shapes);
        var texture = rng.Pick(Enum.GetValues<SynthTexture>());
        var c1 = RandomColour(rng);
        var c2 = rng.Chance(0.5) ? c1.Select(x => x * 0.35).ToArray() : RandomColour(rng);
        return new SynthLook(shape, texture, c1, c2, rng.Uniform(5, 10), rng.Uniform(0, Math.PI), rng.NextULong());
    }

    /// <summary>A muted, textured background (texture lets flow and camera compensation see the camera move).</summary>
    private static SynthLook BackgroundLook(SeededRandom rng)
    {
        var texture = rng.Pick(new[] { SynthTexture.Blotches, SynthTexture.Stripes, SynthTexture.Checker, SynthTexture.Blotches });
        var grey = rng.Uniform(0.25, 0.6);
        var tint = new[] { rng.Uniform(-0.08, 0.08), rng.Uniform(-0.08, 0.08), rng.Uniform(-0.08, 0.08) };
        var c1 = tint.Select(t => Math.Clamp(grey + t, 0, 1)).ToArray();
        var contrast = rng.Uniform(0.12, 0.25) * rng.Sign();
        var c2 = c1.Select(c => Math.Clamp(c + contrast, 0, 1)).ToArray();
        var frequency = texture == SynthTexture.Blotches ? rng.Uniform(8, 16) : rng.Uniform(6, 14);
        return new SynthLook(SynthShape.Square, texture, c1, c2, frequency, rng.Uniform(0, Math.PI), rng.NextULong());
    }

    /// <summary>Camera at rest, or (with the given chance) a linear pan and/or exponential zoom over the clip.</summary>
    private static SynthCamera[] Camera(int frames, SeededRandom rng, double chance)
    {
        var moves = rng.Chance(chance);
        var (panX, panY) = moves ? (rng.Uniform(-0.2, 0.2), rng.Uniform(-0.2, 0.2)) : (0.0, 0.0);
        var zoomEnd = moves && rng.Chance(0.5) ? rng.Uniform(0.85, 1.25) : 1.0;
        var camera = new SynthCamera[frames];
        for (var t = 0; t < frames; t++)
        {
            var tau = frames <= 1 ? 0 : (double)t / (frames - 1);
            camera[t] = new SynthCamera(0.5 + panX * tau, 0.5 + panY * tau, Math.Pow(zoomEnd, tau));
        }
        return camera;
    }
}
