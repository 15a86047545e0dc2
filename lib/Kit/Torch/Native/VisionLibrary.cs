using System.Reflection;
using System.Runtime.InteropServices;

namespace Kit.Torch.Native;

/// <summary>
/// The native library's vision part, libkitvision.so (video decoding and writing, estimated optical flow, camera
/// compensation, over OpenCV). CMake builds it only where OpenCV's development files are found, so it is loaded on
/// first use: a machine without it still trains on the synthetic stream and cached flow, and a vision call there fails
/// with <see cref="NativeFeatureMissingException"/> saying what is missing. Looked for beside libkitnative.so
/// (KIT_NATIVE_LIB's folder when that is set, else beside Kit.dll); KIT_VISION_LIB overrides the path.
/// </summary>
public static class VisionLibrary
{
    internal const string Lib = "kitvision";
    public const string FileName = "libkitvision.so";

    private static readonly Lazy<IntPtr> handle = new(() => Load(ExpectedPath()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether this build has the vision library (loads it when it does).</summary>
    public static bool IsAvailable
    {
        get
        {
            try { Require("video"); return true; }
            catch (NativeFeatureMissingException) { return false; }
        }
    }

    /// <summary>Loads the vision library, or throws the error naming what <paramref name="what"/> needs.</summary>
    /// <param name="what">the feature asked for, as the user knows it ("video decoding", "optical flow").</param>
    public static void Require(string what)
    {
        NativeLoader.EnsureRegistered();
        try { _ = handle.Value; }
        catch (NativeFeatureMissingException e) { throw Missing(what, e.Path); }
    }

    /// <summary>Where the vision library is expected: KIT_VISION_LIB, else beside the core library.</summary>
    public static string ExpectedPath()
    {
        var explicitPath = Environment.GetEnvironmentVariable("KIT_VISION_LIB");
        if (!string.IsNullOrEmpty(explicitPath)) return Path.GetFullPath(explicitPath);
        var core = Environment.GetEnvironmentVariable("KIT_NATIVE_LIB");
        var dir = !string.IsNullOrEmpty(core)
            ? Path.GetDirectoryName(Path.GetFullPath(core))!
            : Path.GetDirectoryName(typeof(VisionLibrary).Assembly.Location) ?? AppContext.BaseDirectory;
        return Path.Combine(dir, FileName);
    }

    /// <summary>The error for a vision call in a build without the vision library at <paramref name="path"/>.</summary>
    public static NativeFeatureMissingException Missing(string what, string path) => new(
        $"this build of the kit's native library has no OpenCV: {what} needs {FileName} (video decoding, estimated " +
        $"optical flow and camera compensation), which was not found at {path}. CMake builds it only when it finds " +
        "OpenCV's development files: install libopencv-dev and libopencv-contrib-dev (`./kit setup` does) and rebuild " +
        "(`dotnet build Kit.sln`, or configure lib/native with -DKIT_WITH_OPENCV=ON). Without them the kit still trains " +
        "on the synthetic stream, cached flow and online flow.", path);

    /// <summary>The handle DllImport resolves "kitvision" to (<see cref="NativeLoader"/>).</summary>
    internal static IntPtr Handle(Assembly assembly)
    {
        Require("this call");
        return handle.Value;
    }

    private static IntPtr Load(string path)
    {
        // The vision library links the core (its error slot and tensor helpers): load the core first, from its own path.
        _ = NativeMethods.kit_has_error();
        if (!File.Exists(path)) throw new NativeFeatureMissingException("", path);
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            // Present but unloadable: usually the OpenCV it was built against is no longer installed.
            throw new InvalidOperationException($"{path} exists but does not load ({e.Message}); reinstall the OpenCV it was built against (libopencv-dev, libopencv-contrib-dev) or rebuild the kit", e);
        }
    }
}
