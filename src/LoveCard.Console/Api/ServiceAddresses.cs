namespace LoveCard.Console.Api;

/// <summary>Section <c>Services</c>: where each service listens (the local run's ports by default).</summary>
public sealed class ServiceAddresses
{
    public string Cards { get; set; } = "http://127.0.0.1:5101";

    public string Eligibility { get; set; } = "http://127.0.0.1:5102";

    public string Whitelist { get; set; } = "http://127.0.0.1:5103";

    public string Settlement { get; set; } = "http://127.0.0.1:5104";

    public Uri Of(Service service) =>
        new(
            (
                service switch
                {
                    Service.Cards => Cards,
                    Service.Eligibility => Eligibility,
                    Service.Whitelist => Whitelist,
                    _ => Settlement,
                }
            ).TrimEnd('/') + "/"
        );
}
