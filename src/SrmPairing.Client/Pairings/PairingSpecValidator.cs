using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using Srm.Client.Http;

namespace Srm.Client.Pairings
{
    /// <summary>
    /// The one check of the values a pairing is made from, shared by New-SrmPairing, Repair-SrmPairing and
    /// Test-SrmPairing (through <see cref="PairingResolver.Resolve"/>), before anything is sent. Each method either
    /// gives the canonical form of a value or a problem that names the parameter and the API field it fills, such as
    /// "-RemotePscThumbprint (thumbprint): 'z' is not a hex digit ...". A problem quotes the value it refuses with
    /// control characters escaped, shortened, and never with a user or password from a URL.
    /// </summary>
    public static class PairingSpecValidator
    {
        /// <summary>How messages name the PSC address.</summary>
        public const string PscUrlLabel = "-RemotePscUrl (url)";
        /// <summary>How messages name the PSC port.</summary>
        public const string PscPortLabel = "-RemotePscPort (port)";
        /// <summary>How messages name the PSC thumbprint.</summary>
        public const string PscThumbprintLabel = "-RemotePscThumbprint (thumbprint)";
        /// <summary>How messages name the vCenter GUID.</summary>
        public const string VcGuidLabel = "-RemoteVcGuid (pair_vc_guid)";
        /// <summary>How messages name the SRM address.</summary>
        public const string SrmUrlLabel = "-RemoteSrmUrl (pair_srm_url)";
        /// <summary>How messages name the SRM thumbprint.</summary>
        public const string SrmThumbprintLabel = "-RemoteSrmThumbprint (pair_srm_thumbprint)";

        /// <summary>The longest part of a refused value that a message quotes.</summary>
        private const int QuoteLimit = 80;

        /// <summary>
        /// The canonical form of a vCenter instance UUID: lower-case "D" form (7d3c2b1a-0e9f-...), as the API reports
        /// vc_guid. Accepts whatever <see cref="Guid.TryParse(string, out Guid)"/> does: braces, any case, the "N"
        /// form without dashes. Null when the text is not a GUID.
        /// </summary>
        public static string? NormalizeGuid(string? text)
        {
            return text != null && Guid.TryParse(text.Trim(), out var guid) ? guid.ToString("D") : null;
        }

        /// <summary>True when both name the same GUID (in any form Guid.TryParse accepts) or are the same text.</summary>
        public static bool SameGuid(string? a, string? b)
        {
            if (SrmText.IsBlank(a) || SrmText.IsBlank(b))
            {
                return false;
            }

            return string.Equals(NormalizeGuid(a) ?? a.Trim(), NormalizeGuid(b) ?? b.Trim(), StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>-RemoteVcGuid: its canonical form, or a problem.</summary>
        public static string? CheckGuid(string? text, out string? canonical)
        {
            canonical = NormalizeGuid(text);
            return canonical != null
                ? null
                : $"{VcGuidLabel}: {Quote(text)} is not a GUID; give the instance UUID of the remote vCenter Server, such as 7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02.";
        }

        /// <summary>
        /// A port as given, a number or the text of a CSV cell: blank is not given (null, no problem); otherwise a
        /// whole number from 1 to 65535.
        /// </summary>
        public static string? CheckPort(string? text, out int? port)
        {
            port = null;
            if (SrmText.IsBlank(text))
            {
                return null;
            }

            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= 65535)
            {
                port = value;
                return null;
            }

            return $"{PscPortLabel}: {Quote(text)} is not a port number from 1 to 65535.";
        }

        /// <summary>A port number: a problem when it is not from 1 to 65535.</summary>
        public static string? CheckPort(int port)
        {
            return port >= 1 && port <= 65535 ? null : $"{PscPortLabel}: {port} is not a port number from 1 to 65535.";
        }

        /// <summary>
        /// A thumbprint: 40 (SHA-1) or 64 (SHA-256) hex digits, any case, with or without colons, spaces or dashes
        /// between them. Its canonical form is the colon form vSphere uses, upper case ("3B:96:2F:...").
        /// </summary>
        public static string? CheckThumbprint(string? text, string label, out string? canonical)
        {
            canonical = null;
            var digits = 0;
            foreach (var c in text ?? string.Empty)
            {
                if (c == ':' || c == ' ' || c == '-')
                {
                    continue;
                }

                if (!Uri.IsHexDigit(c))
                {
                    return $"{label}: {Quote(c.ToString())} is not a hex digit; a thumbprint is 40 (SHA-1) or 64 (SHA-256) hex digits, with or without colons between them.";
                }

                digits++;
            }

            if (text == null || (digits != 40 && digits != 64))
            {
                return $"{label}: {Quote(text)} has {digits} hex digits; a SHA-1 thumbprint has 40 and a SHA-256 thumbprint 64.";
            }

            var hex = Thumbprint.Normalize(text);
            var colon = new StringBuilder(hex.Length * 3 / 2);
            for (var i = 0; i < hex.Length; i += 2)
            {
                if (i > 0)
                {
                    colon.Append(':');
                }

                colon.Append(hex, i, 2);
            }

            canonical = colon.ToString();
            return null;
        }

        /// <summary>
        /// A server address: "host", "host:port", "[v6]:port" or "https://host[:port]", with an optional trailing
        /// "/". Refused: any other scheme, a path, a query or fragment, a user or password, control characters and
        /// whitespace. <paramref name="host"/> is the bare host (an IPv6 address in brackets); <paramref name="port"/>
        /// the port the text names, or null.
        /// </summary>
        public static string? CheckAddress(string? text, string label, out string? host, out int? port)
        {
            host = null;
            port = null;
            if (SrmText.IsBlank(text))
            {
                return $"{label} is empty.";
            }

            var shown = Redact(text);
            foreach (var c in text)
            {
                if (char.IsControl(c))
                {
                    return $"{label}: {Quote(shown)} contains a control character (U+{(int)c:X4}); give the server name only.";
                }
            }

            var rest = text.Trim();
            foreach (var c in rest)
            {
                if (char.IsWhiteSpace(c))
                {
                    return $"{label}: {Quote(shown)} contains whitespace; give the server name only.";
                }
            }

            var schemeEnd = rest.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd >= 0)
            {
                var scheme = rest.Substring(0, schemeEnd);
                if (!string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase))
                {
                    return $"{label}: {Quote(SafeScheme(scheme))}:// is not https://; give the server name, host:port or an https:// address.";
                }

                rest = rest.Substring(schemeEnd + 3);
            }

