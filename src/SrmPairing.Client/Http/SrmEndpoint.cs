using System;

namespace Srm.Client.Http
{
    /// <summary>Where an SRM server's REST API lives: https://host:port/api/rest/srm/v2.</summary>
    public sealed class SrmEndpoint
    {
        /// <summary>The REST API's path on the server.</summary>
        public const string ApiBasePath = "/api/rest/srm/v2";
        /// <summary>The HTTPS port used when none is given.</summary>
        public const int DefaultPort = 443;

        private SrmEndpoint(string host, int port)
        {
            Host = host;
            Port = port;
            var builder = new UriBuilder(Uri.UriSchemeHttps, host, port, ApiBasePath);
            BaseUri = builder.Uri;
        }

        /// <summary>The host name or address.</summary>
        public string Host { get; }

        /// <summary>The HTTPS port.</summary>
        public int Port { get; }

        /// <summary>The REST API's base address: https://host:port/api/rest/srm/v2.</summary>
        public Uri BaseUri { get; }

        /// <summary>
        /// Parses "host", "host:port", "[v6addr]:port" or "https://host[:port][/api/rest/srm/v2]". An explicit
        /// <paramref name="port"/> is used when the text names none; when both name one they must agree.
        /// Plain http:// is refused: the API carries credentials.
        /// </summary>
        /// <exception cref="ArgumentException">The text is not a usable SRM address.</exception>
        public static SrmEndpoint Parse(string server, int? port = null)
        {
            if (string.IsNullOrWhiteSpace(server))
            {
                throw new ArgumentException("The server name is empty.", nameof(server));
            }

            if (port.HasValue && (port.Value < 1 || port.Value > 65535))
            {
                throw new ArgumentException($"The port {port.Value} is not between 1 and 65535.", nameof(port));
            }

            var text = server.Trim();
            var hasScheme = text.IndexOf("://", StringComparison.Ordinal) >= 0;
            if (hasScheme && !text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"'{server}' uses plain http://. SRM's REST API carries credentials and is served only over https://.", nameof(server));
                }

                throw new ArgumentException($"'{server}' is not an https:// address.", nameof(server));
            }

            if (!Uri.TryCreate(hasScheme ? text : "https://" + text, UriKind.Absolute, out var uri) ||
                string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) ||
                !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ArgumentException($"'{server}' is not a server name, host:port or https:// address.", nameof(server));
            }

            var path = uri.AbsolutePath.TrimEnd('/');
            if (path.Length > 0 && !string.Equals(path, ApiBasePath, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"'{server}' has the path '{uri.AbsolutePath}'; give the server only (the API path {ApiBasePath} is added for you).", nameof(server));
            }

            var explicitPortInText = HasExplicitPort(text, hasScheme);
            if (explicitPortInText && uri.Port < 1)
            {
                throw new ArgumentException($"'{server}' names port {uri.Port}, which is not between 1 and 65535.", nameof(server));
            }

            var effectivePort = explicitPortInText ? uri.Port : port ?? DefaultPort;
            if (explicitPortInText && port.HasValue && port.Value != uri.Port)
            {
                throw new ArgumentException($"'{server}' names port {uri.Port} but -Port says {port.Value}.", nameof(port));
            }

            return new SrmEndpoint(uri.Host.Trim('[', ']'), effectivePort);
        }

        private static bool HasExplicitPort(string text, bool hasScheme)
        {
            var authority = hasScheme ? text.Substring(text.IndexOf("://", StringComparison.Ordinal) + 3) : text;
            var slash = authority.IndexOf('/');
            if (slash >= 0)
            {
                authority = authority.Substring(0, slash);
            }

            var closingBracket = authority.LastIndexOf(']');
            var colon = authority.LastIndexOf(':');
            if (authority.StartsWith("[", StringComparison.Ordinal))
            {
                return colon > closingBracket;
            }

            // A bare IPv6 address without brackets has several colons and no port.
            return colon >= 0 && authority.IndexOf(':') == colon;
        }

        /// <summary>The base address.</summary>
        public override string ToString() => BaseUri.ToString();
    }
}
