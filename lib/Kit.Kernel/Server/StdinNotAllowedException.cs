namespace Kit.Kernel.Server;

/// <summary>
/// A cell read console input where the frontend cannot answer it: the execute_request said allow_stdin = false
/// (nbconvert, nbclient and other batch runners do), or nothing is running to ask for.
/// </summary>
internal sealed class StdinNotAllowedException(string message) : InvalidOperationException(message);
