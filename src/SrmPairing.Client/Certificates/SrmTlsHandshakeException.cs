using System;

namespace Srm.Client.Certificates
{
    /// <summary>A server accepted the TCP connection but no TLS handshake followed: most likely not a TLS port.</summary>
    public sealed class SrmTlsHandshakeException : Exception
    {
        /// <summary>A failed handshake with <paramref name="server"/>:<paramref name="port"/>, explained by <paramref name="message"/>.</summary>
        public SrmTlsHandshakeException(string server, int port, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Server = server;
            Port = port;
        }

        /// <summary>The host name or address the handshake was tried with.</summary>
        public string Server { get; }

        /// <summary>The port the handshake was tried on.</summary>
        public int Port { get; }
    }
}
