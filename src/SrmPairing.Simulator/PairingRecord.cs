namespace SrmPairing.Simulator;

/// <summary>A pairing between the local site and a remote site, made by a pairing task that succeeded.</summary>
public sealed record PairingRecord(Guid PairingId, RemoteSiteDefinition Remote, string CreatedByTaskId, DateTimeOffset CreatedAt);
