using Kit.Cli;

return KitCli.Run(args, Console.Out, Console.Error);
