using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Srm.Simulator;

/// <summary>
/// Syntax checks of a PairingSpec (POST /pairings body). Anything wrong here is a 400 ResponseError naming the field;
/// whether the values are right for a remote site is decided later by <see cref="PairingRules"/>.
/// </summary>
public static class PairingSpecParser
{
    /// <summary>The request, or false with <paramref name="error"/> saying what is wrong.</summary>
    public static bool TryParse(JsonElement root, [NotNullWhen(true)] out PairingRequest? request, [NotNullWhen(false)] out string? error)
    {
        try
        {
            request = ParseOrThrow(root);
            error = null;
            return true;
        }
        catch (InvalidSpecException ex)
        {
            request = null;
            error = ex.Message;
            return false;
        }
    }

    private static PairingRequest ParseOrThrow(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidSpecException($"The request body must be a PairingSpec JSON object, not {Describe(root)}.");

        if (!root.TryGetProperty("pair_psc_info", out var psc) || psc.ValueKind == JsonValueKind.Null)
            throw new InvalidSpecException("pair_psc_info is required: an object with url, port, thumbprint, username and password.");
        if (psc.ValueKind != JsonValueKind.Object)
            throw new InvalidSpecException($"pair_psc_info must be an object, not {Describe(psc)}.");

        var vcGuid = RequiredString(root, "pair_vc_guid", "pair_vc_guid");
        var url = RequiredString(psc, "url", "pair_psc_info.url");
        CheckPscUrl(url);
        var port = RequiredPort(psc, "port", "pair_psc_info.port");
        var thumbprint = OptionalString(psc, "thumbprint", "pair_psc_info.thumbprint");
        var username = RequiredString(psc, "username", "pair_psc_info.username");
        var password = RequiredString(psc, "password", "pair_psc_info.password");
        var srmUrl = OptionalString(root, "pair_srm_url", "pair_srm_url");
        var srmThumbprint = OptionalString(root, "pair_srm_thumbprint", "pair_srm_thumbprint");

        if ((srmUrl is null) != (srmThumbprint is null))
        {
            var given = srmUrl is null ? "pair_srm_thumbprint" : "pair_srm_url";
            var missing = srmUrl is null ? "pair_srm_url" : "pair_srm_thumbprint";
            throw new InvalidSpecException(
                $"{given} is given but {missing} is not: give both pair_srm_url and pair_srm_thumbprint, or neither (null) when the remote SRM certificate is trusted.");
        }

        return new PairingRequest(vcGuid, url, port, thumbprint, username, password, srmUrl, srmThumbprint);
    }

    /// <summary>
    /// pair_psc_info.url names the Platform Services Controller's host: "host", "https://host", "host:port", with an
    /// optional trailing slash. A path, a query, a fragment or user info is refused, as the appliance refuses it. The
    /// value is not echoed (it could hold user info).
    /// </summary>
    private static void CheckPscUrl(string url)
    {
        var text = url.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            text = text[(scheme + 3)..];
        string? problem = text.Contains('?') ? "a query"
            : text.Contains('#') ? "a fragment"
            : text.Contains('@') ? "user info"
            : text.TrimEnd('/').Contains('/') ? "a path"
            : null;
        if (problem is not null)
            throw new InvalidSpecException(
                $"pair_psc_info.url must name the Platform Services Controller's host (a host name or address, optionally with https:// and a port), but it has {problem}.");
    }

    private static string RequiredString(JsonElement obj, string name, string field)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            throw new InvalidSpecException($"{field} is required.");
        return NonBlankString(value, field);
    }

    /// <summary>Missing or null gives null; otherwise it must be a non-blank string.</summary>
    private static string? OptionalString(JsonElement obj, string name, string field)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return NonBlankString(value, field);
    }

    private static string NonBlankString(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { } text)
            throw new InvalidSpecException($"{field} must be a string, not {Describe(value)}.");
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidSpecException($"{field} must not be empty or blank.");
        return text;
    }

    private static int RequiredPort(JsonElement obj, string name, string field)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            throw new InvalidSpecException($"{field} is required (the Platform Services Controller port, usually 443).");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var port))
            throw new InvalidSpecException($"{field} must be an integer from 1 to 65535, not {Describe(value)}.");
        if (port is < 1 or > 65535)
            throw new InvalidSpecException($"{field} must be an integer from 1 to 65535 (got {port}).");
        return (int)port;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString(),
    };

    private sealed class InvalidSpecException(string message) : Exception(message);
}
