using System.Security.Cryptography;
using System.Text;

namespace Srm.Simulator;

/// <summary>Certificate thumbprint helpers: normalising for comparison and formatting as colon-separated hex.</summary>
/// <remarks>
/// Deliberately separate from the client library's thumbprint code, and sharing none of it: the simulator is the
/// independent oracle the client is tested against. Were it to reuse the client's normalising, formatting or
/// matching, a bug there would be mirrored here and every test would still pass. Keep the two written apart.
/// </remarks>
public static class SimulatorThumbprint
{
    /// <summary>Hex digits only, upper case: colons, spaces and dashes (and anything else that is not hex) are dropped.</summary>
    public static string Normalize(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (Uri.IsHexDigit(c))
                sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>True when <paramref name="given"/> names the same hash as one of the non-null <paramref name="accepted"/> values.</summary>
    public static bool Matches(string given, params string?[] accepted)
    {
        var normalized = Normalize(given);
        if (normalized.Length == 0)
            return false;
        return accepted.Any(a => a is not null && Normalize(a) == normalized);
    }

    /// <summary>"AB:CD:..." from raw bytes.</summary>
    public static string Format(byte[] hash) => string.Join(':', hash.Select(b => b.ToString("X2")));

    /// <summary>"AB:CD:..." from hex in any of the accepted notations.</summary>
    public static string Format(string hex) => Format(Convert.FromHexString(Normalize(hex)));

    /// <summary>A stable SHA-1 style thumbprint derived from a seed, for sites whose file gives none.</summary>
    public static string DeriveSha1(string seed) => Format(SHA1.HashData(Encoding.UTF8.GetBytes(seed)));

    /// <summary>The SHA-256 form to go with <see cref="DeriveSha1"/> of the same seed (as if of the same certificate).</summary>
    public static string DeriveSha256(string seed) => Format(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    /// <summary>"SHA-1 AB:..., SHA-256 CD:..." naming the hash of each known thumbprint by its length.</summary>
    public static string Describe(string thumbprint, string? sha256)
    {
        var first = $"{HashName(thumbprint)} {thumbprint}";
        return sha256 is null ? first : $"{first}, {HashName(sha256)} {sha256}";
    }

    private static string HashName(string thumbprint) => Normalize(thumbprint).Length == 64 ? "SHA-256" : "SHA-1";

    /// <summary>A random SHA-1 (20 bytes) or SHA-256 (32 bytes) thumbprint, "AB:CD:...".</summary>
    public static string Random(int bytes) => Format(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>True for 40 (SHA-1) or 64 (SHA-256) hex digits after normalising, with no stray characters.</summary>
    public static bool IsWellFormed(string value)
    {
        var stripped = value.Replace(":", "").Replace(" ", "").Replace("-", "");
        return (stripped.Length == 40 || stripped.Length == 64) && stripped.All(Uri.IsHexDigit);
    }
}
