namespace Srm.Simulator;

/// <summary>
/// Decides how a well-formed pairing request ends. Problems a real SRM only finds while pairing (unknown vCenter,
/// wrong credentials, thumbprint mismatch, ...) do not give a 4xx: they make the task end in ERROR with these messages.
/// </summary>
public static class PairingRules
{
    /// <param name="request">The parsed PairingSpec.</param>
    /// <param name="sites">The local site and known remote sites.</param>
    /// <param name="existingPairingFor">The id of a pairing with that vCenter, or null.</param>
    /// <param name="pendingTaskFor">The id of a pairing task for that vCenter that is still running and will succeed, or null.</param>
    public static PairingDecision Decide(
        PairingRequest request,
        SiteCatalog sites,
        Func<Guid, Guid?> existingPairingFor,
        Func<Guid, string?> pendingTaskFor)
    {
        var local = sites.Local;
        var guidText = request.PairVcGuid.Trim();
        Guid.TryParse(guidText, out var vcGuid);

        if (vcGuid == local.VcGuid)
            return Fail(null, $"Cannot pair with vCenter Server '{local.VcName}': it is the local vCenter Server of this site, and a site cannot be paired with itself.",
                $"pair_vc_guid {guidText} is the instance UUID of the local vCenter Server '{local.VcName}'. Give the instance UUID of the remote site's vCenter Server.");

        var remote = vcGuid == Guid.Empty ? null : sites.FindRemote(vcGuid);
        if (remote is null)
        {
            var known = sites.RemoteSites.Count == 0
                ? "none"
                : string.Join(", ", sites.RemoteSites.Select(s => $"'{s.VcName}' ({s.VcGuid})"));
            return Fail(null, $"Cannot pair with vCenter Server '{guidText}': no vCenter Server with this instance UUID can be reached.",
                $"pair_vc_guid '{guidText}' does not name a known vCenter Server. Known remote vCenter Servers: {known}.");
        }

        var name = remote.VcName;
        if (existingPairingFor(remote.VcGuid) is { } pairingId)
            return Fail(remote, $"Cannot pair with vCenter Server '{name}': this site is already paired with it.",
                $"Pairing {pairingId} already connects this site with vCenter Server '{name}' ({remote.VcGuid}).");

        if (pendingTaskFor(remote.VcGuid) is { } taskId)
            return Fail(remote, $"Cannot pair with vCenter Server '{name}': another pairing operation with it is in progress.",
                $"Task {taskId} is still pairing this site with vCenter Server '{name}' ({remote.VcGuid}). Wait for it to finish.");

        return CheckRemote(request, remote, "pair with");
    }

    /// <summary>
    /// Decides how a well-formed reconnect request for an existing pairing ends: pair_vc_guid must name the pairing's
    /// own remote vCenter Server, no other operation may be running on the pairing, and the PSC, credentials and SRM
    /// values must match the remote site as it is now (after any certificate rotation), as for a new pairing.
    /// </summary>
    /// <param name="current">The pairing's remote site as it is now.</param>
    /// <param name="operationInProgress">The id of an unfinished delete or reconnect task of this pairing, or null.</param>
    public static PairingDecision DecideReconnect(PairingRequest request, PairingRecord pairing, RemoteSiteDefinition current, string? operationInProgress)
    {
        var guidText = request.PairVcGuid.Trim();
        var name = current.VcName;
        if (!Guid.TryParse(guidText, out var vcGuid) || vcGuid != current.VcGuid)
            return Fail(current, $"Cannot reconnect pairing '{pairing.PairingId}': it is paired with vCenter Server '{name}' ({current.VcGuid}), not '{guidText}'.",
                $"pair_vc_guid must be the instance UUID of the pairing's remote vCenter Server '{name}', {current.VcGuid}. A pairing cannot be reconnected to another vCenter Server; remove it and pair again.");

        if (operationInProgress is { } taskId)
            return Fail(current, $"Cannot reconnect with vCenter Server '{name}': another operation on this pairing is in progress.",
                $"Task {taskId} is still running on pairing {pairing.PairingId}. Wait for it to finish.");

        return CheckRemote(request, current, "reconnect with");
    }

