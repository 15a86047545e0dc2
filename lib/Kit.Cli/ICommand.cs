namespace Kit.Cli;

/// <summary>
/// One `kit` subcommand. Implementations are found by reflection, so adding a command is adding one file under
/// Commands/. Name is the words after `kit` (e.g. "bench engine", "data synth").
/// </summary>
public interface ICommand
{
    string Name { get; }
    string Summary { get; }

    /// <summary>What `kit NAME --help` prints: every option the command reads, its default, an example.</summary>
    CommandHelp Help { get; }

    /// <summary>Runs with the remaining arguments; returns the process exit code.</summary>
    int Run(Args args);
}