            var end = rest.IndexOfAny(new[] { '/', '?', '#' });
            var authority = end < 0 ? rest : rest.Substring(0, end);
            var tail = end < 0 ? string.Empty : rest.Substring(end);
            if (authority.IndexOf('@') >= 0)
            {
                return $"{label} names a user ('user:password@'); give the server only, and the credential with -RemoteCredential.";
            }

            if (tail.IndexOf('?') >= 0 || tail.IndexOf('#') >= 0)
            {
                return $"{label}: {Quote(shown)} has a query or fragment ('?' or '#'); give the server name only.";
            }

            if (tail.Length > 0 && tail != "/")
            {
                return $"{label}: {Quote(shown)} has the path {Quote(tail)}; give the server name only.";
            }

            if (authority.Length == 0)
            {
                return $"{label}: {Quote(shown)} names no server.";
            }

            string? portText = null;
            if (authority.StartsWith("[", StringComparison.Ordinal))
            {
                var close = authority.IndexOf(']');
                var after = close < 0 ? string.Empty : authority.Substring(close + 1);
                if (close < 0 || !IPAddress.TryParse(authority.Substring(1, close - 1), out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 ||
                    (after.Length > 0 && !after.StartsWith(":", StringComparison.Ordinal)))
                {
                    return $"{label}: {Quote(shown)} is not a server name, host:port or https:// address.";
                }

                host = authority.Substring(0, close + 1);
                portText = after.Length > 0 ? after.Substring(1) : null;
            }
            else if (authority.IndexOf(':') != authority.LastIndexOf(':'))
            {
                // Several colons and no brackets: a bare IPv6 address, which has no port.
                if (!IPAddress.TryParse(authority, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                {
                    return $"{label}: {Quote(shown)} is not a server name, host:port or https:// address.";
                }

                host = "[" + authority + "]";
            }
            else
            {
                var colon = authority.IndexOf(':');
                host = colon < 0 ? authority : authority.Substring(0, colon);
                portText = colon < 0 ? null : authority.Substring(colon + 1);
                foreach (var c in host)
                {
                    if (!char.IsLetterOrDigit(c) && c != '-' && c != '.' && c != '_')
                    {
                        return $"{label}: {Quote(c.ToString())} cannot be part of a server name (in {Quote(shown)}).";
                    }
                }

                if (host.Length == 0)
                {
                    return $"{label}: {Quote(shown)} names no server.";
                }
            }

            if (portText != null)
            {
                if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > 65535)
                {
                    return $"{label}: {Quote(shown)} names the port {Quote(portText)}, which is not a number from 1 to 65535.";
                }

                port = value;
            }

            return null;
        }

        /// <summary>The text with a user and password removed from a URL ("https://***@host"), for a target or message.</summary>
        [return: NotNullIfNotNull(nameof(text))]
        public static string? Redact(string? text)
        {
            if (text == null)
            {
                return null;
            }

            var at = text.IndexOf('@');
            if (at < 0)
            {
                return text;
            }

            var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
            var start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
            return text.Substring(0, start) + "***" + text.Substring(at);
        }

        /// <summary>A refused value as a message quotes it: in quotes, control characters escaped, at most 80 characters.</summary>
        internal static string Quote(string? text)
        {
            var value = text ?? string.Empty;
            var quoted = new StringBuilder(Math.Min(value.Length, QuoteLimit) + 8);
            quoted.Append('\'');
            for (var i = 0; i < value.Length; i++)
            {
                if (i == QuoteLimit)
                {
                    quoted.Append("...");
                    break;
                }

                var c = value[i];
                switch (c)
                {
                    case '\r': quoted.Append("\\r"); break;
                    case '\n': quoted.Append("\\n"); break;
                    case '\t': quoted.Append("\\t"); break;
                    default:
                        if (char.IsControl(c))
                        {
                            quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            quoted.Append(c);
                        }

                        break;
                }
            }

            return quoted.Append('\'').ToString();
        }

        private static string SafeScheme(string scheme) => scheme.Length > 16 ? scheme.Substring(0, 16) : scheme;
    }
}
