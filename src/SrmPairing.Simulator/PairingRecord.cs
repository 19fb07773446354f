namespace Srm.Simulator;

/// <summary>
/// A pairing between the local site and a remote site, made by a pairing task that succeeded. <see cref="Remote"/> is
/// the remote site as it was when the pairing was made or last reconnected; <see cref="NeedsRepair"/> is set on the
/// copies the state hands out when the remote site's certificates have changed since (see
/// POST /simulator/sites/{vc_guid}/rotate-certificates), until a reconnect succeeds.
/// </summary>
public sealed record PairingRecord(Guid PairingId, RemoteSiteDefinition Remote, string CreatedByTaskId, DateTimeOffset CreatedAt)
{
    public bool NeedsRepair { get; init; }
}
