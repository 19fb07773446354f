using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>
/// GET /simulator/sites: the remote sites as they are now (after any certificate rotation, pointed at the remote site
/// endpoints when these run), in the shape of a sites file's remote_sites, without the PSC password.
/// </summary>
public static class SiteControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGroup(ControlEndpoints.BasePath).MapGet("/sites", () => ApiResults.Json(new
        {
            remote_sites = state.Sites.RemoteSites.Select(ToJson).ToList(),
        }));
    }

    private static RemoteSiteJson ToJson(RemoteSiteDefinition remote) => new()
    {
        VcGuid = remote.VcGuid.ToString(),
        VcName = remote.VcName,
        PscUrl = remote.PscUrl,
        PscPort = remote.PscPort,
        PscUsername = remote.PscUsername,
        PscThumbprint = remote.PscThumbprint,
        PscThumbprintSha256 = remote.PscThumbprintSha256,
        SrmUrl = remote.SrmUrl,
        SrmThumbprint = remote.SrmThumbprint,
        SrmThumbprintSha256 = remote.SrmThumbprintSha256,
        SrmName = remote.SrmName,
        SrmId = remote.SrmId.ToString(),
        SrmVersion = remote.SrmVersion,
    };
}
