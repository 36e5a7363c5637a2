using LoveCard.Ops;

return await OpsCommands.RunAsync(args, Console.Out, Console.Error);
