namespace Srm.Simulator;

/// <summary>The site this simulator pretends to be: its SRM appliance and the vCenter Server it is registered with.</summary>
public sealed record LocalSiteDefinition(
    string SrmName,
    Guid SrmId,
    string SrmVersion,
    string VcName,
    Guid VcGuid,
    string ExtensionKey)
{
    /// <summary>The URL of the local SRM as reported by GET /server/info and in pairings.</summary>
    public string SrmUrl => $"https://{SrmName}:443";

    /// <summary>The URL of the local vCenter Server as reported in pairings.</summary>
    public string VcUrl => $"https://{VcName}:443";
}

/// <summary>
/// A remote site this simulator can pair with: a vCenter Server (reached through its Platform Services Controller)
/// and the SRM appliance registered with it. A pairing request must name these values to succeed.
/// </summary>
public sealed record RemoteSiteDefinition(
    Guid VcGuid,
    string VcName,
    string PscUrl,
    int PscPort,
    string PscUsername,
    string PscPassword,
    string PscThumbprint,
    string? PscThumbprintSha256,
    string SrmUrl,
    string SrmThumbprint,
    string? SrmThumbprintSha256,
    string SrmName,
    Guid SrmId,
    string SrmVersion)
{
    /// <summary>The URL of the remote vCenter Server as reported in pairings.</summary>
    public string VcUrl => $"https://{VcName}:443";

    /// <summary>The URL of the remote SRM as reported in pairings.</summary>
    public string SrmServerUrl => $"https://{SrmName}:443";
}
