namespace Kit.Torch.Native;

/// <summary>A feature whose native part this build of the kit does not have (e.g. no OpenCV for video decoding): an
/// operation this build cannot do, so the CLI reports it as an error in the user's terms.</summary>
public sealed class NativeFeatureMissingException(string message, string path) : InvalidOperationException(message)
{
    /// <summary>The library file that was looked for.</summary>
    public string Path { get; } = path;
}
