using LoveCard.Terminal.Cli;

return await TerminalCommands.RunAsync(args, Console.Out, Console.Error);
