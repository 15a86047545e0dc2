using Kit.Cli;

// A failure on a thread no command waits for would otherwise abort the runtime (and dump core): say it in one line
// and exit 1 like any other failure.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    var message = e.ExceptionObject is Exception ex ? KitCli.Describe(ex) : e.ExceptionObject.ToString();
    Console.Error.WriteLine($"kit: error: {message}");
    if (Environment.GetEnvironmentVariable("KIT_DEBUG") == "1") Console.Error.WriteLine(e.ExceptionObject);
    Environment.Exit(1);
};

return KitCli.Run(args, Console.Out, Console.Error);
