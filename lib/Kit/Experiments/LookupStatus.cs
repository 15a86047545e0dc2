namespace Kit.Experiments;

/// <summary>What the store holds for one (row, seed).</summary>
public enum LookupStatus
{
    /// <summary>No result yet.</summary>
    Missing,

    /// <summary>A valid result for this key and seed.</summary>
    Found,

    /// <summary>A file exists but cannot be read as this key's result; it was moved aside.</summary>
    Corrupt,
}
