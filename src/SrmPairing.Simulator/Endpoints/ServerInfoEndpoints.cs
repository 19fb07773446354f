using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>GET /server/info: the local SRM.</summary>
public static class ServerInfoEndpoints
{
    public static void Map(RouteGroupBuilder authenticated, SimulatorState state)
    {
        authenticated.MapGet("/server/info", () => ApiResults.Json(state.Sites.Local.ToServerInfoJson()));
    }
}
