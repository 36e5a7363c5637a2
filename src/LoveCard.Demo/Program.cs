using LoveCard.Demo;

// lovecard demo: seeds the demo county through the services' APIs (deploy/local/run.sh calls `seed`).
var options = new DemoOptions { RunDirectory = DemoCommands.FindRunDirectory() };
return await DemoCommands.RunAsync(args, options, Console.Out, Console.Error);
