namespace LoveCard.Deploy.Tests;

/// <summary>Every configuration key the services read is known here, so the deployment checks cannot miss a new
/// one.</summary>
public sealed class Classifying_the_settings_the_code_reads
{
    [TestCaseSource(typeof(ServiceSettings), nameof(ServiceSettings.Services))]
    public void Every_setting_is_required_or_has_a_safe_default(string service)
    {
        var read = ServiceSettings.ReadBy(service);

        Assert.That(
            read,
            Does.Contain("ConnectionStrings:Postgres").And.Contain("Bus"),
            "the scan finds the platform's settings"
        );
        Assert.That(
            read.Where(k => !ServiceSettings.Required.ContainsKey(k) && !ServiceSettings.Optional.ContainsKey(k)),
            Is.Empty,
            "a setting the services read is neither required nor optional in ServiceSettings: classify it, and set it "
                + "in deploy/ if required"
        );
    }

    [Test]
    public void Finds_the_settings_only_one_service_reads()
    {
        Assert.That(ServiceSettings.ReadBy("settlement"), Does.Contain("Terminal").And.Contain("Cards:BaseUrl"));
        Assert.That(ServiceSettings.ReadBy("cards"), Does.Contain("Qr").And.Not.Contain("Terminal"));
    }
}
