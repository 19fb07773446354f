using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Srm.Simulator.Json;

namespace Srm.Simulator;

/// <summary>The local site and the remote sites it knows (and can therefore pair with): built-in defaults or a --sites file.</summary>
public sealed class SiteCatalog
{
    public const string DefaultPscUsername = "administrator@vsphere.local";
    public const string DefaultPscPassword = "VMware1!";
    public const string DefaultSrmVersion = "9.0.2";
    public const string DefaultExtensionKey = "com.vmware.vcDr";

    /// <summary>The version reported for every simulated vCenter Server.</summary>
    public const string VcVersion = "9.0.0";

    public SiteCatalog(LocalSiteDefinition local, IReadOnlyList<RemoteSiteDefinition> remoteSites)
    {
        Local = local;
        RemoteSites = remoteSites;
    }

    public LocalSiteDefinition Local { get; }

    public IReadOnlyList<RemoteSiteDefinition> RemoteSites { get; }

    /// <summary>The remote site whose vCenter Server has this instance UUID, or null.</summary>
    public RemoteSiteDefinition? FindRemote(Guid vcGuid) => RemoteSites.FirstOrDefault(s => s.VcGuid == vcGuid);

    public static LocalSiteDefinition DefaultLocal { get; } = new(
        SrmName: "srm-a.example.com",
        SrmId: Guid.Parse("4b6e2f0a-9c3d-4e1f-a2b5-c6d7e8f90a01"),
        SrmVersion: DefaultSrmVersion,
        VcName: "vc-a.example.com",
        VcGuid: Guid.Parse("2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01"),
        ExtensionKey: DefaultExtensionKey);

    public static IReadOnlyList<RemoteSiteDefinition> DefaultRemoteSites { get; } =
    [
        new(
            VcGuid: Guid.Parse("7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02"),
            VcName: "vc-b.example.com",
            PscUrl: "vc-b.example.com",
            PscPort: 443,
            PscUsername: DefaultPscUsername,
            PscPassword: DefaultPscPassword,
            PscThumbprint: "3B:96:2F:1C:8D:44:A0:7E:55:C2:19:6B:E8:0D:73:F4:A1:2C:9E:58",
            PscThumbprintSha256: "09:0C:45:82:CA:5F:0F:76:AC:CE:0E:BC:D1:2E:D1:5C:52:B3:01:1B:ED:ED:35:FC:13:9C:45:A9:93:CC:46:F1",
            SrmUrl: "srm-b.example.com",
            SrmThumbprint: "0E:3E:3C:7A:9E:2D:09:EE:03:F8:EC:86:A7:57:40:6C:21:C4:6A:90",
            SrmThumbprintSha256: "B0:51:66:32:05:B0:C0:DD:46:34:6B:BE:58:9D:33:65:B5:2A:AA:7F:9F:FC:FD:14:24:56:27:66:F3:46:37:73",
            SrmName: "srm-b.example.com",
            SrmId: Guid.Parse("8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5b02"),
            SrmVersion: DefaultSrmVersion),
        new(
            VcGuid: Guid.Parse("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c03"),
            VcName: "vc-c.example.com",
            PscUrl: "vc-c.example.com",
            PscPort: 443,
            PscUsername: DefaultPscUsername,
            PscPassword: DefaultPscPassword,
            PscThumbprint: "DE:CC:EA:7B:B9:49:DA:63:32:F2:8F:26:7A:5F:CB:50:8D:0F:8B:42",
            PscThumbprintSha256: "45:05:C6:D8:5A:88:F3:9E:3F:0A:4F:A5:07:27:42:83:DF:04:3E:86:CD:98:9D:F6:5B:A3:64:CA:91:34:B5:7B",
            SrmUrl: "srm-c.example.com",
            SrmThumbprint: "CD:C6:E8:98:B5:16:CB:F6:82:2E:A1:97:CA:9C:A3:37:1B:85:46:58",
            SrmThumbprintSha256: "87:86:EF:7F:A6:A8:2D:9D:EE:ED:B3:46:26:87:52:2E:21:65:6D:70:A0:4A:59:C1:24:0E:B6:65:C1:5D:52:A5",
            SrmName: "srm-c.example.com",
            SrmId: Guid.Parse("b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d03"),
            SrmVersion: DefaultSrmVersion),
    ];

    public static SiteCatalog Default { get; } = new(DefaultLocal, DefaultRemoteSites);

