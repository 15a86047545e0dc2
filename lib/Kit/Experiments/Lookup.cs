namespace Kit.Experiments;

/// <summary>The outcome of <see cref="ResultStore.Lookup"/>.</summary>
/// <param name="Status">Missing, found or corrupt.</param>
/// <param name="Path">The result file's path.</param>
/// <param name="Result">The stored result when found.</param>
/// <param name="Problem">Why a corrupt file was rejected and where it was moved.</param>
public sealed record Lookup(LookupStatus Status, string Path, StoredResult? Result = null, string? Problem = null);
