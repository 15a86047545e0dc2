namespace Kit.Data.Synth;

/// <summary>
/// The motion classes of the synthetic dataset: each draws the poses of one or two objects over T frames. Classes
/// differ only in how things move (as in Something-Something), so no single frame tells them apart: move down vs fall
/// (constant speed vs acceleration), pass vs collide (identical until contact), move vs move-and-return.
/// Coordinates are frame units (0..1), y down; a fraction of clips moves objects out of the frame.
/// </summary>
public static class SynthMotions
{
    /// <summary>Class names in label order.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "move_left", "move_right", "move_up", "move_down", "approach", "recede", "rotate_clockwise", "rotate_anticlockwise",
        "move_and_return", "push", "pass", "collide", "fall", "bounce",
    ];

    /// <summary>Labels whose clips hold two interacting objects.</summary>
    public static bool IsPair(int label) => label is 9 or 10 or 11;

    /// <summary>Labels whose object must not be rotationally symmetric in appearance (a solid disc).</summary>
    public static bool IsRotation(int label) => label is 6 or 7;

    /// <summary>Poses of the class's objects (one or two) for <paramref name="frames"/> frames.</summary>
    /// <param name="radii">radius of each object (two for pair classes).</param>
    /// <param name="exitChance">probability that a translating object leaves the frame.</param>
    public static SynthPose[][] Generate(int label, int frames, double[] radii, SeededRandom rng, double exitChance)
    {
        var r = radii[0];
        return label switch
        {
            0 => [Translate(frames, r, -1, 0, rng, exitChance)],
            1 => [Translate(frames, r, 1, 0, rng, exitChance)],
            2 => [Translate(frames, r, 0, -1, rng, exitChance)],
            3 => [Translate(frames, r, 0, 1, rng, exitChance)],
            4 => [Scale(frames, r, true, rng)],
            5 => [Scale(frames, r, false, rng)],
            6 => [Rotate(frames, r, 1, rng)],
            7 => [Rotate(frames, r, -1, rng)],
            8 => [MoveAndReturn(frames, r, rng)],
            9 => Push(frames, radii, rng),
            10 => Meet(frames, radii, rng, collide: false),
            11 => Meet(frames, radii, rng, collide: true),
            12 => [Fall(frames, r, rng, exitChance)],
            13 => [Bounce(frames, r, rng)],
            _ => throw new ArgumentOutOfRangeException(nameof(label), $"motion class {label} does not exist (0..{Names.Count - 1})"),
        };
    }

    private static double Tau(int t, int frames) => frames <= 1 ? 0 : (double)t / (frames - 1);

    private static double Ramp(double tau, double t0, double t1) => Math.Clamp((tau - t0) / (t1 - t0), 0, 1);

    /// <summary>Constant speed along (dx, dy) between a random onset and end; sometimes far enough to leave the frame.</summary>
    private static SynthPose[] Translate(int frames, double r, int dx, int dy, SeededRandom rng, double exitChance)
    {
        var exits = rng.Chance(exitChance);
        var distance = exits ? rng.Uniform(0.75, 1.0) : rng.Uniform(0.3, 0.55);
        var along0 = exits ? rng.Uniform(0.15, 0.45) : rng.Uniform(0.12, Math.Max(0.13, 0.88 - distance));
        var across = rng.Uniform(0.2, 0.8);
        var (t0, t1) = (rng.Uniform(0, 0.2), rng.Uniform(0.8, 1));
        var angle = rng.Uniform(0, 2 * Math.PI);
        var poses = new SynthPose[frames];
        for (var t = 0; t < frames; t++)
        {
            var a = along0 + distance * Ramp(Tau(t, frames), t0, t1);
            poses[t] = Place(a, across, dx, dy, r, angle);
        }
        return poses;
    }

    /// <summary>A pose at "along" on the motion axis (measured in the motion's direction) and "across" on the other.</summary>
    private static SynthPose Place(double along, double across, int dx, int dy, double r, double angle)
    {
        var axis = dx != 0 ? dx : dy;
        var coordinate = axis > 0 ? along : 1 - along;
        return dx != 0 ? new SynthPose(coordinate, across, r, angle) : new SynthPose(across, coordinate, r, angle);
    }

    /// <summary>Approach (grows) or recede (shrinks) by a factor of 1.8-2.5, exponentially (constant looming rate).</summary>
    private static SynthPose[] Scale(int frames, double r, bool approach, SeededRandom rng)
    {
        var factor = rng.Uniform(1.8, 2.5);
        var r0 = approach ? r * 0.75 : r * 1.5;
        var (x, y) = (rng.Uniform(0.3, 0.7), rng.Uniform(0.3, 0.7));
        var (driftX, driftY) = (rng.Uniform(-0.05, 0.05), rng.Uniform(-0.05, 0.05));
        var (t0, t1) = (rng.Uniform(0, 0.2), rng.Uniform(0.8, 1));
        var angle = rng.Uniform(0, 2 * Math.PI);
        var poses = new SynthPose[frames];
        for (var t = 0; t < frames; t++)
        {
            var p = Ramp(Tau(t, frames), t0, t1);
            var radius = r0 * Math.Pow(factor, approach ? p : -p);
            poses[t] = new SynthPose(x + driftX * p, y + driftY * p, radius, angle);
        }
        return poses;
    }

    /// <summary>Rotation by 0.6-1.5 turns of pi in place; direction +1 = clockwise on screen.</summary>
    private static SynthPose[] Rotate(int frames, double r, int direction, SeededRandom rng)
    {
        var total = rng.Uniform(0.6, 1.5) * Math.PI * direction;
        var angle0 = rng.Uniform(0, 2 * Math.PI);
        var (x, y) = (rng.Uniform(0.25, 0.75), rng.Uniform(0.25, 0.75));
        var (t0, t1) = (rng.Uniform(0, 0.2), rng.Uniform(0.8, 1));
        var poses = new SynthPose[frames];
        for (var t = 0; t < frames; t++) poses[t] = new SynthPose(x, y, r, angle0 + total * Ramp(Tau(t, frames), t0, t1));
        return poses;
    }

    /// <summary>Out along a random axis direction and back to the start.</summary>
    private static SynthPose[] MoveAndReturn(int frames, double r, SeededRandom rng)
    {
        var (dx, dy) = rng.Int(0, 4) switch { 0 => (1, 0), 1 => (-1, 0), 2 => (0, 1), _ => (0, -1) };
        var distance = rng.Uniform(0.25, 0.45);
        var along0 = rng.Uniform(0.12, 0.88 - distance);
        var across = rng.Uniform(0.2, 0.8);
        var turn = rng.Uniform(0.4, 0.6);
        var angle = rng.Uniform(0, 2 * Math.PI);
        var poses = new SynthPose[frames];
        for (var t = 0; t < frames; t++)
        {
            var tau = Tau(t, frames);
            var p = tau <= turn ? tau / turn : 1 - (tau - turn) / (1 - turn);
            poses[t] = Place(along0 + distance * p, across, dx, dy, r, angle);
        }
        return poses;
    }

    /// <summary>Object 0 moves into the resting object 1 and then pushes it along.</summary>
    private static SynthPose[][] Push(int frames, double[] radii, SeededRandom rng)
    {
        var (dx, dy) = rng.Int(0, 4) switch { 0 => (1, 0), 1 => (-1, 0), 2 => (0, 1), _ => (0, -1) };
        var across = rng.Uniform(0.25, 0.75);
        var a0 = rng.Uniform(0.08, 0.2);
        var contactTime = rng.Uniform(0.4, 0.6);
        var gap = radii[0] + radii[1];
        var b0 = rng.Uniform(Math.Max(a0 + gap + 0.1, 0.45), 0.6);
        var speed = (b0 - gap - a0) / contactTime;
        var (angleA, angleB) = (rng.Uniform(0, 2 * Math.PI), rng.Uniform(0, 2 * Math.PI));
        var a = new SynthPose[frames];
        var b = new SynthPose[frames];
        for (var t = 0; t < frames; t++)
        {
            var tau = Tau(t, frames);
            var pa = a0 + speed * tau;
            var pb = tau <= contactTime ? b0 : b0 + speed * (tau - contactTime);
            a[t] = Place(pa, across, dx, dy, radii[0], angleA);
            b[t] = Place(pb, across, dx, dy, radii[1], angleB);
        }
        return [a, b];
    }

    /// <summary>Two objects head for each other on one line; at contact they either pass through (one occludes the
    /// other) or bounce back with restitution 0.6-1.</summary>
    private static SynthPose[][] Meet(int frames, double[] radii, SeededRandom rng, bool collide)
    {
        var horizontal = rng.Chance(0.5);
        var (dx, dy) = horizontal ? (1, 0) : (0, 1);
        var across = rng.Uniform(0.25, 0.75);
        var (a0, b0) = (rng.Uniform(0.06, 0.2), rng.Uniform(0.8, 0.94));
        var contactTime = rng.Uniform(0.4, 0.6);
        var meet = rng.Uniform(0.4, 0.6);
        var half = (radii[0] + radii[1]) / 2;
        var (va, vb) = ((meet - half - a0) / contactTime, (meet + half - b0) / contactTime);
        var restitution = rng.Uniform(0.6, 1.0);
        var (angleA, angleB) = (rng.Uniform(0, 2 * Math.PI), rng.Uniform(0, 2 * Math.PI));
        var offset = rng.Uniform(-0.03, 0.03);
        var a = new SynthPose[frames];
        var b = new SynthPose[frames];
        for (var t = 0; t < frames; t++)
        {
            var tau = Tau(t, frames);
            double pa, pb;
            if (tau <= contactTime || !collide)
            {
                pa = a0 + va * tau;
                pb = b0 + vb * tau;
            }
            else
            {
                var after = tau - contactTime;
                pa = meet - half - restitution * va * after;
                pb = meet + half - restitution * vb * after;
            }
            a[t] = Place(pa, across, dx, dy, radii[0], angleA);
            b[t] = Place(pb, across + offset, dx, dy, radii[1], angleB);
        }
        return [a, b];
    }

    /// <summary>Free fall from rest (y grows with the square of time); sometimes out of the bottom of the frame.</summary>
    private static SynthPose[] Fall(int frames, double r, SeededRandom rng, double exitChance)
    {
        var drop = rng.Chance(exitChance) ? rng.Uniform(0.9, 1.2) : rng.Uniform(0.4, 0.65);
        var y0 = rng.Uniform(0.1, 0.3);
        var x = rng.Uniform(0.2, 0.8);
        var t0 = rng.Uniform(0, 0.2);
        var angle = rng.Uniform(0, 2 * Math.PI);
        var poses = new SynthPose[frames];
        for (var t = 0; t < frames; t++)
        {
            var p = Ramp(Tau(t, frames), t0, 1);
            poses[t] = new SynthPose(x, y0 + drop * p * p, r, angle);
        }
        return poses;
    }

    /// <summary>Falls onto an invisible floor and bounces (restitution 0.6-0.85), integrated in small steps.</summary>
    private static SynthPose[] Bounce(int frames, double r, SeededRandom rng)
    {
        var floor = rng.Uniform(0.75, 0.9) - r;
        var y0 = rng.Uniform(0.1, 0.3);
        var impact = rng.Uniform(0.3, 0.5);
        var g = 2 * (floor - y0) / (impact * impact);
        var restitution = rng.Uniform(0.6, 0.85);
        var x = rng.Uniform(0.2, 0.8);
        var angle = rng.Uniform(0, 2 * Math.PI);
        var poses = new SynthPose[frames];
        double y = y0, v = 0, tau = 0;
        const int substeps = 40;
        for (var t = 0; t < frames; t++)
        {
            var target = Tau(t, frames);
            var dt = (target - tau) / substeps;
            for (var k = 0; k < substeps && dt > 0; k++)
            {
                v += g * dt;
                y += v * dt;
                if (y > floor && v > 0)
                {
                    y = floor - (y - floor) * restitution;
                    v = -v * restitution;
                }
            }
            tau = target;
            poses[t] = new SynthPose(x, y, r, angle);
        }
        return poses;
    }
}
