namespace Kit.Data.Synth;

/// <summary>Outline of a synthetic object.</summary>
public enum SynthShape { Disc, Square, Triangle, Diamond, Cross, Ell }

/// <summary>Surface pattern of a synthetic object or background.</summary>
public enum SynthTexture { Solid, Stripes, Checker, Blotches }

/// <summary>How an object looks: outline, two colours mixed by a texture (RGB in 0..1), texture frequency and angle.</summary>
public sealed record SynthLook(SynthShape Shape, SynthTexture Texture, double[] Colour, double[] Colour2, double Frequency, double Angle, ulong PatternSeed);

/// <summary>An object's pose in one frame, in frame units (the frame spans 0..1 in x and y at the camera's rest).</summary>
/// <param name="X">centre x.</param>
/// <param name="Y">centre y (down).</param>
/// <param name="Radius">half the object's size.</param>
/// <param name="Angle">rotation in radians; increasing is clockwise on screen.</param>
public readonly record struct SynthPose(double X, double Y, double Radius, double Angle);

/// <summary>An object and its pose in each frame.</summary>
public sealed record SynthObject(SynthLook Look, SynthPose[] Poses);

/// <summary>The camera in one frame: the world point at the image centre, and zoom (2 = objects look twice as big).</summary>
public readonly record struct SynthCamera(double CenterX, double CenterY, double Zoom);

/// <summary>A whole clip before rendering: background, objects in drawing order, camera per frame.</summary>
public sealed record SynthScene(SynthLook Background, IReadOnlyList<SynthObject> Objects, SynthCamera[] Camera, int Label, string LabelName)
{
    public int Frames => Camera.Length;
}
