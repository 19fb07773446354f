namespace Srm.Simulator;

/// <summary>A well-formed PairingSpec (POST /pairings body) after syntax checks; its values are not yet checked against the sites.</summary>
public sealed record PairingRequest(
    string PairVcGuid,
    string PscUrl,
    int PscPort,
    string? PscThumbprint,
    string PscUsername,
    string PscPassword,
    string? SrmUrl,
    string? SrmThumbprint);
