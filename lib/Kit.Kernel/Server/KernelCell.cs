using Kit.Display;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>A cell execution as the kernel knows it: the <see cref="CellContext"/> plus the execute_request whose output
/// area it writes to, so that errors raised later by work the cell started are shown under that cell.</summary>
internal sealed class KernelCell(string name, CancellationToken cancellation, JupyterMessage request) : CellContext(name, cancellation)
{
    public JupyterMessage Request { get; } = request;
}
