using System.Text.Json.Serialization;

namespace Srm.Simulator.Json;

/// <summary>The --sites file: {"local": {...}, "remote_sites": [{...}]}. Every field is optional except where SiteCatalog says so.</summary>
public sealed class SitesFileJson
{
    [JsonPropertyName("local")] public LocalSiteJson? Local { get; set; }

    [JsonPropertyName("remote_sites")] public List<RemoteSiteJson?>? RemoteSites { get; set; }
}

public sealed class LocalSiteJson
{
    [JsonPropertyName("srm_name")] public string? SrmName { get; set; }
    [JsonPropertyName("srm_id")] public string? SrmId { get; set; }
    [JsonPropertyName("srm_version")] public string? SrmVersion { get; set; }
    [JsonPropertyName("vc_name")] public string? VcName { get; set; }
    [JsonPropertyName("vc_guid")] public string? VcGuid { get; set; }
    [JsonPropertyName("extension_key")] public string? ExtensionKey { get; set; }
}

public sealed class RemoteSiteJson
{
    [JsonPropertyName("vc_guid")] public string? VcGuid { get; set; }
    [JsonPropertyName("vc_name")] public string? VcName { get; set; }
    [JsonPropertyName("psc_url")] public string? PscUrl { get; set; }
    [JsonPropertyName("psc_port")] public int? PscPort { get; set; }
    [JsonPropertyName("psc_username")] public string? PscUsername { get; set; }
    [JsonPropertyName("psc_password")] public string? PscPassword { get; set; }
    [JsonPropertyName("psc_thumbprint")] public string? PscThumbprint { get; set; }
    [JsonPropertyName("psc_thumbprint_sha256")] public string? PscThumbprintSha256 { get; set; }
    [JsonPropertyName("psc_certificate")] public string? PscCertificate { get; set; }
    [JsonPropertyName("srm_url")] public string? SrmUrl { get; set; }
    [JsonPropertyName("srm_thumbprint")] public string? SrmThumbprint { get; set; }
    [JsonPropertyName("srm_thumbprint_sha256")] public string? SrmThumbprintSha256 { get; set; }
    [JsonPropertyName("srm_certificate")] public string? SrmCertificate { get; set; }
    [JsonPropertyName("srm_name")] public string? SrmName { get; set; }
    [JsonPropertyName("srm_id")] public string? SrmId { get; set; }
    [JsonPropertyName("srm_version")] public string? SrmVersion { get; set; }
}
