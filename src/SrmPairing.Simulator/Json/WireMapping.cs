using System.Text.Json.Nodes;

namespace Srm.Simulator.Json;

/// <summary>Turns the simulator's own records into the wire shapes of the spec.</summary>
public static class WireMapping
{
    public static T ToJson<T>(this TaskSnapshot task) where T : TaskJson, new() => new()
    {
        Id = task.Id,
        Description = task.Description,
        DescriptionId = task.DescriptionId,
        Entity = null,
        EntityName = null,
        Status = task.State.ToString().ToUpperInvariant(),
        Error = task.State == TaskState.Error ? new TaskErrorJson { Message = task.ErrorMessage, Details = task.ErrorDetails } : null,
        Result = task.ResultPairingId is not { } pairingId
            ? null
            : task.ResultMode == TaskResultMode.PairingIdString
                ? JsonValue.Create(pairingId.ToString())
                : new JsonObject { ["pairing_id"] = pairingId.ToString() },
        Progress = task.Progress,
        QueuedTime = task.QueuedTime.ToUnixTimeMilliseconds(),
        StartTime = task.StartTime?.ToUnixTimeMilliseconds(),
        CompleteTime = task.CompleteTime?.ToUnixTimeMilliseconds(),
    };

    public static SrmInfoEntityJson ToServerInfoJson(this LocalSiteDefinition local) => new()
    {
        Id = local.SrmId.ToString(),
        Url = local.SrmUrl,
        Name = local.SrmName,
        ServerStatus = "OK",
        Version = local.SrmVersion,
        VcGuid = local.VcGuid.ToString(),
        VcName = local.VcName,
        ExtensionKey = local.ExtensionKey,
    };

    /// <summary>The local site's own entry: local and remote both name the local vCenter Server and SRM.</summary>
    public static T ToSelfPairingJson<T>(this LocalSiteDefinition local) where T : PairingJson, new() => new()
    {
        PairingId = SimulatorState.SelfPairingId.ToString(),
        LocalVcServer = LocalVc(local),
        RemoteVcServer = LocalVc(local),
        LocalSrmServer = LocalSrm(local),
        RemoteSrmServer = LocalSrm(local),
    };

    public static T ToJson<T>(this PairingRecord pairing, LocalSiteDefinition local) where T : PairingJson, new() => new()
    {
        PairingId = pairing.PairingId.ToString(),
        LocalVcServer = LocalVc(local),
        RemoteVcServer = new ServerInfoJson
        {
            Id = pairing.Remote.VcGuid.ToString(),
            Url = pairing.Remote.VcUrl,
            Name = pairing.Remote.VcName,
            // A remote site whose certificates changed since the pairing was made: the vCenter Server is still
            // reachable but not trusted (WARNING), the SRM connection is broken (ERROR) until a reconnect.
            ServerStatus = pairing.NeedsRepair ? "WARNING" : "OK",
            Version = SiteCatalog.VcVersion,
        },
        LocalSrmServer = LocalSrm(local),
        RemoteSrmServer = new ServerInfoJson
        {
            Id = pairing.Remote.SrmId.ToString(),
            Url = pairing.Remote.SrmServerUrl,
            Name = pairing.Remote.SrmName,
            ServerStatus = pairing.NeedsRepair ? "ERROR" : "OK",
            Version = pairing.Remote.SrmVersion,
        },
    };

    private static ServerInfoJson LocalVc(LocalSiteDefinition local) => new()
    {
        Id = local.VcGuid.ToString(),
        Url = local.VcUrl,
        Name = local.VcName,
        ServerStatus = "OK",
        Version = SiteCatalog.VcVersion,
    };

    private static ServerInfoJson LocalSrm(LocalSiteDefinition local) => new()
    {
        Id = local.SrmId.ToString(),
        Url = local.SrmUrl,
        Name = local.SrmName,
        ServerStatus = "OK",
        Version = local.SrmVersion,
    };
}
