namespace Kit.Kernel.Execution;

/// <summary>A package named by <c>#r "nuget:..."</c> could not be restored; the message says why.</summary>
internal sealed class NuGetRestoreException(string message) : Exception(message);