    /// <summary>Reads a --sites file. Throws <see cref="SimulatorOptionsException"/> with a clear message when it is unusable.</summary>
    public static SiteCatalog LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SimulatorOptionsException($"Cannot read sites file '{path}': {ex.Message}", ex);
        }
        return Parse(text, path);
    }

    /// <summary>Parses sites JSON; <paramref name="source"/> names it in error messages.</summary>
    public static SiteCatalog Parse(string json, string source)
    {
        SitesFileJson? file;
        try
        {
            file = JsonSerializer.Deserialize<SitesFileJson>(json, FileJsonOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null ? "" : $" at {ex.Path}";
            var line = ex.LineNumber is null ? "" : $" (line {ex.LineNumber + 1})";
            throw new SimulatorOptionsException($"Sites file '{source}' is not valid{where}{line}: {FirstSentence(ex.Message)}", ex);
        }
        if (file is null)
            throw new SimulatorOptionsException($"Sites file '{source}' must contain a JSON object.");

        var local = BuildLocal(file.Local, source);
        if (file.RemoteSites is null)
            throw new SimulatorOptionsException($"Sites file '{source}': \"remote_sites\" is required (an array, possibly empty).");

        var remotes = new List<RemoteSiteDefinition>();
        for (var i = 0; i < file.RemoteSites.Count; i++)
        {
            var entry = file.RemoteSites[i] ?? throw new SimulatorOptionsException($"Sites file '{source}': remote_sites[{i}] is null.");
            var remote = BuildRemote(entry, $"remote_sites[{i}]", source);
            if (remote.VcGuid == local.VcGuid)
                throw new SimulatorOptionsException($"Sites file '{source}': remote_sites[{i}].vc_guid is the local vCenter GUID; a site cannot be its own remote site.");
            if (remotes.Any(r => r.VcGuid == remote.VcGuid))
                throw new SimulatorOptionsException($"Sites file '{source}': remote_sites[{i}].vc_guid {remote.VcGuid} appears more than once.");
            remotes.Add(remote);
        }
        return new SiteCatalog(local, remotes);
    }

    private static readonly JsonSerializerOptions FileJsonOptions = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static LocalSiteDefinition BuildLocal(LocalSiteJson? json, string source)
    {
        var d = DefaultLocal;
        if (json is null)
            return d;
        return new LocalSiteDefinition(
            SrmName: Text(json.SrmName, "local.srm_name", source) ?? d.SrmName,
            SrmId: GuidOf(json.SrmId, "local.srm_id", source) ?? d.SrmId,
            SrmVersion: Text(json.SrmVersion, "local.srm_version", source) ?? d.SrmVersion,
            VcName: Text(json.VcName, "local.vc_name", source) ?? d.VcName,
            VcGuid: GuidOf(json.VcGuid, "local.vc_guid", source) ?? d.VcGuid,
            ExtensionKey: Text(json.ExtensionKey, "local.extension_key", source) ?? d.ExtensionKey);
    }

    private static RemoteSiteDefinition BuildRemote(RemoteSiteJson json, string at, string source)
    {
        var vcGuid = GuidOf(json.VcGuid, at + ".vc_guid", source)
            ?? throw new SimulatorOptionsException($"Sites file '{source}': {at}.vc_guid is required.");
        var vcName = Text(json.VcName, at + ".vc_name", source)
            ?? throw new SimulatorOptionsException($"Sites file '{source}': {at}.vc_name is required.");
        var port = json.PscPort ?? 443;
        if (port is < 1 or > 65535)
            throw new SimulatorOptionsException($"Sites file '{source}': {at}.psc_port must be between 1 and 65535 (got {port}).");
        var srmName = Text(json.SrmName, at + ".srm_name", source) ?? DefaultSrmName(vcName);
        var (pscSha1, pscSha256) = CertificateThumbprints(json.PscCertificate, json.PscThumbprint, json.PscThumbprintSha256, "psc:" + vcGuid, at + ".psc", source);
        var (srmSha1, srmSha256) = CertificateThumbprints(json.SrmCertificate, json.SrmThumbprint, json.SrmThumbprintSha256, "srm:" + vcGuid, at + ".srm", source);

        return new RemoteSiteDefinition(
            VcGuid: vcGuid,
            VcName: vcName,
            PscUrl: Text(json.PscUrl, at + ".psc_url", source) ?? vcName,
            PscPort: port,
            PscUsername: Text(json.PscUsername, at + ".psc_username", source) ?? DefaultPscUsername,
            PscPassword: json.PscPassword ?? DefaultPscPassword,
            PscThumbprint: pscSha1,
            PscThumbprintSha256: pscSha256,
            SrmUrl: Text(json.SrmUrl, at + ".srm_url", source) ?? srmName,
            SrmThumbprint: srmSha1,
            SrmThumbprintSha256: srmSha256,
            SrmName: srmName,
            SrmId: GuidOf(json.SrmId, at + ".srm_id", source) ?? DeriveGuid("srm:" + vcGuid),
            SrmVersion: Text(json.SrmVersion, at + ".srm_version", source) ?? DefaultSrmVersion);
    }

    /// <summary>
    /// The SHA-1 and SHA-256 thumbprints of one certificate (psc or srm, by <paramref name="prefix"/>), so that a
    /// pairing request naming it by either hash is accepted and any other is refused. From the certificate (PEM or
    /// base64 DER) when the file gives one, the thumbprints given with it having to match; else from both thumbprints;
    /// else both derived from <paramref name="seed"/>. One thumbprint alone is refused: the other hash of the same
    /// certificate cannot be known from it.
    /// </summary>
    private static (string Sha1, string Sha256) CertificateThumbprints(string? certificate, string? thumbprint, string? sha256, string seed, string prefix, string source)
    {
        var field = prefix + "_thumbprint";
        var given = ThumbprintOf(thumbprint, 40, field, source);
        var given256 = ThumbprintOf(sha256, 64, field + "_sha256", source);
        if (certificate is not null)
        {
            var der = CertificateBytes(certificate, prefix + "_certificate", source);
            var fromCertificate = (SimulatorThumbprint.Format(SHA1.HashData(der)), SimulatorThumbprint.Format(SHA256.HashData(der)));
            foreach (var (value, name) in new[] { (given, field), (given256, field + "_sha256") })
            {
                if (value is not null && !SimulatorThumbprint.Matches(value, fromCertificate.Item1, fromCertificate.Item2))
                    throw new SimulatorOptionsException($"Sites file '{source}': {name} is not a thumbprint of {prefix}_certificate.");
            }
            return fromCertificate;
        }

        if (given is null && given256 is null)
            return (SimulatorThumbprint.DeriveSha1(seed), SimulatorThumbprint.DeriveSha256(seed));

        // srm_thumbprint may hold either hash (as a banner shows it); the other form is needed as well.
        var sha1 = given is not null && SimulatorThumbprint.Normalize(given).Length == 40 ? given : null;
        var sha256Form = given256 ?? (given is not null && SimulatorThumbprint.Normalize(given).Length == 64 ? given : null);
        if (sha1 is null || sha256Form is null)
            throw new SimulatorOptionsException(
                $"Sites file '{source}': {field} gives only the {(sha1 is null ? "SHA-256" : "SHA-1")} form of the certificate, but a client may name it " +
                $"by either hash. Give {prefix}_certificate (PEM or base64 DER), or both {field} (SHA-1) and {field}_sha256.");
        return (sha1, sha256Form);
    }

    /// <summary>The DER bytes of a certificate given as PEM ("-----BEGIN CERTIFICATE-----...") or as base64 DER.</summary>
    private static byte[] CertificateBytes(string text, string field, string source)
    {
        try
        {
            var trimmed = text.Trim();
            using var certificate = trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(trimmed)
                : X509CertificateLoader.LoadCertificate(Convert.FromBase64String(trimmed));
            return certificate.RawData;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            throw new SimulatorOptionsException($"Sites file '{source}': {field} is not a certificate in PEM or base64 DER: {ex.Message}", ex);
        }
    }

    /// <summary>"vc-x.example.com" gives "srm-x.example.com"; any other name gets an "srm-" prefix.</summary>
    private static string DefaultSrmName(string vcName) =>
        vcName.StartsWith("vc-", StringComparison.OrdinalIgnoreCase) ? "srm-" + vcName[3..] : "srm-" + vcName;

    private static Guid DeriveGuid(string seed) => new(MD5.HashData(Encoding.UTF8.GetBytes(seed)));

    private static string? Text(string? value, string field, string source)
    {
        if (value is null)
            return null;
        if (string.IsNullOrWhiteSpace(value))
            throw new SimulatorOptionsException($"Sites file '{source}': {field} must not be empty (omit it to use the default).");
        return value.Trim();
    }

    private static Guid? GuidOf(string? value, string field, string source)
    {
        if (value is null)
            return null;
        if (!Guid.TryParse(value, out var guid))
            throw new SimulatorOptionsException($"Sites file '{source}': {field} must be a GUID such as 7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02 (got '{value}').");
        return guid;
    }

    /// <summary>
    /// A thumbprint of <paramref name="hexDigits"/> hex digits. psc_thumbprint and srm_thumbprint (40, SHA-1) also take
    /// a SHA-256 (64), so that a sites file can hold the thumbprint another simulator's banner shows, whichever it is.
    /// </summary>
    private static string? ThumbprintOf(string? value, int hexDigits, string field, string source)
    {
        if (value is null)
            return null;
        var length = SimulatorThumbprint.Normalize(value).Length;
        if (!SimulatorThumbprint.IsWellFormed(value) || (length != hexDigits && !(hexDigits == 40 && length == 64)))
            throw new SimulatorOptionsException(hexDigits == 40
                ? $"Sites file '{source}': {field} must be 40 hex digits (SHA-1) or 64 (SHA-256), colons optional (got '{value}')."
                : $"Sites file '{source}': {field} must be {hexDigits} hex digits (SHA-256), colons optional (got '{value}').");
        return SimulatorThumbprint.Format(value);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] + "." : message;
    }
}
