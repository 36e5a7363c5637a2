using Microsoft.AspNetCore.Builder;

namespace LoveCard.Hosting.Counties;

public static class CountyRegisterSetup
{
    /// <summary>Refuses unknown county codes in paths and queries (ADR 0036); call after
    /// <c>MapLoveCardDefaults</c>.</summary>
    public static WebApplication RefuseUnknownCounties(this WebApplication app)
    {
        app.UseMiddleware<UnknownCounties>();
        return app;
    }
}