    /// <summary>The checks of the PSC, the credentials and the SRM that creating and reconnecting a pairing share.</summary>
    private static PairingDecision CheckRemote(PairingRequest request, RemoteSiteDefinition remote, string verb)
    {
        var name = remote.VcName;
        var givenHost = HostOf(request.PscUrl);
        if (!string.Equals(givenHost, HostOf(remote.PscUrl), StringComparison.OrdinalIgnoreCase) || request.PscPort != remote.PscPort)
            return Fail(remote, $"Cannot {verb} vCenter Server '{name}': the Platform Services Controller at '{givenHost}:{request.PscPort}' is not the one of that vCenter Server.",
                $"vCenter Server '{name}' uses the Platform Services Controller at '{HostOf(remote.PscUrl)}:{remote.PscPort}'. Check pair_psc_info.url and pair_psc_info.port.");

        if (request.PscThumbprint is { } pscThumbprint && !SimulatorThumbprint.Matches(pscThumbprint, remote.PscThumbprint, remote.PscThumbprintSha256))
            return Fail(remote, $"Cannot {verb} vCenter Server '{name}': the certificate thumbprint of the Platform Services Controller does not match.",
                $"pair_psc_info.thumbprint '{pscThumbprint}' does not match the certificate of '{HostOf(remote.PscUrl)}' ({SimulatorThumbprint.Describe(remote.PscThumbprint, remote.PscThumbprintSha256)}).");

        if (!string.Equals(request.PscUsername.Trim(), remote.PscUsername, StringComparison.OrdinalIgnoreCase)
            || request.PscPassword != remote.PscPassword)
            return Fail(remote, $"Cannot {verb} vCenter Server '{name}': the user name or password is incorrect.",
                $"The Platform Services Controller at '{HostOf(remote.PscUrl)}' rejected the login of '{request.PscUsername}'. Check pair_psc_info.username and pair_psc_info.password.");

        if (request.SrmUrl is { } srmUrl && !SrmUrlMatches(srmUrl, remote))
            return Fail(remote, $"Cannot {verb} vCenter Server '{name}': the Site Recovery Manager URL '{srmUrl}' does not match the Site Recovery Manager server registered with it.",
                $"The Site Recovery Manager server registered with vCenter Server '{name}' is '{SrmHostAndPort(remote).Host}' (port {SrmHostAndPort(remote).Port}). Check pair_srm_url.");

        if (request.SrmThumbprint is { } srmThumbprint && !SimulatorThumbprint.Matches(srmThumbprint, remote.SrmThumbprint, remote.SrmThumbprintSha256))
            return Fail(remote, $"Cannot {verb} vCenter Server '{name}': the certificate thumbprint of the remote Site Recovery Manager server does not match.",
                $"pair_srm_thumbprint '{srmThumbprint}' does not match the certificate of '{remote.SrmName}' ({SimulatorThumbprint.Describe(remote.SrmThumbprint, remote.SrmThumbprintSha256)}).");

        return new PairingDecision(remote, TaskOutcome.Success);
    }

    /// <summary>The host part of "host", "https://host/", "host:443" ...; lower-cased, without scheme, port, path or trailing slash.</summary>
    public static string HostOf(string url)
    {
        var text = StripScheme(url.Trim()).TrimEnd('/');
        var slash = text.IndexOf('/');
        if (slash >= 0)
            text = text[..slash];
        var colon = text.LastIndexOf(':');
        if (colon >= 0 && !text.EndsWith(']') && text.IndexOf(':') == colon)
            text = text[..colon];
        return text.ToLowerInvariant();
    }

    /// <summary>
    /// Accepts "host", "host:port", "https://host", "https://host:port", each with an optional trailing slash, when
    /// host and port (443 when not given) are those of the remote site's srm_url (which may itself carry a port, e.g.
    /// "127.0.0.1:8443" for a second simulator).
    /// </summary>
    public static bool SrmUrlMatches(string given, RemoteSiteDefinition remote)
    {
        if (!TryParseHostAndPort(given, out var host, out var port))
            return false;
        var expected = SrmHostAndPort(remote);
        return port == expected.Port && string.Equals(host, expected.Host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The host and port of the remote site's srm_url (port 443 when it names none).</summary>
    public static (string Host, int Port) SrmHostAndPort(RemoteSiteDefinition remote) =>
        TryParseHostAndPort(remote.SrmUrl, out var host, out var port) ? (host, port) : (HostOf(remote.SrmUrl), 443);

    /// <summary>"host", "host:port", "[v6]:port", with or without "https://" and a trailing slash; no path.</summary>
    public static bool TryParseHostAndPort(string url, out string host, out int port)
    {
        host = "";
        port = 443;
        var text = StripScheme(url.Trim()).TrimEnd('/');
        if (text.Length == 0 || text.Contains('/'))
            return false;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
                return false;
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                    return false;
                portText = rest[1..];
            }
            text = text[..(close + 1)];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':') == colon)
            {
                portText = text[(colon + 1)..];
                text = text[..colon];
            }
        }
        if (portText is not null
            && (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            return false;
        if (text.Length == 0)
            return false;
        host = text.ToLowerInvariant();
        return true;
    }

    private static string StripScheme(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url[8..] : url;

    private static PairingDecision Fail(RemoteSiteDefinition? remote, string message, string details) =>
        new(remote, TaskOutcome.Failure(message, details));
}

/// <summary>The remote site a request names (if known) and how its pairing task will end.</summary>
public sealed record PairingDecision(RemoteSiteDefinition? Remote, TaskOutcome Outcome);
