using System.Runtime.InteropServices;

namespace Kit.Experiments;

/// <summary>The machine a result was measured on.</summary>
/// <param name="Cores">Logical processors the process sees.</param>
/// <param name="Device">Executor's training device ("cpu", "cuda:0").</param>
/// <param name="Os">Operating system description.</param>
/// <param name="Runtime">.NET runtime description.</param>
/// <param name="Machine">Host name.</param>
public sealed record HardwareInfo(int Cores, string Device, string Os, string Runtime, string Machine)
{
    /// <summary>This machine, with the executor's device.</summary>
    public static HardwareInfo Current(string device) => new(Environment.ProcessorCount, device,
        RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, Environment.MachineName);
}
