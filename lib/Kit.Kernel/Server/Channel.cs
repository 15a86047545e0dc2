namespace Kit.Kernel.Server;

/// <summary>The kernel's sockets, by role.</summary>
internal enum Channel
{
    Shell,
    Control,
    Stdin,
    IoPub,
}
