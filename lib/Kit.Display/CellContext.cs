namespace Kit.Display;

/// <summary>
/// One execution of a notebook cell: its name (as stack traces show it) and its cancellation. A host may derive from
/// it to remember where the cell's outputs go, so that errors raised later by work the cell started (a
/// <c>Progress&lt;T&gt;</c> handler, a thread) are reported in that cell.
/// </summary>
public class CellContext(string name, CancellationToken cancellation)
{
    /// <summary>The cell's name, e.g. "Cell[3]".</summary>
    public string Name { get; } = name;

    /// <summary>Cancelled when the user interrupts this execution.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <inheritdoc />
    public override string ToString() => Name;
}
