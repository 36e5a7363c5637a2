using RabbitMQ.Client;

namespace LoveCard.Ops;

internal sealed record BusConnection(string Host, int Port, string VirtualHost, string Username, string Password)
{
    public static BusConnection FromEnvironment() =>
        new(
            Environment.GetEnvironmentVariable("Bus__Host") ?? "127.0.0.1",
            int.Parse(
                Environment.GetEnvironmentVariable("Bus__Port") ?? "5672",
                System.Globalization.CultureInfo.InvariantCulture
            ),
            Environment.GetEnvironmentVariable("Bus__VirtualHost") ?? "lovecard",
            Environment.GetEnvironmentVariable("Bus__Username") ?? "lovecard",
            Environment.GetEnvironmentVariable("Bus__Password") ?? "lovecard-dev"
        );

    public Task<IConnection> OpenAsync() =>
        new ConnectionFactory
        {
            HostName = Host,
            Port = Port,
            VirtualHost = VirtualHost,
            UserName = Username,
            Password = Password,
            ClientProvidedName = "lovecard-ops",
        }.CreateConnectionAsync();
}
